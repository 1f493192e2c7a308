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
 * path algebra (".." stops at "/"); every operation here then goes through {@link HomeJail}, which follows
 * symbolic links like the kernel and refuses what leads outside, and runs with the account's own
 * credentials ({@link ThreadCredentials}), so that the kernel decides what the account may read, write,
 * create, chown or chmod, and new files are the account's. Only the jail's root is opened with the
 * appliance's rights. One instance per session: nothing is shared between accounts.
 *
 * <p>The home appears either as "/" or, for an account with a login shell, at its real path, as the shell
 * sees it ({@link View}); there, every path outside the home, its parents and "/" included, is refused as
 * outside the home directory, however it is named.
 */
final class HomeJailFileSystemProvider extends RootedFileSystemProvider {

    /** Where the account sees its home. */
    enum View {
        /** The home is "/" (scponly, the admin console, a ChrootDirectory). */
        HOME_AS_ROOT,
        /** The home at its real absolute path, as a login shell's {@code pwd} shows it, and the start directory. */
        REAL_PATH
    }

    private final HomeJail jail;
    private final ThreadCredentials account;
    /** The names of the path at which the jail's root appears: none, or the real path's. */
    private final List<String> shownRoot;
    /** Nothing in service; a test's way to swap a directory exactly between the check and the use. */
    private final Runnable betweenCheckAndUse;
    /** What MINA's SFTP asks of every file it stats or lists. */
    private static final String ALL_UNIX = "unix:*";
    private final OwnerNames ownerNames = new OwnerNames();

    private HomeJailFileSystemProvider(HomeJail jail, ThreadCredentials account, View view, Runnable betweenCheckAndUse) {
        this.jail = jail;
        this.account = account;
        this.shownRoot = view == View.REAL_PATH ? hostNames(jail.root()) : List.of();
        this.betweenCheckAndUse = betweenCheckAndUse;
    }

    /** A file system whose "/" is {@code home}, its operations done with {@code account}'s credentials. */
    static FileSystem open(Path home, ThreadCredentials account) throws IOException {
        return open(home, account, View.HOME_AS_ROOT, () -> { });
    }

    static FileSystem open(Path home, ThreadCredentials account, View view) throws IOException {
        return open(home, account, view, () -> { });
    }

    static FileSystem open(Path home, ThreadCredentials account, View view, Runnable betweenCheckAndUse)
            throws IOException {
        HomeJail jail = new HomeJail(home);
        HomeJailFileSystemProvider provider = new HomeJailFileSystemProvider(jail, account, view, betweenCheckAndUse);
        return new JailFileSystem(provider, jail.root(), provider.shownRoot);
    }

    static FileSystem open(Path home, ThreadCredentials account, Runnable betweenCheckAndUse) throws IOException {
        return open(home, account, View.HOME_AS_ROOT, betweenCheckAndUse);
    }

    /** MINA's rooted file system whose relative paths start from the home, where the account sees it. */
    private static final class JailFileSystem extends RootedFileSystem {
        private final List<String> home;

        JailFileSystem(RootedFileSystemProvider provider, Path root, List<String> home) {
            super(provider, root, Map.of());
            this.home = home;
        }

        @Override
        public RootedPath getDefaultDir() {
            return create("/", home);
        }
    }

    private static List<String> hostNames(Path path) {
        List<String> names = new ArrayList<>(path.getNameCount());
        path.forEach(name -> names.add(name.toString()));
        return names;
    }

    // ---- every operation: the root opened as the appliance, the rest done as the account ------

    private interface JailOperation<T> {
        T run(OpenDirectory root) throws IOException;
    }

    /**
     * Runs one operation of the account's: the jail's root opened with the appliance's rights (the
     * directories above a home may be closed to the account), then everything beneath it, from the walk
     * to the operation itself, with the account's credentials, which are taken off again before returning.
     */
    private <T> T asAccount(JailOperation<T> operation) throws IOException {
        try (OpenDirectory root = jail.openRoot()) {
            return account.call(() -> operation.run(root));
        } catch (IOException e) {
            throw hide(e);
        }
    }

    // ---- path resolution ----------------------------------------------------------------------

    /**
     * The names below the jail's root of a path as the account sees it (normalised, so ".." never climbs
     * above "/"); in the {@link View#REAL_PATH} view, a path that is not the home or inside it is refused.
     */
    private List<String> names(Path path) throws AccessDeniedException {
        RootedPath rooted = (RootedPath) path.toAbsolutePath().normalize();
        List<String> names = new ArrayList<>(rooted.getNameCount());
        for (int i = 0; i < rooted.getNameCount(); i++) {
            names.add(rooted.getName(i).toString());
        }
        if (names.size() < shownRoot.size() || !names.subList(0, shownRoot.size()).equals(shownRoot)) {
            throw new AccessDeniedException(rooted.toString(), null, "outside the home directory");
        }
        return names.subList(shownRoot.size(), names.size());
    }

    /** Where a host path inside the jail appears to the account, or empty if it is outside. */
    private java.util.Optional<String> shownPath(Path host) {
        if (shownRoot.isEmpty()) {
            return jail.shownPath(host);
        }
        return jail.shownPath(host).map(inJail -> "/" + String.join("/", shownRoot) + (inJail.equals("/") ? "" : inJail));
    }

    private static String shown(Path path) {
        return path.toAbsolutePath().normalize().toString();
    }

    /** For operations that follow a symbolic link in the last component (open, stat, opendir). */
    private Path follow(OpenDirectory root, Path path) throws IOException {
        return jail.resolve(root, names(path), true);
    }

    /** For operations on a link itself (lstat, unlink, rename, readlink, mkdir). */
    private Path noFollow(OpenDirectory root, Path path) throws IOException {
        return jail.resolve(root, names(path), false);
    }

    private Path resolve(OpenDirectory root, Path path, LinkOption... options) throws IOException {
        return Arrays.asList(options).contains(LinkOption.NOFOLLOW_LINKS) ? noFollow(root, path) : follow(root, path);
    }

    private Path resolve(OpenDirectory root, Path path, Set<? extends OpenOption> options) throws IOException {
        return options.contains(LinkOption.NOFOLLOW_LINKS) ? noFollow(root, path) : follow(root, path);
    }

    /** Anything MINA resolves through the base class is held to the same jail. */
    @Override
    protected Path resolveLocalPath(RootedPath path) {
        try {
            return asAccount(root -> follow(root, path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Host paths in error messages would tell the client where homes live: show jail paths instead. EPERM
     * (Java's "Operation not permitted", e.g. a chown the kernel refused) is a permission denied, as
     * OpenSSH's sftp-server answers it.
     */
    private IOException hide(IOException e) {
        if (!(e instanceof FileSystemException fse)) {
            return e;
        }
        String file = fse.getFile() == null ? null : shownPath(Path.of(fse.getFile())).orElse(fse.getFile());
        String other = fse.getOtherFile() == null ? null
                : shownPath(Path.of(fse.getOtherFile())).orElse(fse.getOtherFile());
        boolean notPermitted = e.getClass() == FileSystemException.class && "Operation not permitted".equals(fse.getReason());
        if (!notPermitted && java.util.Objects.equals(file, fse.getFile()) && java.util.Objects.equals(other, fse.getOtherFile())) {
            return e; // names no host path: no copy (an exception's stack trace is most of a failed lookup's cost)
        }
        IOException copy;
        if (notPermitted) {
            copy = new AccessDeniedException(file, other, fse.getReason());
        } else {
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
    private <T> T pinned(OpenDirectory root, Path host, HostOp<T> op) throws IOException {
        betweenCheckAndUse.run();
        try (PinnedPath pin = PinnedPath.file(root, host)) {
            try {
                return op.apply(pin.path());
            } catch (IOException e) {
                throw pin.explain(e, host);
            }
        }
    }

    private <T> T pinned(OpenDirectory root, Path first, Path second, TwoHostOp<T> op) throws IOException {
        betweenCheckAndUse.run();
        try (PinnedPath a = PinnedPath.file(root, first); PinnedPath b = PinnedPath.file(root, second)) {
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

    /** Opens through {@code opener} with the given options plus NOFOLLOW_LINKS, pinned, as the account. */
    private <T extends java.io.Closeable> T open(Path path, Set<? extends OpenOption> options, Opener<T> opener)
            throws IOException {
        Set<OpenOption> pinnedOptions = noFollowing(options);
        return asAccount(root -> pinned(root, resolve(root, path, options), local -> opener.open(local, pinnedOptions)));
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
        Set<PosixFilePermission> mode = creationMode(attrs);
        return open(path, options, (local, o) -> withMode(local, mode, FileChannel.open(local, o, modeAttribute(mode))));
    }

    @Override
    public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
            throws IOException {
        Set<PosixFilePermission> mode = creationMode(attrs);
        return open(path, options, (local, o) -> withMode(local, mode, Files.newByteChannel(local, o, modeAttribute(mode))));
    }

    @Override
    public AsynchronousFileChannel newAsynchronousFileChannel(Path path, Set<? extends OpenOption> options,
            ExecutorService executor, FileAttribute<?>... attrs) throws IOException {
        Set<PosixFilePermission> mode = creationMode(attrs);
        return open(path, options, (local, o) -> withMode(local, mode,
                AsynchronousFileChannel.open(local, o, executor, modeAttribute(mode))));
    }

    /**
     * The permissions a file is to be created with: the JDK's attribute, or the one MINA's SFTP open passes
     * (named "permissions"), which the JDK would refuse, making MINA open again without it and set it after:
     * a second walk and a third. Any other attribute is refused before the walk, as the JDK would after it.
     */
    private static Set<PosixFilePermission> creationMode(FileAttribute<?>... attrs) {
        Set<PosixFilePermission> mode = null;
        for (FileAttribute<?> attr : attrs) {
            boolean permissions = attr.name().equals("posix:permissions") || attr.name().equals("permissions");
            if (!permissions || !(attr.value() instanceof Set<?> set)) {
                throw new UnsupportedOperationException("'" + attr.name() + "' not supported as initial attribute");
            }
            mode = java.util.EnumSet.noneOf(PosixFilePermission.class);
            for (Object p : set) {
                if (!(p instanceof PosixFilePermission permission)) {
                    throw new UnsupportedOperationException("'" + attr.name() + "' holds " + p);
                }
                mode.add(permission);
            }
        }
        return mode;
    }

    private static FileAttribute<?>[] modeAttribute(Set<PosixFilePermission> mode) {
        return mode == null ? new FileAttribute<?>[0]
                : new FileAttribute<?>[] {java.nio.file.attribute.PosixFilePermissions.asFileAttribute(mode)};
    }

    /**
     * The mode exactly as asked, whatever the umask, as MINA set it after opening (on the link itself,
     * never followed: the open did not follow one either).
     */
    private static <T extends java.io.Closeable> T withMode(Path local, Set<PosixFilePermission> mode, T opened)
            throws IOException {
        if (mode != null) {
            try {
                Files.getFileAttributeView(local, PosixFileAttributeView.class, NOFOLLOW).setPermissions(mode);
            } catch (IOException | RuntimeException e) {
                opened.close();
                throw e;
            }
        }
        return opened;
    }

    /**
     * Plain (not "secure") streams only: a SecureDirectoryStream opens files relative to itself, past the
     * jail. Reading the entries later needs no right the open did not check.
     */
    @Override
    public DirectoryStream<Path> newDirectoryStream(Path dir, DirectoryStream.Filter<? super Path> filter)
            throws IOException {
        DirectoryStream<Path> listing = asAccount(root -> {
            Path host = follow(root, dir);
            betweenCheckAndUse.run();
            try (PinnedPath pin = PinnedPath.directory(root, host)) {
                try {
                    return Files.newDirectoryStream(pin.path());
                } catch (IOException e) {
                    throw pin.explain(e, host);
                }
            }
        });
        return new JailedDirectoryStream(dir, listing, filter);
    }

    @Override
    public void createDirectory(Path dir, FileAttribute<?>... attrs) throws IOException {
        asAccount(root -> pinned(root, noFollow(root, dir), local -> Files.createDirectory(local, attrs)));
    }

    /**
     * An absolute target means a path in the home (as the account sees it) and is stored as the host
     * path; a relative one is kept as written. Either may not lead outside the home from where the link
     * is ({@link HomeJail#checkLink}), and a relative one may climb with ".." only at its start: a ".."
     * after a name would climb from wherever that name leads, which a later link could change.
     */
    @Override
    public void createSymbolicLink(Path link, Path target, FileAttribute<?>... attrs) throws IOException {
        asAccount(root -> {
            Path local = noFollow(root, link);
            Path stored;
            if (target.isAbsolute()) {
                stored = jail.root().resolve(String.join("/", names(link.getFileSystem().getPath(target.toString()))));
            } else {
                checkClimbsOnlyAtStart(link, target);
                stored = local.getFileSystem().getPath(target.toString());
            }
            jail.checkLink(root, local, stored, shown(link));
            return pinned(root, local, pin -> Files.createSymbolicLink(pin, stored, attrs));
        });
    }

    private static void checkClimbsOnlyAtStart(Path link, Path target) throws IOException {
        boolean named = false;
        for (Path name : target) {
            if (name.toString().equals("..") && named) {
                throw new AccessDeniedException(shown(link), target.toString(),
                        "a link target may climb with '..' only at its start (as in ../../docs/file)");
            }
            named |= !name.toString().equals("..") && !name.toString().equals(".");
        }
    }

    /**
     * A hard link of a symbolic link is that link again, somewhere else: its target must not lead outside
     * from there either. Whether the account may link the file at all is the kernel's (protected_hardlinks).
     */
    @Override
    public void createLink(Path link, Path existing) throws IOException {
        asAccount(root -> {
            Path to = noFollow(root, link);
            Path from = noFollow(root, existing);
            return pinned(root, to, from, (l, e) -> {
                checkLinkKeptInside(root, e, to, shown(link));
                return Files.createLink(l, e);
            });
        });
    }

    /** When {@code source} (pinned) is a symbolic link, refuses it at {@code destination} if it would lead out. */
    private void checkLinkKeptInside(OpenDirectory root, Path source, Path destination, String shownDestination)
            throws IOException {
        if (Files.isSymbolicLink(source)) {
            jail.checkLink(root, destination, Files.readSymbolicLink(source), shownDestination);
        }
    }

    @Override
    public void delete(Path path) throws IOException {
        asAccount(root -> pinned(root, noFollow(root, path), local -> {
            Files.delete(local);
            return null;
        }));
    }

    @Override
    public boolean deleteIfExists(Path path) throws IOException {
        return asAccount(root -> pinned(root, noFollow(root, path), Files::deleteIfExists));
    }

    /** Targets inside the home are shown as the account sees them; others as written (they do not resolve). */
    @Override
    public Path readSymbolicLink(Path link) throws IOException {
        Path target = asAccount(root -> pinned(root, noFollow(root, link), Files::readSymbolicLink));
        String shownTarget = target.isAbsolute() ? shownPath(target).orElse(target.toString()) : target.toString();
        return link.getFileSystem().getPath(shownTarget);
    }

    /** A symbolic link copied as itself is held to the same rule as one made there. */
    @Override
    public void copy(Path source, Path target, CopyOption... options) throws IOException {
        asAccount(root -> {
            Path from = Arrays.asList(options).contains(LinkOption.NOFOLLOW_LINKS) ? noFollow(root, source) : follow(root, source);
            Path to = noFollow(root, target);
            return pinned(root, from, to, (f, t) -> {
                checkLinkKeptInside(root, f, to, shown(target));
                return Files.copy(f, t, noFollowing(options));
            });
        });
    }

    /**
     * A symbolic link moved somewhere else must not lead outside from there; nor may any link inside a
     * directory moved closer to the top, whose relative targets then climb from higher up.
     */
    @Override
    public void move(Path source, Path target, CopyOption... options) throws IOException {
        asAccount(root -> {
            Path from = noFollow(root, source);
            Path to = noFollow(root, target);
            return pinned(root, from, to, (f, t) -> {
                checkLinkKeptInside(root, f, to, shown(target));
                if (Files.isDirectory(f, NOFOLLOW) && to.getNameCount() < from.getNameCount()) {
                    checkLinksInsideStayInside(f, to.getNameCount() - jail.root().getNameCount(), shown(source));
                }
                return Files.move(f, t, noFollowing(options));
            });
        });
    }

    /**
     * Refuses moving {@code dir} (pinned) to {@code depth} names below the home when a relative link in it
     * would then climb above the home. Walks the whole directory, as the account: only moves closer to
     * the top pay for it.
     */
    private static void checkLinksInsideStayInside(Path dir, int depth, String shownDir) throws IOException {
        Files.walkFileTree(dir, new java.nio.file.SimpleFileVisitor<>() {
            @Override
            public java.nio.file.FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (attrs.isSymbolicLink()) {
                    Path target = Files.readSymbolicLink(file);
                    int at = depth + dir.relativize(file).getNameCount() - 1;
                    for (Path name : target.isAbsolute() ? List.<Path>of() : target) {
                        at += name.toString().equals("..") ? -1 : name.toString().equals(".") ? 0 : 1;
                        if (at < 0) {
                            throw new AccessDeniedException(shownDir, null, "a link in it, "
                                    + dir.relativize(file) + ", would then lead outside the home directory");
                        }
                    }
                }
                return java.nio.file.FileVisitResult.CONTINUE;
            }

            @Override
            public java.nio.file.FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                throw new AccessDeniedException(shownDir, null, "the links in it cannot all be checked ("
                        + dir.relativize(file) + " cannot be read)");
            }
        });
    }

    @Override
    public boolean isSameFile(Path path, Path path2) throws IOException {
        return asAccount(root -> {
            Object a = pinned(root, follow(root, path), local -> Files.readAttributes(local, BasicFileAttributes.class, NOFOLLOW).fileKey());
            Object b = pinned(root, follow(root, path2), local -> Files.readAttributes(local, BasicFileAttributes.class, NOFOLLOW).fileKey());
            return a != null && a.equals(b);
        });
    }

    @Override
    public boolean isHidden(Path path) throws IOException {
        Path local = asAccount(root -> follow(root, path)); // as Files.isHidden on Unix: a name starting with a dot
        return local.getFileName() != null && local.getFileName().toString().startsWith(".");
    }

    /**
     * statvfs(2) of the file system holding {@code path}, which must be inside the jail, as the account:
     * the real figures that {@code df} shows (statvfs@openssh.com), of the home's own disk.
     */
    FileSystemFigures figures(Path path) throws IOException {
        return asAccount(root -> pinned(root, follow(root, path), local -> FileSystemFigures.of(local, shown(path))));
    }

    /** The disk of the jail's root, asked with the appliance's rights: it tells no more than the free space. */
    @Override
    public FileStore getFileStore(Path path) throws IOException {
        return Files.getFileStore(jail.root());
    }

    /**
     * Answered by the kernel for the account (faccessat2 with AT_EACCESS); before Linux 5.8, as Java asks.
     * The link check comes second: a missing file (MINA asks before each upload) then costs one exception.
     */
    @Override
    public void checkAccess(Path path, AccessMode... modes) throws IOException {
        asAccount(root -> pinned(root, follow(root, path), local -> {
            if (!OpenDirectory.access(local, shown(path), modes)) {
                local.getFileSystem().provider().checkAccess(local, modes);
            }
            if (Files.isSymbolicLink(local)) {
                throw new AccessDeniedException(shown(path), null, "changed while in use");
            }
            return null;
        }));
    }

    // ---- attributes ---------------------------------------------------------------------------

    @Override
    public <A extends BasicFileAttributes> A readAttributes(Path path, Class<A> type, LinkOption... options)
            throws IOException {
        return asAccount(root -> pinned(root, resolve(root, path, options), local -> Files.readAttributes(local, type, NOFOLLOW)));
    }

    @Override
    public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options) throws IOException {
        return asAccount(root -> pinned(root, resolve(root, path, options),
                local -> attributes.equals(ALL_UNIX) ? ownerNames.withNames(local) : Files.readAttributes(local, attributes, NOFOLLOW)));
    }

    /**
     * Owner, group, mode and times as the kernel allows the account; setuid, setgid and sticky bits never
     * (MINA's SFTP and SCP carry only the nine permission bits; a raw mode is held to the same).
     */
    @Override
    public void setAttribute(Path path, String attribute, Object value, LinkOption... options) throws IOException {
        String name = attribute.substring(attribute.indexOf(':') + 1);
        if (name.equals("mode") && (((Number) value).intValue() & 07000) != 0) {
            throw new AccessDeniedException(shown(path), null, "setuid, setgid and sticky bits cannot be set");
        }
        asAccount(root -> pinned(root, resolve(root, path, options), local -> {
            Files.setAttribute(local, attribute, value, NOFOLLOW);
            return null;
        }));
    }

    /** Basic, owner and POSIX views, each call resolved through the jail and done as the account. */
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

    /** Each call resolved through the jail and pinned, as the account; the view never follows a link itself. */
    private final class JailedPosixView implements PosixFileAttributeView {
        private final Path path;
        private final LinkOption[] options;

        JailedPosixView(Path path, LinkOption[] options) {
            this.path = path;
            this.options = options.clone();
        }

        private <T> T onHost(ViewOp<T> op) throws IOException {
            return asAccount(root -> pinned(root, resolve(root, path, options),
                    local -> op.apply(Files.getFileAttributeView(local, PosixFileAttributeView.class, NOFOLLOW))));
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
            onHost(view -> {
                view.setPermissions(perms);
                return null;
            });
        }

        @Override
        public UserPrincipal getOwner() throws IOException {
            return onHost(PosixFileAttributeView::getOwner);
        }

        @Override
        public void setOwner(UserPrincipal owner) throws IOException {
            onHost(view -> {
                view.setOwner(owner);
                return null;
            });
        }

        @Override
        public void setGroup(GroupPrincipal group) throws IOException {
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
