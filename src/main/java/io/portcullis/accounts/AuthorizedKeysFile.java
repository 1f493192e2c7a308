package io.portcullis.accounts;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An account's own authorized_keys file (AuthorizedKeysFile), read by root the way OpenSSH's StrictModes
 * wants it and safe from what the account may have put there. The file is opened beneath the home with
 * Linux's {@code openat2(RESOLVE_BENEATH)}, so no symbolic link leads out of it, and non-blocking, so a FIFO
 * cannot hold the login; then what was opened is checked: a regular file, owned by the account or root and
 * writable by nobody else, in directories up to the home that are the same (auth.c, auth_secure_path). At
 * most {@link #MAX_BYTES} are read; lines that are not keys are skipped. Whatever is wrong is said in
 * {@link Reading#problems()}, and the login goes on with the database's keys.
 */
public final class AuthorizedKeysFile {

    /** OpenSSH has no cap; this holds thousands of keys, and a 10 MB file is never read whole. */
    public static final int MAX_BYTES = 1 << 20;

    /** One key line of the file. */
    public record FileKey(AuthorizedKey key, KeyOptions options, int line) {
    }

    /** What one file gave: its keys, and why lines or the whole file were left out. */
    public record Reading(Path file, List<FileKey> keys, List<String> problems) {
    }

    interface LibC extends Library {
        long syscall(long number, long dirfd, String path, Memory how, long size) throws LastErrorException;

        int close(int fd) throws LastErrorException;
    }

    private static final LibC LIBC = Native.load("c", LibC.class);
    private static final long SYS_OPENAT2 = 437;
    private static final long AT_FDCWD = -100;
    private static final long O_RDONLY_NONBLOCK_NOCTTY_CLOEXEC = 04000 | 0400 | 02000000;
    private static final long RESOLVE_NO_MAGICLINKS = 0x02;
    private static final long RESOLVE_BENEATH = 0x08;
    private static final int ENOENT = 2;
    private static final int EXDEV = 18;
    private static final int ELOOP = 40;
    private static final int ENOSYS = 38;

    private AuthorizedKeysFile() {
    }

    /**
     * The file an AuthorizedKeysFile entry names for this account: {@code %h} the home, {@code %u} the user
     * name, {@code %%} a percent sign; relative to the home.
     */
    public static Path expand(String entry, Path home, String username) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < entry.length(); i++) {
            char c = entry.charAt(i);
            if (c == '%' && i + 1 < entry.length()) {
                char t = entry.charAt(++i);
                out.append(t == 'h' ? home.toString() : t == 'u' ? username : String.valueOf(t));
            } else {
                out.append(c);
            }
        }
        return home.resolve(out.toString()).normalize();
    }

    /** Reads {@code file} for the account {@code uid} whose home is {@code home}; {@code owners} may also own it. */
    public static Reading read(Path file, Path home, int uid, Set<Integer> owners) {
        Contents contents = readSafely(file, home, uid, owners);
        List<String> problems = new ArrayList<>(contents.problems());
        List<FileKey> keys = contents.text().map(t -> parse(t, contents.cut(), file, problems)).orElse(List.of());
        return new Reading(file, keys, problems);
    }

    /** A file's text as StrictModes allows it to be read; empty text when it is absent or may not be used. */
    record Contents(Optional<String> text, boolean cut, List<String> problems) {
    }

    /**
     * Opens and checks {@code file} as described above (the same for authorized_keys and authorized principals
     * files, as auth2-pubkeyfile.c's auth_openfile does for both), and reads at most {@link #MAX_BYTES}.
     */
    static Contents readSafely(Path file, Path home, int uid, Set<Integer> owners) {
        List<String> problems = new ArrayList<>();
        int fd;
        try {
            fd = open(file, home);
        } catch (LastErrorException e) {
            if (e.getErrorCode() != ENOENT) {
                problems.add(file + " ignored: " + switch (e.getErrorCode()) {
                    case EXDEV, ELOOP -> "a symbolic link leads out of the home";
                    case ENOSYS -> "this kernel has no openat2 (Linux 5.6 or later), without which it cannot be read safely";
                    default -> "cannot open it (errno " + e.getErrorCode() + ")";
                });
            }
            return new Contents(Optional.empty(), false, problems);
        }
        try {
            Path opened = Path.of("/proc/self/fd/" + fd);
            Path real = Files.readSymbolicLink(opened);
            PosixFileAttributes attrs = Files.readAttributes(opened, PosixFileAttributes.class);
            Optional<String> unsafe = unsafe(real, attrs, home, uid, owners);
            if (unsafe.isPresent()) {
                problems.add(file + " ignored: " + unsafe.get());
                return new Contents(Optional.empty(), false, problems);
            }
            byte[] bytes = readCapped(opened, attrs.size());
            if (attrs.size() > MAX_BYTES) {
                problems.add(file + " is " + attrs.size() + " bytes: only its first " + MAX_BYTES + " are read");
            }
            return new Contents(Optional.of(new String(bytes, StandardCharsets.UTF_8)), attrs.size() > MAX_BYTES,
                    problems);
        } catch (IOException e) {
            problems.add(file + " ignored: " + e.getMessage());
            return new Contents(Optional.empty(), false, problems);
        } finally {
            LIBC.close(fd);
        }
    }

    /** Beneath the home when it lies in it: the kernel then refuses any link (or ..) that leads out. */
    private static int open(Path file, Path home) throws LastErrorException {
        Memory how = new Memory(24);
        how.setLong(0, O_RDONLY_NONBLOCK_NOCTTY_CLOEXEC);
        how.setLong(8, 0);
        if (file.startsWith(home)) {
            how.setLong(16, RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS);
            int homeFd = (int) LIBC.syscall(SYS_OPENAT2, AT_FDCWD, home.toString(), directoryOnly(), 24);
            try {
                String relative = home.relativize(file).toString();
                return (int) LIBC.syscall(SYS_OPENAT2, homeFd, relative.isEmpty() ? "." : relative, how, 24);
            } finally {
                LIBC.close(homeFd);
            }
        }
        how.setLong(16, RESOLVE_NO_MAGICLINKS);
        return (int) LIBC.syscall(SYS_OPENAT2, AT_FDCWD, file.toString(), how, 24);
    }

    private static Memory directoryOnly() {
        Memory how = new Memory(24);
        how.setLong(0, 010000000 | 0200000 | 02000000); // O_PATH | O_DIRECTORY | O_CLOEXEC
        how.setLong(8, 0);
        how.setLong(16, 0);
        return how;
    }

    /**
     * StrictModes: the file and every directory from it up to the home (or to / for a file elsewhere) owned by
     * the account or root and not writable by group or others; the file a regular one.
     */
    private static Optional<String> unsafe(Path real, PosixFileAttributes attrs, Path home, int uid, Set<Integer> owners)
            throws IOException {
        if (!attrs.isRegularFile()) {
            return Optional.of("not a regular file");
        }
        Optional<String> file = badOwnerOrMode(real, uid, owners);
        if (file.isPresent()) {
            return file;
        }
        Path realHome = home.toRealPath();
        Path stop = real.startsWith(realHome) ? realHome : real.getRoot();
        for (Path dir = real.getParent(); dir != null; dir = dir.getParent()) {
            Optional<String> bad = badOwnerOrMode(dir, uid, owners);
            if (bad.isPresent()) {
                return bad;
            }
            if (dir.equals(stop)) {
                break;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> badOwnerOrMode(Path path, int uid, Set<Integer> owners) throws IOException {
        int owner = (Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
        if (owner != 0 && owner != uid && !owners.contains(owner)) {
            return Optional.of("bad ownership of " + path + " (uid " + owner + "; it must be the account's or root's)");
        }
        if (perms.contains(PosixFilePermission.GROUP_WRITE) || perms.contains(PosixFilePermission.OTHERS_WRITE)) {
            return Optional.of("bad modes of " + path + " (" + java.nio.file.attribute.PosixFilePermissions.toString(perms)
                    + "; group and others must not write to it)");
        }
        return Optional.empty();
    }

    private static byte[] readCapped(Path opened, long size) throws IOException {
        int want = (int) Math.min(size, MAX_BYTES);
        ByteBuffer buffer = ByteBuffer.allocate(want);
        try (FileChannel channel = FileChannel.open(opened, StandardOpenOption.READ)) {
            while (buffer.hasRemaining() && channel.read(buffer) > 0) {
                // until the cap or the end
            }
        }
        return java.util.Arrays.copyOf(buffer.array(), buffer.position());
    }

    /** Key lines; comments and blank lines skipped silently, anything else that is not a usable key counted. */
    static List<FileKey> parse(String text, boolean cut, Path file, List<String> problems) {
        List<FileKey> keys = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        int last = cut ? lines.length - 1 : lines.length; // a line the cap cut in two is not a key
        int skipped = 0;
        String first = null;
        for (int i = 0; i < last; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                keys.add(parseLine(line, i + 1));
            } catch (IllegalArgumentException | AccountException e) {
                skipped++;
                if (first == null) {
                    first = "line " + (i + 1) + ": " + AccountRules.printable(e.getMessage());
                }
            }
        }
        if (skipped > 0) {
            problems.add(file + ": " + skipped + " line" + (skipped == 1 ? "" : "s") + " skipped, not usable keys ("
                    + first + ")");
        }
        return keys;
    }

    /** {@code [options] type base64 [comment]}: the options end at the first blank outside double quotes. */
    static FileKey parseLine(String line, int number) {
        String keyPart = line;
        KeyOptions options = KeyOptions.NONE;
        String firstWord = line.split("\\s+", 2)[0];
        if (org.apache.sshd.common.config.keys.KeyUtils.getPublicKeyEntryDecoder(firstWord) == null) {
            int end = 0;
            boolean quoted = false;
            while (end < line.length() && (quoted || !Character.isWhitespace(line.charAt(end)))) {
                if (line.charAt(end) == '"' && (end == 0 || line.charAt(end - 1) != '\\')) {
                    quoted = !quoted;
                }
                end++;
            }
            options = KeyOptions.parse(line.substring(0, end));
            keyPart = line.substring(end).strip();
        }
        return new FileKey(AuthorizedKey.parse(keyPart), options, number);
    }
}
