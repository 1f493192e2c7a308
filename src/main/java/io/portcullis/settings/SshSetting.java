package io.portcullis.settings;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One SSH service setting (SPEC §3), declared once: its key (the {@code ssh set --KEY} option, the name in
 * every message about it, and, with '_' for '-', its column), the label of the SPEC and of TrueNAS's page,
 * the {@code sshd_config} keyword it stands for, its type, default and rule, and when a change applies.
 * {@code ssh set}, {@code ssh show}, the local menu's option 3, the store, completion and the settings
 * table of the docs are all made from {@link #ALL}. Adding a setting is one constant here, its line in
 * {@link #ALL} and a migration that adds its column.
 */
public final class SshSetting<T> {

    public static final SshSetting<Integer> TCP_PORT = define("tcp-port", "TCP Port", SettingType.port(), 2222)
            .keyword("Port").appliesAt(AppliesAt.RESTART).accepted("1-65535")
            .summary("port to listen on, 1 to 65535")
            .rule((port, machine) -> port < 1 || port > 65535
                    ? List.of("tcp-port " + port + ": give a whole number from 1 to 65535") : List.of());

    public static final SshSetting<List<String>> BIND_INTERFACES = define("bind-interfaces", "Bind Interfaces",
            SettingType.names("IF,IF"), List.<String>of())
            .keyword("ListenAddress").appliesAt(AppliesAt.RESTART).empty("all addresses")
            .accepted("interface names, comma-separated")
            .summary("interfaces to listen on, plus 127.0.0.1; '' for all addresses")
            .completing(machine -> NetworkInterfaces.names())
            .rule((names, machine) -> names.stream().filter(name -> !NetworkInterfaces.exists(name))
                    .map(name -> "bind-interfaces: no interface named '" + name + "' on this machine;"
                            + " 'ssh bind-interfaces choices' lists them").toList());

    public static final SshSetting<Boolean> ROOT_LOGIN_WITH_PASSWORD = define("root-login-with-password",
            "Log in as Root with Password", SettingType.SWITCH, false)
            .keyword("PermitRootLogin").summary("when false, root logs in by key only");

    public static final SshSetting<Boolean> PASSWORD_AUTH = define("password-auth", "Allow Password Authentication",
            SettingType.SWITCH, true)
            .keyword("PasswordAuthentication").summary("when false, every account needs a key");

    public static final SshSetting<List<String>> PASSWORD_LOGIN_GROUPS = define("password-login-groups",
            "Password Login Groups", SettingType.names("G,G"), List.<String>of())
            .empty("everyone").accepted("group names, comma-separated")
            .summary("only members of these groups may use a password; '' for everyone")
            .completing(SettingContext::groupNames)
            .rule((groups, machine) -> groups.stream().filter(group -> !machine.groupExists(group))
                    .map(group -> "password-login-groups: no group named '" + group + "'; 'accounts groups list'"
                            + " shows them").toList());

    public static final SshSetting<Boolean> KERBEROS_AUTH = define("kerberos-auth", "Allow Kerberos Authentication",
            SettingType.SWITCH, false)
            .keyword("GSSAPIAuthentication")
            .summary("gssapi-with-mic logins; needs kerberos.realm and kerberos.keytab in DATA_DIR/portcullis.conf");

    public static final SshSetting<Boolean> TCP_FORWARDING = define("tcp-forwarding", "Allow TCP Port Forwarding",
            SettingType.SWITCH, false)
            .keyword("AllowTcpForwarding").summary("ssh -L / -R for login shells and the admin console");

    public static final SshSetting<Boolean> COMPRESSION = define("compression", "Compress Connections",
            SettingType.SWITCH, false)
            .keyword("Compression").appliesAt(AppliesAt.RESTART).summary("offer zlib@openssh.com and zlib");

    public static final SshSetting<SftpLogLevel> SFTP_LOG_LEVEL = define("sftp-log-level", "SFTP Log Level",
            SettingType.choice(SftpLogLevel.class, "LEVEL"), SftpLogLevel.ERROR)
            .summary("what SFTP operations are logged");

    public static final SshSetting<SyslogFacility> SFTP_LOG_FACILITY = define("sftp-log-facility",
            "SFTP Log Facility", SettingType.choice(SyslogFacility.class, "FACILITY"), SyslogFacility.AUTH)
            .summary("syslog facility of the SFTP lines");

    public static final SshSetting<Set<WeakCipher>> WEAK_CIPHERS = define("weak-ciphers", "Weak Ciphers",
            SettingType.WEAK_CIPHERS, Set.<WeakCipher>of())
            .appliesAt(AppliesAt.RESTART).empty("neither").accepted("AES128-CBC, NONE, comma-separated")
            .summary("weak ciphers to offer as well; none (lower case) for neither");

    public static final SshSetting<ChannelTimeouts> CHANNEL_TIMEOUT = define("channel-timeout", "Channel Timeout",
            SettingType.CHANNEL_TIMEOUTS, ChannelTimeouts.NONE)
            .keyword("ChannelTimeout").appliesAt(AppliesAt.RESTART)
            .accepted("TYPE=INTERVAL pairs (session, direct-tcpip, forwarded-tcpip, agent-connection, global) or none")
            .summary("close a channel of a type after this long without data; global: all of a connection's"
                    + " channels once none had data");

    public static final SshSetting<Optional<Duration>> UNUSED_CONNECTION_TIMEOUT = define("unused-connection-timeout",
            "Unused Connection Timeout", SettingType.INTERVAL_OR_NONE, Optional.<Duration>empty())
            .keyword("UnusedConnectionTimeout").appliesAt(AppliesAt.RESTART).accepted("a time (30s, 5m, 1h) or none")
            .summary("close a logged-in connection that has had no channel open for this long");

    public static final SshSetting<String> AUX_PARAMS = define("aux-params", "Auxiliary Parameters",
            SettingType.LINES, "")
            .appliesAt(AppliesAt.RESTART).empty("none").accepted("sshd_config lines, \\n between them")
            .summary("extra sshd_config lines; \\n inside the value separates lines")
            .rule((text, machine) -> machine.auxProblems(text));

    /** Every setting, in the order {@code ssh show}, the menu and the docs give them. */
    public static final List<SshSetting<?>> ALL = List.of(TCP_PORT, BIND_INTERFACES, ROOT_LOGIN_WITH_PASSWORD,
            PASSWORD_AUTH, PASSWORD_LOGIN_GROUPS, KERBEROS_AUTH, TCP_FORWARDING, COMPRESSION, SFTP_LOG_LEVEL,
            SFTP_LOG_FACILITY, WEAK_CIPHERS, CHANNEL_TIMEOUT, UNUSED_CONNECTION_TIMEOUT, AUX_PARAMS);

    private final String key;
    private final String label;
    private final Optional<String> keyword;
    private final SettingType<T> type;
    private final T defaultValue;
    private final AppliesAt appliesAt;
    private final String summary;
    private final String accepted;
    private final String empty;
    private final Function<SettingContext, List<String>> completions;
    private final BiFunction<T, SettingContext, List<String>> rule;

    private SshSetting(String key, String label, Optional<String> keyword, SettingType<T> type, T defaultValue,
                       AppliesAt appliesAt, String summary, String accepted, String empty,
                       Function<SettingContext, List<String>> completions,
                       BiFunction<T, SettingContext, List<String>> rule) {
        this.key = key;
        this.label = label;
        this.keyword = keyword;
        this.type = type;
        this.defaultValue = defaultValue;
        this.appliesAt = appliesAt;
        this.summary = summary;
        this.accepted = accepted;
        this.empty = empty;
        this.completions = completions;
        this.rule = rule;
    }

    private static <T> SshSetting<T> define(String key, String label, SettingType<T> type, T defaultValue) {
        return new SshSetting<>(key, label, Optional.empty(), type, defaultValue, AppliesAt.NEXT_LOGIN, "",
                type.accepted(), "none", machine -> type.completions(), (value, machine) -> List.of());
    }

    // the declarations above read as sentences; each of these returns the setting with one more fact

    private SshSetting<T> keyword(String sshdConfigKeyword) {
        return new SshSetting<>(key, label, Optional.of(sshdConfigKeyword), type, defaultValue, appliesAt, summary,
                accepted, empty, completions, rule);
    }

    private SshSetting<T> appliesAt(AppliesAt when) {
        return new SshSetting<>(key, label, keyword, type, defaultValue, when, summary, accepted, empty, completions,
                rule);
    }

    private SshSetting<T> summary(String text) {
        return new SshSetting<>(key, label, keyword, type, defaultValue, appliesAt, text, accepted, empty, completions,
                rule);
    }

    private SshSetting<T> accepted(String text) {
        return new SshSetting<>(key, label, keyword, type, defaultValue, appliesAt, summary, text, empty, completions,
                rule);
    }

    private SshSetting<T> empty(String meaning) {
        return new SshSetting<>(key, label, keyword, type, defaultValue, appliesAt, summary, accepted, meaning,
                completions, rule);
    }

    private SshSetting<T> completing(Function<SettingContext, List<String>> values) {
        return new SshSetting<>(key, label, keyword, type, defaultValue, appliesAt, summary, accepted, empty, values,
                rule);
    }

    private SshSetting<T> rule(BiFunction<T, SettingContext, List<String>> check) {
        return new SshSetting<>(key, label, keyword, type, defaultValue, appliesAt, summary, accepted, empty,
                completions, check);
    }

    /** {@code tcp-port}: the option of {@code ssh set}, and how every message about this setting starts. */
    public String key() {
        return key;
    }

    /** {@code TCP Port}: the SPEC's and the menu's name. */
    public String label() {
        return label;
    }

    /** The sshd_config(5) keyword this setting stands for, if there is one. */
    public Optional<String> keyword() {
        return keyword;
    }

    public SettingType<T> type() {
        return type;
    }

    public T defaultValue() {
        return defaultValue;
    }

    public AppliesAt appliesAt() {
        return appliesAt;
    }

    /** One line on what it does, for {@code --help} and the docs. */
    public String summary() {
        return summary;
    }

    /** What may be typed, in words, as the menu asks for it ("1-65535", "interface names, comma-separated"). */
    public String accepted() {
        return accepted;
    }

    /** What the empty value means ("all addresses", "everyone"), for settings whose value may be empty. */
    public String emptyMeaning() {
        return empty;
    }

    /** Its column in {@code ssh_settings}. */
    public String column() {
        return key.replace('-', '_');
    }

    /** {@code --tcp-port N}, as help and messages show the option. */
    public String usage() {
        return "--" + key + " " + type.valueName();
    }

    public T parse(String text) {
        return type.parse(text);
    }

    public String format(T value) {
        return type.format(value);
    }

    /** The value as {@code ssh show} prints it. */
    public String describe(T value) {
        return type.describe(value, empty);
    }

    /** What the value breaks of this setting's rule, each problem starting with the key; empty when it is fine. */
    public List<String> problems(T value, SettingContext machine) {
        return rule.apply(value, machine);
    }

    /** Values to complete, e.g. the machine's interfaces. */
    public List<String> completions(SettingContext machine) {
        return completions.apply(machine);
    }

    /** Whether a problem (from the rules, a stored row or a parse) is about this setting. */
    public boolean isAbout(String problem) {
        return problem.startsWith(key + " ") || problem.startsWith(key + ":");
    }

    /** The setting of this key, as typed ({@code ssh set --KEY}). */
    public static Optional<SshSetting<?>> byKey(String key) {
        return ALL.stream().filter(s -> s.key.equals(key)).findFirst();
    }

    /**
     * sshd_config keywords (lower case) that are settings here, with the {@code ssh set} option that sets
     * each: the auxiliary parameters refuse them, naming the option.
     */
    public static Map<String, String> keywords() {
        return ALL.stream().filter(s -> s.keyword.isPresent()).collect(Collectors.toUnmodifiableMap(
                s -> s.keyword.get().toLowerCase(Locale.ROOT), SshSetting::usage));
    }

    @Override
    public String toString() {
        return key;
    }
}
