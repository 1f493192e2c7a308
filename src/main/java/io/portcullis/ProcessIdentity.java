package io.portcullis;

import com.sun.security.auth.module.UnixSystem;

/** Who the appliance runs as: shells and file ownership depend on whether that is root. */
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
}
