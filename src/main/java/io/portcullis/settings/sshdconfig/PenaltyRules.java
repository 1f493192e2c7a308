package io.portcullis.settings.sshdconfig;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * sshd_config's {@code PerSourcePenalties} (OpenSSH 9.8+): how long a source address is penalised for
 * each kind of failed connection, the penalty it must reach before connections from it are refused,
 * and the longest penalty. {@code no} turns penalties off.
 *
 * @param maxSources how many sources are tracked at once; beyond that new sources go unpenalised
 *                   (OpenSSH's {@code overflow:permissive}) so a spoofed flood cannot lock everyone out
 */
public record PenaltyRules(boolean enabled, Duration authFail, Duration invalidUser, Duration noAuth,
                           Duration graceExceeded, Duration min, Duration max, int maxSources) {

    /** OpenSSH 9.8's defaults, with {@code invaliduser} as security.md names it. */
    public static final PenaltyRules DEFAULT = new PenaltyRules(true, Duration.ofSeconds(5), Duration.ofSeconds(5),
            Duration.ofSeconds(1), Duration.ofSeconds(20), Duration.ofSeconds(15), Duration.ofMinutes(10), 65536);

    public static final PenaltyRules OFF = new PenaltyRules(false, Duration.ZERO, Duration.ZERO, Duration.ZERO,
            Duration.ZERO, Duration.ZERO, Duration.ZERO, 0);

    /**
     * Parses the arguments of a PerSourcePenalties line: {@code yes}, {@code no}, or
     * {@code name:value} pairs that change the defaults.
     *
     * @param time sshd_config's time parser, which reports errors with the line number
     */
    static PenaltyRules parse(List<String> args, Function<String, Duration> time) {
        if (args.size() == 1 && args.get(0).equalsIgnoreCase("no")) {
            return OFF;
        }
        if (args.size() == 1 && args.get(0).equalsIgnoreCase("yes")) {
            return DEFAULT;
        }
        if (args.isEmpty()) {
            throw new IllegalArgumentException("needs yes, no, or name:value pairs such as authfail:5s min:15s");
        }
        PenaltyRules r = DEFAULT;
        for (String arg : args) {
            int colon = arg.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("'" + arg + "' is not name:value; write e.g. authfail:5s");
            }
            String name = arg.substring(0, colon).toLowerCase(Locale.ROOT);
            String value = arg.substring(colon + 1);
            r = switch (name) {
                case "authfail" -> new PenaltyRules(true, time.apply(value), r.invalidUser, r.noAuth, r.graceExceeded,
                        r.min, r.max, r.maxSources);
                case "invaliduser" -> new PenaltyRules(true, r.authFail, time.apply(value), r.noAuth, r.graceExceeded,
                        r.min, r.max, r.maxSources);
                case "noauth" -> new PenaltyRules(true, r.authFail, r.invalidUser, time.apply(value), r.graceExceeded,
                        r.min, r.max, r.maxSources);
                case "grace-exceeded" -> new PenaltyRules(true, r.authFail, r.invalidUser, r.noAuth, time.apply(value),
                        r.min, r.max, r.maxSources);
                case "min" -> new PenaltyRules(true, r.authFail, r.invalidUser, r.noAuth, r.graceExceeded,
                        time.apply(value), r.max, r.maxSources);
                case "max" -> new PenaltyRules(true, r.authFail, r.invalidUser, r.noAuth, r.graceExceeded, r.min,
                        time.apply(value), r.maxSources);
                case "max-sources4", "max-sources6" -> new PenaltyRules(true, r.authFail, r.invalidUser, r.noAuth,
                        r.graceExceeded, r.min, r.max, count(arg, value));
                case "overflow", "overflow6" -> {
                    if (!value.equalsIgnoreCase("permissive")) {
                        throw new IllegalArgumentException("only " + name + ":permissive is supported: refusing"
                                + " everyone when the table is full would let a flood lock the administrators out");
                    }
                    yield r;
                }
                case "crash", "refuseconnection" -> throw new IllegalArgumentException("'" + name + "' does not"
                        + " apply: Portcullis has no per-connection process; use authfail, invaliduser, noauth,"
                        + " grace-exceeded, min, max, max-sources4, max-sources6");
                default -> throw new IllegalArgumentException("unknown penalty '" + name + "'; use authfail,"
                        + " invaliduser, noauth, grace-exceeded, min, max, max-sources4, max-sources6, overflow");
            };
        }
        if (r.max.compareTo(r.min) < 0) {
            throw new IllegalArgumentException("max (" + r.max.toSeconds() + "s) is below min (" + r.min.toSeconds()
                    + "s); a penalty could never be enforced");
        }
        return r;
    }

    private static int count(String arg, String value) {
        try {
            int n = Integer.parseInt(value);
            if (n >= 1 && n <= 1_000_000) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("'" + arg + "' needs a whole number from 1 to 1000000");
    }
}
