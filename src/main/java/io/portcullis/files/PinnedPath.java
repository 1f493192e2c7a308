package io.portcullis.files;

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
 * directory holding it is opened beneath the jail's open root with Linux's {@code openat2}
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
    private static volatile Boolean supported;

    private final OpenDirectory dir;
    private final Path path;

    private PinnedPath(OpenDirectory dir, Path path) {
        this.dir = dir;
        this.path = path;
    }

    /** The path to operate on: through the pinned directory, or the host path itself when unsupported. */
    Path path() {
        return path;
    }

    /** {@code host} (inside {@code root}), its containing directory pinned. */
    static PinnedPath file(OpenDirectory root, Path host) throws IOException {
        if (host.equals(root.path()) || !available()) {
            return directory(root, host);
        }
        OpenDirectory parent = open(root, host.getParent());
        return new PinnedPath(parent, parent.pinned(host.getFileName().toString()));
    }

    /** The directory {@code host} (inside {@code root}) itself pinned, e.g. to list it. */
    static PinnedPath directory(OpenDirectory root, Path host) throws IOException {
        if (!available()) {
            return new PinnedPath(null, host);
        }
        OpenDirectory dir = open(root, host);
        return new PinnedPath(dir, dir.pinned());
    }

    private static OpenDirectory open(OpenDirectory root, Path host) throws IOException {
        return root.beneath(root.path().relativize(host).toString(), host.toString());
    }

    /** Whether this kernel has openat2; asked once. */
    static boolean available() {
        Boolean known = supported;
        if (known != null) {
            return known;
        }
        boolean works = OpenDirectory.beneathSupported();
        if (!works) {
            log.warn("this kernel has no openat2 (Linux 5.6+): SFTP and SCP jails check paths but cannot pin them"
                    + " against a directory swapped for a symbolic link while in use");
        }
        supported = works;
        return works;
    }

    /** Turns the pinned name in an exception back into the host path, so the jail can show it. */
    IOException explain(IOException e, Path host) {
        if (dir == null || !(e instanceof FileSystemException fse)) {
            return e;
        }
        String file = fse.getFile() == null ? null : fse.getFile().replace(path.toString(), host.toString());
        if (java.util.Objects.equals(file, fse.getFile())) {
            return e;
        }
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
        if (dir != null) {
            dir.close();
        }
    }
}
