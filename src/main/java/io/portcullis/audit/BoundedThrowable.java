package io.portcullis.audit;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import org.slf4j.LoggerFactory;

/**
 * The log's {@code %ex}, written right after the message. Apache MINA SSHD's loggers see what clients
 * send, so a client must not be able to write a stack trace at will: their exceptions stay on the
 * message's line as {@code [Type: message]} (that logger at DEBUG shows the trace). Other traces are
 * kept on the lines that follow, each line escaped as messages are.
 */
public class BoundedThrowable extends ThrowableProxyConverter {

    private static final String LIBRARY = "org.apache.sshd.";
    private static final int MAX_LINE_BYTES = 1024;
    private static final int MAX_TRACE_BYTES = 32 * 1024;

    @Override
    public String convert(ILoggingEvent event) {
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown == null) {
            return "";
        }
        if (event.getLoggerName().startsWith(LIBRARY) && !LoggerFactory.getLogger(event.getLoggerName()).isDebugEnabled()) {
            return " [" + LogText.capped(thrown.getClassName() + ": " + thrown.getMessage(), MAX_LINE_BYTES) + "]";
        }
        StringBuilder out = new StringBuilder();
        for (String line : super.convert(event).split("\r?\n")) {
            if (!line.isEmpty()) {
                String tab = line.startsWith("\t") ? "\t" : "";
                out.append('\n').append(tab).append(LogText.capped(line.substring(tab.length()), MAX_LINE_BYTES));
            }
        }
        return LogText.cut(out.toString(), MAX_TRACE_BYTES);
    }
}
