package io.portcullis.console;

import java.util.List;

/**
 * One {@code --name [VALUE]} option of console commands, typed: a command declares it and reads its value
 * with the same object ({@code in.get(FULL_NAME)}), so a misspelt name does not compile, and a command
 * reading an option it does not declare fails the first time it runs. The value was checked by its
 * {@link ValueType} when the line was parsed. A {@code flag} takes no value ({@code --json}); a
 * {@code secret} value (a password) is never echoed, logged or kept in history.
 */
record Option<T>(String name, String valueName, String description, ValueType<T> type, boolean flag,
                 boolean secret) {

    static final Option<Boolean> JSON = flag("json", "print machine-readable JSON instead of a table");
    static final Option<Boolean> YES = flag("yes", "do not ask for confirmation (for scripts)");

    static Option<Boolean> flag(String name, String description) {
        return new Option<>(name, "", description, ValueType.SWITCH, true, false);
    }

    static Option<String> text(String name, String valueName, String description) {
        return of(name, valueName, description, ValueType.TEXT);
    }

    static Option<String> secret(String name, String valueName, String description) {
        return new Option<>(name, valueName, description, ValueType.TEXT, false, true);
    }

    static Option<Integer> number(String name, String valueName, String description) {
        return of(name, valueName, description, ValueType.NUMBER);
    }

    static Option<Boolean> bool(String name, String description) {
        return of(name, "true|false", description, ValueType.SWITCH);
    }

    static Option<String> choice(String name, String valueName, String description, List<String> choices) {
        return of(name, valueName, description, ValueType.choice(choices));
    }

    /** Comma-separated names, read as a list; {@code ''} is the empty list. */
    static Option<List<String>> names(String name, String valueName, String description) {
        return of(name, valueName, description, ValueType.NAMES);
    }

    /** An option whose value {@code type} reads (an SSH setting's, say). */
    static <T> Option<T> of(String name, String valueName, String description, ValueType<T> type) {
        return new Option<>(name, valueName, description, type, false, false);
    }

    boolean takesValue() {
        return !flag;
    }

    String usage() {
        return "--" + name + (flag ? "" : " " + valueName);
    }

    /** The value of {@code text} given to this option, or a usage error naming it. */
    T read(String text) {
        return type.read("--" + name, text);
    }

    /** The canonical text of a value this option read, for the log. */
    @SuppressWarnings("unchecked")
    String write(Object value) {
        return type.write((T) value);
    }

    @Override
    public String toString() {
        return "--" + name;
    }
}
