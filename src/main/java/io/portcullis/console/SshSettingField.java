package io.portcullis.console;

import io.portcullis.settings.SftpLogLevel;
import io.portcullis.settings.SshSettings;
import io.portcullis.settings.SshSettingsDraft;
import io.portcullis.settings.SyslogFacility;
import io.portcullis.settings.WeakCipher;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Every field of the SSH service settings (SPEC §3) as the console shows and sets it: its option name,
 * its value for people and for JSON, and whether it applies at the next login or only at the next
 * {@code services restart ssh} (listeners, algorithms, compression).
 */
enum SshSettingField {

    TCP_PORT("tcp-port", "TCP Port", true, OptionSpec.number("tcp-port", "N", "port to listen on, 1 to 65535"),
            SshSettings::tcpPort, (d, v) -> d.tcpPort = Integer.parseInt(v)),
    BIND_INTERFACES("bind-interfaces", "Bind Interfaces", true, OptionSpec.list("bind-interfaces", "IF,IF",
            "interfaces to listen on, plus 127.0.0.1; '' for all addresses"),
            SshSettings::bindInterfaces, (d, v) -> d.bindInterfaces = Invocation.splitList(v)),
    ROOT_LOGIN_WITH_PASSWORD("root-login-with-password", "Log in as Root with Password", false,
            OptionSpec.bool("root-login-with-password", "when false, root logs in by key only"),
            SshSettings::rootLoginWithPassword, (d, v) -> d.rootLoginWithPassword = Boolean.parseBoolean(v)),
    PASSWORD_AUTH("password-auth", "Allow Password Authentication", false,
            OptionSpec.bool("password-auth", "when false, every account needs a key"),
            SshSettings::passwordAuth, (d, v) -> d.passwordAuth = Boolean.parseBoolean(v)),
    PASSWORD_LOGIN_GROUPS("password-login-groups", "Password Login Groups", false, OptionSpec.list(
            "password-login-groups", "G,G", "only members of these groups may use a password; '' for everyone"),
            SshSettings::passwordLoginGroups, (d, v) -> d.passwordLoginGroups = Invocation.splitList(v)),
    KERBEROS_AUTH("kerberos-auth", "Allow Kerberos Authentication", false,
            OptionSpec.bool("kerberos-auth",
                    "gssapi-with-mic logins; needs kerberos.realm and kerberos.keytab in DATA_DIR/portcullis.conf"),
            SshSettings::kerberosAuth, (d, v) -> d.kerberosAuth = Boolean.parseBoolean(v)),
    TCP_FORWARDING("tcp-forwarding", "Allow TCP Port Forwarding", false,
            OptionSpec.bool("tcp-forwarding", "ssh -L / -R for login shells and the admin console"),
            SshSettings::tcpForwarding, (d, v) -> d.tcpForwarding = Boolean.parseBoolean(v)),
    COMPRESSION("compression", "Compress Connections", true,
            OptionSpec.bool("compression", "offer zlib@openssh.com and zlib"),
            SshSettings::compression, (d, v) -> d.compression = Boolean.parseBoolean(v)),
    SFTP_LOG_LEVEL("sftp-log-level", "SFTP Log Level", false, OptionSpec.choice("sftp-log-level", "LEVEL",
            "what SFTP operations are logged", names(SftpLogLevel.values())),
            s -> s.sftpLogLevel().name(), (d, v) -> d.sftpLogLevel = SftpLogLevel.valueOf(v)),
    SFTP_LOG_FACILITY("sftp-log-facility", "SFTP Log Facility", false, OptionSpec.choice("sftp-log-facility",
            "FACILITY", "syslog facility of the SFTP lines", names(SyslogFacility.values())),
            s -> s.sftpLogFacility().name(), (d, v) -> d.sftpLogFacility = SyslogFacility.valueOf(v)),
    WEAK_CIPHERS("weak-ciphers", "Weak Ciphers", true, OptionSpec.text("weak-ciphers", "AES128-CBC,NONE|none",
            "weak ciphers to offer as well; none (lower case) for neither")
            .completing(ValueSource.fixed(List.of("AES128-CBC", "NONE", "AES128-CBC,NONE", "none"))),
            s -> Arrays.stream(WeakCipher.values()).filter(s.weakCiphers()::contains).map(WeakCipher::label).toList(),
            (d, v) -> d.weakCiphers = weakCiphers(v)),
    AUX_PARAMS("aux-params", "Auxiliary Parameters", true, OptionSpec.text("aux-params", "TEXT",
            "extra sshd_config lines; \\n inside the value separates lines"),
            SshSettings::auxParams, (d, v) -> d.auxParams = v.replace("\\n", "\n"));

    private final String option;
    private final String label;
    private final boolean needsRestart;
    private final OptionSpec spec;
    private final Function<SshSettings, Object> value;
    private final BiConsumer<SshSettingsDraft, String> apply;

    SshSettingField(String option, String label, boolean needsRestart, OptionSpec spec,
                    Function<SshSettings, Object> value, BiConsumer<SshSettingsDraft, String> apply) {
        this.option = option;
        this.label = label;
        this.needsRestart = needsRestart;
        this.spec = spec;
        this.value = value;
        this.apply = apply;
    }

    /** The value for JSON: a number, a boolean, a string or a list of strings. */
    Object value(SshSettings settings) {
        return value.apply(settings);
    }

    /** Sets the field from the option's checked value; a value the option kind could not check is a usage error. */
    void apply(SshSettingsDraft draft, String text) {
        apply.accept(draft, text);
    }

    String option() {
        return option;
    }

    String label() {
        return label;
    }

    boolean needsRestart() {
        return needsRestart;
    }

    OptionSpec spec() {
        return spec;
    }

    /** The value as {@code ssh show} prints it and {@code ssh set} takes it. */
    String text(SshSettings settings) {
        Object value = value(settings);
        if (value instanceof List<?> list) {
            return list.isEmpty() ? (this == BIND_INTERFACES ? "(all addresses)" : "(none)")
                    : String.join(",", list.stream().map(String::valueOf).toList());
        }
        if (this == AUX_PARAMS) {
            long lines = settings.auxParams().lines().count();
            return lines == 0 ? "(none)" : lines + (lines == 1 ? " line" : " lines");
        }
        return String.valueOf(value);
    }

    /** Weak Ciphers: labels in any case separated by commas, or lower-case {@code none} (or '') for neither. */
    static Set<WeakCipher> weakCiphers(String value) {
        if (value.isBlank() || value.trim().equals("none")) {
            return Set.of();
        }
        Set<WeakCipher> ciphers = EnumSet.noneOf(WeakCipher.class);
        for (String label : Invocation.splitList(value)) {
            ciphers.add(WeakCipher.fromLabel(label).orElseThrow(() -> new UsageException("--weak-ciphers '"
                    + io.portcullis.accounts.AccountRules.printable(label)
                    + "': give AES128-CBC and/or NONE separated by commas, or none for neither")));
        }
        return ciphers;
    }

    private static List<String> names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).toList();
    }
}
