package io.portcullis.console;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

/**
 * Tab completion from the {@link CommandCatalog}: command and menu words, then the command's options,
 * the values of the option being typed (service names, usernames, group names, enum values) and the
 * values of its arguments.
 */
final class ConsoleCompleter implements Completer {

    private final CommandCatalog catalog;

    ConsoleCompleter(CommandCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        List<String> before = line.words().subList(0, Math.max(0, Math.min(line.wordIndex(), line.words().size())));
        String current = line.word().substring(0, Math.min(line.wordCursor(), line.word().length()));
        List<String> path = catalog.longestPath(before);
        Optional<ConsoleCommand> command = catalog.command(path);
        if (command.isEmpty()) {
            if (path.size() == before.size()) {
                catalog.nextWords(path).forEach(w -> candidates.add(word(w, describe(path, w))));
            }
            return;
        }
        completeCommand(command.get(), before.subList(path.size(), before.size()), current, candidates);
    }

    private void completeCommand(ConsoleCommand command, List<String> typed, String current, List<Candidate> out) {
        List<String> arguments = new ArrayList<>();
        Set<String> used = new HashSet<>();
        Option<?> awaitingValue = null;
        for (String word : typed) {
            if (awaitingValue != null) {
                awaitingValue = null;
            } else if (word.startsWith("--")) {
                String name = word.substring(2, word.contains("=") ? word.indexOf('=') : word.length());
                used.add(name);
                Optional<Option<?>> option = command.option(name);
                if (option.isPresent() && option.get().takesValue() && !word.contains("=")) {
                    awaitingValue = option.get();
                }
            } else {
                arguments.add(word);
            }
        }
        if (awaitingValue != null) {
            values(command, awaitingValue, arguments, "", current, out);
        } else if (current.startsWith("--") && current.contains("=")) {
            String name = current.substring(2, current.indexOf('='));
            command.option(name).ifPresent(o -> values(command, o, arguments, "--" + name + "=", current, out));
        } else if (current.startsWith("-")) {
            options(command, used, out);
        } else {
            Argument next = nextArgument(command, arguments.size());
            if (next != null) {
                command.values(next).values(arguments).forEach(v -> out.add(word(v, next.name())));
            } else {
                options(command, used, out);
            }
        }
    }

    private static Argument nextArgument(ConsoleCommand command, int given) {
        List<Argument> specs = command.arguments();
        if (given < specs.size()) {
            return specs.get(given);
        }
        return !specs.isEmpty() && specs.get(specs.size() - 1).rest() ? specs.get(specs.size() - 1) : null;
    }

    private static void options(ConsoleCommand command, Set<String> used, List<Candidate> out) {
        for (Option<?> option : command.options()) {
            if (!used.contains(option.name())) {
                out.add(word("--" + option.name(), option.description()));
            }
        }
        out.add(word("--help", "show the help of this command"));
    }

    /** A list option completes the name after the last comma, keeping what was typed before it. */
    private static void values(ConsoleCommand command, Option<?> option, List<String> arguments, String prefix,
                               String current, List<Candidate> out) {
        boolean list = option.type().commaSeparated();
        String typedList = current.substring(prefix.length());
        String kept = list && typedList.contains(",") ? typedList.substring(0, typedList.lastIndexOf(',') + 1) : "";
        for (String value : command.values(option).values(arguments)) {
            out.add(new Candidate(prefix + kept + value, value, null, null, null, null, !list));
        }
    }

    private String describe(List<String> path, String word) {
        List<String> words = new ArrayList<>(path);
        words.add(word);
        return catalog.command(words).map(ConsoleCommand::summary).orElse("menu");
    }

    private static Candidate word(String value, String description) {
        return new Candidate(value, value, null, description, null, null, true);
    }
}
