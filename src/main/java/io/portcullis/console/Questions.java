package io.portcullis.console;

import org.jline.reader.EndOfFileException;
import org.jline.reader.UserInterruptException;
import org.springframework.shell.core.InputReader;

/**
 * What a command may ask its user, through the session's Spring Shell {@link InputReader}: on a terminal
 * it asks; in exec mode there is nobody to ask, so a question refuses with what to add instead, and a
 * password is read from the first line of standard input.
 */
final class Questions {

    private final InputReader input;
    private final boolean interactive;

    Questions(InputReader input, boolean interactive) {
        this.input = input;
        this.interactive = interactive;
    }

    boolean canAsk() {
        return interactive;
    }

    /** Asks a yes/no question (default no); refuses when not answered yes. */
    void confirm(String question, String scriptOption) {
        if (!interactive) {
            throw new CommandRefusedException(question.replaceAll("\\?$", "") + ": not confirmed; there is no terminal"
                    + " to ask on, so add " + scriptOption + " to confirm");
        }
        if (!yes(question)) {
            throw new CommandRefusedException("not confirmed; nothing was changed");
        }
    }

    /** A yes/no question on a terminal (default no). */
    boolean yes(String question) {
        String answer = read(() -> input.readInput(question + " [y/N] ")).trim();
        return answer.equalsIgnoreCase("y") || answer.equalsIgnoreCase("yes");
    }

    /** A new password: typed twice, masked, on a terminal; the first line of standard input in exec mode. */
    String newPassword(String username) {
        if (!interactive) {
            char[] password = read(() -> input.readPassword());
            return new String(password);
        }
        String first = new String(read(() -> input.readPassword("New password for " + username + ": ")));
        String second = new String(read(() -> input.readPassword("Repeat the password: ")));
        if (!first.equals(second)) {
            throw new CommandRefusedException("the two passwords differ; nothing was changed");
        }
        return first;
    }

    /** A secret typed on a terminal, not echoed (a backup's passphrase); typed twice when {@code repeat}. */
    String secret(String prompt, boolean repeat) {
        String first = new String(read(() -> input.readPassword(prompt)));
        if (repeat && !first.equals(new String(read(() -> input.readPassword("Repeat it: "))))) {
            throw new CommandRefusedException("the two entries differ; nothing was done");
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
            String line = interactive ? new String(read(() -> input.readPassword(text.length() == 0 ? prompt : "")))
                    : read(() -> input.readInput(""));
            if (line == null) {
                break;
            }
            text.append(line).append('\n');
            if (text.length() > maxBytes) {
                throw new CommandRefusedException("the private key is longer than " + maxBytes + " bytes; give one key");
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
            throw new CommandRefusedException("could not read the answer: " + e.getMessage());
        }
    }
}
