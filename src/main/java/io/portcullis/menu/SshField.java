package io.portcullis.menu;

import io.portcullis.settings.SftpLogLevel;
import io.portcullis.settings.SshSettings;
import io.portcullis.settings.SshSettingsDraft;
import io.portcullis.settings.SyslogFacility;
import io.portcullis.settings.WeakCipher;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The SSH service's fields (SPEC §3) as option 3 asks for them: the label of the SPEC, the name that
 * {@code ssh set} and the validation rules use, how the value is shown and how typed text is read.
 * A typed value that cannot be read is refused here; whether it is allowed is decided by the same
 * rules as {@code ssh set} (see {@link SshSettingsWalkthrough}).
 */
enum SshField {

    TCP_PORT("TCP Port", "tcp-port", "1-65535", true,
            s -> Integer.toString(s.tcpPort()), (f, d, text) -> d.tcpPort = f.readPort(text)),
    BIND_INTERFACES("Bind Interfaces", "bind-interfaces", "interface names, comma-separated; - for all addresses", true,
            s -> showList(s.bindInterfaces()), (f, d, text) -> d.bindInterfaces = readList(text)),
    ROOT_LOGIN_WITH_PASSWORD("Log in as Root with Password", "root-login-with-password", "yes/no", false,
            s -> yesNo(s.rootLoginWithPassword()), (f, d, text) -> d.rootLoginWithPassword = f.readYesNo(text)),
    PASSWORD_AUTH("Allow Password Authentication", "password-auth", "yes/no", false,
            s -> yesNo(s.passwordAuth()), (f, d, text) -> d.passwordAuth = f.readYesNo(text)),
    PASSWORD_LOGIN_GROUPS("Password Login Groups", "password-login-groups",
            "group names, comma-separated; - for everyone", false,
            s -> showList(s.passwordLoginGroups()), (f, d, text) -> d.passwordLoginGroups = readList(text)),
    KERBEROS_AUTH("Allow Kerberos Authentication", "kerberos-auth", "yes/no", false,
            s -> yesNo(s.kerberosAuth()), (f, d, text) -> d.kerberosAuth = f.readYesNo(text)),
    TCP_FORWARDING("Allow TCP Port Forwarding", "tcp-forwarding", "yes/no", false,
            s -> yesNo(s.tcpForwarding()), (f, d, text) -> d.tcpForwarding = f.readYesNo(text)),
    COMPRESSION("Compress Connections", "compression", "yes/no", true,
            s -> yesNo(s.compression()), (f, d, text) -> d.compression = f.readYesNo(text)),
    SFTP_LOG_LEVEL("SFTP Log Level", "sftp-log-level", names(SftpLogLevel.values()), false,
            s -> s.sftpLogLevel().name(), (f, d, text) -> d.sftpLogLevel = f.readChoice(text, SftpLogLevel.class)),
    SFTP_LOG_FACILITY("SFTP Log Facility", "sftp-log-facility", names(SyslogFacility.values()), false,
            s -> s.sftpLogFacility().name(),
            (f, d, text) -> d.sftpLogFacility = f.readChoice(text, SyslogFacility.class)),
    WEAK_CIPHERS("Weak Ciphers", "weak-ciphers", "AES128-CBC, NONE, comma-separated; - or none for neither", true,
            s -> showList(s.weakCiphers().stream().sorted().map(WeakCipher::label).toList()),
            (f, d, text) -> d.weakCiphers = f.readCiphers(text)),
    AUX_PARAMS("Auxiliary Parameters", "aux-params", "sshd_config lines, \\n between them; - for none", true,
            s -> showText(s.auxParams()), (f, d, text) -> d.auxParams = readText(text));

    /** Reads typed text into one field of a draft; throws naming the field and the rule. */
    @FunctionalInterface
    private interface TextReader {
        void read(SshField field, SshSettingsDraft draft, String text);
    }

    /** Typed for a list or text field: empty it. */
    static final String CLEAR = "-";

    private final String label;
    private final String option;
    private final String accepted;
    private final boolean appliesAtRestart;
    private final Function<SshSettings, String> shown;
    private final TextReader reader;

    SshField(String label, String option, String accepted, boolean appliesAtRestart, Function<SshSettings, String> shown,
             TextReader reader) {
        this.label = label;
        this.option = option;
        this.accepted = accepted;
        this.appliesAtRestart = appliesAtRestart;
        this.shown = shown;
        this.reader = reader;
    }

    /** The field's name in SPEC §3, e.g. "TCP Port". */
    String label() {
        return label;
    }

    /** The field's name in {@code ssh set --NAME} and in the validation rules' messages. */
    String option() {
        return option;
    }

    /** What may be typed, shown with the question. */
    String accepted() {
        return accepted;
    }

    /** Listeners, algorithms and compression are fixed when the service starts (SPEC §3). */
    boolean appliesAtRestart() {
        return appliesAtRestart;
    }

    /** The value as the menu shows it and as it may be typed back. */
    String show(SshSettings settings) {
        return shown.apply(settings);
    }

    /** Reads typed text into the draft; throws {@link IllegalArgumentException} naming the field and the rule. */
    void apply(SshSettingsDraft draft, String text) {
        reader.read(this, draft, text);
    }

    /** Whether a validation problem (from {@code SshSettingsRules}) is about this field. */
    boolean isAbout(String problem) {
        return problem.startsWith(option + " ") || problem.startsWith(option + ":");
    }

    private IllegalArgumentException refused(String text, String rule) {
        return new IllegalArgumentException(option + ": '" + text + "' " + rule);
    }

    private static String names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).collect(Collectors.joining(", "));
    }

    private static String yesNo(boolean value) {
        return value ? "yes" : "no";
    }

    private static String showList(List<String> values) {
        return values.isEmpty() ? CLEAR : String.join(",", values);
    }

    /** Lines of text on one line, as {@code ssh set --aux-params} takes them. */
    private static String showText(String text) {
        return text.isEmpty() ? CLEAR : text.replace("\n", "\\n");
    }

    private static String readText(String text) {
        return text.equals(CLEAR) ? "" : text.replace("\\n", "\n");
    }

    private static List<String> readList(String text) {
        if (text.equals(CLEAR)) {
            return List.of();
        }
        return Arrays.stream(text.split("[,\\s]+")).filter(s -> !s.isEmpty()).toList();
    }

    private int readPort(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw refused(text, "is not a number; give a whole number from 1 to 65535");
        }
    }

    private Set<WeakCipher> readCiphers(String text) {
        Set<WeakCipher> ciphers = EnumSet.noneOf(WeakCipher.class);
        if (!text.equalsIgnoreCase("none")) {
            for (String label : readList(text)) {
                ciphers.add(WeakCipher.fromLabel(label).orElseThrow(() ->
                        refused(label, "is not one of AES128-CBC, NONE; give a comma-separated list, or none")));
            }
        }
        return ciphers;
    }

    private boolean readYesNo(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "yes", "y", "true", "on" -> true;
            case "no", "n", "false", "off" -> false;
            default -> throw refused(text, "is not yes or no; answer yes or no");
        };
    }

    private <E extends Enum<E>> E readChoice(String text, Class<E> type) {
        try {
            return Enum.valueOf(type, text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw refused(text, "is not one of " + names(type.getEnumConstants()));
        }
    }
}
