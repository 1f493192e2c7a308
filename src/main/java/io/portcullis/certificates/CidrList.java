package io.portcullis.certificates;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * A certificate's {@code source-address}: a comma-separated list of addresses and address/prefix blocks, read
 * as addrmatch.c's addr_match_cidr_list reads it. No wildcards, no negation, no names; an empty entry, a
 * character outside {@code 0-9a-fA-F.:/}, a bad prefix or host bits set below it make the whole list invalid.
 */
public record CidrList(List<Block> blocks) {

    /** An address and how many of its leading bits must match. */
    public record Block(byte[] network, int bits) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            return prefix(address, bits).equals(prefix(network, bits));
        }
    }

    private static final int MAX_ENTRY = 46 + 3; // INET6_ADDRSTRLEN + "/128"

    /** Throws {@link IllegalArgumentException} naming the entry that is not an address or block. */
    public static CidrList parse(String list) {
        List<Block> blocks = new ArrayList<>();
        for (String entry : list.split(",", -1)) {
            blocks.add(block(entry));
        }
        return new CidrList(List.copyOf(blocks));
    }

    private static Block block(String entry) {
        if (entry.isEmpty() || entry.length() > MAX_ENTRY || !entry.matches("[0-9a-fA-F.:/]+")) {
            throw new IllegalArgumentException("'" + entry + "' is not an address or address/prefix");
        }
        String[] parts = entry.split("/", -1);
        byte[] network = literal(parts[0]);
        if (network == null || parts.length > 2) {
            throw new IllegalArgumentException("'" + entry + "' is not an address or address/prefix");
        }
        int bits = network.length * 8;
        if (parts.length == 2) {
            bits = parts[1].matches("\\d{1,3}") ? Integer.parseInt(parts[1]) : -1;
            if (bits < 0 || bits > network.length * 8) {
                throw new IllegalArgumentException("'" + entry + "' has a prefix length outside 0-" + network.length * 8);
            }
        }
        if (!prefix(network, bits).equals(new BigInteger(1, network))) {
            throw new IllegalArgumentException("'" + entry + "' has bits set below its /" + bits);
        }
        return new Block(network, bits);
    }

    /** Whether the client's address is in one of the blocks; an IPv4 client is never in an IPv6 block. */
    public boolean contains(String address) {
        byte[] candidate = literal(address);
        return candidate != null && blocks.stream().anyMatch(b -> b.contains(candidate));
    }

    private static BigInteger prefix(byte[] address, int bits) {
        int total = address.length * 8;
        BigInteger all = BigInteger.ONE.shiftLeft(total).subtract(BigInteger.ONE);
        BigInteger mask = all.xor(BigInteger.ONE.shiftLeft(total - bits).subtract(BigInteger.ONE));
        return new BigInteger(1, address).and(mask);
    }

    /** A numeric address, never a DNS lookup (Java parses text with a colon as IPv6 only); null when it is none. */
    private static byte[] literal(String text) {
        if (text.contains(":")) {
            try {
                return InetAddress.getByName(text).getAddress();
            } catch (UnknownHostException e) {
                return null;
            }
        }
        String[] octets = text.split("\\.", -1);
        if (octets.length != 4) {
            return null;
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            if (!octets[i].matches("\\d{1,3}") || Integer.parseInt(octets[i]) > 255) {
                return null;
            }
            out[i] = (byte) Integer.parseInt(octets[i]);
        }
        return out;
    }
}
