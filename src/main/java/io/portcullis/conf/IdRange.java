package io.portcullis.conf;

/**
 * The uids and gids Portcullis hands out ({@code accounts.id-range} in portcullis.conf, SPEC §4). Its own
 * range keeps the host's allocations (Debian's useradd takes 1000 upwards) and Portcullis's apart; within
 * it, every id the host's NSS resolves is skipped as well.
 */
public record IdRange(int first, int last) {

    public static final IdRange DEFAULT = new IdRange(20_000, 59_999);
    /** The largest id a range may reach: (uid_t) -1 and -2 mean "no id" to the kernel and to chown. */
    public static final int MAX_ID = 2_147_483_646;

    public IdRange {
        if (first < 1 || last > MAX_ID || first > last) {
            throw new IllegalArgumentException("not a range of ids: " + first + "-" + last);
        }
    }

    /** {@code LOW-HIGH}, both inclusive, from 1 to {@link #MAX_ID}; the message says what was wrong. */
    public static IdRange parse(String text) {
        String value = text.strip();
        int dash = value.indexOf('-');
        int low;
        int high;
        try {
            low = Integer.parseInt(value.substring(0, Math.max(dash, 0)).strip());
            high = Integer.parseInt(value.substring(dash + 1).strip());
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("'" + value + "' is not LOW-HIGH; give two whole numbers such as "
                    + DEFAULT);
        }
        if (low < 1 || high > MAX_ID) {
            throw new IllegalArgumentException("'" + value + "' reaches outside 1-" + MAX_ID
                    + " (0 is root's); give a range such as " + DEFAULT);
        }
        if (low > high) {
            throw new IllegalArgumentException("'" + value + "' is reversed or empty (" + low + " is above " + high
                    + "); give the lower id first, such as " + DEFAULT);
        }
        return new IdRange(low, high);
    }

    public boolean contains(int id) {
        return id >= first && id <= last;
    }

    @Override
    public String toString() {
        return first + "-" + last;
    }
}
