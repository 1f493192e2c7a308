package io.portcullis.accounts;

import java.util.List;
import java.util.Optional;

/**
 * Accounts that live in a directory rather than in the database (issue 18), found by {@link Accounts}
 * after the local ones, so that a local account of the same name wins. Only what was looked up before is
 * answered here, without waiting for the directory: these are asked on SSH I/O threads. Looking users up
 * is the directory package's, done off those threads before a login is decided.
 */
public interface DirectorySource {

    /** The directory user as last looked up, or empty when the directory has not given one by that name. */
    Optional<User> cached(String username);

    /** Its keys from the directory ({@code sshPublicKey}), as last looked up. */
    List<UserKey> keys(String username);

    /** Lines for {@code services list}: where the directory is and whether it answers. */
    List<String> notes();
}
