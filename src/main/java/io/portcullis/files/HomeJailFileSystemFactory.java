package io.portcullis.files;

import io.portcullis.accounts.Accounts;
import io.portcullis.accounts.User;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Path;
import org.apache.sshd.common.file.FileSystemFactory;
import org.apache.sshd.common.session.SessionContext;
import org.springframework.stereotype.Component;

/**
 * The file system MINA's SFTP and SCP see for a session: the account's home as "/" (root's home is the
 * homes root, so its SFTP sees every home), looked up when the transfer starts.
 */
@Component
public class HomeJailFileSystemFactory implements FileSystemFactory {

    private final Accounts accounts;

    public HomeJailFileSystemFactory(Accounts accounts) {
        this.accounts = accounts;
    }

    @Override
    public Path getUserHomeDir(SessionContext session) {
        return accounts.homeOf(accounts.require(session.getUsername()));
    }

    @Override
    public FileSystem createFileSystem(SessionContext session) throws IOException {
        User user = accounts.require(session.getUsername());
        Path home = accounts.homeOf(user);
        if (!java.nio.file.Files.isDirectory(home)) {
            throw new IOException("the home directory of '" + user.username() + "' is missing; an administrator can"
                    + " recreate it by saving the account again ('accounts users edit " + user.username() + "')");
        }
        return HomeJailFileSystemProvider.open(home, ThreadCredentials.of(user));
    }

    /**
     * The account's files jailed in {@code root} instead of its home (a Match block's ChrootDirectory):
     * the same jail, with the same rights, rooted elsewhere.
     */
    public FileSystem createFileSystem(User user, Path root) throws IOException {
        if (!java.nio.file.Files.isDirectory(root)) {
            throw new IOException("the ChrootDirectory " + root + " of '" + user.username() + "' is not a directory;"
                    + " an administrator must create it or change the Match block in the auxiliary parameters");
        }
        return HomeJailFileSystemProvider.open(root, ThreadCredentials.of(user));
    }
}
