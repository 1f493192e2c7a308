package io.portcullis.accounts;

import io.portcullis.host.DataDirectory;
import io.portcullis.host.ProcessIdentity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import org.springframework.stereotype.Component;

/** Creates, re-modes and deletes home directories; owned by the account when the appliance is root. */
@Component
public class HomeDirectories {

    private final DataDirectory dataDirectory;

    public HomeDirectories(DataDirectory dataDirectory) {
        this.dataDirectory = dataDirectory;
    }

    public Path pathOf(User user) {
        return user.username().equals(Accounts.ROOT) ? dataDirectory.homesRoot() : dataDirectory.resolve(user.home());
    }

    public void createRoot() {
        try {
            Files.createDirectories(dataDirectory.homesRoot());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the homes root " + dataDirectory.homesRoot(), e);
        }
    }

    /** Creates the home if missing, then applies its mode and (as root) owner. */
    public void create(User user) {
        Path home = pathOf(user);
        try {
            if (Files.isSymbolicLink(home)) {
                throw new AccountException("home " + home + " is a symbolic link; a home must be a real directory");
            }
            Files.createDirectories(home);
            Files.setPosixFilePermissions(home, PosixFilePermissions.fromString(rwx(user.homeMode())));
            if (ProcessIdentity.isRoot()) {
                Files.setAttribute(home, "unix:uid", user.uid(), LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(home, "unix:gid", user.primaryGroup().gid(), LinkOption.NOFOLLOW_LINKS);
            }
        } catch (IOException e) {
            throw new AccountException("cannot create home directory " + home + ": " + e.getMessage()
                    + "; check that the data directory is writable");
        }
    }

    /** Deletes the home tree without following symbolic links out of it. Never the homes root. */
    public void delete(User user) {
        Path home = pathOf(user);
        if (home.equals(dataDirectory.homesRoot()) || !Files.isDirectory(home, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.walkFileTree(home, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new AccountException("cannot delete home directory " + home + ": " + e.getMessage());
        }
    }

    /**
     * After a uid or gid change, as usermod does: what in the home belonged to the old uid (or gid) gets
     * the new one. Symbolic links are changed themselves, never followed.
     */
    public void reown(User user, int fromUid, int toUid, int fromGid, int toGid) {
        Path home = pathOf(user);
        if (!ProcessIdentity.isRoot() || home.equals(dataDirectory.homesRoot())
                || !Files.isDirectory(home, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.walkFileTree(home, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    change(dir);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    change(file);
                    return FileVisitResult.CONTINUE;
                }

                private void change(Path path) throws IOException {
                    if (fromUid != toUid && (Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS) == fromUid) {
                        Files.setAttribute(path, "unix:uid", toUid, LinkOption.NOFOLLOW_LINKS);
                    }
                    if (fromGid != toGid && (Integer) Files.getAttribute(path, "unix:gid", LinkOption.NOFOLLOW_LINKS) == fromGid) {
                        Files.setAttribute(path, "unix:gid", toGid, LinkOption.NOFOLLOW_LINKS);
                    }
                }
            });
        } catch (IOException e) {
            throw new AccountException("the ids changed, but not every file in " + home + " could follow ("
                    + e.getMessage() + "); give them to the account with chown -R");
        }
    }

    static String rwx(String octal) {
        StringBuilder s = new StringBuilder();
        for (char c : octal.toCharArray()) {
            int d = c - '0';
            s.append((d & 4) != 0 ? 'r' : '-').append((d & 2) != 0 ? 'w' : '-').append((d & 1) != 0 ? 'x' : '-');
        }
        return s.toString();
    }
}
