package io.portcullis.files;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * Turns a path as an account sees it (its home is "/") into the path on the host, following symbolic
 * links the way the kernel does and refusing any result outside the home. MINA's own rooted file
 * system only removes "..": a link made by a login shell, or one that was there before, would lead
 * straight out of the jail (the class of CVE-2023-35887).
 *
 * <p>The walk looks each name up in the directory reached so far, held open ({@link OpenDirectory}), so
 * its cost grows with the depth, not with its square; and it runs with the calling thread's rights, so
 * a directory the account may not search stops it as it would stop the account. Only the root is
 * opened by path, by the caller ({@link #openRoot}), with the appliance's rights: the directories above
 * a home need not be searchable by the account.
 */
final class HomeJail {

    /** Linux's MAXSYMLINKS: more links than this in one lookup is a loop. */
    private static final int MAX_LINKS = 40;
    /** Linux's PATH_MAX, with its terminating NUL: no system call takes a longer path. */
    static final int PATH_MAX = 4096;

    private static final String OUTSIDE = "leads outside the home directory";

    private final Path root;
    private final List<String> rootNames;
    /** Path components handed to the kernel by the walks of this jail: what keeps the walk linear is counted here. */
    private final LongAdder componentsLookedUp = new LongAdder();

    /** {@code home} must exist; its real path (symbolic links resolved) becomes the jail's root. */
    HomeJail(Path home) throws IOException {
        this.root = home.toRealPath();
        this.rootNames = names(root);
    }

    Path root() {
        return root;
    }

    /** The jail's root, opened with the calling thread's rights (the appliance's, before it acts as the account). */
    OpenDirectory openRoot() throws IOException {
        return OpenDirectory.open(root);
    }

    long componentsLookedUp() {
        return componentsLookedUp.sum();
    }

    /** {@link #resolve(OpenDirectory, List, boolean)} from a root this call opens. */
    Path resolve(List<String> names, boolean followLast) throws IOException {
        try (OpenDirectory opened = openRoot()) {
            return resolve(opened, names, followLast);
        }
    }

    /**
     * The host path of {@code names} (the components of a normalised path below the jail's "/").
     * With {@code followLast} a symbolic link in the last component is followed too, as open(2) and
     * stat(2) do; without it the link itself is meant, as lstat(2), unlink(2) and rename(2) do.
     *
     * @param rootDir the jail's root as {@link #openRoot} opened it
     * @throws AccessDeniedException when the path, after following links, lies outside the home
     */
    Path resolve(OpenDirectory rootDir, List<String> names, boolean followLast) throws IOException {
        String shown = shown(names);
        if (shown.getBytes(StandardCharsets.UTF_8).length >= PATH_MAX) {
            throw new FileSystemException(shown.substring(0, 64) + "...", null,
                    "File name too long: a path may have at most " + (PATH_MAX - 1) + " bytes");
        }
        return new Walk(rootDir, shown).run(names, followLast);
    }

    /**
     * Refuses a symbolic link at {@code link} (a host path inside the jail) whose {@code target} would lead
     * outside the home from there: climbing above the home with "..", or, following the links on its way as
     * they are now, ending outside. Checked where a link is made, moved or linked again.
     */
    void checkLink(OpenDirectory rootDir, Path link, Path target, String shownLink) throws IOException {
        List<String> at = names(link.getParent());
        if (!startsWith(at, rootNames)) {
            throw outside(shownLink, target);
        }
        List<String> names;
        if (target.isAbsolute()) {
            names = names(target.normalize());
            if (!startsWith(names, rootNames)) {
                throw outside(shownLink, target);
            }
            names = names.subList(rootNames.size(), names.size());
        } else {
            names = new ArrayList<>(at.subList(rootNames.size(), at.size()));
            int depth = names.size();
            for (int i = 0; i < target.getNameCount(); i++) {
                String name = target.getName(i).toString();
                depth += name.equals("..") ? -1 : name.equals(".") ? 0 : 1;
                if (depth < 0) {
                    throw outside(shownLink, target);
                }
                names.add(name);
            }
        }
        try {
            resolve(rootDir, names, true);
        } catch (AccessDeniedException e) {
            if (OUTSIDE.equals(e.getReason())) {
                throw outside(shownLink, target);
            }
            throw cannotCheck(shownLink, target);
        } catch (NoSuchFileException | FileSystemLoopException e) {
            throw cannotCheck(shownLink, target);
        }
    }

    private static AccessDeniedException cannotCheck(String shownLink, Path target) {
        return new AccessDeniedException(shownLink, target.toString(), "where the link leads cannot be checked");
    }

    private static AccessDeniedException outside(String shownLink, Path target) {
        return new AccessDeniedException(shownLink, target.toString(), "the link would lead outside the home directory");
    }

    /** Where a host path inside the jail appears to the account, or empty if it is outside. */
    Optional<String> shownPath(Path host) {
        Path absolute = host.toAbsolutePath().normalize();
        if (!absolute.startsWith(root)) {
            return Optional.empty();
        }
        return Optional.of("/" + root.relativize(absolute).toString());
    }

    /** One lookup: the directory reached so far held open, the names still to walk, the host path so far. */
    private final class Walk {
        private final OpenDirectory rootDir;
        private final String shown;
        private final OpenDirectory.LinkBuffer buffer = new OpenDirectory.LinkBuffer();
        private final Deque<String> pending = new ArrayDeque<>();
        private List<String> host = new ArrayList<>(rootNames);
        private OpenDirectory dir;
        /** A name was not there: the rest is named, not looked up (it cannot be a link). */
        private boolean missing;

        Walk(OpenDirectory rootDir, String shown) {
            this.rootDir = rootDir;
            this.shown = shown;
        }

        Path run(List<String> names, boolean followLast) throws IOException {
            pending.addAll(names);
            try {
                dir = rootDir.again();
                skipPlainDirectories(names);
                walk(followLast);
            } finally {
                if (dir != null) {
                    dir.close();
                }
            }
            if (!startsWith(host, rootNames)) {
                throw new AccessDeniedException(shown, null, OUTSIDE);
            }
            return Path.of("/" + String.join("/", host));
        }

        /**
         * Most paths hold no link before their last name: one openat2 that refuses links and leaving the
         * root opens their directory at once. Anything else (a link, a missing name) walks name by name.
         */
        private void skipPlainDirectories(List<String> names) {
            if (names.size() < 2 || !PinnedPath.available()) {
                return;
            }
            List<String> parent = names.subList(0, names.size() - 1);
            if (parent.stream().anyMatch(name -> name.isEmpty() || name.equals(".") || name.equals(".."))) {
                return; // the host path is built from the names: only plain ones are taken at once
            }
            try {
                componentsLookedUp.add(parent.size());
                OpenDirectory opened = rootDir.beneath(String.join("/", parent), shown);
                dir.close();
                dir = opened;
                host.addAll(parent);
                pending.clear();
                pending.add(names.get(names.size() - 1));
            } catch (IOException e) {
                // walked name by name below, which says what is wrong
            }
        }

        private void walk(boolean followLast) throws IOException {
            int links = 0;
            while (!pending.isEmpty()) {
                String name = pending.pollFirst();
                if (name.isEmpty() || name.equals(".")) {
                    continue;
                }
                boolean last = pending.isEmpty();
                if (name.equals("..")) {
                    if (missing) {
                        throw new NoSuchFileException(shown);
                    }
                    if (!host.isEmpty()) {
                        host.remove(host.size() - 1);
                    }
                    enter("..");
                    continue;
                }
                if (missing || (last && !followLast)) {
                    host.add(name);
                    continue;
                }
                componentsLookedUp.increment();
                OpenDirectory.Entry entry = dir.entry(name, shown, buffer);
                switch (entry.kind()) {
                    case MISSING -> {
                        missing = true;
                        host.add(name);
                    }
                    case LINK -> {
                        if (++links > MAX_LINKS) {
                            throw new FileSystemLoopException(shown);
                        }
                        follow(entry.target());
                    }
                    case OTHER -> {
                        host.add(name);
                        if (!last) {
                            enter(name);
                        }
                    }
                }
            }
        }

        private void enter(String name) throws IOException {
            componentsLookedUp.increment();
            OpenDirectory next = dir.child(name, shown);
            dir.close();
            dir = next;
        }

        /** Continues with the link's target: from "/" when absolute (at once from the root when it is beneath it). */
        private void follow(String target) throws IOException {
            Path path = Path.of(target);
            List<String> names = new ArrayList<>();
            path.forEach(name -> names.add(name.toString()));
            if (path.isAbsolute()) {
                OpenDirectory from;
                if (startsWith(names, rootNames)) {
                    from = rootDir.again();
                    host = new ArrayList<>(rootNames);
                    names.subList(0, rootNames.size()).clear();
                } else {
                    componentsLookedUp.increment();
                    from = OpenDirectory.open(Path.of("/"));
                    host = new ArrayList<>();
                }
                dir.close();
                dir = from;
            }
            for (int i = names.size() - 1; i >= 0; i--) {
                pending.addFirst(names.get(i));
            }
        }
    }

    private static List<String> names(Path path) {
        List<String> names = new ArrayList<>(path.getNameCount());
        path.forEach(name -> names.add(name.toString()));
        return names;
    }

    private static boolean startsWith(List<String> names, List<String> prefix) {
        return names.size() >= prefix.size() && names.subList(0, prefix.size()).equals(prefix);
    }

    private static String shown(List<String> names) {
        return "/" + String.join("/", names);
    }
}
