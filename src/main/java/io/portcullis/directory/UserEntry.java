package io.portcullis.directory;

import io.portcullis.accounts.UserKey;
import java.util.List;
import java.util.Optional;

/**
 * A user's entry as the directory gave it, decoded: text values are checked UTF-8 and what is shown of them
 * escaped, so that no attribute can forge a log line or move a terminal's cursor. {@code problems} says
 * what was left out (a key that is not one, a group that would stand for a local one), for the log.
 *
 * @param uidNumber, gidNumber as given; empty when missing or not a number (the user is then refused)
 * @param groups its directory groups, with their gids when they have one
 */
record UserEntry(String dn, String username, String fullName, Optional<Long> uidNumber, Optional<Long> gidNumber,
                 Optional<String> loginShell, List<UserKey> keys, List<DirectoryGroup> groups, List<String> problems) {

    /** A directory group: its name, and its gid when it has one (memberOf groups may have none). */
    record DirectoryGroup(String name, Optional<Long> gid) {
    }
}
