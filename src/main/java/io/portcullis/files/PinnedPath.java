package io.portcullis.files;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A host path inside a jail, made safe from a swap between the jail's check and the operation: the
 * directory holding it is opened beneath the jail's root with Linux's {@code openat2}
 * ({@code RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS}), and the operation names the file through
 * {@code /proc/self/fd/N/name}, which the kernel resolves from that open directory, not from the path
 * again. A directory replaced by a symbolic link after {@link HomeJail} checked the path makes the
 * open fail instead of leading outside the home. Operations must not follow a link in the last
 * component ({@code NOFOLLOW_LINKS}): HomeJail has already resolved it.
 *
 * <p>Without {@code openat2} (Linux before 5.6) the host path is used as it is, with a warning at the
 * first use: the jail's checks still hold, but not against a well-timed swap.
 */
final class PinnedPath implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(PinnedPath.class);

    private static final long SYS_OPENAT2 = 437; // the same on x86_64 and aarch64
    private static final long AT_FDCWD = -100;
    private static final long O_PATH = 010000000;
    private static final long O_CLOEXEC = 02000000;
    private static final long RESOLVE_NO_MAGICLINKS = 0x02;
    private static final long RESOLVE_NO_SYMLINKS = 0x04;
    private static final long RESOLVE_BENEATH = 0x08;
    private static final int ENOENT = 2;
    private static final int EACCES = 13;
    private static final int EXDEV = 18;
    private static final int ENOTDIR = 20;
    private static final int ELOOP = 40;
    private static final int ENOSYS = 38;

    interface LibC extends Library {
        long syscall(long number, long dirfd, String path, Memory how, long size) throws LastErrorException;

        int close(int fd) throws LastErrorException;
    }

    private static final LibC LIBC = Platform.isLinux() ? Native.load("c", LibC.class) : null;
    private static volatile Boolean supported;

    private final int fd;
    private final Path path;

    private PinnedPath(int fd, Path path) {
        this.fd = fd;
        this.path = path;
    }

    /** The path to operate on: through the pinned directory, or the host path itself when unsupported. */
    Path path() {
        return path;
    }

    /** {@code host} (inside {@code root}), its containing directory pinned. */
    static PinnedPath file(Path root, Path host) throws IOException {
        if (host.equals(root) || !available()) {
            return directory(root, host);
        }
        Path parent = host.getParent();
        PinnedPath dir = directory(root, parent);
        if (dir.fd < 0) {
            return new PinnedPath(-1, host);
        }
        return new PinnedPath(dir.fd, Path.of("/proc/self/fd/" + dir.fd).resolve(host.getFileName().toString()));
    }

    /** The directory {@code host} (inside {@code root}) itself pinned, e.g. to list it. */
    static PinnedPath directory(Path root, Path host) throws IOException {
        if (!available()) {
            return new PinnedPath(-1, host);
        }
        int rootFd = open(AT_FDCWD, root.toString(), 0, root);
        try {
            String relative = root.relativize(host).toString();
            int fd = relative.isEmpty() ? open(rootFd, ".", RESOLVE_BENEATH, host)
                    : open(rootFd, relative, RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS, host);
            // "/." so that even lstat(2) and NOFOLLOW_LINKS see the directory, not the fd's magic link
            return new PinnedPath(fd, Path.of("/proc/self/fd/" + fd + "/."));
        } finally {
            LIBC.close(rootFd);
        }
    }

    private static int open(long dirfd, String path, long resolve, Path shown) throws IOException {
        Memory how = new Memory(24);
        how.setLong(0, O_PATH | O_CLOEXEC);
        how.setLong(8, 0);
        how.setLong(16, resolve);
        try {
            return (int) LIBC.syscall(SYS_OPENAT2, dirfd, path, how, 24);
        } catch (LastErrorException e) {
            throw switch (e.getErrorCode()) {
                case ENOENT -> new NoSuchFileException(shown.toString());
                case ENOTDIR -> new NotDirectoryException(shown.toString());
                case EACCES -> new AccessDeniedException(shown.toString());
                case ELOOP, EXDEV -> new AccessDeniedException(shown.toString(), null,
                        "a directory on the path was replaced by a symbolic link while in use");
                default -> new FileSystemException(shown.toString(), null, "openat2: errno " + e.getErrorCode());
            };
        }
    }

    /** Whether this kernel has openat2; asked once, by opening "/" with it. */
    static boolean available() {
        Boolean known = supported;
        if (known != null) {
            return known;
        }
        boolean works = false;
        if (LIBC != null) {
            try {
                LIBC.close(open(AT_FDCWD, "/", 0, Path.of("/")));
                works = true;
            } catch (IOException | LastErrorException | UnsatisfiedLinkError e) {
                works = false;
            }
        }
        if (!works) {
            log.warn("this kernel has no openat2 (Linux 5.6+): SFTP and SCP jails check paths but cannot pin them"
                    + " against a directory swapped for a symbolic link while in use");
        }
        supported = works;
        return works;
    }

    /** Turns the pinned name in an exception back into the host path, so the jail can show it. */
    IOException explain(IOException e, Path host) {
        if (fd < 0 || !(e instanceof FileSystemException fse)) {
            return e;
        }
        String file = fse.getFile() == null ? null : fse.getFile().replace(path.toString(), host.toString());
        String other = fse.getOtherFile();
        FileSystemException copy = e instanceof NoSuchFileException ? new NoSuchFileException(file, other, fse.getReason())
                : e instanceof AccessDeniedException ? new AccessDeniedException(file, other, fse.getReason())
                : e instanceof java.nio.file.FileAlreadyExistsException ? new java.nio.file.FileAlreadyExistsException(file, other, fse.getReason())
                : e instanceof java.nio.file.DirectoryNotEmptyException ? new java.nio.file.DirectoryNotEmptyException(file)
                : e instanceof NotDirectoryException ? new NotDirectoryException(file)
                : new FileSystemException(file, other, fse.getReason());
        copy.initCause(e);
        return copy;
    }

    @Override
    public void close() {
        if (fd >= 0) {
            try {
                LIBC.close(fd);
            } catch (LastErrorException e) {
                // already closed: nothing to release
            }
        }
    }
}
