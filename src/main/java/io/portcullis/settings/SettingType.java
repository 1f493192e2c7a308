package io.portcullis.settings;

import io.portcullis.settings.sshdconfig.TimeFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How the values of one kind of setting are written and read: as typed ({@code ssh set}, the local menu),
 * as shown, as JSON, and as kept in their column. Each rule about the text of a value (what a switch
 * accepts, which levels exist) is written here once; rules that need the machine (does that interface
 * exist?) are the setting's own ({@link SshSetting#problems}).
 */
public interface SettingType<T> {

    /** Typed text to a value; throws {@link SettingValueException} saying what was wrong and what to give. */
    T parse(String text);

    /** The value as {@link #parse} takes it back: what {@code ssh set} is given and the menu offers to keep. */
    String format(T value);

    /** For people ({@code ssh show}); {@code empty} says what an empty list or text means ("all addresses"). */
    default String describe(T value, String empty) {
        String text = format(value);
        return text.isEmpty() ? "(" + empty + ")" : text;
    }

    /** The value in {@code --json}: a number, a boolean, a string or a list of strings. */
    default Object json(T value) {
        return format(value);
    }

    /** What is written to the setting's column. */
    default Object toColumn(T value) {
        return format(value);
    }

    /** The column's text back, as {@link #parse} reads it unless the column keeps another form. */
    default T fromColumn(String stored) {
        return parse(stored == null ? "" : stored.strip());
    }

    /** The value in a word for {@code --help}: {@code N}, {@code true|false}, {@code LEVEL}. */
    String valueName();

    /** What may be typed, in words, as the menu asks for it. */
    default String accepted() {
        return valueName();
    }

    /** What completes on the command line; for a choice, every value there is. */
    default List<String> completions() {
        return List.of();
    }

    /** Whether the empty text is a value (an empty list, no lines): the menu's '-' types it. */
    default boolean clearable() {
        return false;
    }

    /** Besides the empty text, the word that clears a value (lower-case {@code none} for the weak ciphers). */
    default Optional<String> clearWord() {
        return Optional.empty();
    }

    /**
     * What a stored value that cannot be read stands for while logins go on (and {@code ssh show} names it):
     * the setting's default, unless the kind says otherwise.
     */
    default T whenUnreadable(T defaultValue) {
        return defaultValue;
    }

    /** Lines worth printing under {@code ssh show}'s table, one per line of a multi-line value. */
    default List<String> detailLines(T value) {
        return List.of();
    }

    // ---- the kinds of value the SSH settings have -------------------------------------------------------

    /** A TCP port: a whole number; whether it is from 1 to 65535 is the setting's rule, so a stored 70000 says so. */
    static SettingType<Integer> port() {
        return new SettingType<>() {
            @Override
            public Integer parse(String text) {
                try {
                    return Integer.parseInt(text.strip());
                } catch (NumberFormatException e) {
                    throw new SettingValueException(text, "is not a number; give a whole number from 1 to 65535",
                            "give a whole number from 1 to 65535");
                }
            }

            @Override
            public String format(Integer value) {
                return Integer.toString(value);
            }

            @Override
            public Object json(Integer value) {
                return value;
            }

            @Override
            public Object toColumn(Integer value) {
                return value;
            }

            @Override
            public String valueName() {
                return "N";
            }
        };
    }

    /**
     * A switch. One vocabulary everywhere a switch is typed: {@code true}, {@code yes} or {@code on}, and
     * {@code false}, {@code no} or {@code off}, in any case; it is always shown as {@code true} or {@code false}.
     */
    SettingType<Boolean> SWITCH = new SettingType<>() {
        @Override
        public Boolean parse(String text) {
            return switch (text.strip().toLowerCase(Locale.ROOT)) {
                case "true", "yes", "on" -> true;
                case "false", "no", "off" -> false;
                default -> throw new SettingValueException(text, "is not true or false (yes/no and on/off work too)",
                        "give true or false");
            };
        }

        @Override
        public String format(Boolean value) {
            return value.toString();
        }

        @Override
        public Object json(Boolean value) {
            return value;
        }

        @Override
        public Object toColumn(Boolean value) {
            return value ? 1 : 0;
        }

        /** The column keeps 1 and 0; a hand-edited word of the vocabulary is read as typed. */
        @Override
        public Boolean fromColumn(String stored) {
            String v = stored == null ? "" : stored.strip();
            return v.equals("1") ? Boolean.TRUE : v.equals("0") ? Boolean.FALSE : parse(v);
        }

        @Override
        public String valueName() {
            return "true|false";
        }

        @Override
        public String accepted() {
            return "true/false";
        }

        /** Off: every switch here opens a way in, so a broken one keeps it shut. */
        @Override
        public Boolean whenUnreadable(Boolean defaultValue) {
            return false;
        }

        @Override
        public List<String> completions() {
            return List.of("true", "false");
        }
    };

    /** One of an enum's constants by name, in any case; shown and kept by name. */
    static <E extends Enum<E>> SettingType<E> choice(Class<E> type, String valueName) {
        List<String> names = Arrays.stream(type.getEnumConstants()).map(Enum::name).toList();
        String listed = String.join(", ", names);
        return new SettingType<>() {
            @Override
            public E parse(String text) {
                for (E constant : type.getEnumConstants()) {
                    if (constant.name().equalsIgnoreCase(text.strip())) {
                        return constant;
                    }
                }
                throw new SettingValueException(text, "is not one of " + listed, "choose one of " + listed);
            }

            @Override
            public String format(E value) {
                return value.name();
            }

            @Override
            public String valueName() {
                return valueName;
            }

            @Override
            public String accepted() {
                return listed;
            }

            @Override
            public List<String> completions() {
                return names;
            }
        };
    }

    /** Names separated by commas (or spaces); the empty text is the empty list. */
    static SettingType<List<String>> names(String valueName) {
        return new SettingType<>() {
            @Override
            public List<String> parse(String text) {
                return Arrays.stream(text.split("[,\\s]+")).filter(s -> !s.isEmpty()).toList();
            }

            @Override
            public String format(List<String> value) {
                return String.join(",", value);
            }

            @Override
            public Object json(List<String> value) {
                return value;
            }

            @Override
            public String valueName() {
                return valueName;
            }

            @Override
            public boolean clearable() {
                return true;
            }
        };
    }

    /**
     * The weak ciphers: their labels in any case, separated by commas, or lower-case {@code none} (or the empty
     * text) for neither; upper-case {@code NONE} is the {@code none} cipher.
     */
    SettingType<Set<WeakCipher>> WEAK_CIPHERS = new SettingType<>() {
        private final String labels = Arrays.stream(WeakCipher.values()).map(WeakCipher::label)
                .collect(Collectors.joining(", "));

        @Override
        public Set<WeakCipher> parse(String text) {
            if (text.isBlank() || text.strip().equals("none")) {
                return Set.of();
            }
            Set<WeakCipher> ciphers = EnumSet.noneOf(WeakCipher.class);
            for (String label : text.split("[,\\s]+")) {
                if (!label.isEmpty()) {
                    ciphers.add(WeakCipher.fromLabel(label).orElseThrow(() -> new SettingValueException(label,
                            "is not one of " + labels + "; give a comma-separated list, or none for neither",
                            "give AES128-CBC and/or NONE separated by commas, or none for neither")));
                }
            }
            return Set.copyOf(ciphers);
        }

        /** In the order of {@link WeakCipher}, as they are offered. */
        @Override
        public String format(Set<WeakCipher> value) {
            return Arrays.stream(WeakCipher.values()).filter(value::contains).map(WeakCipher::label)
                    .collect(Collectors.joining(","));
        }

        @Override
        public Object json(Set<WeakCipher> value) {
            return Arrays.stream(WeakCipher.values()).filter(value::contains).map(WeakCipher::label).toList();
        }

        @Override
        public String valueName() {
            return "AES128-CBC,NONE|none";
        }

        @Override
        public List<String> completions() {
            return List.of("AES128-CBC", "NONE", "AES128-CBC,NONE", "none");
        }

        @Override
        public boolean clearable() {
            return true;
        }

        @Override
        public Optional<String> clearWord() {
            return Optional.of("none");
        }
    };

    /** Lines of text, typed on one line with {@code \n} between them; the column keeps the real lines. */
    SettingType<String> LINES = new SettingType<>() {
        @Override
        public String parse(String text) {
            return text.replace("\\n", "\n");
        }

        @Override
        public String format(String value) {
            return value.replace("\n", "\\n");
        }

        @Override
        public String describe(String value, String empty) {
            long lines = value.lines().count();
            return lines == 0 ? "(" + empty + ")" : lines + (lines == 1 ? " line" : " lines");
        }

        @Override
        public Object json(String value) {
            return value;
        }

        @Override
        public Object toColumn(String value) {
            return value;
        }

        @Override
        public String fromColumn(String stored) {
            return stored == null ? "" : stored;
        }

        @Override
        public String valueName() {
            return "TEXT";
        }

        @Override
        public boolean clearable() {
            return true;
        }

        @Override
        public List<String> detailLines(String value) {
            return new ArrayList<>(value.lines().toList());
        }
    };

    /** {@code ChannelTimeout}'s {@code type=interval} pairs, or {@code none}. */
    SettingType<ChannelTimeouts> CHANNEL_TIMEOUTS = new SettingType<>() {
        @Override
        public ChannelTimeouts parse(String text) {
            return ChannelTimeouts.parse(text);
        }

        @Override
        public String format(ChannelTimeouts value) {
            return value.format();
        }

        @Override
        public String valueName() {
            return "TYPE=INTERVAL...|none";
        }

        @Override
        public List<String> completions() {
            return List.of("none", "session=", "direct-tcpip=", "forwarded-tcpip=", "agent-connection=", "global=");
        }
    };

    /** A time in sshd_config's format ({@code 30}, {@code 5m}, {@code 1h30m}), or {@code none} (or 0) for never. */
    SettingType<Optional<Duration>> INTERVAL_OR_NONE = new SettingType<>() {
        @Override
        public Optional<Duration> parse(String text) {
            String v = text.strip();
            if (v.equalsIgnoreCase("none")) {
                return Optional.empty();
            }
            try {
                Duration interval = TimeFormat.parse(v);
                return interval.isZero() ? Optional.empty() : Optional.of(interval);
            } catch (IllegalArgumentException e) {
                throw new SettingValueException(text, e.getMessage() + ", or none", "give a time such as 30s, 5m or"
                        + " 1h, or none");
            }
        }

        @Override
        public String format(Optional<Duration> value) {
            return value.map(TimeFormat::format).orElse("none");
        }

        @Override
        public String valueName() {
            return "INTERVAL|none";
        }

        @Override
        public List<String> completions() {
            return List.of("none");
        }
    };
}
