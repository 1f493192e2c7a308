package io.portcullis.console;

import io.portcullis.accounts.AccountRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springframework.stereotype.Component;

/**
 * Every console command by its words, and the menus they form ({@code accounts users} is the menu of
 * {@code accounts users add}, ...). Also the {@code help} command, which reads this catalog.
 */
@Component
class CommandCatalog {

    static final List<String> LEAVE_WORDS = List.of("exit", "quit", "logout");
    private static final Argument COMMAND = Argument.optionalRest("COMMAND", "a command or menu, e.g. 'accounts users"
            + " add'");

    private final Map<String, ConsoleCommand> byName = new TreeMap<>();

    CommandCatalog(List<CommandSet> sets) {
        add(helpCommand());
        for (CommandSet set : sets) {
            set.commands().forEach(this::add);
        }
    }

    private void add(ConsoleCommand command) {
        if (byName.putIfAbsent(command.name(), command) != null) {
            throw new IllegalStateException("two console commands are named '" + command.name() + "'");
        }
    }

    List<ConsoleCommand> all() {
        return List.copyOf(byName.values());
    }

    Optional<ConsoleCommand> command(List<String> words) {
        return Optional.ofNullable(byName.get(String.join(" ", words)));
    }

    /** The words that may follow {@code prefix} towards a command, sorted. */
    List<String> nextWords(List<String> prefix) {
        TreeSet<String> next = new TreeSet<>();
        for (ConsoleCommand command : byName.values()) {
            List<String> words = command.words();
            if (words.size() > prefix.size() && words.subList(0, prefix.size()).equals(prefix)) {
                next.add(words.get(prefix.size()));
            }
        }
        return List.copyOf(next);
    }

    /** Whether {@code words} name a menu: a command name's leading words, like {@code accounts users}. */
    boolean isMenu(List<String> words) {
        return !words.isEmpty() && !nextWords(words).isEmpty();
    }

    /**
     * The leading words that name a command or a menu; a command ends the path (the words after it are
     * its arguments and options). Empty when the first word names nothing.
     */
    List<String> longestPath(List<String> words) {
        List<String> path = new ArrayList<>();
        for (String word : words) {
            List<String> candidate = new ArrayList<>(path);
            candidate.add(word);
            if (command(candidate).isPresent()) {
                return candidate;
            }
            if (!isMenu(candidate)) {
                break;
            }
            path = candidate;
        }
        return path;
    }

    /** The commands under a menu (or all of them for an empty prefix), one line each. */
    String listing(List<String> prefix) {
        StringBuilder s = new StringBuilder();
        String menu = null;
        for (ConsoleCommand command : byName.values()) {
            List<String> words = command.words();
            if (words.size() < prefix.size() || !words.subList(0, prefix.size()).equals(prefix)) {
                continue;
            }
            if (prefix.isEmpty() && !words.get(0).equals(menu)) {
                menu = words.get(0);
                s.append(s.length() == 0 ? "" : "\n");
            }
            s.append(ConsoleCommand.columns(command.name(), command.summary(), 34));
        }
        if (prefix.isEmpty()) {
            s.append('\n').append(ConsoleCommand.columns("exit", "leave the console (also quit, logout, Ctrl-D)", 34));
        }
        return s.toString();
    }

    /** What a menu alone ({@code accounts users}) or {@code help MENU} prints. */
    String menuHelp(List<String> menu) {
        return "Commands of '" + String.join(" ", menu) + "':\n" + listing(menu);
    }

    private ConsoleCommand helpCommand() {
        return ConsoleCommand.reading("help", "list the commands, or show the help of one command or menu")
                .argument(COMMAND, this::nextWords)
                .details("Every command also takes --help. Values with spaces go in quotes: --full-name 'Ada Lovelace'.")
                .does(this::help);
    }

    private void help(Invocation invocation) {
        List<String> words = invocation.has(COMMAND) ? List.of(invocation.get(COMMAND).split(" ")) : List.of();
        if (words.isEmpty()) {
            invocation.out().print("Commands (COMMAND --help or help COMMAND for details):\n\n" + listing(List.of()));
            return;
        }
        Optional<ConsoleCommand> command = command(words);
        if (command.isPresent()) {
            invocation.out().print(command.get().help());
        } else if (isMenu(words)) {
            invocation.out().print(menuHelp(words));
        } else {
            throw new UsageException("no command or menu named '" + AccountRules.printable(String.join(" ", words))
                    + "'; 'help' lists the commands");
        }
    }
}
