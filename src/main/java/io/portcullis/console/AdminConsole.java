package io.portcullis.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.portcullis.accounts.Accounts;
import io.portcullis.audit.AuditLog.Actor;
import io.portcullis.audit.AuditLog;
import io.portcullis.host.DataDirectory;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The admin console (SPEC §6): an interactive console on a JLine terminal, or one command in exec mode.
 * Each call builds its own session (terminal-bound line reader, history, output, questions, identity); this
 * bean holds only what every session shares read-only: the catalog and its parser.
 */
@Component
public class AdminConsole {

    private static final Logger log = LoggerFactory.getLogger(AdminConsole.class);
    static final String BANNER = "Portcullis admin console. 'help' lists the commands, Tab completes, 'exit' or"
            + " Ctrl-D leaves.";

    private final CommandCatalog catalog;
    private final ConsoleLineParser parser;
    private final Accounts accounts;
    private final AuditLog audit;
    private final Path historyDirectory;
    private final ObjectMapper json = new ObjectMapper();

    AdminConsole(CommandCatalog catalog, Accounts accounts, AuditLog audit, DataDirectory dataDirectory) {
        this.catalog = catalog;
        this.parser = new ConsoleLineParser(catalog);
        this.accounts = accounts;
        this.audit = audit;
        this.historyDirectory = dataDirectory.root().resolve("console-history");
    }

    /**
     * Runs an interactive admin console on {@code terminal} with full administrator rights, as
     * {@code actor} (the local console menu passes {@code Actor.LOCAL_CONSOLE}: user {@code console},
     * address {@code local}), and returns when the user leaves with {@code exit}, {@code quit},
     * {@code logout}, Ctrl-D, or when the terminal's input ends.
     *
     * <p>The caller owns the terminal: it is neither closed nor left in raw mode. Ctrl-C cancels the line
     * being typed, or interrupts the running command through the terminal's {@code INT} signal (a system
     * terminal built with native signals delivers it); it never ends the console. Every change is audited
     * as {@code actor}; history is kept in {@code DATA_DIR/console-history/ACTOR-NAME}. Several consoles
     * may run at once, each on its own terminal and thread.
     */
    public void run(Terminal terminal, Actor actor) {
        interact(terminal, ConsoleIdentity.fullAdministrator(actor));
    }

    void interact(Terminal terminal, ConsoleIdentity identity) {
        String name = identity.actor().name();
        ConsoleHistory history = new ConsoleHistory(line -> {
            try {
                parser.parse(line);
                return true;
            } catch (UsageException e) {
                return false;
            }
        });
        LineReader reader = LineReaderBuilder.builder().terminal(terminal).appName("portcullis")
                .parser(completionParser())
                .completer(new ConsoleCompleter(catalog))
                .history(history)
                .variable(LineReader.HISTORY_FILE, ConsoleHistory.prepareFile(historyDirectory, fileName(name)))
                // '!' in a password must stay '!', and backslashes must reach the console's own parser.
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .build();
        LongLineLimit limit = LongLineLimit.install(reader);
        // Answers to questions (and typed passwords) go through a reader that keeps no history.
        LineReader answers = LineReaderBuilder.builder().terminal(terminal).appName("portcullis")
                .variable(LineReader.DISABLE_HISTORY, true)
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .build();
        PrintWriter out = terminal.writer();
        ConsoleSession session = new ConsoleSession(catalog, parser, identity, this::roleOf, audit, json, out, out,
                Answers.typedOn(answers), true, Optional.empty());
        log.info("console {}: interactive session started", identity.describe());
        out.println(BANNER);
        out.flush();
        String prompt = name + "@portcullis> ";
        while (true) {
            String line;
            try {
                line = reader.readLine(prompt);
            } catch (UserInterruptException e) {
                if (limit.exceeded("")) {
                    out.println(LongLineLimit.message());
                }
                continue;
            } catch (EndOfFileException e) {
                break;
            }
            if (limit.exceeded(line)) {
                out.println(LongLineLimit.message());
                continue;
            }
            if (CommandCatalog.LEAVE_WORDS.contains(line.strip())) {
                break;
            }
            runCancellable(terminal, () -> session.execute(line));
        }
        out.flush();
        log.info("console {}: interactive session ended", identity.describe());
    }

    /** While a command runs, Ctrl-C (the terminal's INT signal) interrupts it instead of being typed ahead. */
    private static void runCancellable(Terminal terminal, Runnable command) {
        Thread worker = Thread.currentThread();
        Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT, signal -> worker.interrupt());
        try {
            command.run();
        } finally {
            terminal.handle(Terminal.Signal.INT, previous);
            Thread.interrupted();
        }
    }

    /**
     * Runs one command line without a terminal ({@code ssh host COMMAND}): no prompt, banner or colour;
     * output on {@code out}, errors on {@code err}, the channel's raw streams for commands that move bytes;
     * returns 0 ok, 1 refused or failed, 2 usage error.
     */
    int execute(String commandLine, ConsoleIdentity identity, ChannelStreams channel, PrintWriter out,
                PrintWriter err) {
        if (commandLine.isBlank()) {
            err.println("no command given; 'help' lists the commands");
            err.flush();
            return ConsoleSession.USAGE;
        }
        if (CommandCatalog.LEAVE_WORDS.contains(commandLine.strip())) {
            return ConsoleSession.OK;
        }
        ConsoleSession session = new ConsoleSession(catalog, parser, identity, this::roleOf, audit, json, out, err,
                new StandardInputReader(channel.in()), false, Optional.of(channel));
        return session.execute(commandLine);
    }

    /**
     * What the session audit may keep of a command line given to {@code ssh host COMMAND}: the command as the
     * console logs it, secret values masked; a line that names no command is not kept (it may be a password
     * typed in the wrong place), as the history keeps only lines that parse.
     */
    String describeForAudit(String commandLine) {
        try {
            ConsoleLine line = parser.parse(commandLine);
            return line.command().map(command -> CommandLog.describe(command, line))
                    .orElse("(no console command: not kept)");
        } catch (UsageException e) {
            return "(no console command: not kept)";
        }
    }

    private Role roleOf(ConsoleIdentity identity) {
        return identity.account().isEmpty() ? Role.ADMINISTRATOR : Role.of(accounts.find(identity.account().get()));
    }

    /** JLine's word splitting, used for completion only; an unclosed quote is the console parser's to report. */
    private static DefaultParser completionParser() {
        DefaultParser parser = new DefaultParser();
        parser.setEofOnUnclosedQuote(false);
        parser.setEofOnEscapedNewLine(false);
        return parser;
    }

    /** Usernames are safe file names already; any other actor name is made one. */
    private static String fileName(String actorName) {
        String safe = actorName.replaceAll("[^A-Za-z0-9_.-]", "_");
        return safe.isEmpty() || safe.startsWith(".") ? "_" + safe : safe;
    }
}
