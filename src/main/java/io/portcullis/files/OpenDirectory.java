package io.portcullis.files;

import com.sun.jna.Native;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.AccessMode;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A directory held open with {@code O_PATH}, so that names are looked up in it by the kernel ({@code openat},
 * {@code readlinkat}) rather than by a path walked again from "/". Holding one needs no right on the
 * directory; every lookup in it is checked with the calling thread's credentials. Errors come back as the
 * usual {@link FileSystemException}s, named by the path the caller shows.
 */
final class OpenDirectory implements Closeable {

    private static final long SYS_OPENAT2 = 437; // the same on x86_64 and aarch64
    private static final long SYS_FACCESSAT2 = 439;
    private static final int AT_FDCWD = -100;
    private static final int AT_SYMLINK_NOFOLLOW = 0x100;
    private static final int AT_EACCESS = 0x200;
    private static final int O_DIRECTORY = 0200000;
    private static final int O_NOFOLLOW = 0400000;
    private static final int O_PATH = 010000000;
    private static final int O_CLOEXEC = 02000000;
    private static final long RESOLVE_NO_MAGICLINKS = 0x02;
    private static final long RESOLVE_NO_SYMLINKS = 0x04;
    private static final long RESOLVE_BENEATH = 0x08;
    private static final int ENOENT = 2;
    private static final int EACCES = 13;
    private static final int EXDEV = 18;
    private static final int ENOTDIR = 20;
    private static final int EINVAL = 22;
    private static final int ENAMETOOLONG = 36;
    private static final int ENOSYS = 38;
    private static final int ELOOP = 40;
    private static final int LINK_MAX = 4096;

    private static final byte[] DOT = Libc.path(".");

    /** What {@link #entry} found under a name. */
    enum Kind { MISSING, LINK, OTHER }

    record Entry(Kind kind, String target) {
    }

    /** Room for one link target (PATH_MAX), reused through one walk. */
    static final class LinkBuffer {
        private final byte[] bytes = new byte[LINK_MAX];
    }

    private final int fd;
    private final Path path;

    private OpenDirectory(int fd, Path path) {
        this.fd = fd;
        this.path = path;
    }

    /** {@code dir} (an absolute host path), following links, with the calling thread's rights. */
    static OpenDirectory open(Path dir) throws IOException {
        return new OpenDirectory(check(Libc.openat(AT_FDCWD, Libc.path(dir.toString()), O_PATH | O_DIRECTORY | O_CLOEXEC), dir.toString()), dir);
    }

    /** The host path this directory was opened as. */
    Path path() {
        return path;
    }

    /** The path that names this directory through its descriptor ("/." so that even lstat sees the directory). */
    Path pinned() {
        return Path.of("/proc/self/fd/" + fd + "/.");
    }

    /** A name in this directory, through its descriptor: the kernel resolves it from here. */
    Path pinned(String name) {
        return Path.of("/proc/self/fd/" + fd).resolve(name);
    }

    /** Another descriptor for this directory, to be closed on its own. */
    OpenDirectory again() throws IOException {
        return new OpenDirectory(check(Libc.openat(fd, DOT, O_PATH | O_DIRECTORY | O_CLOEXEC), path.toString()), path);
    }

    /** The directory {@code name} in this one (one name, or ".."), not following a link. */
    OpenDirectory child(String name, String shown) throws IOException {
        int child = Libc.openat(fd, Libc.path(name), O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (child < 0 && Native.getLastError() == ELOOP) {
            throw new AccessDeniedException(shown, null, "changed while in use");
        }
        return new OpenDirectory(check(child, shown), name.equals("..") ? path.getParent() == null ? path : path.getParent()
                : path.resolve(name));
    }

    /** Whether {@code name} here is missing, a symbolic link (with its target) or anything else. */
    Entry entry(String name, String shown, LinkBuffer buffer) throws IOException {
        long length = Libc.readlinkat(fd, Libc.path(name), buffer.bytes, LINK_MAX);
        if (length >= 0) {
            return new Entry(Kind.LINK, Libc.name(buffer.bytes, (int) length));
        }
        return switch (Native.getLastError()) {
            case EINVAL -> new Entry(Kind.OTHER, null);
            case ENOENT -> new Entry(Kind.MISSING, null);
            default -> throw failure(Native.getLastError(), shown);
        };
    }

    /**
     * The directory {@code relative} beneath this one, opened with {@code openat2} so that no step may be a
     * symbolic link or leave this directory ({@code RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS}).
     */
    OpenDirectory beneath(String relative, String shown) throws IOException {
        long resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS;
        long[] how = {O_PATH | O_CLOEXEC | O_DIRECTORY, 0, resolve}; // struct open_how
        long opened = Libc.syscall(SYS_OPENAT2, fd, relative.isEmpty() ? DOT : Libc.path(relative), how, 24);
        if (opened < 0) {
            int errno = Native.getLastError();
            if (errno == ELOOP || errno == EXDEV) {
                throw new AccessDeniedException(shown, null, "a directory on the path was replaced by a symbolic link while in use");
            }
            throw failure(errno, shown);
        }
        return new OpenDirectory((int) opened, relative.isEmpty() ? path : path.resolve(relative));
    }

    /** Whether this kernel has openat2 (Linux 5.6): asked by opening "/" with it. */
    static boolean beneathSupported() {
        if (!Libc.AVAILABLE) {
            return false;
        }
        try (OpenDirectory slash = open(Path.of("/"))) {
            slash.beneath("", "/").close();
            return true;
        } catch (IOException | UnsatisfiedLinkError e) {
            return false;
        }
    }

    /**
     * faccessat2(2) with AT_EACCESS: whether the calling thread's fsuid, fsgid and groups have {@code modes}
     * on {@code file} (not following a last link), where access(2), which Java uses, asks about the process's
     * real uid (root).
     *
     * @return false when the kernel has no faccessat2 (before Linux 5.8) and so could not answer
     * @throws IOException when the access is denied, or the file is missing
     */
    static boolean access(Path file, String shown, AccessMode... modes) throws IOException {
        int mode = 0;
        for (AccessMode m : modes) {
            mode |= switch (m) {
                case READ -> 4;
                case WRITE -> 2;
                case EXECUTE -> 1;
            };
        }
        if (Libc.syscall(SYS_FACCESSAT2, AT_FDCWD, Libc.path(file.toString()), mode, AT_EACCESS | AT_SYMLINK_NOFOLLOW) == 0) {
            return true;
        }
        int errno = Native.getLastError();
        if (errno == ENOSYS) {
            return false;
        }
        throw failure(errno, shown);
    }

    private static int check(int fd, String shown) throws IOException {
        if (fd < 0) {
            throw failure(Native.getLastError(), shown);
        }
        return fd;
    }

    static IOException failure(int errno, String shown) {
        return switch (errno) {
            case ENOENT -> new NoSuchFileException(shown);
            case ENOTDIR -> new FileSystemException(shown, null, "Not a directory"); // as Java says it: SFTP v3 has no code
            case EACCES -> new AccessDeniedException(shown);
            case ELOOP -> new FileSystemLoopException(shown);
            case ENAMETOOLONG -> new FileSystemException(shown, null, "File name too long");
            default -> new FileSystemException(shown, null, "errno " + errno);
        };
    }

    @Override
    public void close() {
        Libc.close(fd);
    }
}
