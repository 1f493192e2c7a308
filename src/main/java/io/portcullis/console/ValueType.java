package io.portcullis.console;

import io.portcullis.accounts.AccountRules;
import io.portcullis.settings.SettingType;
import io.portcullis.settings.SettingValueException;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * What a value on the command line must look like and the Java value it becomes. A value of the wrong form is
 * a {@link UsageException} (exit 2) naming the option or argument and the rule, raised when the line is
 * parsed, so a bad value never half-applies. {@code write} gives the canonical text the log shows ({@code YES}
 * is read as {@code true}); {@code completions} are what Tab offers whatever the command; a
 * {@code commaSeparated} value is completed one name at a time.
 */
record ValueType<T>(Reader<T> reader, Function<T, String> writer, List<String> completions,
                    boolean commaSeparated) {

    /** Reads {@code text}, or throws a usage error naming {@code label} ({@code --uid}, {@code TYPE}). */
    @FunctionalInterface
    interface Reader<T> {
        T read(String label, String text);
    }

    static final ValueType<String> TEXT = new ValueType<>((label, text) -> text, text -> text, List.of(), false);

    static final ValueType<Integer> NUMBER = new ValueType<>((label, text) -> {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new UsageException(label + " '" + AccountRules.printable(text) + "': give a whole number");
        }
    }, String::valueOf, List.of(), false);

    /** {@code true} or {@code false}, also yes/no and on/off: the one vocabulary of switches, the SSH settings' own. */
    static final ValueType<Boolean> SWITCH = new ValueType<>((label, text) -> {
        try {
            return SettingType.SWITCH.parse(text);
        } catch (SettingValueException e) {
            throw new UsageException(label + " '" + AccountRules.printable(text) + "': " + e.hint());
        }
    }, SettingType.SWITCH::format, List.of("true", "false"), false);

    /** Comma-separated names; {@code ""} is the empty list. */
    static final ValueType<List<String>> NAMES = new ValueType<>((label, text) -> Arrays.stream(text.split(","))
            .map(String::trim).filter(s -> !s.isEmpty()).toList(), names -> String.join(",", names), List.of(), true);

    /** One of {@code choices} in any letter case, read as its listed spelling. */
    static ValueType<String> choice(List<String> choices) {
        List<String> listed = List.copyOf(choices);
        return new ValueType<>((label, text) -> listed.stream().filter(c -> c.equalsIgnoreCase(text.trim())).findFirst()
                .orElseThrow(() -> new UsageException(label + " '" + AccountRules.printable(text) + "': choose one of "
                        + String.join(", ", listed))), choice -> choice, listed, false);
    }

    /** A type of the given rule, with nothing of its own for Tab (an SSH setting's: the command binds those). */
    static <T> ValueType<T> of(Reader<T> reader, Function<T, String> writer) {
        return new ValueType<>(reader, writer, List.of(), false);
    }

    T read(String label, String text) {
        return reader.read(label, text);
    }

    String write(T value) {
        return writer.apply(value);
    }
}
