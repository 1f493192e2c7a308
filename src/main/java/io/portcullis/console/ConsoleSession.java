package io.portcullis.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.portcullis.audit.AuditLog;
import io.portcullis.host.RefusedException;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One console: an SSH channel or the local terminal. It owns its output, its questions and its identity, and
 * runs one command line at a time to an exit status: 0 ok, 1 refused or failed, 2 usage error (SPEC §10).
 * Every expected failure is a {@link RefusedException} carrying its status; anything else is a bug, logged.
 */
final class ConsoleSession {

    static final int OK = 0;
    static final int FAILED = RefusedException.REFUSED;
    static final int USAGE = UsageException.USAGE;

    private static final Logger log = LoggerFactory.getLogger(ConsoleSession.class);

    private final CommandCatalog catalog;
    private final ConsoleLineParser parser;
    private final ConsoleIdentity identity;
    private final Function<ConsoleIdentity, Role> roles;
    private final AuditLog audit;
    private final ObjectMapper json;
    private final PrintWriter out;
    private final PrintWriter err;
    private final Questions questions;
    private final Optional<ChannelStreams> channel;

    ConsoleSession(CommandCatalog catalog, ConsoleLineParser parser, ConsoleIdentity identity,
                   Function<ConsoleIdentity, Role> roles, AuditLog audit, ObjectMapper json, PrintWriter out,
                   PrintWriter err, Answers answers, boolean interactive, Optional<ChannelStreams> channel) {
        this.channel = channel;
        this.catalog = catalog;
        this.parser = parser;
        this.identity = identity;
        this.roles = roles;
        this.audit = audit;
        this.json = json;
        this.out = out;
        this.err = err;
        this.questions = new Questions(answers, interactive);
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
    int execute(String text) {
        if (text.isBlank()) {
            return OK;
        }
        ConsoleLine line;
        try {
            line = parser.parse(text);
        } catch (UsageException e) {
            // The message may quote what was typed (a misplaced password, say): shown to its author, never logged.
            log.info("console {}: usage error -> exit {}", identity.describe(), USAGE);
            return error(e.getMessage(), USAGE);
        }
        try {
            if (line.command().isEmpty()) {
                out.print(catalog.menuHelp(line.path()));
                return OK;
            }
            ConsoleCommand command = line.command().get();
            if (line.help()) {
                out.print(command.help());
                return OK;
            }
            return perform(command, line);
        } catch (RuntimeException e) {
            log.error("console {}: command failed unexpectedly", identity.describe(), e);
            return error("the command failed unexpectedly (" + e + "); the log has the details", FAILED);
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** The role check, the run and its log line. */
    private int perform(ConsoleCommand command, ConsoleLine line) {
        Role role = roles.apply(identity);
        if (!role.mayRun(command)) {
            String why = role == Role.READ_ONLY
                    ? "'" + command.name() + "' changes the appliance, and members of readonly-admins may only run"
                            + " list, show and help commands; ask a member of admins"
                    : "'" + identity.actor().name() + "' is not a member of admins or readonly-admins (any more)";
            audit.record(identity.actor(), "change", command.name(), why, "refused");
            log.info("console {}: {} refused for role {}", identity.describe(), command.name(), role);
            return error(why, FAILED);
        }
        long started = System.nanoTime();
        int code = run(command, line);
        // The command's own time, without the SSH login around it: what an operator waits for once connected.
        long micros = (System.nanoTime() - started) / 1_000;
        log.info("console {}: {} -> exit {} in {}.{} ms", identity.describe(), CommandLog.describe(command, line),
                code, micros / 1000, String.format("%03d", micros % 1000));
        return code;
    }

    private int run(ConsoleCommand command, ConsoleLine line) {
        try {
            command.run(new Invocation(line, this));
            return OK;
        } catch (RefusedException e) {
            return error(command.name() + ": " + e.getMessage(), e.exitStatus());
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
}
