package io.portcullis.menu;

import io.portcullis.ssh.SftpLogLevel;
import io.portcullis.ssh.SshSettings;
import io.portcullis.ssh.SyslogFacility;
import io.portcullis.ssh.WeakCipher;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The SSH service's fields (SPEC §3) as option 3 asks for them: the label of the SPEC, the name that
 * {@code ssh set} and the validation rules use, how the value is shown and how typed text is read.
 * A typed value that cannot be read is refused here; whether it is allowed is decided by the same
 * rules as {@code ssh set} (see {@link SshSettingsWalkthrough}).
 */
enum SshField {

    TCP_PORT("TCP Port", "tcp-port", "1-65535", true) {
        @Override
        String show(SshSettings s) {
            return Integer.toString(s.tcpPort());
        }

        @Override
        void apply(SshSettingsDraft d, String text) {
            try {
                d.tcpPort = Integer.parseInt(text);
            } catch (NumberFormatException e) {
                throw refused(text, "is not a number; give a whole number from 1 to 65535");
            }
        }
    },
    BIND_INTERFACES("Bind Interfaces", "bind-interfaces", "interface names, comma-separated; - for all addresses", true) {
        @Override
        String show(SshSettings s) {
            return showList(s.bindInterfaces());
        }

        @Override
        void apply(SshSettingsDraft d, String text) {
            d.bindInterfaces = readList(text);
        }
    },
    ROOT_LOGIN_WITH_PASSWORD("Log in as Root with Password", "root-login-with-password", "yes/no", false) {
        @Override
        String show(SshSettings s) {
            return yesNo(s.rootLoginWithPassword());
        }

        @Override
        void apply(SshSettingsDraft d, String text) {
            d.rootLoginWithPassword = readYesNo(text);
        }
    },
    PASSWORD_AUTH("Allow Password Authentication", "password-auth", "yes/no", false) {
        @Override
        String show(SshSettings s) {
            return yesNo(s.passwordAuth());
        }

        @Override
        void apply(SshSettingsDraft d, String text) {
            d.passwordAuth = readYesNo(text);
        }
    },
    PASSWORD_LOGIN_GROUPS("Password Login Groups", "password-login-groups", "group names, comma-separated; - for everyone", false) {
        @Override
        String show(SshSettings s) {
            return showList(s.passwordLoginGroups());
        }

        @Override
        void apply(SshSettingsDraft d, String text) {
            d.passwordLoginGroups = readList(text);
        }
    },
    KERBEROS_AUTH("Allow Kerberos Authentication", "kerberos-auth", "yes/no", true) {
        @Override
        String show(SshSettings s) {
            return yesNo(s.kerberosAuth());
        }

        @Override
        void apply(SshSettingsDraft d, String text) {
            d.kerberosAuth = readYesNo(text);
        }
    },
    TCP_FORWARDING("Allow TCP Port Forwarding", "tcp-forwarding", "yes/no", false) {
        @Override
        String show(SshSettings s) {
            return yesNo(s.tcpForwarding());
        }

        @Override
        void apply(SshSettingsDraft d, String text) {
            d.tcpForwarding = readYesNo(text);
        }
    },
    COMPRESSION("Compress Connections", "compression", "yes/no", true) {
        @Override
        String show(SshSettings s) {
            return yesNo(s.compression());
        }

        @Override
        void apply(SshSettingsDraft d, String text) {
            d.compression = readYesNo(text);
        }
    },
    SFTP_LOG_LEVEL("SFTP Log Level", "sftp-log-level", names(SftpLogLevel.values()), false) {
        @Override
        String show(SshSettings s) {
            return s.sftpLogLevel().name();
        }

        @Override
        void apply(SshSettingsDraft d, String text) {
            d.sftpLogLevel = readChoice(text, SftpLogLevel.class);
        }
    },
    SFTP_LOG_FACILITY("SFTP Log Facility", "sftp-log-facility", names(SyslogFacility.values()), false) {
        @Override
        String show(SshSettings s) {
            return s.sftpLogFacility().name();
        }

        @Override
        void apply(SshSettingsDraft d, String text) {
            d.sftpLogFacility = readChoice(text, SyslogFacility.class);
        }
    },
    WEAK_CIPHERS("Weak Ciphers", "weak-ciphers", "AES128-CBC, NONE, comma-separated; - or none for neither", true) {
        @Override
        String show(SshSettings s) {
            return s.weakCiphers().isEmpty() ? "-"
                    : s.weakCiphers().stream().sorted().map(WeakCipher::label).collect(Collectors.joining(","));
        }

        @Override
        void apply(SshSettingsDraft d, String text) {
            Set<WeakCipher> ciphers = EnumSet.noneOf(WeakCipher.class);
            if (!text.equalsIgnoreCase("none")) {
                for (String label : readList(text)) {
                    ciphers.add(WeakCipher.fromLabel(label).orElseThrow(() ->
                            refused(label, "is not one of AES128-CBC, NONE; give a comma-separated list, or none")));
                }
            }
            d.weakCiphers = ciphers;
        }
    },
    AUX_PARAMS("Auxiliary Parameters", "aux-params", "sshd_config lines, \\n between them; - for none", true) {
        @Override
        String show(SshSettings s) {
            return s.auxParams().isEmpty() ? "-" : s.auxParams().replace("\n", "\\n");
        }

        @Override
        void apply(SshSettingsDraft d, String text) {
            d.auxParams = text.equals(CLEAR) ? "" : text.replace("\\n", "\n");
        }
    };

    /** Typed for a list or text field: empty it. */
    static final String CLEAR = "-";

    private final String label;
    private final String option;
    private final String accepted;
    private final boolean appliesAtRestart;

    SshField(String label, String option, String accepted, boolean appliesAtRestart) {
        this.label = label;
        this.option = option;
        this.accepted = accepted;
        this.appliesAtRestart = appliesAtRestart;
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
    abstract String show(SshSettings settings);

    /** Reads typed text into the draft; throws {@link IllegalArgumentException} naming the field and the rule. */
    abstract void apply(SshSettingsDraft draft, String text);

    /** Whether a validation problem (from {@code SshSettingsRules}) is about this field. */
    boolean isAbout(String problem) {
        return problem.startsWith(option + " ") || problem.startsWith(option + ":");
    }

    IllegalArgumentException refused(String text, String rule) {
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

    private static List<String> readList(String text) {
        if (text.equals(CLEAR)) {
            return List.of();
        }
        return Arrays.stream(text.split("[,\\s]+")).filter(s -> !s.isEmpty()).toList();
    }

    boolean readYesNo(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "yes", "y", "true", "on" -> true;
            case "no", "n", "false", "off" -> false;
            default -> throw refused(text, "is not yes or no; answer yes or no");
        };
    }

    <E extends Enum<E>> E readChoice(String text, Class<E> type) {
        try {
            return Enum.valueOf(type, text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw refused(text, "is not one of " + names(type.getEnumConstants()));
        }
    }
}
