package io.portcullis.settings;

import io.portcullis.settings.sshdconfig.AuxParameterException;
import io.portcullis.settings.sshdconfig.AuxParametersParser;
import io.portcullis.ssh.Algorithms;
import io.portcullis.store.SshSettingsRepository.StoredSshSettings;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * Validation of the SSH settings (SPEC §3): each problem names the field and the rule. Used before
 * saving ({@code ssh set}, the local menu, {@code --ssh-port}) and before starting the service, which
 * also catches a database edited by hand.
 */
public final class SshSettingsRules {

    private SshSettingsRules() {
    }

    /** Problems with settings about to be saved or run; empty when they are fine. */
    public static List<String> problems(SshSettings s, Predicate<String> groupExists) {
        List<String> problems = new ArrayList<>();
        if (s.tcpPort() < 1 || s.tcpPort() > 65535) {
            problems.add("tcp-port " + s.tcpPort() + ": give a whole number from 1 to 65535");
        }
        for (String name : s.bindInterfaces()) {
            if (!interfaceExists(name)) {
                problems.add("bind-interfaces: no interface named '" + name
                        + "' on this machine; 'ssh bind-interfaces choices' lists them");
            }
        }
        for (String group : s.passwordLoginGroups()) {
            if (!groupExists.test(group)) {
                problems.add("password-login-groups: no group named '" + group + "'; 'accounts groups list' shows them");
            }
        }
        try {
            AuxParametersParser.parse(s.auxParams(), Algorithms.SUPPORTED);
        } catch (AuxParameterException e) {
            problems.add(e.getMessage());
        }
        return problems;
    }

    /** Problems with a stored row as text (a hand-edited database), before it is even converted. */
    public static List<String> problems(StoredSshSettings raw) {
        List<String> problems = new ArrayList<>();
        try {
            Integer.parseInt(raw.tcpPort().trim());
        } catch (RuntimeException e) {
            problems.add("tcp-port '" + raw.tcpPort() + "' is not a number; set it with 'ssh set --tcp-port N'");
        }
        checkBool(problems, "root-login-with-password", raw.rootLoginWithPassword());
        checkBool(problems, "password-auth", raw.passwordAuth());
        checkBool(problems, "kerberos-auth", raw.kerberosAuth());
        checkBool(problems, "tcp-forwarding", raw.tcpForwarding());
        checkBool(problems, "compression", raw.compression());
        checkEnum(problems, "sftp-log-level", raw.sftpLogLevel(), SftpLogLevel.class);
        checkEnum(problems, "sftp-log-facility", raw.sftpLogFacility(), SyslogFacility.class);
        if (raw.weakCiphers() != null) {
            for (String label : raw.weakCiphers().split(",")) {
                if (!label.isBlank() && WeakCipher.fromLabel(label).isEmpty()) {
                    problems.add("weak-ciphers: '" + label.trim() + "' is not one of AES128-CBC, NONE");
                }
            }
        }
        return problems;
    }

    public static boolean interfaceExists(String name) {
        try {
            return NetworkInterface.getByName(name) != null;
        } catch (SocketException e) {
            return false;
        }
    }

    private static void checkBool(List<String> problems, String field, String value) {
        String v = value == null ? "" : value.trim();
        if (!v.equals("0") && !v.equals("1")) {
            problems.add(field + " '" + value + "' is not true or false; set it with 'ssh set --" + field + " true|false'");
        }
    }

    private static <E extends Enum<E>> void checkEnum(List<String> problems, String field, String value, Class<E> type) {
        try {
            Enum.valueOf(type, value == null ? "" : value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problems.add(field + " '" + value + "' is not one of " + java.util.Arrays.toString(type.getEnumConstants()));
        }
    }
}
