package io.portcullis.app;

import io.portcullis.conf.IdRange;
import io.portcullis.host.DataDirectory;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code DATA_DIR/portcullis.conf}: what belongs to the machine rather than to an administrator's
 * settings (SPEC §1: "conf/ holds the shipped defaults; settings a user may change live in SQLite"),
 * such as the console device, the Kerberos keytab and realm, and the syslog endpoint. The shipped
 * {@code conf/portcullis.conf} is copied there on first start, all of it commented out, so an operator
 * edits the copy next to the database. Read once at start: a bad line stops the start with its number.
 *
 * <p>Format: {@code key = value} lines; {@code #} starts a comment line; blank lines are ignored.
 */
public final class ApplianceConf {

    public static final String FILE_NAME = "portcullis.conf";
    /** Where the shipped defaults are inside the jar. */
    static final String SHIPPED_RESOURCE = "/conf/portcullis.conf";

    static final Set<String> KEYS = Set.of(
            "console.device",
            "kerberos.realm", "kerberos.keytab", "kerberos.principal", "kerberos.krb5-conf",
            "syslog.endpoint", "ssh.penalty-exempt-list", "ssh.max-channels-per-connection",
            "accounts.id-range", "accounts.userdb-dir");

    /** Where systemd's NSS reads drop-in user records (nss-systemd(8)); {@code none} publishes nothing. */
    public static final Path DEFAULT_USERDB_DIR = Path.of("/run/userdb");

    /** Channels one SSH connection may have open at once, unless ssh.max-channels-per-connection says otherwise. */
    public static final int DEFAULT_MAX_CHANNELS = 256;
    static final int MAX_MAX_CHANNELS = 16_384;

    private final Path source;
    private final Path dataDir;
    private final Map<String, String> values;

    private ApplianceConf(Path source, Path dataDir, Map<String, String> values) {
        this.source = source;
        this.dataDir = dataDir;
        this.values = values;
    }

    /** Thrown for a line we cannot use; the message names the file and line and says what to do. */
    public static final class ConfException extends Exception {
        ConfException(String message) {
            super(message);
        }
    }

    /** The file in {@code dataDir}, or no settings at all when there is none. */
    public static ApplianceConf load(Path dataDir) throws ConfException {
        Path file = dataDir.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            return new ApplianceConf(file, dataDir, Map.of());
        }
        return read(file, dataDir);
    }

    /**
     * The file named by {@code --conf} (the package's {@code /etc/portcullis/portcullis.conf}); it must
     * exist, since naming a file that is not there is a mistake. Relative paths in it still lie under the data directory.
     */
    public static ApplianceConf loadNamed(Path file, Path dataDir) throws ConfException {
        if (!Files.isRegularFile(file)) {
            throw new ConfException("--conf " + file + ": no such file; give the path of an existing portcullis.conf"
                    + " (the package installs /etc/portcullis/portcullis.conf)");
        }
        return read(file, dataDir);
    }

    private static ApplianceConf read(Path file, Path dataDir) throws ConfException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ConfException(file + ": cannot read it (" + e.getMessage() + "); make it readable or remove it");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new ConfException(file + ": not UTF-8 text; save it as UTF-8");
        }
        return parse(file, dataDir, text);
    }

    static ApplianceConf parse(Path file, Path dataDir, String text) throws ConfException {
        Map<String, String> values = new LinkedHashMap<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            String where = file + " line " + (i + 1) + ": ";
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new ConfException(where + "'" + line + "' is not 'key = value'; write it as key = value or"
                        + " comment it out with #");
            }
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            if (!KEYS.contains(key)) {
                throw new ConfException(where + "unknown key '" + key + "'; the keys are "
                        + String.join(", ", KEYS.stream().sorted().toList()));
            }
            if (values.containsKey(key)) {
                throw new ConfException(where + "'" + key + "' is set twice; keep one of the lines");
            }
            if (value.isEmpty()) {
                throw new ConfException(where + "'" + key + "' has no value; give one or comment the line out");
            }
            check(where, key, value);
            values.put(key, value);
        }
        return new ApplianceConf(file, dataDir, values);
    }

    private static void check(String where, String key, String value) throws ConfException {
        switch (key) {
            case "syslog.endpoint" -> endpoint(where, value);
            case "ssh.penalty-exempt-list" -> {
                for (String pattern : io.portcullis.settings.sshdconfig.PatternList.parse(value).patterns()) {
                    try {
                        io.portcullis.settings.sshdconfig.AddressPattern.check(pattern);
                    } catch (IllegalArgumentException e) {
                        throw new ConfException(where + "ssh.penalty-exempt-list: " + e.getMessage());
                    }
                }
            }
            case "accounts.id-range" -> {
                try {
                    IdRange.parse(value);
                } catch (IllegalArgumentException e) {
                    throw new ConfException(where + "accounts.id-range: " + e.getMessage());
                }
            }
            case "ssh.max-channels-per-connection" -> {
                if (!value.matches("\\d{1,5}") || Integer.parseInt(value) < 1 || Integer.parseInt(value) > MAX_MAX_CHANNELS) {
                    throw new ConfException(where + "ssh.max-channels-per-connection '" + value + "': give a whole number"
                            + " from 1 to " + MAX_MAX_CHANNELS);
                }
            }
            case "kerberos.realm" -> {
                if (!value.matches("[A-Za-z0-9._-]+")) {
                    throw new ConfException(where + "kerberos.realm '" + value + "' is not a realm name; give one"
                            + " such as EXAMPLE.ORG");
                }
            }
            default -> {
                // paths and principals are checked where they are used, with the file named then
            }
        }
    }

    private static InetSocketAddress endpoint(String where, String value) throws ConfException {
        int colon = value.lastIndexOf(':');
        String host = colon > 0 ? value.substring(0, colon) : "";
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            int port = Integer.parseInt(value.substring(colon + 1));
            if (!host.isEmpty() && port >= 1 && port <= 65535) {
                return InetSocketAddress.createUnresolved(host, port);
            }
        } catch (NumberFormatException | IndexOutOfBoundsException ignored) {
            // reported below with the expected form
        }
        throw new ConfException(where + "syslog.endpoint '" + value + "' is not HOST:PORT; give one such as"
                + " 127.0.0.1:514 (sent as RFC 5424 over UDP)");
    }

    /** Copies the shipped, commented-out defaults into a data directory that has no conf yet. */
    public static void installShippedDefaults(Path dataDir) throws IOException {
        Path file = dataDir.resolve(FILE_NAME);
        if (Files.exists(file)) {
            return;
        }
        try (InputStream shipped = ApplianceConf.class.getResourceAsStream(SHIPPED_RESOURCE)) {
            if (shipped != null) {
                // born 0600, as everything of the appliance's in the data directory (see DataDirectory)
                DataDirectory.createPrivateFile(file);
                try (var out = Files.newOutputStream(file, java.nio.file.StandardOpenOption.TRUNCATE_EXISTING)) {
                    shipped.transferTo(out);
                }
            }
        }
    }

    public Path source() {
        return source;
    }

    public Optional<String> value(String key) {
        if (!KEYS.contains(key)) {
            throw new IllegalArgumentException("not a conf key: " + key);
        }
        return Optional.ofNullable(values.get(key));
    }

    /** ssh.max-channels-per-connection, or {@link #DEFAULT_MAX_CHANNELS}. */
    public int maxChannelsPerConnection() {
        return value("ssh.max-channels-per-connection").map(Integer::parseInt).orElse(DEFAULT_MAX_CHANNELS);
    }

    /** A path value; relative paths lie under the data directory. */
    public Optional<Path> path(String key) {
        return value(key).map(v -> dataDir.resolve(v).normalize());
    }

    /** {@code accounts.id-range}: where new uids and gids come from (default {@link IdRange#DEFAULT}). */
    public IdRange idRange() {
        return value("accounts.id-range").map(IdRange::parse).orElse(IdRange.DEFAULT);
    }

    /** {@code accounts.userdb-dir}: where accounts are published as systemd user records; empty for {@code none}. */
    public Optional<Path> userdbDirectory() {
        Optional<String> value = value("accounts.userdb-dir");
        if (value.isPresent() && value.get().equals("none")) {
            return Optional.empty();
        }
        return Optional.of(value.map(v -> dataDir.resolve(v).normalize()).orElse(DEFAULT_USERDB_DIR));
    }

    /** {@code syslog.endpoint}, unresolved: name lookup happens when a line is sent. */
    public Optional<InetSocketAddress> syslogEndpoint() {
        return value("syslog.endpoint").map(v -> {
            try {
                return endpoint("", v);
            } catch (ConfException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        });
    }
}
