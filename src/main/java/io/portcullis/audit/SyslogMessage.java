package io.portcullis.audit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * One RFC 5424 syslog message without structured data:
 * {@code <PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID - MSG}, PRI being facility * 8 + severity.
 *
 * <p>Header fields may only hold printable US-ASCII without spaces (RFC 5424 §6), so anything else in
 * them becomes {@code _}, an empty one the NILVALUE {@code -}, and each is cut to its maximum length.
 * MSG is UTF-8 and starts with a BOM, as §6.4 asks of UTF-8 text; control characters in it are written
 * as {@code \xNN} so that no name a client chose can start a line of its own in a receiver's file.
 */
public record SyslogMessage(int facility, int severity, Instant at, String hostname, String appName, String procId,
                            String msgId, String text) {

    /** Millisecond precision in UTC: within TIME-SECFRAC's six digits, and what the log file uses. */
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    public SyslogMessage {
        if (facility < 0 || facility > 23) {
            throw new IllegalArgumentException("syslog facility " + facility + " is not 0-23");
        }
        if (severity < 0 || severity > 7) {
            throw new IllegalArgumentException("syslog severity " + severity + " is not 0-7");
        }
    }

    public SyslogMessage withHostname(String name) {
        return new SyslogMessage(facility, severity, at, name, appName, procId, msgId, text);
    }

    public int pri() {
        return facility * 8 + severity;
    }

    /** Everything before MSG, ending in the space that separates it. */
    public String header() {
        return "<" + pri() + ">1 " + TIMESTAMP.format(at) + " " + field(hostname, 255) + " " + field(appName, 48)
                + " " + field(procId, 128) + " " + field(msgId, 32) + " - ";
    }

    /** The datagram: the header in ASCII, then the BOM and MSG in UTF-8. */
    public byte[] toBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(header().length() + text.length() + 8);
        out.writeBytes(header().getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(BOM);
        out.writeBytes(escapeControls(text).getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    static String field(String value, int maxLength) {
        if (value == null || value.isEmpty()) {
            return "-";
        }
        StringBuilder out = new StringBuilder(Math.min(value.length(), maxLength));
        for (int i = 0; i < value.length() && out.length() < maxLength; i++) {
            char c = value.charAt(i);
            out.append(c >= 33 && c <= 126 ? c : '_');
        }
        return out.toString();
    }

    /** Control characters and the like escaped as in the log: {@link LogText#escape}. */
    public static String escapeControls(String text) {
        return LogText.escape(text);
    }
}
