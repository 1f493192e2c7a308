package io.portcullis.host;

import com.sun.security.auth.module.UnixSystem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Who the appliance runs as (shells and file ownership depend on whether that is root), and on what terminal. */
public final class ProcessIdentity {

    private static final UnixSystem UNIX = new UnixSystem();

    private ProcessIdentity() {
    }

    public static boolean isRoot() {
        return UNIX.getUid() == 0;
    }

    public static long uid() {
        return UNIX.getUid();
    }

    public static String username() {
        return UNIX.getUsername();
    }

    /**
     * Whether this process is in the foreground process group of its controlling terminal, i.e. was
     * not started with {@code &}. Read from /proc/self/stat: pgrp is the 5th field, tpgid the 8th.
     */
    public static boolean inForegroundOfTerminal() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            // the command name (2nd field) may hold spaces and parentheses: count fields after the last ')'
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            long pgrp = Long.parseLong(fields[2]);
            long foregroundGroup = Long.parseLong(fields[5]);
            return foregroundGroup > 0 && foregroundGroup == pgrp;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
