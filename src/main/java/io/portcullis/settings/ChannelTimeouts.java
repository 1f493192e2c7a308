package io.portcullis.settings;

import io.portcullis.settings.sshdconfig.TimeFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * sshd_config's {@code ChannelTimeout} (OpenSSH 9.x): {@code type=interval} pairs, where a channel of that
 * type (a pattern with {@code *} and {@code ?}) with no data either way for the interval is closed; the first
 * pair that matches a type decides, and zero turns the timeout off. {@code global} is not a channel type:
 * when no channel of a connection has had data for its interval, all of them are closed. Wildcards never
 * match {@code global}.
 */
public record ChannelTimeouts(List<Pair> pairs) {

    /** One {@code type=interval}. */
    public record Pair(String type, Duration interval) {
    }

    /** The channel types OpenSSH names; the ones Portcullis never opens (X11, tun, Unix sockets) time out never. */
    public static final List<String> TYPES = List.of("session", "direct-tcpip", "forwarded-tcpip", "agent-connection",
            "direct-streamlocal@openssh.com", "forwarded-streamlocal@openssh.com", "x11-connection", "tun-connection");

    public static final String GLOBAL = "global";
    public static final ChannelTimeouts NONE = new ChannelTimeouts(List.of());

    public ChannelTimeouts {
        pairs = List.copyOf(pairs);
    }

    /** {@code none}, or pairs separated by spaces; each wrong pair is named with what to give instead. */
    public static ChannelTimeouts parse(String text) {
        String hint = "give TYPE=INTERVAL pairs separated by spaces, such as session=5m direct-tcpip=1h global=2h,"
                + " or none; the types are " + GLOBAL + ", " + String.join(", ", TYPES);
        String trimmed = text.strip();
        if (trimmed.isEmpty() || trimmed.equalsIgnoreCase("none")) {
            return NONE;
        }
        List<Pair> pairs = new ArrayList<>();
        for (String part : trimmed.split("\\s+")) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw new SettingValueException(part, "is not TYPE=INTERVAL; " + hint, hint);
            }
            String type = part.substring(0, eq);
            boolean pattern = type.contains("*") || type.contains("?");
            if (!pattern && !type.equals(GLOBAL) && !TYPES.contains(type)) {
                throw new SettingValueException(part, "names no channel type; " + hint, hint);
            }
            Duration interval;
            try {
                interval = TimeFormat.parse(part.substring(eq + 1));
            } catch (IllegalArgumentException e) {
                throw new SettingValueException(part, "has an interval that " + e.getMessage() + "; " + hint, hint);
            }
            pairs.add(new Pair(type, interval));
        }
        return new ChannelTimeouts(pairs);
    }

    public boolean isNone() {
        return pairs.stream().allMatch(p -> p.interval().isZero());
    }

    /** The timeout of a channel of this type, if any: the first pair whose pattern matches it, as OpenSSH decides. */
    public Optional<Duration> forType(String type) {
        return pairs.stream().filter(p -> !p.type().equals(GLOBAL) && matches(type, p.type())).findFirst()
                .map(Pair::interval).filter(d -> !d.isZero());
    }

    /** The {@code global} timeout, if any. */
    public Optional<Duration> global() {
        return pairs.stream().filter(p -> p.type().equals(GLOBAL)).findFirst().map(Pair::interval)
                .filter(d -> !d.isZero());
    }

    /** As typed back: {@code none}, or the pairs with their intervals written shortest. */
    public String format() {
        return pairs.isEmpty() ? "none"
                : pairs.stream().map(p -> p.type() + "=" + TimeFormat.format(p.interval())).collect(Collectors.joining(" "));
    }

    /** sshd's match_pattern: {@code *} any run, {@code ?} any one character, the rest as it is. */
    static boolean matches(String text, String pattern) {
        return text.matches(java.util.regex.Pattern.quote(pattern).replace("*", "\\E.*\\Q").replace("?", "\\E.\\Q"));
    }
}
