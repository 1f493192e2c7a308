package io.portcullis.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.portcullis.accounts.AccountException;
import io.portcullis.audit.AuditLog;
import io.portcullis.connections.ConnectionException;
import io.portcullis.host.NameServiceException;
import io.portcullis.keypairs.KeypairException;
import io.portcullis.services.ServiceException;
import io.portcullis.settings.SshConfiguration.InvalidSettingsException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.shell.core.InputReader;
import org.springframework.shell.core.command.Command;
import org.springframework.shell.core.command.CommandContext;
import org.springframework.shell.core.command.CommandExecutionException;
import org.springframework.shell.core.command.CommandExecutor;
import org.springframework.shell.core.command.CommandRegistry;
import org.springframework.shell.core.command.ExitStatus;
import org.springframework.shell.core.command.ParsedInput;

/**
 * One console: an SSH channel or the local terminal. It owns a Spring Shell {@link CommandRegistry} of
 * commands bound to it, its output, its questions and its identity, and runs one command line at a time
 * to an exit status: 0 ok, 1 refused or failed, 2 usage error (SPEC §10).
 */
final class ConsoleSession {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    private static final Logger log = LoggerFactory.getLogger(ConsoleSession.class);

    private final ConsoleIdentity identity;
    private final Function<ConsoleIdentity, Role> roles;
    private final AuditLog audit;
    private final ObjectMapper json;
    private final PrintWriter out;
    private final PrintWriter err;
    private final InputReader input;
    private final Questions questions;
    private final CommandRegistry registry;
    private final CommandExecutor executor;
    private final ConsoleLineParser parser;
    private final CommandCatalog catalog;
    private final Optional<ChannelStreams> channel;

    ConsoleSession(CommandCatalog catalog, ConsoleIdentity identity, Function<ConsoleIdentity, Role> roles,
                   AuditLog audit, ObjectMapper json, PrintWriter out, PrintWriter err, InputReader input,
                   boolean interactive, Optional<ChannelStreams> channel) {
        this.channel = channel;
        this.identity = identity;
        this.roles = roles;
        this.audit = audit;
        this.json = json;
        this.out = out;
        this.err = err;
        this.input = input;
        this.questions = new Questions(input, interactive);
        Set<Command> bound = catalog.all().stream().map(c -> new BoundCommand(c, this))
                .collect(Collectors.toCollection(HashSet::new));
        this.registry = new CommandRegistry(bound);
        this.executor = new CommandExecutor(registry);
        this.parser = new ConsoleLineParser(catalog);
        this.catalog = catalog;
    }

    ConsoleIdentity identity() {
        return identity;
    }

    PrintWriter out() {
        return out;
    }

    Questions questions() {
        return questions;
    }

    PrintWriter err() {
        return err;
    }

    /** An exec channel's raw streams; none on an interactive console, whose output is a terminal. */
    Optional<ChannelStreams> channel() {
        return channel;
    }

    /** Runs one command line; a blank line does nothing. */
    int execute(String line) {
        if (line.isBlank()) {
            return OK;
        }
        ParsedInput parsed;
        try {
            parsed = parser.parse(line);
        } catch (UsageException e) {
            // The message may quote what was typed (a misplaced password, say): shown to its author, never logged.
            log.info("console {}: usage error -> exit {}", identity.describe(), USAGE);
            return error(e.getMessage(), USAGE);
        }
        if (catalog.command(words(parsed)).isEmpty()) {
            out.print(catalog.menuHelp(words(parsed)));
            out.flush();
            return OK;
        }
        try {
            return executor.execute(new CommandContext(parsed, registry, out, input)).code();
        } catch (CommandExecutionException e) {
            log.error("console {}: command failed unexpectedly", identity.describe(), e);
            return error("the command failed unexpectedly (" + e.getCause() + "); the log has the details", FAILED);
        } finally {
            out.flush();
            err.flush();
        }
    }

    private static List<String> words(ParsedInput parsed) {
        List<String> words = new ArrayList<>();
        words.add(parsed.commandName());
        words.addAll(parsed.subCommands());
        return words;
    }

    /** Called by the bound command once Spring Shell found it: help, role check, run, exit status. */
    ExitStatus perform(ConsoleCommand command, ParsedInput parsed) {
        if (parsed.options().stream().anyMatch(o -> o.longName().equals(ConsoleLineParser.HELP))) {
            out.print(command.help());
            return status(OK);
        }
        Role role = roles.apply(identity);
        if (!role.mayRun(command)) {
            String why = role == Role.READ_ONLY
                    ? "'" + command.name() + "' changes the appliance, and members of readonly-admins may only run"
                            + " list, show and help commands; ask a member of admins"
                    : "'" + identity.actor().name() + "' is not a member of admins or readonly-admins (any more)";
            audit.record(identity.actor(), "change", command.name(), why, "refused");
            log.info("console {}: {} refused for role {}", identity.describe(), command.name(), role);
            return status(error(why, FAILED));
        }
        long started = System.nanoTime();
        int code = run(command, parsed);
        // The command's own time, without the SSH login around it: what an operator waits for once connected.
        long micros = (System.nanoTime() - started) / 1_000;
        log.info("console {}: {} -> exit {} in {}.{} ms", identity.describe(), CommandLog.describe(command, parsed),
                code, micros / 1000, String.format("%03d", micros % 1000));
        return status(code);
    }

    private int run(ConsoleCommand command, ParsedInput parsed) {
        try {
            command.run(new Invocation(parsed, this));
            return OK;
        } catch (UsageException e) {
            return error(command.name() + ": " + e.getMessage(), USAGE);
        } catch (CommandRefusedException | AccountException | InvalidSettingsException | ServiceException
                 | KeypairException | ConnectionException | NameServiceException e) {
            return error(command.name() + ": " + e.getMessage(), FAILED);
        } catch (CommandCancelledException e) {
            return error(command.name() + ": cancelled", FAILED);
        } catch (RuntimeException e) {
            if (Thread.interrupted()) {
                return error(command.name() + ": cancelled", FAILED);
            }
            log.error("console {}: {} failed unexpectedly", identity.describe(), command.name(), e);
            return error(command.name() + ": failed unexpectedly (" + e + "); the log has the details", FAILED);
        }
    }

    void printJson(Object value) {
        try {
            out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    private int error(String message, int code) {
        out.flush();
        err.println(message);
        err.flush();
        return code;
    }

    private static ExitStatus status(int code) {
        return code == OK ? ExitStatus.OK : new ExitStatus(code, code == USAGE ? "USAGE_ERROR" : "FAILED");
    }
}
