package io.portcullis.console;

import java.util.List;

/**
 * A positional argument of console commands, read with the same object that declares it
 * ({@code in.get(NAME)}). A {@code rest} argument takes all remaining words joined by spaces (an
 * authorized_keys line need not be quoted); only a rest argument may be left out, and only when it is not
 * {@code required}.
 */
record Argument(String name, String description, ValueType<String> type, boolean rest, boolean required) {

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
