package io.portcullis.settings.sshdconfig;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** One address pattern as sshd_config's Match Address and AllowUsers user@host take: wildcard or CIDR. */
public final class AddressPattern {

    private AddressPattern() {
    }

    /** Checks the syntax of a CIDR pattern (wildcards are always well-formed). */
    public static void check(String pattern) {
        String p = pattern.startsWith("!") ? pattern.substring(1) : pattern;
        if (p.contains("/")) {
            String[] parts = p.split("/", 2);
            InetAddress network = literal(parts[0]);
            int bits;
            try {
                bits = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                bits = -1;
            }
            if (network == null || bits < 0 || bits > network.getAddress().length * 8) {
                throw new IllegalArgumentException("'" + pattern + "' is not an address/prefix like 192.0.2.0/24");
            }
        }
    }

    public static boolean matches(String pattern, String address) {
        if (!pattern.contains("/")) {
            return PatternList.wildcardMatches(pattern, address);
        }
        String[] parts = pattern.split("/", 2);
        InetAddress network = literal(parts[0]);
        InetAddress candidate = literal(address);
        if (network == null || candidate == null || network.getAddress().length != candidate.getAddress().length) {
            return false;
        }
        int bits = Integer.parseInt(parts[1]);
        int total = network.getAddress().length * 8;
        BigInteger mask = BigInteger.ONE.shiftLeft(total).subtract(BigInteger.ONE)
                .xor(BigInteger.ONE.shiftLeft(total - bits).subtract(BigInteger.ONE));
        return new BigInteger(1, network.getAddress()).and(mask).equals(new BigInteger(1, candidate.getAddress()).and(mask));
    }

    /** A numeric address, never a DNS lookup; null when the text is not one. */
    static InetAddress literal(String text) {
        if (!text.matches("[0-9a-fA-F:.]+")) {
            return null;
        }
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** A pattern list of addresses (comma-separated, {@code !} negates), as Match Address takes. */
    public static boolean listMatches(PatternList list, String address) {
        boolean matched = false;
        for (String p : list.patterns()) {
            boolean negated = p.startsWith("!");
            if (matches(negated ? p.substring(1) : p, address)) {
                if (negated) {
                    return false;
                }
                matched = true;
            }
        }
        return matched;
    }
}
