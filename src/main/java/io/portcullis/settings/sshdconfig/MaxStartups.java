package io.portcullis.settings.sshdconfig;

import java.util.random.RandomGenerator;

/**
 * sshd_config's {@code MaxStartups start:rate:full}: below {@code start} unauthenticated connections
 * are accepted; from {@code start} on each new one is refused with probability {@code rate}% growing
 * linearly to 100% at {@code full}.
 */
public record MaxStartups(int start, int rate, int full) {

    public static final MaxStartups DEFAULT = new MaxStartups(10, 30, 100);

    public static MaxStartups parse(String text) {
        String[] parts = text.trim().split(":");
        try {
            if (parts.length == 1) {
                int n = Integer.parseInt(parts[0]);
                return check(new MaxStartups(n, 100, n));
            }
            if (parts.length == 3) {
                return check(new MaxStartups(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]),
                        Integer.parseInt(parts[2])));
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("give start:rate:full (e.g. 10:30:100) or one number");
    }

    private static MaxStartups check(MaxStartups m) {
        if (m.start < 1 || m.full < m.start || m.rate < 1 || m.rate > 100 || m.full > 100_000) {
            throw new IllegalArgumentException("need 1 <= start <= full <= 100000 and rate from 1 to 100");
        }
        return m;
    }

    /** Whether to drop a new connection when {@code unauthenticated} are already pending (OpenSSH's drop_connection). */
    public boolean drop(int unauthenticated, RandomGenerator random) {
        if (unauthenticated < start) {
            return false;
        }
        if (unauthenticated >= full) {
            return true;
        }
        double p = rate + (100.0 - rate) * (unauthenticated - start) / (full - start);
        return random.nextDouble() * 100 < p;
    }

    @Override
    public String toString() {
        return start + ":" + rate + ":" + full;
    }
}
