package io.portcullis.console;

import io.portcullis.accounts.AccountRules;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.shell.core.command.CommandArgument;
import org.springframework.shell.core.command.CommandOption;
import org.springframework.shell.core.command.CommandParser;
import org.springframework.shell.core.command.ParsedInput;

/**
 * Spring Shell's parser step for the console: shell-like words ({@link CommandWords}), the command found
 * by its words in the {@link CommandCatalog}, then its options and arguments checked against the
 * command's definition. Anything wrong is a {@link UsageException} (exit status 2) before the command
 * runs, so a bad value never half-applies.
 */
final class ConsoleLineParser implements CommandParser {

    static final String HELP = "help";

    private final CommandCatalog catalog;

    ConsoleLineParser(CommandCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public ParsedInput parse(String line) {
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
        ParsedInput.Builder parsed = ParsedInput.builder().commandName(path.get(0));
        path.subList(1, path.size()).forEach(parsed::addSubCommand);
        Optional<ConsoleCommand> command = catalog.command(path);
        if (command.isEmpty()) {
            return menu(path, rest, parsed);
        }
        parseOptionsAndArguments(command.get(), rest, parsed);
        return parsed.build();
    }

    /** A menu alone lists its commands; a menu followed by a word that is not one of its commands is unknown. */
    private static ParsedInput menu(List<String> path, List<String> rest, ParsedInput.Builder parsed) {
        if (rest.isEmpty() || rest.size() == 1 && isHelp(rest.get(0))) {
            return parsed.build();
        }
        String menu = String.join(" ", path);
        throw new UsageException("unknown command '" + menu + " " + AccountRules.printable(rest.get(0)) + "'; 'help "
                + menu + "' lists the commands of '" + menu + "'");
    }

    private static void parseOptionsAndArguments(ConsoleCommand command, List<String> words, ParsedInput.Builder parsed) {
        int separator = words.indexOf("--");
        if ((separator < 0 ? words : words.subList(0, separator)).stream().anyMatch(ConsoleLineParser::isHelp)) {
            // --help answers whatever else the line holds, so 'accounts users add --help' needs no NAME.
            parsed.addOption(option(HELP, "true"));
            return;
        }
        List<String> positional = new ArrayList<>();
        Set<String> seen = new HashSet<>();
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
                OptionSpec spec = command.option(name).orElseThrow(() -> new UsageException(command.name()
                        + ": unknown option '--" + AccountRules.printable(name) + "'; '" + command.name()
                        + " --help' lists the options"));
                if (!seen.add(name)) {
                    throw new UsageException(command.name() + ": --" + name + " is given twice; give it once");
                }
                String value;
                if (!spec.takesValue()) {
                    if (eq >= 0) {
                        throw new UsageException(command.name() + ": --" + name + " takes no value");
                    }
                    value = "true";
                } else if (eq >= 0) {
                    value = word.substring(eq + 1);
                } else if (i + 1 < words.size() && !words.get(i + 1).startsWith("--")) {
                    value = words.get(++i);
                } else {
                    throw new UsageException(command.name() + ": --" + name + " needs a value (" + spec.valueName()
                            + "); write --" + name + "=VALUE for a value that starts with --");
                }
                parsed.addOption(option(name, checked(command, () -> spec.normalize(value))));
            }
        }
        addArguments(command, positional, parsed);
    }

    private static void addArguments(ConsoleCommand command, List<String> positional, ParsedInput.Builder parsed) {
        List<ArgumentSpec> specs = command.arguments();
        int given = 0;
        for (int index = 0; index < specs.size(); index++) {
            ArgumentSpec spec = specs.get(index);
            if (given >= positional.size()) {
                if (spec.required()) {
                    throw new UsageException(command.name() + ": " + spec.name() + " is missing; usage: " + command.usage());
                }
                return;
            }
            String value = spec.rest() ? String.join(" ", positional.subList(given, positional.size()))
                    : positional.get(given);
            given = spec.rest() ? positional.size() : given + 1;
            parsed.addArgument(new CommandArgument(index, checked(command, () -> spec.normalize(value))));
        }
        if (given < positional.size()) {
            throw new UsageException(command.name() + ": unexpected argument '" + AccountRules.printable(positional.get(given))
                    + "'; usage: " + command.usage());
        }
    }

    /** A value's rule broken, said with the command it was given to. */
    private static String checked(ConsoleCommand command, java.util.function.Supplier<String> normalize) {
        try {
            return normalize.get();
        } catch (UsageException e) {
            throw new UsageException(command.name() + ": " + e.getMessage());
        }
    }

    static boolean isHelp(String word) {
        return word.equals("--help") || word.equals("-h");
    }

    private static CommandOption option(String name, String value) {
        return CommandOption.with().longName(name).value(value).type(String.class).build();
    }
}
