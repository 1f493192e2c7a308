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
import org.apache.sshd.common.file.root.RootedDirectoryStream;
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

    private HomeJailFileSystemProvider(HomeJail jail, AccountFileRights rights) {
        this.jail = jail;
        this.rights = rights;
    }

    /** A file system whose "/" is {@code home}. */
    static FileSystem open(Path home, AccountFileRights rights) throws IOException {
        HomeJail jail = new HomeJail(home);
        return new HomeJailFileSystemProvider(jail, rights).newFileSystem(jail.root(), Map.of());
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

    // ---- creating and opening files -----------------------------------------------------------

    private static boolean mayCreate(Set<? extends OpenOption> options) {
        return options.contains(StandardOpenOption.CREATE) || options.contains(StandardOpenOption.CREATE_NEW);
    }

    /** Opens through {@code opener}; a file that did not exist before is handed to the account. */
    private <T extends java.io.Closeable> T open(Path path, Set<? extends OpenOption> options, Opener<T> opener)
            throws IOException {
        try {
            Path local = resolve(path, options);
            boolean existed = Files.exists(local, LinkOption.NOFOLLOW_LINKS);
            T opened = opener.open(local);
            if (mayCreate(options) && !existed) {
                try {
                    rights.adopt(local);
                } catch (IOException e) {
                    opened.close();
                    throw e;
                }
            }
            return opened;
        } catch (IOException e) {
            throw hide(e);
        }
    }

    private interface Opener<T> {
        T open(Path local) throws IOException;
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
        return open(path, Set.of(options), local -> Files.newInputStream(local, options));
    }

    @Override
    public OutputStream newOutputStream(Path path, OpenOption... options) throws IOException {
        return open(path, optionSet(options), local -> Files.newOutputStream(local, options));
    }

    @Override
    public FileChannel newFileChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
            throws IOException {
        return open(path, options, local -> FileChannel.open(local, options, attrs));
    }

    @Override
    public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
            throws IOException {
        return open(path, options, local -> Files.newByteChannel(local, options, attrs));
    }

    @Override
    public AsynchronousFileChannel newAsynchronousFileChannel(Path path, Set<? extends OpenOption> options,
            ExecutorService executor, FileAttribute<?>... attrs) throws IOException {
        return open(path, options, local -> AsynchronousFileChannel.open(local, options, executor, attrs));
    }

    /** Plain (not "secure") streams only: a SecureDirectoryStream opens files relative to itself, past the jail. */
    @Override
    public DirectoryStream<Path> newDirectoryStream(Path dir, DirectoryStream.Filter<? super Path> filter)
            throws IOException {
        try {
            DirectoryStream<Path> host = Files.newDirectoryStream(follow(dir), filter::accept);
            return new RootedDirectoryStream((RootedFileSystem) dir.getFileSystem(), host);
        } catch (IOException e) {
            throw hide(e);
        }
    }

    @Override
    public void createDirectory(Path dir, FileAttribute<?>... attrs) throws IOException {
        try {
            Path local = noFollow(dir);
            Files.createDirectory(local, attrs);
            rights.adopt(local);
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
            Files.createSymbolicLink(local, stored, attrs);
            rights.adopt(local);
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
            Files.createLink(noFollow(link), noFollow(existing));
        } catch (IOException e) {
            throw hide(e);
        }
    }

    @Override
    public void delete(Path path) throws IOException {
        try {
            Files.delete(noFollow(path));
        } catch (IOException e) {
            throw hide(e);
        }
    }

    @Override
    public boolean deleteIfExists(Path path) throws IOException {
        try {
            return Files.deleteIfExists(noFollow(path));
        } catch (IOException e) {
            throw hide(e);
        }
    }

    /** Targets inside the home are shown as the account sees them; others as written (they do not resolve). */
    @Override
    public Path readSymbolicLink(Path link) throws IOException {
        try {
            Path target = Files.readSymbolicLink(noFollow(link));
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
            Path to = noFollow(target);
            boolean existed = Files.exists(to, LinkOption.NOFOLLOW_LINKS);
            Files.copy(from, to, options);
            if (!existed) {
                rights.adopt(to);
            }
        } catch (IOException e) {
            throw hide(e);
        }
    }

    @Override
    public void move(Path source, Path target, CopyOption... options) throws IOException {
        try {
            Files.move(noFollow(source), noFollow(target), options);
        } catch (IOException e) {
            throw hide(e);
        }
    }

    @Override
    public boolean isSameFile(Path path, Path path2) throws IOException {
        try {
            return Files.isSameFile(follow(path), follow(path2));
        } catch (IOException e) {
            throw hide(e);
        }
    }

    @Override
    public boolean isHidden(Path path) throws IOException {
        try {
            return Files.isHidden(follow(path));
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
            Path local = follow(path);
            local.getFileSystem().provider().checkAccess(local, modes);
        } catch (IOException e) {
            throw hide(e);
        }
    }

    // ---- attributes ---------------------------------------------------------------------------

    @Override
    public <A extends BasicFileAttributes> A readAttributes(Path path, Class<A> type, LinkOption... options)
            throws IOException {
        try {
            return Files.readAttributes(resolve(path, options), type, options);
        } catch (IOException e) {
            throw hide(e);
        }
    }

    @Override
    public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options) throws IOException {
        try {
            return Files.readAttributes(resolve(path, options), attributes, options);
        } catch (IOException e) {
            throw hide(e);
        }
    }

    @Override
    public void setAttribute(Path path, String attribute, Object value, LinkOption... options) throws IOException {
        try {
            Path local = resolve(path, options);
            String name = attribute.substring(attribute.indexOf(':') + 1);
            switch (name) {
                case "uid" -> rights.checkOwner(shown(path), ((Number) value).intValue());
                case "gid" -> rights.checkGroup(shown(path), ((Number) value).intValue());
                case "owner", "group" -> rights.checkNamedOwnership(shown(path));
                case "permissions" -> rights.checkModeChange(shown(path), local, options);
                case "mode" -> {
                    rights.checkRawMode(shown(path), ((Number) value).intValue());
                    rights.checkModeChange(shown(path), local, options);
                }
                default -> {
                    // times and other attributes: allowed as for any owner of the path
                }
            }
            Files.setAttribute(local, attribute, value, options);
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

    private final class JailedPosixView implements PosixFileAttributeView {
        private final Path path;
        private final LinkOption[] options;

        JailedPosixView(Path path, LinkOption[] options) {
            this.path = path;
            this.options = options.clone();
        }

        private PosixFileAttributeView host() throws IOException {
            return Files.getFileAttributeView(resolve(path, options), PosixFileAttributeView.class, options);
        }

        @Override
        public String name() {
            return "posix";
        }

        @Override
        public PosixFileAttributes readAttributes() throws IOException {
            try {
                return host().readAttributes();
            } catch (IOException e) {
                throw hide(e);
            }
        }

        @Override
        public void setTimes(FileTime lastModifiedTime, FileTime lastAccessTime, FileTime createTime) throws IOException {
            try {
                host().setTimes(lastModifiedTime, lastAccessTime, createTime);
            } catch (IOException e) {
                throw hide(e);
            }
        }

        @Override
        public void setPermissions(Set<PosixFilePermission> perms) throws IOException {
            try {
                rights.checkModeChange(shown(path), resolve(path, options), options);
                host().setPermissions(perms);
            } catch (IOException e) {
                throw hide(e);
            }
        }

        @Override
        public UserPrincipal getOwner() throws IOException {
            try {
                return host().getOwner();
            } catch (IOException e) {
                throw hide(e);
            }
        }

        @Override
        public void setOwner(UserPrincipal owner) throws IOException {
            rights.checkNamedOwnership(shown(path));
            try {
                host().setOwner(owner);
            } catch (IOException e) {
                throw hide(e);
            }
        }

        @Override
        public void setGroup(GroupPrincipal group) throws IOException {
            rights.checkNamedOwnership(shown(path));
            try {
                host().setGroup(group);
            } catch (IOException e) {
                throw hide(e);
            }
        }
    }
}
