package io.portcullis.console;

import io.portcullis.audit.AuditLog.Actor;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.shell.core.command.CommandArgument;
import org.springframework.shell.core.command.CommandOption;
import org.springframework.shell.core.command.ParsedInput;

/**
 * One run of a command in one session: its checked option values and arguments, and the session's
 * output, questions and identity. Values were checked by {@link ConsoleLineParser}, so the typed getters
 * here cannot fail.
 */
final class Invocation {

    private final Map<String, String> options = new HashMap<>();
    private final Map<Integer, String> arguments = new HashMap<>();
    private final ConsoleSession session;

    Invocation(ParsedInput parsed, ConsoleSession session) {
        for (CommandOption option : parsed.options()) {
            options.put(option.longName(), option.value());
        }
        for (CommandArgument argument : parsed.arguments()) {
            arguments.put(argument.index(), argument.value());
        }
        this.session = session;
    }

    String argument(int index) {
        return optionalArgument(index).orElseThrow(() -> new IllegalStateException("argument " + index + " was checked"));
    }

    Optional<String> optionalArgument(int index) {
        return Optional.ofNullable(arguments.get(index));
    }

    Optional<String> text(String option) {
        return Optional.ofNullable(options.get(option));
    }

    Optional<Integer> number(String option) {
        return text(option).map(Integer::parseInt);
    }

    Optional<Boolean> bool(String option) {
        return text(option).map(Boolean::parseBoolean);
    }

    /** A comma-separated option as a list; {@code ""} is the empty list. */
    Optional<List<String>> list(String option) {
        return text(option).map(Invocation::splitList);
    }

    boolean flag(String option) {
        return options.containsKey(option);
    }

    boolean json() {
        return flag(OptionSpec.JSON.name());
    }

    boolean has(String option) {
        return options.containsKey(option);
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

    static List<String> splitList(String value) {
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
