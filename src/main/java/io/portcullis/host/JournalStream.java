package io.portcullis.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Whether a standard stream of this process is systemd's journal. systemd sets {@code JOURNAL_STREAM}
 * to the device and inode of the stream it connected (systemd.exec(5)); comparing them with the stream
 * itself tells a service from a program merely started by one (a shell inherits the variable, its
 * redirections do not). Lines written there may start with an sd-daemon {@code <N>} priority prefix.
 */
public final class JournalStream {

    public static final int STDOUT = 1;
    public static final int STDERR = 2;

    private JournalStream() {
    }

    public static boolean connected(int fd) {
        return connected(System.getenv(), Path.of("/proc/self/fd/" + fd));
    }

    static boolean connected(Map<String, String> env, Path stream) {
        String value = env.get("JOURNAL_STREAM");
        if (value == null) {
            return false;
        }
        int colon = value.indexOf(':');
        if (colon <= 0) {
            return false;
        }
        try {
            long device = Long.parseLong(value.substring(0, colon));
            long inode = Long.parseLong(value.substring(colon + 1));
            return ((Number) Files.getAttribute(stream, "unix:dev")).longValue() == device
                    && ((Number) Files.getAttribute(stream, "unix:ino")).longValue() == inode;
        } catch (NumberFormatException | IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
