package io.portcullis.console;

import java.util.List;

/**
 * A positional argument of a console command. A {@code rest} argument takes all remaining words joined by
 * spaces (an authorized_keys line need not be quoted); only a rest argument may be left out, and only
 * when it is not {@code required}.
 */
record ArgumentSpec(String name, String description, ValueKind kind, List<String> choices, ValueSource values,
                    boolean rest, boolean required) {

    static ArgumentSpec of(String name, String description, ValueSource values) {
        return new ArgumentSpec(name, description, ValueKind.TEXT, List.of(), values, false, true);
    }

    static ArgumentSpec choice(String name, String description, List<String> choices) {
        return new ArgumentSpec(name, description, ValueKind.CHOICE, List.copyOf(choices), ValueSource.fixed(choices),
                false, true);
    }

    static ArgumentSpec rest(String name, String description) {
        return new ArgumentSpec(name, description, ValueKind.TEXT, List.of(), ValueSource.NONE, true, true);
    }

    static ArgumentSpec optionalRest(String name, String description, ValueSource values) {
        return new ArgumentSpec(name, description, ValueKind.TEXT, List.of(), values, true, false);
    }

    String normalize(String value) {
        return kind.normalize(name, value, choices);
    }
}
