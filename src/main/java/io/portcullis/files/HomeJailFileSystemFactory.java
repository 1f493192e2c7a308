package io.portcullis.files;

import io.portcullis.accounts.Accounts;
import io.portcullis.accounts.User;
import io.portcullis.files.HomeJailFileSystemProvider.View;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.stereotype.Component;

/**
 * The file system MINA's SFTP and SCP see for a session: the account's home (root's home is the homes
 * root, so its SFTP sees every home), jailed, as "/" or at its real path (see {@link View}), or a Match
 * block's ChrootDirectory as "/"; looked up when the transfer starts.
 */
@Component
public class HomeJailFileSystemFactory {

    private final Accounts accounts;

    public HomeJailFileSystemFactory(Accounts accounts) {
        this.accounts = accounts;
    }

    /**
     * The account's home, jailed; with {@code atRealPath} shown at its real absolute path (where a login
     * shell's {@code pwd} puts it, and where SFTP and scp start), else as "/".
     */
    public FileSystem home(User user, boolean atRealPath) throws IOException {
        Path home = accounts.homeOf(user);
        if (!Files.isDirectory(home)) {
            throw new IOException("the home directory of '" + user.username() + "' is missing; an administrator can"
                    + " recreate it by saving the account again ('accounts users edit " + user.username() + "')");
        }
        return HomeJailFileSystemProvider.open(home, ThreadCredentials.of(user),
                atRealPath ? View.REAL_PATH : View.HOME_AS_ROOT);
    }

    /**
     * The account's files jailed in {@code root} instead of its home (a Match block's ChrootDirectory):
     * the same jail, with the same rights, rooted elsewhere, and shown as "/" as a chroot is.
     */
    public FileSystem chroot(User user, Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new IOException("the ChrootDirectory " + root + " of '" + user.username() + "' is not a directory;"
                    + " an administrator must create it or change the Match block in the auxiliary parameters");
        }
        return HomeJailFileSystemProvider.open(root, ThreadCredentials.of(user));
    }
}
