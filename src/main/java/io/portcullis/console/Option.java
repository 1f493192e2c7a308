package io.portcullis.console;

import java.util.List;

/**
 * One {@code --name [VALUE]} option of console commands, typed: a command declares it and reads its value
 * with the same object ({@code in.get(FULL_NAME)}), so a misspelt name does not compile, and a command
 * reading an option it does not declare fails the first time it runs. The value was checked by its
 * {@link ValueType} when the line was parsed. A {@code secret} value (a password) is never echoed, logged or
 * kept in history.
 */
final class Option<T> {

    static final Option<Boolean> JSON = flag("json", "print machine-readable JSON instead of a table");
    static final Option<Boolean> YES = flag("yes", "do not ask for confirmation (for scripts)");

    private final String name;
    private final String valueName;
    private final String description;
    private final ValueType<T> type;
    private final boolean flag;
    private final boolean secret;

    private Option(String name, String valueName, String description, ValueType<T> type, boolean flag,
                   boolean secret) {
        this.name = name;
        this.valueName = valueName;
        this.description = description;
        this.type = type;
        this.flag = flag;
        this.secret = secret;
    }

    /** An option without a value ({@code --json}): given or not. */
    static Option<Boolean> flag(String name, String description) {
        return new Option<>(name, "", description, ValueType.SWITCH, true, false);
    }

    static Option<String> text(String name, String valueName, String description) {
        return new Option<>(name, valueName, description, ValueType.TEXT, false, false);
    }

    static Option<String> secret(String name, String valueName, String description) {
        return new Option<>(name, valueName, description, ValueType.TEXT, false, true);
    }

    static Option<Integer> number(String name, String valueName, String description) {
        return new Option<>(name, valueName, description, ValueType.NUMBER, false, false);
    }

    static Option<Boolean> bool(String name, String description) {
        return new Option<>(name, "true|false", description, ValueType.SWITCH, false, false);
    }

    static Option<String> choice(String name, String valueName, String description, List<String> choices) {
        return new Option<>(name, valueName, description, ValueType.choice(choices), false, false);
    }

    /** Comma-separated names, read as a list; {@code ''} is the empty list. */
    static Option<List<String>> names(String name, String valueName, String description) {
        return new Option<>(name, valueName, description, ValueType.NAMES, false, false);
    }

    /** An option whose value {@code type} reads (an SSH setting's, say). */
    static <T> Option<T> of(String name, String valueName, String description, ValueType<T> type) {
        return new Option<>(name, valueName, description, type, false, false);
    }

    String name() {
        return name;
    }

    String valueName() {
        return valueName;
    }

    String description() {
        return description;
    }

    ValueType<T> type() {
        return type;
    }

    boolean takesValue() {
        return !flag;
    }

    boolean secret() {
        return secret;
    }

    String usage() {
        return "--" + name + (takesValue() ? " " + valueName : "");
    }

    /** The value of {@code text} given to this option, or a usage error naming it. */
    T read(String text) {
        return type.read("--" + name, text);
    }

    /** The canonical text of a value read by {@link #read}, for the log. */
    @SuppressWarnings("unchecked")
    String write(Object value) {
        return type.write((T) value);
    }

    @Override
    public String toString() {
        return "--" + name;
    }
}
