package io.portcullis.host;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Structure;

/**
 * The process's limit on open file descriptors (RLIMIT_NOFILE), which every connection, forwarded
 * socket and open file of every user shares: the soft limit is raised to the hard one at start, where
 * allowed (HotSpot on Linux usually has done so already), and both are logged.
 */
public final class OpenFileLimit {

    private static final int RLIMIT_NOFILE = 7;

    /** struct rlimit on Linux: two rlim_t (unsigned long). */
    @Structure.FieldOrder({"current", "maximum"})
    public static final class RLimit extends Structure {
        public long current;
        public long maximum;
    }

    interface LibC extends Library {
        int getrlimit(int resource, RLimit limit);

        int setrlimit(int resource, RLimit limit);
    }

    /** The soft limit before and after, and the hard limit; RLIM_INFINITY reads as -1. */
    public record Figures(boolean known, long softBefore, long soft, long hard) {
        static final Figures UNKNOWN = new Figures(false, 0, 0, 0);

        public String describe() {
            if (!known) {
                return "open files: limit unknown (getrlimit failed)";
            }
            return softBefore == soft ? "open files: limit " + text(soft) + " (hard limit " + text(hard) + ")"
                    : "open files: limit raised from " + text(softBefore) + " to " + text(soft) + " (the hard limit)";
        }

        private static String text(long limit) {
            return limit < 0 ? "unlimited" : Long.toString(limit);
        }
    }

    private OpenFileLimit() {
    }

    public static Figures raise() {
        if (!Platform.isLinux()) {
            return Figures.UNKNOWN;
        }
        try {
            LibC libc = Native.load("c", LibC.class);
            RLimit limit = new RLimit();
            if (libc.getrlimit(RLIMIT_NOFILE, limit) != 0) {
                return Figures.UNKNOWN;
            }
            long before = limit.current;
            if (limit.current != limit.maximum) {
                limit.current = limit.maximum;
                libc.setrlimit(RLIMIT_NOFILE, limit);
                libc.getrlimit(RLIMIT_NOFILE, limit);
            }
            return new Figures(true, before, limit.current, limit.maximum);
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return Figures.UNKNOWN;
        }
    }
}
