package io.portcullis.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AccessMode;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import org.apache.sshd.common.file.root.RootedFileSystem;
import org.apache.sshd.common.file.root.RootedFileSystemProvider;
import org.apache.sshd.common.file.root.RootedPath;

/**
 * One account's home as a file system for MINA's SFTP and SCP. MINA's {@link RootedFileSystem} gives the
 * path algebra ("/" is the home, ".." stops there); every operation here then goes through
 * {@link HomeJail}, which follows symbolic links like the kernel and refuses what leads outside, and
 * through {@link AccountFileRights}, which hands new files to the account and limits ownership and
 * mode changes. One instance per session: nothing is shared between accounts.
 */
final class HomeJailFileSystemProvider extends RootedFileSystemProvider {

    private final HomeJail jail;
    private final AccountFileRights rights;
    /** Nothing in service; a test's way to swap a directory exactly between the check and the use. */
    private final Runnable betweenCheckAndUse;

    private HomeJailFileSystemProvider(HomeJail jail, AccountFileRights rights, Runnable betweenCheckAndUse) {
        this.jail = jail;
        this.rights = rights;
        this.betweenCheckAndUse = betweenCheckAndUse;
    }

    /** A file system whose "/" is {@code home}. */
    static FileSystem open(Path home, AccountFileRights rights) throws IOException {
        return open(home, rights, () -> { });
    }

    static FileSystem open(Path home, AccountFileRights rights, Runnable betweenCheckAndUse) throws IOException {
        HomeJail jail = new HomeJail(home);
        return new HomeJailFileSystemProvider(jail, rights, betweenCheckAndUse).newFileSystem(jail.root(), Map.of());
    }

    // ---- path resolution ----------------------------------------------------------------------

    private static List<String> names(Path path) {
        RootedPath rooted = (RootedPath) path.toAbsolutePath().normalize();
        List<String> names = new ArrayList<>(rooted.getNameCount());
        for (int i = 0; i < rooted.getNameCount(); i++) {
            names.add(rooted.getName(i).toString());
        }
        return names;
    }

    private static String shown(Path path) {
        return path.toAbsolutePath().normalize().toString();
    }

    /** For operations that follow a symbolic link in the last component (open, stat, opendir). */
    private Path follow(Path path) throws IOException {
        return jail.resolve(names(path), true);
    }

    /** For operations on a link itself (lstat, unlink, rename, readlink, mkdir). */
    private Path noFollow(Path path) throws IOException {
        return jail.resolve(names(path), false);
    }

    private Path resolve(Path path, LinkOption... options) throws IOException {
        return Arrays.asList(options).contains(LinkOption.NOFOLLOW_LINKS) ? noFollow(path) : follow(path);
    }

    private Path resolve(Path path, Set<? extends OpenOption> options) throws IOException {
        return options.contains(LinkOption.NOFOLLOW_LINKS) ? noFollow(path) : follow(path);
    }

    /** Anything MINA resolves through the base class is held to the same jail. */
    @Override
    protected Path resolveLocalPath(RootedPath path) {
        try {
            return follow(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Host paths in error messages would tell the client where homes live: show jail paths instead. */
    private IOException hide(IOException e) {
        if (!(e instanceof FileSystemException fse)) {
            return e;
        }
        String file = fse.getFile() == null ? null : jail.shownPath(Path.of(fse.getFile())).orElse(fse.getFile());
        String other = fse.getOtherFile() == null ? null
                : jail.shownPath(Path.of(fse.getOtherFile())).orElse(fse.getOtherFile());
        IOException copy;
        try {
            copy = e.getClass().getConstructor(String.class, String.class, String.class)
                    .newInstance(file, other, fse.getReason());
        } catch (ReflectiveOperationException noThreeArguments) {
            try {
                copy = e.getClass().getConstructor(String.class).newInstance(file);
            } catch (ReflectiveOperationException notTheUsualShape) {
                copy = new FileSystemException(file, other, fse.getReason());
            }
        }
        copy.initCause(e);
        return copy;
    }

    // ---- pinning: the checked path is the path operated on ------------------------------------

    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

    private interface HostOp<T> {
        T apply(Path pinned) throws IOException;
    }

    private interface TwoHostOp<T> {
        T apply(Path first, Path second) throws IOException;
    }

    /**
     * Runs {@code op} on a host path HomeJail has checked, through its pinned directory (see
     * {@link PinnedPath}); the op must not follow a link in the last component.
     */
    private <T> T pinned(Path host, HostOp<T> op) throws IOException {
        betweenCheckAndUse.run();
        try (PinnedPath pin = PinnedPath.file(jail.root(), host)) {
            try {
                return op.apply(pin.path());
            } catch (IOException e) {
                throw pin.explain(e, host);
            }
        }
    }

    private <T> T pinned(Path first, Path second, TwoHostOp<T> op) throws IOException {
        betweenCheckAndUse.run();
        try (PinnedPath a = PinnedPath.file(jail.root(), first); PinnedPath b = PinnedPath.file(jail.root(), second)) {
            try {
                return op.apply(a.path(), b.path());
            } catch (IOException e) {
                throw b.explain(a.explain(e, first), second);
            }
        }
    }

    private static Set<OpenOption> noFollowing(Set<? extends OpenOption> options) {
        Set<OpenOption> set = new java.util.HashSet<>(options);
        set.add(LinkOption.NOFOLLOW_LINKS);
        return set;
    }

    private static CopyOption[] noFollowing(CopyOption... options) {
        Set<CopyOption> set = new java.util.LinkedHashSet<>(Arrays.asList(options));
        set.add(LinkOption.NOFOLLOW_LINKS);
        return set.toArray(CopyOption[]::new);
    }

    // ---- creating and opening files -----------------------------------------------------------

    private static boolean mayCreate(Set<? extends OpenOption> options) {
        return options.contains(StandardOpenOption.CREATE) || options.contains(StandardOpenOption.CREATE_NEW);
    }

    /**
     * Opens through {@code opener} with the given options plus NOFOLLOW_LINKS, pinned; a file that did
     * not exist before is handed to the account.
     */
    private <T extends java.io.Closeable> T open(Path path, Set<? extends OpenOption> options, Opener<T> opener)
            throws IOException {
        try {
            Set<OpenOption> pinnedOptions = noFollowing(options);
            return pinned(resolve(path, options), local -> {
                boolean existed = Files.exists(local, LinkOption.NOFOLLOW_LINKS);
                T opened = opener.open(local, pinnedOptions);
                if (mayCreate(options) && !existed) {
                    try {
                        rights.adopt(local);
                    } catch (IOException e) {
                        opened.close();
                        throw e;
                    }
                }
                return opened;
            });
        } catch (IOException e) {
            throw hide(e);
        }
    }

    private interface Opener<T> {
        T open(Path local, Set<OpenOption> options) throws IOException;
    }

    private static Set<OpenOption> optionSet(OpenOption... options) {
        Set<OpenOption> set = new java.util.HashSet<>(Arrays.asList(options));
        if (set.isEmpty()) {
            set.addAll(List.of(StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE));
        }
        return set;
    }

    @Override
    public InputStream newInputStream(Path path, OpenOption... options) throws IOException {
        return open(path, Set.of(options), (local, o) -> Files.newInputStream(local, o.toArray(OpenOption[]::new)));
    }

    @Override
    public OutputStream newOutputStream(Path path, OpenOption... options) throws IOException {
        return open(path, optionSet(options), (local, o) -> Files.newOutputStream(local, o.toArray(OpenOption[]::new)));
    }

    @Override
    public FileChannel newFileChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
            throws IOException {
        return open(path, options, (local, o) -> FileChannel.open(local, o, attrs));
    }

    @Override
    public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
            throws IOException {
        return open(path, options, (local, o) -> Files.newByteChannel(local, o, attrs));
    }

    @Override
    public AsynchronousFileChannel newAsynchronousFileChannel(Path path, Set<? extends OpenOption> options,
            ExecutorService executor, FileAttribute<?>... attrs) throws IOException {
        return open(path, options, (local, o) -> AsynchronousFileChannel.open(local, o, executor, attrs));
    }

    /** Plain (not "secure") streams only: a SecureDirectoryStream opens files relative to itself, past the jail. */
    @Override
    public DirectoryStream<Path> newDirectoryStream(Path dir, DirectoryStream.Filter<? super Path> filter)
            throws IOException {
        try {
            Path host = follow(dir);
            betweenCheckAndUse.run();
            DirectoryStream<Path> listing;
            try (PinnedPath pin = PinnedPath.directory(jail.root(), host)) {
                try {
                    listing = Files.newDirectoryStream(pin.path());
                } catch (IOException e) {
                    throw pin.explain(e, host);
                }
            }
            return new JailedDirectoryStream(dir, listing, filter);
        } catch (IOException e) {
            throw hide(e);
        }
    }

    @Override
    public void createDirectory(Path dir, FileAttribute<?>... attrs) throws IOException {
        try {
            pinned(noFollow(dir), local -> {
                Files.createDirectory(local, attrs);
                rights.adopt(local);
                return null;
            });
        } catch (IOException e) {
            throw hide(e);
        }
    }

    /**
     * An absolute target means a path in the home (as the account sees it) and is stored as the host
     * path; a relative one is kept as written but may not climb above the home from where the link is.
     */
    @Override
    public void createSymbolicLink(Path link, Path target, FileAttribute<?>... attrs) throws IOException {
        try {
            Path local = noFollow(link);
            Path stored;
            if (target.isAbsolute()) {
                stored = jail.root().resolve(String.join("/", names(link.getFileSystem().getPath(target.toString()))));
            } else {
                checkStaysInside(link, target);
                stored = local.getFileSystem().getPath(target.toString());
            }
            pinned(local, pin -> {
                Files.createSymbolicLink(pin, stored, attrs);
                rights.adopt(pin);
                return null;
            });
        } catch (IOException e) {
            throw hide(e);
        }
    }

    private static void checkStaysInside(Path link, Path target) throws IOException {
        int depth = names(link).size() - 1;
        for (int i = 0; i < target.getNameCount(); i++) {
            String name = target.getName(i).toString();
            if (name.equals("..")) {
                depth--;
            } else if (!name.equals(".") && !name.isEmpty()) {
                depth++;
            }
            if (depth < 0) {
                throw new AccessDeniedException(shown(link), target.toString(), "the link would lead outside the home directory");
            }
        }
    }

    @Override
    public void createLink(Path link, Path existing) throws IOException {
        try {
            pinned(noFollow(link), noFollow(existing), (l, e) -> Files.createLink(l, e));
        } catch (IOException e) {
            throw hide(e);
        }
    }

    @Override
    public void delete(Path path) throws IOException {
        try {
            pinned(noFollow(path), local -> {
                Files.delete(local);
                return null;
            });
        } catch (IOException e) {
            throw hide(e);
        }
    }

    @Override
    public boolean deleteIfExists(Path path) throws IOException {
        try {
            return pinned(noFollow(path), Files::deleteIfExists);
        } catch (IOException e) {
            throw hide(e);
        }
    }

    /** Targets inside the home are shown as the account sees them; others as written (they do not resolve). */
    @Override
    public Path readSymbolicLink(Path link) throws IOException {
        try {
            Path target = pinned(noFollow(link), Files::readSymbolicLink);
            String shownTarget = target.isAbsolute() ? jail.shownPath(target).orElse(target.toString()) : target.toString();
            return link.getFileSystem().getPath(shownTarget);
        } catch (IOException e) {
            throw hide(e);
        }
    }

    @Override
    public void copy(Path source, Path target, CopyOption... options) throws IOException {
        try {
            Path from = Arrays.asList(options).contains(LinkOption.NOFOLLOW_LINKS) ? noFollow(source) : follow(source);
            pinned(from, noFollow(target), (f, to) -> {
                boolean existed = Files.exists(to, LinkOption.NOFOLLOW_LINKS);
                Files.copy(f, to, noFollowing(options));
                if (!existed) {
                    rights.adopt(to);
                }
                return null;
            });
        } catch (IOException e) {
            throw hide(e);
        }
    }

    @Override
    public void move(Path source, Path target, CopyOption... options) throws IOException {
        try {
            pinned(noFollow(source), noFollow(target), (f, t) -> Files.move(f, t, noFollowing(options)));
        } catch (IOException e) {
            throw hide(e);
        }
    }

    @Override
    public boolean isSameFile(Path path, Path path2) throws IOException {
        try {
            Object a = pinned(follow(path), local -> Files.readAttributes(local, BasicFileAttributes.class, NOFOLLOW).fileKey());
            Object b = pinned(follow(path2), local -> Files.readAttributes(local, BasicFileAttributes.class, NOFOLLOW).fileKey());
            return a != null && a.equals(b);
        } catch (IOException e) {
            throw hide(e);
        }
    }

    @Override
    public boolean isHidden(Path path) throws IOException {
        try {
            Path local = follow(path); // as Files.isHidden on Unix: a name starting with a dot
            return local.getFileName() != null && local.getFileName().toString().startsWith(".");
        } catch (IOException e) {
            throw hide(e);
        }
    }

    @Override
    public FileStore getFileStore(Path path) throws IOException {
        return Files.getFileStore(jail.root());
    }

    @Override
    public void checkAccess(Path path, AccessMode... modes) throws IOException {
        try {
            pinned(follow(path), local -> {
                if (Files.isSymbolicLink(local)) {
                    throw new AccessDeniedException(shown(path), null, "changed while in use");
                }
                local.getFileSystem().provider().checkAccess(local, modes);
                return null;
            });
        } catch (IOException e) {
            throw hide(e);
        }
    }

    // ---- attributes ---------------------------------------------------------------------------

    @Override
    public <A extends BasicFileAttributes> A readAttributes(Path path, Class<A> type, LinkOption... options)
            throws IOException {
        try {
            return pinned(resolve(path, options), local -> Files.readAttributes(local, type, NOFOLLOW));
        } catch (IOException e) {
            throw hide(e);
        }
    }

    @Override
    public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options) throws IOException {
        try {
            return pinned(resolve(path, options), local -> Files.readAttributes(local, attributes, NOFOLLOW));
        } catch (IOException e) {
            throw hide(e);
        }
    }

    @Override
    public void setAttribute(Path path, String attribute, Object value, LinkOption... options) throws IOException {
        try {
            String name = attribute.substring(attribute.indexOf(':') + 1);
            pinned(resolve(path, options), local -> {
                switch (name) {
                    case "uid" -> rights.checkOwner(shown(path), ((Number) value).intValue());
                    case "gid" -> rights.checkGroup(shown(path), ((Number) value).intValue());
                    case "owner", "group" -> rights.checkNamedOwnership(shown(path));
                    case "permissions" -> rights.checkModeChange(shown(path), local, NOFOLLOW);
                    case "mode" -> {
                        rights.checkRawMode(shown(path), ((Number) value).intValue());
                        rights.checkModeChange(shown(path), local, NOFOLLOW);
                    }
                    default -> {
                        // times and other attributes: allowed as for any owner of the path
                    }
                }
                Files.setAttribute(local, attribute, value, NOFOLLOW);
                return null;
            });
        } catch (IOException e) {
            throw hide(e);
        }
    }

    /** Basic, owner and POSIX views, each call resolved through the jail and held to the account's rights. */
    @Override
    @SuppressWarnings("unchecked")
    public <V extends FileAttributeView> V getFileAttributeView(Path path, Class<V> type, LinkOption... options) {
        if (type.isAssignableFrom(JailedPosixView.class)) {
            return (V) new JailedPosixView(path, options);
        }
        return null;
    }

    private interface ViewOp<T> {
        T apply(PosixFileAttributeView view) throws IOException;
    }

    /** Each call resolved through the jail and pinned; the view never follows a link itself. */
    private final class JailedPosixView implements PosixFileAttributeView {
        private final Path path;
        private final LinkOption[] options;

        JailedPosixView(Path path, LinkOption[] options) {
            this.path = path;
            this.options = options.clone();
        }

        private <T> T onHost(ViewOp<T> op) throws IOException {
            try {
                return pinned(resolve(path, options),
                        local -> op.apply(Files.getFileAttributeView(local, PosixFileAttributeView.class, NOFOLLOW)));
            } catch (IOException e) {
                throw hide(e);
            }
        }

        @Override
        public String name() {
            return "posix";
        }

        @Override
        public PosixFileAttributes readAttributes() throws IOException {
            return onHost(PosixFileAttributeView::readAttributes);
        }

        @Override
        public void setTimes(FileTime lastModifiedTime, FileTime lastAccessTime, FileTime createTime) throws IOException {
            onHost(view -> {
                view.setTimes(lastModifiedTime, lastAccessTime, createTime);
                return null;
            });
        }

        @Override
        public void setPermissions(Set<PosixFilePermission> perms) throws IOException {
            try {
                pinned(resolve(path, options), local -> {
                    rights.checkModeChange(shown(path), local, NOFOLLOW);
                    Files.getFileAttributeView(local, PosixFileAttributeView.class, NOFOLLOW).setPermissions(perms);
                    return null;
                });
            } catch (IOException e) {
                throw hide(e);
            }
        }

        @Override
        public UserPrincipal getOwner() throws IOException {
            return onHost(PosixFileAttributeView::getOwner);
        }

        @Override
        public void setOwner(UserPrincipal owner) throws IOException {
            rights.checkNamedOwnership(shown(path));
            onHost(view -> {
                view.setOwner(owner);
                return null;
            });
        }

        @Override
        public void setGroup(GroupPrincipal group) throws IOException {
            rights.checkNamedOwnership(shown(path));
            onHost(view -> {
                view.setGroup(group);
                return null;
            });
        }
    }

    /**
     * A listing of a pinned directory, its entries named as the account sees them. Plain, not a
     * SecureDirectoryStream: that one opens files relative to itself, past the jail.
     */
    private static final class JailedDirectoryStream implements DirectoryStream<Path> {
        private final Path dir;
        private final DirectoryStream<Path> host;
        private final DirectoryStream.Filter<? super Path> filter;

        JailedDirectoryStream(Path dir, DirectoryStream<Path> host, DirectoryStream.Filter<? super Path> filter) {
            this.dir = dir;
            this.host = host;
            this.filter = filter;
        }

        @Override
        public java.util.Iterator<Path> iterator() {
            java.util.Iterator<Path> entries = host.iterator();
            return new java.util.Iterator<>() {
                private Path next;

                @Override
                public boolean hasNext() {
                    while (next == null && entries.hasNext()) {
                        Path candidate = dir.resolve(entries.next().getFileName().toString());
                        try {
                            if (filter.accept(candidate)) {
                                next = candidate;
                            }
                        } catch (IOException e) {
                            throw new java.nio.file.DirectoryIteratorException(e);
                        }
                    }
                    return next != null;
                }

                @Override
                public Path next() {
                    if (!hasNext()) {
                        throw new java.util.NoSuchElementException();
                    }
                    Path result = next;
                    next = null;
                    return result;
                }
            };
        }

        @Override
        public void close() throws IOException {
            host.close();
        }
    }
}
