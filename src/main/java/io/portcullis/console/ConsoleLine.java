package io.portcullis.console;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One console line as {@link ConsoleLineParser} read it: the words naming a menu or a command and, for a
 * command, either a request for its help or its checked values, keyed by the option and argument objects
 * that declare them (in the order typed).
 */
final class ConsoleLine {

    private final List<String> path;
    private final ConsoleCommand command;
    private final boolean help;
    private final Map<Option<?>, Object> options;
    private final Map<Argument, String> arguments;

    private ConsoleLine(List<String> path, ConsoleCommand command, boolean help, Map<Option<?>, Object> options,
                        Map<Argument, String> arguments) {
        this.path = List.copyOf(path);
        this.command = command;
        this.help = help;
        this.options = options;
        this.arguments = arguments;
    }

    /** A menu alone ({@code accounts users}): its commands are listed. */
    static ConsoleLine menu(List<String> path) {
        return new ConsoleLine(path, null, false, Map.of(), Map.of());
    }

    static ConsoleLine help(ConsoleCommand command) {
        return new ConsoleLine(command.words(), command, true, Map.of(), Map.of());
    }

    /** {@code options} and {@code arguments} in the order typed. */
    static ConsoleLine run(ConsoleCommand command, Map<Option<?>, Object> options, Map<Argument, String> arguments) {
        return new ConsoleLine(command.words(), command, false, Collections.unmodifiableMap(new LinkedHashMap<>(options)),
                Collections.unmodifiableMap(new LinkedHashMap<>(arguments)));
    }

    List<String> path() {
        return path;
    }

    /** Empty for a menu. */
    Optional<ConsoleCommand> command() {
        return Optional.ofNullable(command);
    }

    boolean help() {
        return help;
    }

    @SuppressWarnings("unchecked")
    <T> Optional<T> value(Option<T> option) {
        return Optional.ofNullable((T) options.get(option));
    }

    Optional<String> value(Argument argument) {
        return Optional.ofNullable(arguments.get(argument));
    }

    /** The options given, in the order typed, with their values. */
    Map<Option<?>, Object> options() {
        return options;
    }

    Map<Argument, String> arguments() {
        return arguments;
    }
}
