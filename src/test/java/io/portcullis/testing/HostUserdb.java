package io.portcullis.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Users and groups of the host itself, made for a test as systemd records in the real /run/userdb (which
 * the host's NSS reads), each with a name of the test's own; removed at {@link #close()}, so a test can
 * show what Portcullis does with ids and names the host already has without touching /etc/passwd.
 * Registered with {@code @RegisterExtension} on a static field, it is made (with /run/userdb) before the
 * class's appliance starts and closed when the class ends.
 */
public final class HostUserdb implements AutoCloseable, AfterAllCallback {

    public static final Path DIR = Path.of("/run/userdb");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final List<Path> written = new ArrayList<>();

    public HostUserdb() {
        try {
            if (!Files.isDirectory(DIR)) {
                Files.createDirectories(DIR);
                Files.setPosixFilePermissions(DIR, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A name no test run has used: {@code prefix} and six random letters. */
    public static String uniqueName(String prefix) {
        StringBuilder name = new StringBuilder(prefix);
        for (int i = 0; i < 6; i++) {
            name.append((char) ('a' + RANDOM.nextInt(26)));
        }
        return name.toString();
    }

    /** A host user, as systemd-homed or a package would drop it: {@code NAME.user} and {@code UID.user}. */
    public String user(String name, int uid, int gid, Path home, String shell, boolean locked) {
        write(name + ".user", uid + ".user", """
                {"userName":"%s","uid":%d,"gid":%d,"homeDirectory":"%s","shell":"%s","disposition":"regular",\
                "locked":%s}""".formatted(name, uid, gid, home, shell, locked));
        return name;
    }

    public String group(String name, int gid) {
        write(name + ".group", gid + ".group", """
                {"groupName":"%s","gid":%d,"disposition":"regular"}""".formatted(name, gid));
        return name;
    }

    private void write(String file, String link, String json) {
        try {
            Path record = DIR.resolve(file);
            Files.writeString(record, json + "\n");
            Files.setPosixFilePermissions(record, PosixFilePermissions.fromString("rw-r--r--"));
            written.add(record);
            Path alias = DIR.resolve(link);
            Files.deleteIfExists(alias);
            Files.createSymbolicLink(alias, Path.of(file));
            written.add(0, alias);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes one record and its link again (e.g. to end a collision in the middle of a test). */
    public void remove(String file, String link) {
        try {
            Files.deleteIfExists(DIR.resolve(link));
            Files.deleteIfExists(DIR.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    @Override
    public void close() {
        for (Path path : written) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                // best effort: the next run's names differ anyway
            }
        }
        written.clear();
    }

    /** {@code getent DATABASE KEY}: the line, or empty when the host does not know it. */
    public static String getent(String database, String key) {
        try {
            Process p = new ProcessBuilder("getent", database, key).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).strip();
            return p.waitFor() == 0 ? out : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
