package io.portcullis.console;

import java.io.IOException;
import org.jline.reader.LineReader;

/** Where a session's {@link Questions} are answered: its terminal, or in exec mode its standard input. */
interface Answers {

    /** The line typed after {@code prompt}; null when the input has ended. */
    String line(String prompt) throws IOException;

    /** A line typed after {@code prompt} without being shown. */
    String secret(String prompt) throws IOException;

    /** Answers typed on a terminal, through a reader that keeps no history; a secret is echoed as {@code *}. */
    static Answers typedOn(LineReader reader) {
        return new Answers() {
            @Override
            public String line(String prompt) {
                return reader.readLine(prompt);
            }

            @Override
            public String secret(String prompt) {
                return reader.readLine(prompt, '*');
            }
        };
    }
}
