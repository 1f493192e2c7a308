package io.portcullis.audit;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * The log's {@code %msg}: every message {@link LogText#escape}d and cut at {@link #MAX_BYTES}, whoever
 * wrote it (our code or a library quoting what a client sent), so a log line is one line and short.
 */
public class PrintableMessage extends MessageConverter {

    /** Room for the longest message of our own (a console command line); OpenSSH stops at 1024. */
    public static final int MAX_BYTES = 4096;

    @Override
    public String convert(ILoggingEvent event) {
        return LogText.capped(super.convert(event), MAX_BYTES);
    }
}
