package io.portcullis.console;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One console command of SPEC §10: its words ({@code accounts users add}), the arguments and options it takes,
 * where Tab finds their values, whether it changes the appliance (then only members of {@code admins} may run
 * it), and what it does. Definitions are shared by every session; what a session owns reaches the action
 * through its {@link Invocation}.
 */
final class ConsoleCommand {

    /** What the command does with one parsed, checked invocation. */
    @FunctionalInterface
    interface Action {
        void run(Invocation invocation);
    }

    private final List<String> words;
    private final String summary;
    private final String details;
    private final boolean changes;
    private final List<Argument> arguments;
    private final List<Option<?>> options;
    private final Map<Object, ValueSource> values;
    private final Action action;

    private ConsoleCommand(Builder b) {
        this.words = b.words;
        this.summary = b.summary;
        this.details = b.details;
        this.changes = b.changes;
        this.arguments = List.copyOf(b.arguments);
        this.options = List.copyOf(b.options);
        this.values = Map.copyOf(b.values);
        this.action = b.action;
    }

    /** A list/show command: members of readonly-admins may run it too. */
    static Builder reading(String name, String summary) {
        return new Builder(name, summary, false);
    }

    /** A command that changes something: members of admins only. */
    static Builder changing(String name, String summary) {
        return new Builder(name, summary, true);
    }

    String name() {
        return String.join(" ", words);
    }

    List<String> words() {
        return words;
    }

    String summary() {
        return summary;
    }

    boolean changes() {
        return changes;
    }

    List<Argument> arguments() {
        return arguments;
    }

    List<Option<?>> options() {
        return options;
    }

    /** The option as typed on the line, {@code --name}: the parser's and the completer's lookup. */
    Optional<Option<?>> option(String name) {
        return options.stream().filter(o -> o.name().equals(name)).findFirst();
    }

    /** Whether {@code declaration}, an option or an argument, is one of this command's. */
    boolean declares(Object declaration) {
        return options.contains(declaration) || arguments.contains(declaration);
    }

    /** What Tab offers for the option's value: what this command bound to it, else its type's own values. */
    ValueSource values(Option<?> option) {
        List<String> own = option.takesValue() ? option.type().completions() : List.of();
        return values.getOrDefault(option, ValueSource.fixed(own));
    }

    ValueSource values(Argument argument) {
        return values.getOrDefault(argument, ValueSource.fixed(argument.type().completions()));
    }

    void run(Invocation invocation) {
        action.run(invocation);
    }

    String usage() {
        StringBuilder s = new StringBuilder(name());
        arguments.forEach(a -> s.append(' ').append(a.usage()));
        options.forEach(o -> s.append(" [").append(o.usage()).append(']'));
        return s.toString();
    }

    String help() {
        StringBuilder s = new StringBuilder("Usage: ").append(usage()).append("\n\n").append(summary).append('\n');
        if (!arguments.isEmpty()) {
            s.append("\nArguments:\n");
            arguments.forEach(a -> s.append(line(a.name() + (a.rest() ? "..." : ""), a.description())));
        }
        s.append("\nOptions:\n");
        options.forEach(o -> s.append(line(o.usage(), o.description())));
        s.append(line("--help", "show this help"));
        if (!details.isEmpty()) {
            s.append('\n').append(details.strip()).append('\n');
        }
        s.append('\n').append(changes ? "Changes the appliance: members of admins only."
                : "Read-only: members of admins and readonly-admins.").append('\n');
        return s.toString();
    }

    private static String line(String name, String description) {
        return columns(name, description, 28);
    }

    /**
     * {@code name} and {@code description} in two columns, the first {@code width} wide; a name that does
     * not fit gets a line of its own and the description starts under the column, never against the name.
     */
    static String columns(String name, String description, int width) {
        if (name.length() < width) {
            return String.format("  %-" + width + "s %s%n", name, description);
        }
        return String.format("  %s%n  %-" + width + "s %s%n", name, "", description);
    }

    static final class Builder {
        private final List<String> words;
        private final String summary;
        private final boolean changes;
        private String details = "";
        private final List<Argument> arguments = new ArrayList<>();
        private final List<Option<?>> options = new ArrayList<>();
        private final Map<Object, ValueSource> values = new HashMap<>();
        private Action action;

        private Builder(String name, String summary, boolean changes) {
            this.words = List.of(name.trim().split("\\s+"));
            this.summary = summary;
            this.changes = changes;
        }

        Builder argument(Argument argument) {
            if (arguments.contains(argument)) {
                throw new IllegalStateException("'" + String.join(" ", words) + "' declares " + argument + " twice");
            }
            arguments.add(argument);
            return this;
        }

        /** An argument whose values Tab completes from {@code source} (usernames, service names, ...). */
        Builder argument(Argument argument, ValueSource source) {
            values.put(argument, source);
            return argument(argument);
        }

        Builder options(Option<?>... more) {
            return options(List.of(more));
        }

        Builder options(List<Option<?>> more) {
            for (Option<?> option : more) {
                if (options.stream().anyMatch(o -> o.name().equals(option.name()))) {
                    throw new IllegalStateException("'" + String.join(" ", words) + "' declares " + option + " twice");
                }
                options.add(option);
            }
            return this;
        }

        /** An option whose values Tab completes from {@code source}. */
        Builder option(Option<?> option, ValueSource source) {
            values.put(option, source);
            return options(option);
        }

        /** More help text, shown after the options. */
        Builder details(String text) {
            this.details = text;
            return this;
        }

        ConsoleCommand does(Action what) {
            this.action = what;
            return new ConsoleCommand(this);
        }
    }
}
