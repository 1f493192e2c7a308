package io.portcullis.menu;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.LineReaderImpl;
import org.jline.terminal.Terminal;

/**
 * One operator's conversation on one console terminal: what the menu says and the questions it asks.
 * Everything about the session (terminal, line editor, in-memory history) lives here, one per opened
 * device. Ctrl-C at a question throws JLine's {@link UserInterruptException}, which the menu turns into
 * "cancelled"; a hangup or Ctrl-D throws {@link EndOfFileException}.
 */
final class OperatorPrompts {

    private final Terminal terminal;
    private final LineReader reader;
    private final BooleanSupplier hungUp;

    OperatorPrompts(Terminal terminal, BooleanSupplier hungUp) {
        this.terminal = terminal;
        this.hungUp = hungUp;
        this.reader = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("portcullis-menu")
                // a serial terminal may not know the bracketed-paste escape and would print it
                .option(LineReader.Option.BRACKETED_PASTE, false)
                // JLine's history expansion eats backslashes: "\n" between auxiliary lines must arrive as typed
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .build();
    }

    Terminal terminal() {
        return terminal;
    }

    /** Whether the device went away, as opposed to Ctrl-D typed at a question. */
    boolean hungUp() {
        return hungUp.getAsBoolean();
    }

    void say(String text) {
        PrintWriter out = terminal.writer();
        out.println(text);
        out.flush();
    }

    /** The typed line without surrounding spaces. */
    String answer(String prompt) {
        return read(prompt, null).strip();
    }

    /** Asks with the current value in brackets; Enter keeps it. */
    String answer(String question, String current) {
        String typed = answer(question + " [" + current + "]: ");
        return typed.isEmpty() ? current : typed;
    }

    /** A line that is neither echoed nor kept in the history. */
    String secret(String prompt) {
        return read(prompt, LineReaderImpl.NULL_MASK);
    }

    private String read(String prompt, Character mask) {
        try {
            return reader.readLine(prompt, mask);
        } catch (UserInterruptException e) {
            // JLine delivers Ctrl-C by interrupting this thread; the flag it leaves would break the next wait
            Thread.interrupted();
            throw e;
        }
    }

    /** A yes/no question; Enter takes {@code byDefault}; anything else is asked again. */
    boolean yes(String question, boolean byDefault) {
        while (true) {
            String typed = answer(question + (byDefault ? " (yes/no) [yes]: " : " (yes/no) [no]: "))
                    .toLowerCase(Locale.ROOT);
            switch (typed) {
                case "" -> {
                    return byDefault;
                }
                case "yes", "y" -> {
                    return true;
                }
                case "no", "n" -> {
                    return false;
                }
                default -> say("Please answer yes or no.");
            }
        }
    }
}
