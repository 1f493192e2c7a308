package io.portcullis.console;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Exec mode's input: no questions, but a password may come as the first line of standard input
 * ({@code echo PW | ssh host 'accounts users passwd bob'}), and a private key as its lines
 * ({@code ssh host 'ssh keypairs import k' < id_ed25519}), which keeps both off the command line.
 */
final class StandardInputReader implements Answers {

    /** More than any password the policy allows; a longer line is refused without reading on. */
    private static final int MAX_LINE = 4096;

    private final InputStream stdin;

    StandardInputReader(InputStream stdin) {
        this.stdin = stdin;
    }

    /** The next line of standard input without its line end, or null at its end. */
    @Override
    public String line(String prompt) throws IOException {
        return nextLine("a line on standard input");
    }

    @Override
    public String secret(String prompt) throws IOException {
        String text = nextLine("the password on standard input");
        if (text == null || text.isEmpty()) {
            throw new UsageException("no password given: add --password S, or send it as the first line of standard"
                    + " input");
        }
        return text;
    }

    private String nextLine(String what) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = stdin.read()) >= 0 && b != '\n') {
            if (line.size() >= MAX_LINE) {
                throw new UsageException(what + " is longer than " + MAX_LINE + " bytes");
            }
            line.write(b);
        }
        if (b < 0 && line.size() == 0) {
            return null;
        }
        String text = line.toString(StandardCharsets.UTF_8);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }
}
