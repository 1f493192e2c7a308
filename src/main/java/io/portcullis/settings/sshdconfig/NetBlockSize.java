package io.portcullis.settings.sshdconfig;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * sshd_config's {@code PerSourceNetBlockSize v4[:v6]}: how many leading bits of a client's address make
 * one "source" for PerSourceMaxStartups and PerSourcePenalties (OpenSSH 8.5; 32:128, each address
 * alone, by default).
 */
public record NetBlockSize(int v4, int v6) {

    public static final NetBlockSize DEFAULT = new NetBlockSize(32, 128);

    static NetBlockSize parse(String text) {
        String[] parts = text.trim().split(":", -1);
        try {
            if (parts.length == 1 || parts.length == 2) {
                int v4 = Integer.parseInt(parts[0]);
                int v6 = parts.length == 2 ? Integer.parseInt(parts[1]) : DEFAULT.v6;
                if (v4 >= 0 && v4 <= 32 && v6 >= 0 && v6 <= 128) {
                    return new NetBlockSize(v4, v6);
                }
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("give IPv4 bits (0-32) and optionally ':' and IPv6 bits (0-128),"
                + " e.g. 32:128 or 24:64; not '" + text + "'");
    }

    /** The address with the bits beyond the block size cleared: the source it counts as. */
    public InetAddress block(InetAddress address) {
        byte[] bytes = address.getAddress();
        int bits = address instanceof Inet4Address ? v4 : v6;
        for (int i = 0; i < bytes.length; i++) {
            int keep = Math.max(0, Math.min(8, bits - 8 * i));
            bytes[i] &= (byte) (0xFF00 >> keep);
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return v4 + ":" + v6;
    }
}
