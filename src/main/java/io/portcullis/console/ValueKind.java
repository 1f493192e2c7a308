package io.portcullis.console;

import io.portcullis.accounts.AccountRules;
import io.portcullis.settings.SettingType;
import io.portcullis.settings.SettingValueException;
import java.util.List;

/** What a value on the command line must look like; a value of the wrong kind is a usage error (exit 2). */
enum ValueKind {
    /** An option without a value ({@code --json}). */
    FLAG,
    TEXT,
    /** A whole number. */
    NUMBER,
    /** {@code true} or {@code false} (also yes/no, on/off). */
    BOOLEAN,
    /** One of a fixed list, in any letter case. */
    CHOICE,
    /** Comma-separated names; {@code ""} is the empty list. */
    LIST;

    /**
     * The value in its canonical form ({@code YES} becomes {@code true}, a choice its listed spelling), or
     * a {@link UsageException} naming {@code label} and the rule.
     */
    String normalize(String label, String value, List<String> choices) {
        switch (this) {
            case NUMBER -> {
                try {
                    return Integer.toString(Integer.parseInt(value.trim()));
                } catch (NumberFormatException e) {
                    throw new UsageException(label + " '" + AccountRules.printable(value) + "': give a whole number");
                }
            }
            case BOOLEAN -> {
                // the one vocabulary of switches, the SSH settings' own
                try {
                    return SettingType.SWITCH.format(SettingType.SWITCH.parse(value));
                } catch (SettingValueException e) {
                    throw new UsageException(label + " '" + AccountRules.printable(value) + "': " + e.hint());
                }
            }
            case CHOICE -> {
                for (String choice : choices) {
                    if (choice.equalsIgnoreCase(value.trim())) {
                        return choice;
                    }
                }
                throw new UsageException(label + " '" + AccountRules.printable(value) + "': choose one of "
                        + String.join(", ", choices));
            }
            default -> {
                return value;
            }
        }
    }
}
