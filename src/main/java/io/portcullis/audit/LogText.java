package io.portcullis.audit;

import java.nio.charset.StandardCharsets;

/**
 * Text that goes into a log line, an audit entry or onto an administrator's terminal, made safe: what a
 * client sent (a user name, a KEXINIT name-list, a file name) can neither start a line of its own, nor
 * move a terminal's cursor or set its title, nor fill a line without end. Escaping is idempotent (an
 * escaped text is left as it is), so text escaped where it entered a line passes the log's own pass
 * unchanged: OpenSSH's log.c does the same to every message (strnvis, at most 1024 bytes).
 */
public final class LogText {

    /** The longest user name an audit entry records. */
    public static final int MAX_USER_BYTES = 64;

    private LogText() {
    }

    /**
     * C0 controls and DEL as backslash, x and two hex digits; C1 controls, the Unicode line and paragraph
     * separators, the bidirectional controls (they reorder or break what a terminal shows), U+FFFD (what
     * bytes that were not UTF-8 were decoded to) and lone surrogates as backslash, u and four hex digits.
     * Everything else is kept.
     */
    public static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1));
            boolean unsafe = !pair && isUnsafe(c);
            if (unsafe && out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (out == null) {
                if (pair) {
                    i++;
                }
                continue;
            }
            if (pair) {
                out.append(c).append(text.charAt(++i));
            } else if (!unsafe) {
                out.append(c);
            } else if (c < 0x80) {
                out.append(String.format("\\x%02x", (int) c));
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        return out == null ? text : out.toString();
    }

    private static boolean isUnsafe(char c) {
        return c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) || c == 0x2028 || c == 0x2029
                || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c == 0x200e || c == 0x200f
                || c == 0x061c || c == 0xfffd || Character.isSurrogate(c);
    }

    /** {@link #escape}d and cut to at most {@code maxBytes} of UTF-8, saying how much was left out. */
    public static String capped(String text, int maxBytes) {
        return cut(escape(text), maxBytes);
    }

    /** Text cut to at most {@code maxBytes} of UTF-8, saying how much was left out. */
    static String cut(String escaped, int maxBytes) {
        byte[] utf8 = escaped.getBytes(StandardCharsets.UTF_8);
        if (utf8.length <= maxBytes) {
            return escaped;
        }
        String marker = "...[" + utf8.length + " bytes]";
        int keep = Math.max(0, maxBytes - marker.length());
        // back off to the start of a character
        while (keep > 0 && (utf8[keep] & 0xC0) == 0x80) {
            keep--;
        }
        return new String(utf8, 0, keep, StandardCharsets.UTF_8) + marker;
    }
}
