package io.portcullis.console;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One console line as {@link ConsoleLineParser} read it: the words naming a menu or a command and, for a
 * command (empty for a menu), either a request for its help or its checked values, keyed by the option and
 * argument objects that declare them, in the order typed.
 */
record ConsoleLine(List<String> path, Optional<ConsoleCommand> command, boolean help, Map<Option<?>, Object> options,
                   Map<Argument, String> arguments) {

    /** A menu alone ({@code accounts users}): its commands are listed. */
    static ConsoleLine menu(List<String> path) {
        return new ConsoleLine(List.copyOf(path), Optional.empty(), false, Map.of(), Map.of());
    }

    static ConsoleLine help(ConsoleCommand command) {
        return new ConsoleLine(command.words(), Optional.of(command), true, Map.of(), Map.of());
    }

    static ConsoleLine run(ConsoleCommand command, Map<Option<?>, Object> options, Map<Argument, String> arguments) {
        return new ConsoleLine(command.words(), Optional.of(command), false,
                Collections.unmodifiableMap(new LinkedHashMap<>(options)),
                Collections.unmodifiableMap(new LinkedHashMap<>(arguments)));
    }

    @SuppressWarnings("unchecked")
    <T> Optional<T> value(Option<T> option) {
        return Optional.ofNullable((T) options.get(option));
    }

    Optional<String> value(Argument argument) {
        return Optional.ofNullable(arguments.get(argument));
    }
}
