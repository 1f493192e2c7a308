package io.portcullis.console;

import java.util.concurrent.atomic.AtomicBoolean;
import org.jline.reader.LineReader;
import org.jline.reader.Widget;
import org.jline.reader.impl.LineReaderImpl;

/**
 * Caps the length of a typed line. JLine redraws the whole line after every character, so a megabyte
 * pasted or piped in would keep a session busy for hours; past the cap the rest of the line is read and
 * dropped without drawing, and the console reports the line instead of running it.
 */
final class LongLineLimit {

    static final int MAX_CHARACTERS = 8192;

    private final AtomicBoolean exceeded = new AtomicBoolean();

    private LongLineLimit() {
    }

    static LongLineLimit install(LineReader reader) {
        LongLineLimit limit = new LongLineLimit();
        Widget selfInsert = reader.getWidgets().get(LineReader.SELF_INSERT);
        reader.getWidgets().put(LineReader.SELF_INSERT, () -> {
            if (reader.getBuffer().length() < MAX_CHARACTERS) {
                return selfInsert.apply();
            }
            limit.discardRestOfLine((LineReaderImpl) reader);
            return true;
        });
        return limit;
    }

    private void discardRestOfLine(LineReaderImpl reader) {
        int c;
        do {
            c = reader.readCharacter();
        } while (c != '\r' && c != '\n' && c != -1);
        exceeded.set(true);
        reader.getBuffer().clear();
        reader.callWidget(LineReader.ACCEPT_LINE);
    }

    /** Whether the line just read was too long (also true for a longer paste); resets the flag. */
    boolean exceeded(String line) {
        return exceeded.getAndSet(false) | line.length() > MAX_CHARACTERS;
    }

    static String message() {
        return "input line longer than " + MAX_CHARACTERS + " characters: ignored; nothing was run";
    }
}
