package io.portcullis.app;

import io.portcullis.conf.ApplianceConf;
import io.portcullis.conf.IdRange;
import io.portcullis.host.DataDirectory;
import io.portcullis.settings.sshdconfig.AddressPattern;
import io.portcullis.settings.sshdconfig.PatternList;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads {@code DATA_DIR/portcullis.conf} (or the file {@code --conf} names) into an {@link ApplianceConf}:
 * what belongs to the machine rather than to an administrator's settings (SPEC §1: "conf/ holds the
 * shipped defaults; settings a user may change live in SQLite"). The shipped {@code conf/portcullis.conf}
 * is copied there on first start, all of it commented out, so an operator edits the copy next to the
 * database. Parsed whole: a bad line stops the start with its number, and a re-read of a bad file
 * ({@link ConfReload}) changes nothing. The keys are known here only.
 *
 * <p>Format: {@code key = value} lines; {@code #} starts a comment line; blank lines are ignored.
 */
public final class ApplianceConfFile {

    /** Where the shipped defaults are inside the jar. */
    static final String SHIPPED_RESOURCE = "/conf/portcullis.conf";

    static final Set<String> KEYS = Set.of(
            "console.device",
            "kerberos.realm", "kerberos.keytab", "kerberos.principal", "kerberos.krb5-conf",
            "syslog.endpoint", "ssh.penalty-exempt-list", "ssh.max-channels-per-connection",
            "accounts.id-range", "accounts.userdb-dir");

    /**
     * What a re-read of the file ({@code systemctl reload}, SIGHUP) cannot change in a running appliance: the
     * console device is opened at start, the userdb directory holds the records published at start, and the
     * JDK reads its krb5.conf once. Every other key is read where it is used, so a reload puts it in force.
     */
    static final Set<String> AT_RESTART = Set.of("console.device", "accounts.userdb-dir", "kerberos.krb5-conf");

    private ApplianceConfFile() {
    }

    /** Each key's value in {@code conf} as an operator reads it, for telling what a reload changes. */
    static Map<String, String> values(ApplianceConf conf) {
        Map<String, String> v = new java.util.TreeMap<>();
        v.put("console.device", shown(conf.consoleDevice()));
        v.put("kerberos.realm", shown(conf.kerberos().realm()));
        v.put("kerberos.keytab", shown(conf.kerberos().keytab()));
        v.put("kerberos.principal", shown(conf.kerberos().principal()));
        v.put("kerberos.krb5-conf", shown(conf.kerberos().krb5Conf()));
        v.put("syslog.endpoint", conf.syslog().endpoint().map(e -> e.getHostString() + ":" + e.getPort())
                .orElse("(none)"));
        v.put("ssh.penalty-exempt-list", conf.ssh().penaltyExemptList().isEmpty() ? "(none)"
                : String.join(",", conf.ssh().penaltyExemptList()));
        v.put("ssh.max-channels-per-connection", Integer.toString(conf.ssh().maxChannelsPerConnection()));
        v.put("accounts.id-range", conf.accounts().idRange().toString());
        v.put("accounts.userdb-dir", conf.accounts().userdbDirectory().map(Path::toString).orElse("none"));
        return v;
    }

    private static String shown(Optional<?> value) {
        return value.map(Object::toString).orElse("(none)");
    }

    /** {@code next} as far as a running appliance can take it: the {@link #AT_RESTART} parts stay {@code running}'s. */
    static ApplianceConf liveParts(ApplianceConf running, ApplianceConf next) {
        ApplianceConf.Kerberos k = next.kerberos();
        return new ApplianceConf(next.source(), running.consoleDevice(),
                new ApplianceConf.Kerberos(k.realm(), k.keytab(), k.principal(), running.kerberos().krb5Conf()),
                next.syslog(), next.ssh(),
                new ApplianceConf.Accounts(next.accounts().idRange(), running.accounts().userdbDirectory()));
    }

    /** Thrown for a line we cannot use; the message names the file and line and says what to do. */
    public static final class ConfException extends Exception {
        ConfException(String message) {
            super(message);
        }
    }

    /** The file {@code --conf} names, else the one in the data directory (or the defaults when it has none). */
    static ApplianceConf loadFor(StartupOptions options, Path dataDir) throws ConfException {
        return options.confFile().isPresent() ? loadNamed(options.confFile().get().toAbsolutePath(), dataDir)
                : load(dataDir);
    }

    /** The file in {@code dataDir}, or the defaults when there is none. */
    public static ApplianceConf load(Path dataDir) throws ConfException {
        Path file = dataDir.resolve(ApplianceConf.FILE_NAME);
        if (!Files.exists(file)) {
            return ApplianceConf.defaults(file);
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
        Map<String, String> where = new LinkedHashMap<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            String at = file + " line " + (i + 1) + ": ";
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new ConfException(at + "'" + line + "' is not 'key = value'; write it as key = value or"
                        + " comment it out with #");
            }
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            if (!KEYS.contains(key)) {
                throw new ConfException(at + "unknown key '" + key + "'; the keys are "
                        + String.join(", ", KEYS.stream().sorted().toList()));
            }
            if (values.containsKey(key)) {
                throw new ConfException(at + "'" + key + "' is set twice; keep one of the lines");
            }
            if (value.isEmpty()) {
                throw new ConfException(at + "'" + key + "' has no value; give one or comment the line out");
            }
            values.put(key, value);
            where.put(key, at);
        }
        return new Lines(values, where, dataDir).conf(file);
    }

    /** The key = value lines of one file, each turned into its part with its line named when it is wrong. */
    private record Lines(Map<String, String> values, Map<String, String> where, Path dataDir) {

        ApplianceConf conf(Path file) throws ConfException {
            return new ApplianceConf(file, path("console.device"), kerberos(), syslog(), ssh(), accounts());
        }

        private Optional<String> value(String key) {
            return Optional.ofNullable(values.get(key));
        }

        /** A path value; relative paths lie under the data directory. */
        private Optional<Path> path(String key) {
            return value(key).map(v -> dataDir.resolve(v).normalize());
        }

        private ApplianceConf.Kerberos kerberos() throws ConfException {
            Optional<String> realm = value("kerberos.realm");
            if (realm.isPresent() && !realm.get().matches("[A-Za-z0-9._-]+")) {
                throw new ConfException(where.get("kerberos.realm") + "kerberos.realm '" + realm.get()
                        + "' is not a realm name; give one such as EXAMPLE.ORG");
            }
            // paths and principals are checked where they are used, with the file named then
            return new ApplianceConf.Kerberos(realm, path("kerberos.keytab"), value("kerberos.principal"),
                    path("kerberos.krb5-conf"));
        }

        private ApplianceConf.Syslog syslog() throws ConfException {
            Optional<String> endpoint = value("syslog.endpoint");
            return new ApplianceConf.Syslog(endpoint.isEmpty() ? Optional.empty()
                    : Optional.of(endpoint(where.get("syslog.endpoint"), endpoint.get())));
        }

        private ApplianceConf.Ssh ssh() throws ConfException {
            List<String> exempt = new ArrayList<>();
            Optional<String> list = value("ssh.penalty-exempt-list");
            if (list.isPresent()) {
                for (String pattern : PatternList.parse(list.get()).patterns()) {
                    try {
                        AddressPattern.check(pattern);
                    } catch (IllegalArgumentException e) {
                        throw new ConfException(where.get("ssh.penalty-exempt-list") + "ssh.penalty-exempt-list: "
                                + e.getMessage());
                    }
                    exempt.add(pattern);
                }
            }
            int channels = ApplianceConf.Ssh.DEFAULT_MAX_CHANNELS;
            Optional<String> max = value("ssh.max-channels-per-connection");
            if (max.isPresent()) {
                String v = max.get();
                if (!v.matches("\\d{1,5}") || Integer.parseInt(v) < 1
                        || Integer.parseInt(v) > ApplianceConf.Ssh.MAX_MAX_CHANNELS) {
                    throw new ConfException(where.get("ssh.max-channels-per-connection")
                            + "ssh.max-channels-per-connection '" + v + "': give a whole number from 1 to "
                            + ApplianceConf.Ssh.MAX_MAX_CHANNELS);
                }
                channels = Integer.parseInt(v);
            }
            return new ApplianceConf.Ssh(exempt, channels);
        }

        private ApplianceConf.Accounts accounts() throws ConfException {
            IdRange range = IdRange.DEFAULT;
            if (values.containsKey("accounts.id-range")) {
                try {
                    range = IdRange.parse(values.get("accounts.id-range"));
                } catch (IllegalArgumentException e) {
                    throw new ConfException(where.get("accounts.id-range") + "accounts.id-range: " + e.getMessage());
                }
            }
            Optional<String> userdb = value("accounts.userdb-dir");
            Optional<Path> directory = userdb.isPresent() && userdb.get().equals("none") ? Optional.empty()
                    : Optional.of(userdb.map(v -> dataDir.resolve(v).normalize())
                            .orElse(ApplianceConf.Accounts.DEFAULT_USERDB_DIR));
            return new ApplianceConf.Accounts(range, directory);
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
        Path file = dataDir.resolve(ApplianceConf.FILE_NAME);
        if (Files.exists(file)) {
            return;
        }
        try (InputStream shipped = ApplianceConfFile.class.getResourceAsStream(SHIPPED_RESOURCE)) {
            if (shipped != null) {
                // born 0600, as everything of the appliance's in the data directory (see DataDirectory)
                DataDirectory.createPrivateFile(file);
                try (var out = Files.newOutputStream(file, java.nio.file.StandardOpenOption.TRUNCATE_EXISTING)) {
                    shipped.transferTo(out);
                }
            }
        }
    }
}
