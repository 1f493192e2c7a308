package io.portcullis.console;

import io.portcullis.audit.AuditLog.Actor;
import java.io.PrintWriter;
import java.util.Optional;

/**
 * One run of a command in one session: its checked option and argument values, read by the objects that
 * declare them, and the session's output, questions and identity. Reading an option or argument the command
 * does not declare is a bug, and fails at once instead of reading as absent.
 */
final class Invocation {

    private final ConsoleCommand command;
    private final ConsoleLine line;
    private final ConsoleSession session;

    Invocation(ConsoleLine line, ConsoleSession session) {
        this.command = line.command().orElseThrow();
        this.line = line;
        this.session = session;
    }

    /** The option's value; empty when it was not given. */
    <T> Optional<T> get(Option<T> option) {
        return line.value(declared(option));
    }

    boolean has(Option<?> option) {
        return line.value(declared(option)).isPresent();
    }

    /** A required argument's value (the parser saw it given), or an optional one's that {@link #has} it. */
    String get(Argument argument) {
        return line.value(declared(argument)).orElseThrow(() -> new IllegalStateException(command.name()
                + " reads " + argument + ", which was not given"));
    }

    boolean has(Argument argument) {
        return line.value(declared(argument)).isPresent();
    }

    boolean json() {
        return has(Option.JSON);
    }

    PrintWriter out() {
        return session.out();
    }

    /** Where a command writes what it reports when its standard output carries data. */
    PrintWriter err() {
        return session.err();
    }

    Optional<ChannelStreams> channel() {
        return session.channel();
    }

    Questions ask() {
        return session.questions();
    }

    Actor actor() {
        return session.identity().actor();
    }

    ConsoleIdentity identity() {
        return session.identity();
    }

    void printJson(Object value) {
        session.printJson(value);
    }

    private <D> D declared(D declaration) {
        if (!command.declares(declaration)) {
            throw new IllegalStateException(command.name() + " reads " + declaration + ", which it does not declare");
        }
        return declaration;
    }
}
