package io.portcullis.console;

import io.portcullis.accounts.AccountRules;
import io.portcullis.settings.SettingType;
import io.portcullis.settings.SettingValueException;
import java.util.Arrays;
import java.util.List;

/**
 * What a value on the command line must look like and the Java value it becomes. A value of the wrong form is
 * a {@link UsageException} (exit 2) naming the option or argument ({@code label}) and the rule, raised when the
 * line is parsed, so a bad value never half-applies.
 */
interface ValueType<T> {

    /** The value of {@code text}, or a usage error naming {@code label}. */
    T read(String label, String text);

    /** The canonical text of a value, as the log shows it ({@code YES} was read as {@code true}). */
    String write(T value);

    /** The values offered by Tab completion whatever the command (a choice's, a switch's). */
    default List<String> completions() {
        return List.of();
    }

    /** Whether the value is comma-separated names, completed one name at a time. */
    default boolean commaSeparated() {
        return false;
    }

    ValueType<String> TEXT = new ValueType<>() {
        @Override
        public String read(String label, String text) {
            return text;
        }

        @Override
        public String write(String value) {
            return value;
        }
    };

    ValueType<Integer> NUMBER = new ValueType<>() {
        @Override
        public Integer read(String label, String text) {
            try {
                return Integer.parseInt(text.trim());
            } catch (NumberFormatException e) {
                throw new UsageException(label + " '" + AccountRules.printable(text) + "': give a whole number");
            }
        }

        @Override
        public String write(Integer value) {
            return Integer.toString(value);
        }
    };

    /** {@code true} or {@code false}, also yes/no and on/off: the one vocabulary of switches, the SSH settings' own. */
    ValueType<Boolean> SWITCH = new ValueType<>() {
        @Override
        public Boolean read(String label, String text) {
            try {
                return SettingType.SWITCH.parse(text);
            } catch (SettingValueException e) {
                throw new UsageException(label + " '" + AccountRules.printable(text) + "': " + e.hint());
            }
        }

        @Override
        public String write(Boolean value) {
            return SettingType.SWITCH.format(value);
        }

        @Override
        public List<String> completions() {
            return List.of("true", "false");
        }
    };

    /** Comma-separated names; {@code ""} is the empty list. */
    ValueType<List<String>> NAMES = new ValueType<>() {
        @Override
        public List<String> read(String label, String text) {
            return Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        }

        @Override
        public String write(List<String> value) {
            return String.join(",", value);
        }

        @Override
        public boolean commaSeparated() {
            return true;
        }
    };

    /** One of {@code choices} in any letter case, read as its listed spelling. */
    static ValueType<String> choice(List<String> choices) {
        List<String> listed = List.copyOf(choices);
        return new ValueType<>() {
            @Override
            public String read(String label, String text) {
                for (String choice : listed) {
                    if (choice.equalsIgnoreCase(text.trim())) {
                        return choice;
                    }
                }
                throw new UsageException(label + " '" + AccountRules.printable(text) + "': choose one of "
                        + String.join(", ", listed));
            }

            @Override
            public String write(String value) {
                return value;
            }

            @Override
            public List<String> completions() {
                return listed;
            }
        };
    }
}
