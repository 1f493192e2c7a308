package io.portcullis.console;

import io.portcullis.accounts.AccountRules;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Reads a console line: shell-like words ({@link CommandWords}), the command or menu found by its words in the
 * {@link CommandCatalog}, then the command's options and arguments, each value read by its declaration's
 * {@link ValueType}. Anything wrong is a {@link UsageException} (exit status 2) before the command runs, so
 * a bad value never half-applies. Stateless: one parser serves every session.
 */
final class ConsoleLineParser {

    private final CommandCatalog catalog;

    ConsoleLineParser(CommandCatalog catalog) {
        this.catalog = catalog;
    }

    ConsoleLine parse(String line) {
        List<String> words = CommandWords.split(line);
        if (words.isEmpty()) {
            throw new UsageException("no command given; 'help' lists the commands");
        }
        List<String> path = catalog.longestPath(words);
        List<String> rest = words.subList(path.size(), words.size());
        if (path.isEmpty()) {
            throw new UsageException("unknown command '" + AccountRules.printable(words.get(0))
                    + "'; 'help' lists the commands");
        }
        Optional<ConsoleCommand> command = catalog.command(path);
        if (command.isEmpty()) {
            return menu(path, rest);
        }
        return optionsAndArguments(command.get(), rest);
    }

    /** A menu alone lists its commands; a menu followed by a word that is not one of its commands is unknown. */
    private static ConsoleLine menu(List<String> path, List<String> rest) {
        if (rest.isEmpty() || rest.size() == 1 && isHelp(rest.get(0))) {
            return ConsoleLine.menu(path);
        }
        String menu = String.join(" ", path);
        throw new UsageException("unknown command '" + menu + " " + AccountRules.printable(rest.get(0)) + "'; 'help "
                + menu + "' lists the commands of '" + menu + "'");
    }

    private static ConsoleLine optionsAndArguments(ConsoleCommand command, List<String> words) {
        int separator = words.indexOf("--");
        if ((separator < 0 ? words : words.subList(0, separator)).stream().anyMatch(ConsoleLineParser::isHelp)) {
            // --help answers whatever else the line holds, so 'accounts users add --help' needs no NAME.
            return ConsoleLine.help(command);
        }
        List<String> positional = new ArrayList<>();
        LinkedHashMap<Option<?>, Object> options = new LinkedHashMap<>();
        boolean onlyArguments = false;
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            if (onlyArguments || !word.startsWith("-") || word.equals("-")) {
                positional.add(word);
            } else if (word.equals("--")) {
                onlyArguments = true;
            } else if (!word.startsWith("--")) {
                throw new UsageException(command.name() + ": unknown option '" + AccountRules.printable(word)
                        + "'; options are written --name; '" + command.name() + " --help' lists them");
            } else {
                int eq = word.indexOf('=');
                String name = word.substring(2, eq < 0 ? word.length() : eq);
                Option<?> option = command.option(name).orElseThrow(() -> new UsageException(command.name()
                        + ": unknown option '--" + AccountRules.printable(name) + "'; '" + command.name()
                        + " --help' lists the options"));
                if (options.containsKey(option)) {
                    throw new UsageException(command.name() + ": --" + name + " is given twice; give it once");
                }
                String text;
                if (!option.takesValue()) {
                    if (eq >= 0) {
                        throw new UsageException(command.name() + ": --" + name + " takes no value");
                    }
                    options.put(option, Boolean.TRUE);
                    continue;
                } else if (eq >= 0) {
                    text = word.substring(eq + 1);
                } else if (i + 1 < words.size() && !words.get(i + 1).startsWith("--")) {
                    text = words.get(++i);
                } else {
                    throw new UsageException(command.name() + ": --" + name + " needs a value (" + option.valueName()
                            + "); write --" + name + "=VALUE for a value that starts with --");
                }
                options.put(option, checked(command, () -> option.read(text)));
            }
        }
        return ConsoleLine.run(command, options, arguments(command, positional));
    }

    private static LinkedHashMap<Argument, String> arguments(ConsoleCommand command, List<String> positional) {
        LinkedHashMap<Argument, String> arguments = new LinkedHashMap<>();
        int given = 0;
        for (Argument argument : command.arguments()) {
            if (given >= positional.size()) {
                if (argument.required()) {
                    throw new UsageException(command.name() + ": " + argument.name() + " is missing; usage: "
                            + command.usage());
                }
                return arguments;
            }
            String text = argument.rest() ? String.join(" ", positional.subList(given, positional.size()))
                    : positional.get(given);
            given = argument.rest() ? positional.size() : given + 1;
            arguments.put(argument, checked(command, () -> argument.read(text)));
        }
        if (given < positional.size()) {
            throw new UsageException(command.name() + ": unexpected argument '"
                    + AccountRules.printable(positional.get(given)) + "'; usage: " + command.usage());
        }
        return arguments;
    }

    /** A value's rule broken, said with the command it was given to. */
    private static <T> T checked(ConsoleCommand command, Supplier<T> read) {
        try {
            return read.get();
        } catch (UsageException e) {
            throw new UsageException(command.name() + ": " + e.getMessage());
        }
    }

    static boolean isHelp(String word) {
        return word.equals("--help") || word.equals("-h");
    }
}
