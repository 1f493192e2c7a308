package io.portcullis.console;

import java.util.List;

/**
 * A positional argument of console commands, read with the same object that declares it
 * ({@code in.get(NAME)}). A {@code rest} argument takes all remaining words joined by spaces (an
 * authorized_keys line need not be quoted); only a rest argument may be left out, and only when it is not
 * {@code required}.
 */
final class Argument {

    private final String name;
    private final String description;
    private final ValueType<String> type;
    private final boolean rest;
    private final boolean required;

    private Argument(String name, String description, ValueType<String> type, boolean rest, boolean required) {
        this.name = name;
        this.description = description;
        this.type = type;
        this.rest = rest;
        this.required = required;
    }

    static Argument of(String name, String description) {
        return new Argument(name, description, ValueType.TEXT, false, true);
    }

    static Argument choice(String name, String description, List<String> choices) {
        return new Argument(name, description, ValueType.choice(choices), false, true);
    }

    static Argument rest(String name, String description) {
        return new Argument(name, description, ValueType.TEXT, true, true);
    }

    static Argument optionalRest(String name, String description) {
        return new Argument(name, description, ValueType.TEXT, true, false);
    }

    String name() {
        return name;
    }

    String description() {
        return description;
    }

    boolean rest() {
        return rest;
    }

    boolean required() {
        return required;
    }

    /** What Tab offers whatever the command: a choice's values. */
    List<String> completions() {
        return type.completions();
    }

    /** As the usage line writes it: {@code NAME}, {@code KEYLINE...}, {@code [COMMAND...]}. */
    String usage() {
        String written = name + (rest ? "..." : "");
        return required ? written : "[" + written + "]";
    }

    String read(String text) {
        return type.read(name, text);
    }

    @Override
    public String toString() {
        return name;
    }
}
