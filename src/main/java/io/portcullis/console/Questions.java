package io.portcullis.console;

import io.portcullis.host.RefusedException;
import org.jline.reader.EndOfFileException;
import org.jline.reader.UserInterruptException;

/**
 * What a command may ask its user, through the session's {@link Answers}: on a terminal
 * it asks; in exec mode there is nobody to ask, so a question refuses with what to add instead, and a
 * password is read from the first line of standard input.
 */
final class Questions {

    private final Answers input;
    private final boolean interactive;

    Questions(Answers input, boolean interactive) {
        this.input = input;
        this.interactive = interactive;
    }

    boolean canAsk() {
        return interactive;
    }

    /** Asks a yes/no question (default no); refuses when not answered yes. */
    void confirm(String question, String scriptOption) {
        if (!interactive) {
            throw new RefusedException(question.replaceAll("\\?$", "") + ": not confirmed; there is no terminal"
                    + " to ask on, so add " + scriptOption + " to confirm");
        }
        if (!yes(question)) {
            throw new RefusedException("not confirmed; nothing was changed");
        }
    }

    /** A yes/no question on a terminal (default no). */
    boolean yes(String question) {
        String answer = read(() -> input.line(question + " [y/N] ")).trim();
        return answer.equalsIgnoreCase("y") || answer.equalsIgnoreCase("yes");
    }

    /** A new password: typed twice, masked, on a terminal; the first line of standard input in exec mode. */
    String newPassword(String username) {
        if (!interactive) {
            return read(() -> input.secret(""));
        }
        String first = read(() -> input.secret("New password for " + username + ": "));
        String second = read(() -> input.secret("Repeat the password: "));
        if (!first.equals(second)) {
            throw new RefusedException("the two passwords differ; nothing was changed");
        }
        return first;
    }

    /** A secret typed on a terminal, not echoed (a backup's passphrase); typed twice when {@code repeat}. */
    String secret(String prompt, boolean repeat) {
        String first = read(() -> input.secret(prompt));
        if (repeat && !first.equals(read(() -> input.secret("Repeat it: ")))) {
            throw new RefusedException("the two entries differ; nothing was done");
        }
        return first;
    }

    /**
     * A private key's text: pasted on a terminal (not echoed) up to its {@code -----END} line, or all of
     * standard input in exec mode. Bounded, so a stray binary stream cannot fill memory.
     */
    String privateKeyText(int maxBytes) {
        StringBuilder text = new StringBuilder();
        String prompt = "Paste the private key (not shown), ending with its -----END line:\n";
        while (true) {
            String line = interactive ? read(() -> input.secret(text.length() == 0 ? prompt : ""))
                    : read(() -> input.line(""));
            if (line == null) {
                break;
            }
            text.append(line).append('\n');
            if (text.length() > maxBytes) {
                throw new RefusedException("the private key is longer than " + maxBytes + " bytes; give one key");
            }
            if (line.startsWith("-----END")) {
                break;
            }
        }
        return text.toString();
    }

    private interface Read<T> {
        T get() throws Exception;
    }

    /** Ctrl-C or Ctrl-D at a question cancels the command, never the session. */
    private static <T> T read(Read<T> read) {
        try {
            return read.get();
        } catch (UserInterruptException | EndOfFileException e) {
            throw new CommandCancelledException();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new RefusedException("could not read the answer: " + e.getMessage());
        }
    }
}
