package io.portcullis.console;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.springframework.shell.core.InputReader;

/**
 * Exec mode's input: no questions, but a password may come as the first line of standard input
 * ({@code echo PW | ssh host 'accounts users passwd bob'}), and a private key as its lines
 * ({@code ssh host 'ssh keypairs import k' < id_ed25519}), which keeps both off the command line.
 */
final class StandardInputReader implements InputReader {

    /** More than any password the policy allows; a longer line is refused without reading on. */
    private static final int MAX_LINE = 4096;

    private final InputStream stdin;

    StandardInputReader(InputStream stdin) {
        this.stdin = stdin;
    }

    /** The next line of standard input without its line end, or null at its end. */
    @Override
    public String readInput(String prompt) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = stdin.read()) >= 0 && b != '\n') {
            if (line.size() >= MAX_LINE) {
                throw new UsageException("a line on standard input is longer than " + MAX_LINE + " bytes");
            }
            line.write(b);
        }
        if (b < 0 && line.size() == 0) {
            return null;
        }
        String text = line.toString(StandardCharsets.UTF_8);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    @Override
    public char[] readPassword(String prompt) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = stdin.read()) >= 0 && b != '\n') {
            if (line.size() >= MAX_LINE) {
                throw new UsageException("the password on standard input is longer than " + MAX_LINE + " bytes");
            }
            line.write(b);
        }
        String text = line.toString(StandardCharsets.UTF_8);
        if (text.endsWith("\r")) {
            text = text.substring(0, text.length() - 1);
        }
        if (text.isEmpty()) {
            throw new UsageException("no password given: add --password S, or send it as the first line of standard"
                    + " input");
        }
        return text.toCharArray();
    }
}
