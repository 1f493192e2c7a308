package io.portcullis.files;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Turns a path as an account sees it (its home is "/") into the path on the host, following symbolic
 * links the way the kernel does and refusing any result outside the home. MINA's own rooted file
 * system only removes "..": a link made by a login shell, or one that was there before, would lead
 * straight out of the jail (the class of CVE-2023-35887).
 */
final class HomeJail {

    /** Linux's MAXSYMLINKS: more links than this in one lookup is a loop. */
    private static final int MAX_LINKS = 40;

    private final Path root;

    /** {@code home} must exist; its real path (symbolic links resolved) becomes the jail's root. */
    HomeJail(Path home) throws IOException {
        this.root = home.toRealPath();
    }

    Path root() {
        return root;
    }

    /**
     * The host path of {@code names} (the components of a normalised path below the jail's "/").
     * With {@code followLast} a symbolic link in the last component is followed too, as open(2) and
     * stat(2) do; without it the link itself is meant, as lstat(2), unlink(2) and rename(2) do.
     *
     * @throws AccessDeniedException when the path, after following links, lies outside the home
     */
    Path resolve(List<String> names, boolean followLast) throws IOException {
        Deque<String> pending = new ArrayDeque<>(names);
        Path current = root;
        int links = 0;
        while (!pending.isEmpty()) {
            String name = pending.pollFirst();
            if (name.isEmpty() || name.equals(".")) {
                continue;
            }
            if (name.equals("..")) {
                current = current.getParent() == null ? current : current.getParent();
                continue;
            }
            Path next = current.resolve(name);
            boolean last = pending.isEmpty();
            if ((followLast || !last) && Files.isSymbolicLink(next)) {
                if (++links > MAX_LINKS) {
                    throw new FileSystemLoopException(shown(names));
                }
                Path target = Files.readSymbolicLink(next);
                if (target.isAbsolute()) {
                    current = target.getRoot();
                }
                for (int i = target.getNameCount() - 1; i >= 0; i--) {
                    pending.addFirst(target.getName(i).toString());
                }
                continue;
            }
            current = next;
        }
        if (!current.startsWith(root)) {
            throw new AccessDeniedException(shown(names), null, "leads outside the home directory");
        }
        return current;
    }

    /** Where a host path inside the jail appears to the account, or empty if it is outside. */
    java.util.Optional<String> shownPath(Path host) {
        Path absolute = host.toAbsolutePath().normalize();
        if (!absolute.startsWith(root)) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of("/" + root.relativize(absolute).toString());
    }

    private static String shown(List<String> names) {
        return "/" + String.join("/", names);
    }
}
