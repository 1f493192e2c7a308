package io.portcullis.accounts;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The options before a key in an authorized_keys line, with sshd(8)'s meaning: {@code from=} (addresses and
 * CIDR, {@code !} negates), {@code restrict} and the {@code no-*} / re-enabling words, {@code command=},
 * {@code permitopen=}, {@code permitlisten=}, {@code expiry-time=}. They hold for the session that logged in
 * with the key. {@code environment=} and the rc and X11 words are accepted and do nothing (Portcullis takes no
 * environment from a user, runs no rc file and never forwards X11); options for certificates or tunnels make
 * the line unusable, as an unknown option does in OpenSSH.
 */
public record KeyOptions(Optional<String> from, boolean portForwarding, boolean agentForwarding, boolean pty,
                         Optional<String> command, List<String> permitOpen, List<String> permitListen,
                         Optional<Instant> expiry, String text) {

    /** A key in the database: nothing restricted. */
    public static final KeyOptions NONE = new KeyOptions(Optional.empty(), true, true, true, Optional.empty(),
            List.of(), List.of(), Optional.empty(), "");

    private static final DateTimeFormatter EXPIRY = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    public boolean restricts() {
        return !text.isEmpty();
    }

    /**
     * Parses the comma-separated options (values in double quotes, {@code \"} inside them); throws
     * {@link IllegalArgumentException} naming the option that cannot be used.
     */
    public static KeyOptions parse(String options) {
        Optional<String> from = Optional.empty();
        Optional<String> command = Optional.empty();
        Optional<Instant> expiry = Optional.empty();
        boolean port = true;
        boolean agent = true;
        boolean pty = true;
        List<String> open = new ArrayList<>();
        List<String> listen = new ArrayList<>();
        for (String[] option : split(options)) {
            String name = option[0].toLowerCase(Locale.ROOT);
            String value = option[1];
            switch (name) {
                case "restrict" -> {
                    port = false;
                    agent = false;
                    pty = false;
                }
                case "no-port-forwarding" -> port = false;
                case "port-forwarding" -> port = true;
                case "no-agent-forwarding" -> agent = false;
                case "agent-forwarding" -> agent = true;
                case "no-pty" -> pty = false;
                case "pty" -> pty = true;
                case "no-x11-forwarding", "x11-forwarding", "no-user-rc", "user-rc", "no-touch-required" -> {
                    // nothing to restrict: no X11, no rc files here
                }
                case "from" -> from = Optional.of(required(name, value));
                case "command" -> command = Optional.of(required(name, value));
                case "environment" -> required(name, value);
                case "permitopen" -> open.add(hostPort(name, required(name, value)));
                case "permitlisten" -> listen.add(hostPort(name, required(name, value)));
                case "expiry-time" -> expiry = Optional.of(expiry(required(name, value)));
                case "cert-authority", "principals", "tunnel", "verify-required" ->
                        throw new IllegalArgumentException("option '" + option[0] + "' is not supported here");
                default -> throw new IllegalArgumentException("unknown option '" + option[0] + "'");
            }
        }
        return new KeyOptions(from, port, agent, pty, command, List.copyOf(open), List.copyOf(listen), expiry,
                options);
    }

    private static String required(String name, String value) {
        if (value == null) {
            throw new IllegalArgumentException("option '" + name + "' needs a value in double quotes");
        }
        return value;
    }

    /** permitopen/permitlisten take host:port (or port for permitlisten), {@code *} for any. */
    private static String hostPort(String name, String value) {
        String port = value.substring(value.lastIndexOf(':') + 1);
        if (!port.equals("*") && !port.matches("\\d{1,5}")) {
            throw new IllegalArgumentException("option '" + name + "=\"" + value + "\"' is not host:port");
        }
        return value;
    }

    /** YYYYMMDD[HHMM[SS]], the machine's local time as in sshd(8); a trailing Z means UTC. */
    private static Instant expiry(String value) {
        boolean utc = value.endsWith("Z") || value.endsWith("z");
        String digits = utc ? value.substring(0, value.length() - 1) : value;
        String full = digits.length() == 8 ? digits + "000000" : digits.length() == 12 ? digits + "00" : digits;
        ZoneId zone = utc ? ZoneId.of("UTC") : ZoneId.systemDefault();
        try {
            return LocalDateTime.parse(full, EXPIRY).atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("option 'expiry-time=\"" + value + "\"' is not YYYYMMDD[HHMM[SS]]");
        }
    }

    /** name or name="value" items, commas inside quotes kept. */
    private static List<String[]> split(String options) {
        List<String[]> out = new ArrayList<>();
        int i = 0;
        while (i < options.length()) {
            int start = i;
            while (i < options.length() && options.charAt(i) != ',' && options.charAt(i) != '=') {
                i++;
            }
            String name = options.substring(start, i);
            String value = null;
            if (i < options.length() && options.charAt(i) == '=') {
                i++;
                if (i >= options.length() || options.charAt(i) != '"') {
                    throw new IllegalArgumentException("option '" + name + "' needs its value in double quotes");
                }
                StringBuilder v = new StringBuilder();
                i++;
                while (i < options.length() && options.charAt(i) != '"') {
                    if (options.charAt(i) == '\\' && i + 1 < options.length() && options.charAt(i + 1) == '"') {
                        i++;
                    }
                    v.append(options.charAt(i++));
                }
                if (i >= options.length()) {
                    throw new IllegalArgumentException("option '" + name + "': unbalanced double quote");
                }
                i++;
                value = v.toString();
            }
            if (name.isEmpty()) {
                throw new IllegalArgumentException("an empty option");
            }
            out.add(new String[] {name, value});
            if (i < options.length()) {
                if (options.charAt(i) != ',') {
                    throw new IllegalArgumentException("option '" + name + "' is followed by '" + options.charAt(i)
                            + "', not a comma");
                }
                i++;
            }
        }
        return out;
    }
}
