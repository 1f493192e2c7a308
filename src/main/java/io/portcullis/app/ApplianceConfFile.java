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
            "accounts.id-range", "accounts.userdb-dir",
            "ldap.url", "ldap.ca-file", "ldap.bind-dn", "ldap.bind-password-file", "ldap.user-base", "ldap.group-base",
            "ldap.user-filter", "ldap.group-filter", "ldap.membership", "ldap.attr.username", "ldap.attr.uid-number",
            "ldap.attr.gid-number", "ldap.attr.full-name", "ldap.attr.login-shell", "ldap.attr.ssh-public-key",
            "ldap.attr.group-name", "ldap.attr.member-uid", "ldap.attr.member-of", "ldap.admins-groups",
            "ldap.readonly-admins-groups", "ldap.scponly-groups", "ldap.login-shell-attribute", "ldap.cache-ttl",
            "ldap.timeout");

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
        directoryValues(conf.directory(), v);
        return v;
    }

    /** The ldap.* keys; each is "(none)" without a directory. */
    private static void directoryValues(Optional<ApplianceConf.Directory> directory, Map<String, String> v) {
        ApplianceConf.Directory d = directory.orElse(null);
        for (String key : KEYS) {
            if (key.startsWith("ldap.")) {
                v.put(key, d == null ? "(none)" : directoryValue(d, key));
            }
        }
    }

    private static String directoryValue(ApplianceConf.Directory d, String key) {
        ApplianceConf.Directory.Attributes a = d.attributes();
        ApplianceConf.Directory.Shells s = d.shells();
        Object value = switch (key) {
            case "ldap.url" -> d.url();
            case "ldap.ca-file" -> d.caFile();
            case "ldap.bind-dn" -> shown(d.bindDn());
            case "ldap.bind-password-file" -> shown(d.bindPasswordFile());
            case "ldap.user-base" -> d.userBase();
            case "ldap.group-base" -> d.groupBase();
            case "ldap.user-filter" -> d.userFilter();
            case "ldap.group-filter" -> d.groupFilter();
            case "ldap.membership" -> d.membership();
            case "ldap.attr.username" -> a.username();
            case "ldap.attr.uid-number" -> a.uidNumber();
            case "ldap.attr.gid-number" -> a.gidNumber();
            case "ldap.attr.full-name" -> a.fullName();
            case "ldap.attr.login-shell" -> a.loginShell();
            case "ldap.attr.ssh-public-key" -> a.sshPublicKey();
            case "ldap.attr.group-name" -> a.groupName();
            case "ldap.attr.member-uid" -> a.memberUid();
            case "ldap.attr.member-of" -> a.memberOf();
            case "ldap.admins-groups" -> String.join(",", s.adminsGroups());
            case "ldap.readonly-admins-groups" -> String.join(",", s.readonlyAdminsGroups());
            case "ldap.scponly-groups" -> String.join(",", s.scponlyGroups());
            case "ldap.login-shell-attribute" -> s.loginShellAttribute() ? "yes" : "no";
            case "ldap.cache-ttl" -> d.cacheTtl().toSeconds() + "s";
            case "ldap.timeout" -> d.timeout().toSeconds() + "s";
            default -> throw new IllegalArgumentException(key);
        };
        return String.valueOf(value);
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
                new ApplianceConf.Accounts(next.accounts().idRange(), running.accounts().userdbDirectory()),
                next.directory());
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
            return new ApplianceConf(file, path("console.device"), kerberos(), syslog(), ssh(), accounts(), directory());
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

        private Optional<ApplianceConf.Directory> directory() throws ConfException {
            if (values.keySet().stream().noneMatch(k -> k.startsWith("ldap."))) {
                return Optional.empty();
            }
            return Optional.of(new DirectoryLines(this).directory());
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

    /**
     * The {@code ldap.*} lines: none of them, no directory; with any of them, {@code ldap.url},
     * {@code ldap.ca-file} and {@code ldap.user-base} are needed, and every value is checked here (DNs,
     * filters, attribute names, times), so that a typo stops the start with its line instead of failing logins.
     */
    private record DirectoryLines(Lines lines) {

        ApplianceConf.Directory directory() throws ConfException {
            ApplianceConf.Directory.Url url = url();
            Path caFile = readableFile("ldap.ca-file", "the PEM file of the authority that signed the directory's"
                    + " certificate");
            Optional<String> bindDn = dn("ldap.bind-dn");
            Optional<Path> passwordFile = lines.value("ldap.bind-password-file").isPresent()
                    ? Optional.of(readableFile("ldap.bind-password-file", "a file whose first line is the bind"
                            + " password")) : Optional.empty();
            if (bindDn.isPresent() != passwordFile.isPresent()) {
                String given = bindDn.isPresent() ? "ldap.bind-dn" : "ldap.bind-password-file";
                throw new ConfException(lines.where().get(given) + given + " needs "
                        + (bindDn.isPresent() ? "ldap.bind-password-file" : "ldap.bind-dn")
                        + " too; give both, or neither for anonymous searches");
            }
            String userBase = dn("ldap.user-base").orElseThrow(() -> new ConfException(anyLine()
                    + "ldap.user-base is missing: give the DN under which the users are, e.g. ou=people,dc=example,dc=org"));
            String groupBase = dn("ldap.group-base").orElse(userBase);
            ApplianceConf.Directory.Attributes d = ApplianceConf.Directory.Attributes.RFC2307;
            ApplianceConf.Directory.Attributes attributes = new ApplianceConf.Directory.Attributes(
                    attribute("ldap.attr.username", d.username()), attribute("ldap.attr.uid-number", d.uidNumber()),
                    attribute("ldap.attr.gid-number", d.gidNumber()), attribute("ldap.attr.full-name", d.fullName()),
                    attribute("ldap.attr.login-shell", d.loginShell()),
                    attribute("ldap.attr.ssh-public-key", d.sshPublicKey()),
                    attribute("ldap.attr.group-name", d.groupName()), attribute("ldap.attr.member-uid", d.memberUid()),
                    attribute("ldap.attr.member-of", d.memberOf()));
            ApplianceConf.Directory.Shells shells = new ApplianceConf.Directory.Shells(groups("ldap.admins-groups"),
                    groups("ldap.readonly-admins-groups"), groups("ldap.scponly-groups"),
                    yesNo("ldap.login-shell-attribute", false));
            return new ApplianceConf.Directory(url, caFile, bindDn, passwordFile, userBase, groupBase,
                    filter("ldap.user-filter", ApplianceConf.Directory.DEFAULT_USER_FILTER),
                    filter("ldap.group-filter", ApplianceConf.Directory.DEFAULT_GROUP_FILTER), membership(),
                    attributes, shells, time("ldap.cache-ttl", ApplianceConf.Directory.DEFAULT_CACHE_TTL, false),
                    time("ldap.timeout", ApplianceConf.Directory.DEFAULT_TIMEOUT, true));
        }

        private String anyLine() {
            return lines.where().entrySet().stream().filter(e -> e.getKey().startsWith("ldap.")).map(Map.Entry::getValue)
                    .findFirst().orElse("");
        }

        private ApplianceConf.Directory.Url url() throws ConfException {
            String at = lines.where().get("ldap.url");
            String value = lines.value("ldap.url").orElseThrow(() -> new ConfException(anyLine()
                    + "ldap.url is missing: give the directory as ldaps://HOST or ldap://HOST (which always uses StartTLS)"));
            try {
                com.unboundid.ldap.sdk.LDAPURL parsed = new com.unboundid.ldap.sdk.LDAPURL(value);
                String scheme = parsed.getScheme();
                if (!parsed.hostProvided() || !(scheme.equals("ldap") || scheme.equals("ldaps"))
                        || parsed.baseDNProvided() || parsed.filterProvided() || parsed.attributesProvided()) {
                    throw new ConfException(at + "ldap.url '" + value + "': give only ldaps://HOST[:PORT] or"
                            + " ldap://HOST[:PORT] (StartTLS); the base DNs and filters have keys of their own");
                }
                return new ApplianceConf.Directory.Url(parsed.getHost(), parsed.getPort(), scheme.equals("ldaps"));
            } catch (com.unboundid.ldap.sdk.LDAPException e) {
                throw new ConfException(at + "ldap.url '" + value + "' is not an LDAP URL (" + e.getMessage()
                        + "); give ldaps://HOST[:PORT] or ldap://HOST[:PORT]");
            }
        }

        private Path readableFile(String key, String what) throws ConfException {
            String at = lines.where().get(key);
            Path file = lines.path(key).orElseThrow(() -> new ConfException(anyLine() + key + " is missing: give "
                    + what));
            if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                throw new ConfException(at + key + " " + file + ": no readable file there; give " + what);
            }
            return file;
        }

        private Optional<String> dn(String key) throws ConfException {
            Optional<String> value = lines.value(key);
            if (value.isPresent() && !com.unboundid.ldap.sdk.DN.isValidDN(value.get())) {
                throw new ConfException(lines.where().get(key) + key + " '" + value.get() + "' is not a DN; give one"
                        + " such as ou=people,dc=example,dc=org");
            }
            return value;
        }

        private String filter(String key, String fallback) throws ConfException {
            String value = lines.value(key).orElse(fallback);
            try {
                com.unboundid.ldap.sdk.Filter.create(value);
                return value;
            } catch (com.unboundid.ldap.sdk.LDAPException e) {
                throw new ConfException(lines.where().get(key) + key + " '" + value + "' is not an LDAP filter ("
                        + e.getMessage() + "); give one in parentheses, such as " + fallback);
            }
        }

        private String attribute(String key, String fallback) throws ConfException {
            String value = lines.value(key).orElse(fallback);
            if (!value.matches("[A-Za-z][A-Za-z0-9-]{0,127}")) {
                throw new ConfException(lines.where().get(key) + key + " '" + value + "' is not an attribute name;"
                        + " give one such as " + fallback);
            }
            return value;
        }

        private List<String> groups(String key) throws ConfException {
            List<String> names = new ArrayList<>();
            for (String name : lines.value(key).orElse("").split(",")) {
                String n = name.strip();
                if (n.isEmpty()) {
                    continue;
                }
                if (n.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                    throw new ConfException(lines.where().get(key) + key + ": a group name with a control character;"
                            + " give the directory groups' names, separated by commas");
                }
                names.add(n);
            }
            return names;
        }

        private boolean yesNo(String key, boolean fallback) throws ConfException {
            Optional<String> value = lines.value(key);
            if (value.isEmpty()) {
                return fallback;
            }
            return switch (value.get()) {
                case "yes" -> true;
                case "no" -> false;
                default -> throw new ConfException(lines.where().get(key) + key + " '" + value.get()
                        + "': give yes or no");
            };
        }

        private ApplianceConf.Directory.Membership membership() throws ConfException {
            String value = lines.value("ldap.membership").orElse("rfc2307");
            for (ApplianceConf.Directory.Membership m : ApplianceConf.Directory.Membership.values()) {
                if (m.word().equals(value)) {
                    return m;
                }
            }
            throw new ConfException(lines.where().get("ldap.membership") + "ldap.membership '" + value + "': give"
                    + " rfc2307 (posixGroup memberUid) or memberof (the user's memberOf: FreeIPA, Active Directory)");
        }

        private java.time.Duration time(String key, java.time.Duration fallback, boolean positive) throws ConfException {
            Optional<String> value = lines.value(key);
            if (value.isEmpty()) {
                return fallback;
            }
            try {
                java.time.Duration d = io.portcullis.settings.sshdconfig.TimeFormat.parse(value.get());
                if (positive && d.isZero()) {
                    throw new IllegalArgumentException("must be more than 0");
                }
                return d;
            } catch (IllegalArgumentException e) {
                throw new ConfException(lines.where().get(key) + key + ": " + e.getMessage());
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
