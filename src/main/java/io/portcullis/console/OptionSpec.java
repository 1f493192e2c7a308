package io.portcullis.console;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * One {@code --name [VALUE]} option of a console command. A {@code secret} value (a password) is never
 * echoed, logged or kept in history.
 */
record OptionSpec(String name, String valueName, String description, ValueKind kind, List<String> choices,
                  ValueSource values, boolean secret, UnaryOperator<String> check) {

    static final OptionSpec JSON = flag("json", "print machine-readable JSON instead of a table");
    static final OptionSpec YES = flag("yes", "do not ask for confirmation (for scripts)");

    static OptionSpec flag(String name, String description) {
        return new OptionSpec(name, "", description, ValueKind.FLAG, List.of(), ValueSource.NONE, false, null);
    }

    static OptionSpec text(String name, String valueName, String description) {
        return new OptionSpec(name, valueName, description, ValueKind.TEXT, List.of(), ValueSource.NONE, false, null);
    }

    static OptionSpec secret(String name, String valueName, String description) {
        return new OptionSpec(name, valueName, description, ValueKind.TEXT, List.of(), ValueSource.NONE, true, null);
    }

    static OptionSpec number(String name, String valueName, String description) {
        return new OptionSpec(name, valueName, description, ValueKind.NUMBER, List.of(), ValueSource.NONE, false, null);
    }

    static OptionSpec bool(String name, String description) {
        return new OptionSpec(name, "true|false", description, ValueKind.BOOLEAN, List.of(),
                ValueSource.fixed(List.of("true", "false")), false, null);
    }

    static OptionSpec choice(String name, String valueName, String description, List<String> choices) {
        return new OptionSpec(name, valueName, description, ValueKind.CHOICE, List.copyOf(choices),
                ValueSource.fixed(choices), false, null);
    }

    static OptionSpec list(String name, String valueName, String description) {
        return new OptionSpec(name, valueName, description, ValueKind.LIST, List.of(), ValueSource.NONE, false, null);
    }

    /**
     * An option whose value {@code check} reads: it returns the canonical text or throws a
     * {@link UsageException} naming the option and the rule.
     */
    static OptionSpec checked(String name, String valueName, String description, ValueSource values,
                              UnaryOperator<String> check) {
        return new OptionSpec(name, valueName, description, ValueKind.TEXT, List.of(), values, false, check);
    }

    /** The same option, completing its values from {@code source}. */
    OptionSpec completing(ValueSource source) {
        return new OptionSpec(name, valueName, description, kind, choices, source, secret, check);
    }

    boolean takesValue() {
        return kind != ValueKind.FLAG;
    }

    String usage() {
        return "--" + name + (takesValue() ? " " + valueName : "");
    }

    String normalize(String value) {
        return check != null ? check.apply(value) : kind.normalize("--" + name, value, choices);
    }
}
