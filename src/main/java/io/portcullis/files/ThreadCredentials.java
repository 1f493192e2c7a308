package io.portcullis.files;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import io.portcullis.accounts.Group;
import io.portcullis.accounts.User;
import io.portcullis.host.ProcessIdentity;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The identity the kernel checks an account's file operations against: its uid, primary gid and groups,
 * put on the calling thread only, around one operation, and taken off again in {@code finally}. Linux
 * keeps the file-system uid and gid and the supplementary groups per thread; the raw {@code syscall(2)}
 * changes just this thread, where glibc's {@code setgroups} would change every thread of the JVM. While
 * the fsuid is not 0 the kernel drops the thread's file capabilities (CAP_DAC_OVERRIDE, CAP_FOWNER,
 * CAP_CHOWN, ...) and gives them back when it returns to 0, so the account gets exactly its own rights.
 *
 * <p>Only {@link #call} switches, so a switch cannot outlive its operation; everything else the thread
 * does (logging, the database, the audit) keeps the appliance's rights. When the appliance is not root,
 * or the account is root, nothing is switched.
 */
final class ThreadCredentials {

    /** One file operation done as the account. */
    interface FileOperation<T> {
        T run() throws IOException;
    }

    private record Syscalls(long getgroups, long setgroups, long setfsuid, long setfsgid) {
    }

    /** The numbers of the 32-bit-id calls; any other architecture refuses to switch (fails closed). */
    private static final Map<String, Syscalls> BY_ARCHITECTURE = Map.of(
            "x86-64", new Syscalls(115, 116, 122, 123),
            "aarch64", new Syscalls(158, 159, 151, 152));

    private static final Syscalls CALLS = BY_ARCHITECTURE.get(Platform.ARCH);

    private static final ThreadCredentials UNCHANGED = new ThreadCredentials(-1, -1, new int[0]);

    private final int uid;
    private final int gid;
    private final int[] groups;

    private ThreadCredentials(int uid, int gid, int[] groups) {
        this.uid = uid;
        this.gid = gid;
        this.groups = groups;
    }

    /** The appliance's own rights: operations run as they are (the appliance is not root, or it acts for root). */
    static ThreadCredentials unchanged() {
        return UNCHANGED;
    }

    /**
     * The account's uid, primary gid and groups (primary first), when the appliance is root; otherwise
     * {@link #unchanged()}.
     *
     * @throws IOException when the appliance is root but cannot switch credentials on this machine: file
     *                     access is then refused rather than done with root's rights
     */
    static ThreadCredentials of(User user) throws IOException {
        if (!ProcessIdentity.isRoot() || user.uid() == 0) {
            return UNCHANGED;
        }
        Set<Integer> gids = new LinkedHashSet<>();
        gids.add(user.primaryGroup().gid());
        user.auxiliaryGroups().stream().map(Group::gid).forEach(gids::add);
        return forIds(user.uid(), user.primaryGroup().gid(), gids.stream().mapToInt(Integer::intValue).toArray());
    }

    /** Switching credentials to these ids (the appliance must be root); for {@link #of} and tests. */
    static ThreadCredentials forIds(int uid, int gid, int... groups) throws IOException {
        if (!Libc.AVAILABLE || CALLS == null) {
            throw new IOException("Portcullis cannot run file transfers with the account's own rights on this machine ("
                    + System.getProperty("os.name") + " " + Platform.ARCH + "; Linux on x86-64 or aarch64 is needed),"
                    + " so SFTP and SCP are refused for accounts other than root");
        }
        if (uid <= 0 || gid < 0) {
            throw new IllegalArgumentException("uid " + uid + " and gid " + gid + " cannot be switched to");
        }
        return new ThreadCredentials(uid, gid, groups.clone());
    }

    /** Whether {@link #call} switches (false for {@link #unchanged()}). */
    boolean switches() {
        return this != UNCHANGED;
    }

    /**
     * Runs {@code operation} on this thread with these credentials and restores the thread's own before
     * returning or throwing. Refuses (without running it) when the switch cannot be confirmed, or when the
     * thread already carries another identity.
     */
    <T> T call(FileOperation<T> operation) throws IOException {
        if (!switches()) {
            return operation.run();
        }
        int ownFsuid = fsuid(-1);
        int ownFsgid = fsgid(-1);
        if (ownFsuid == uid && ownFsgid == gid) {
            return operation.run(); // nested inside a call for the same account
        }
        if (ownFsuid != 0) {
            throw new IOException("this thread already acts as uid " + ownFsuid + "; refusing to act as uid " + uid);
        }
        int[] ownGroups = groups();
        try {
            take();
            return operation.run();
        } finally {
            restore(ownFsuid, ownFsgid, ownGroups);
        }
    }

    /** Groups first, then gid, then uid: the fsuid last, because it takes away the right to set the others. */
    private void take() throws IOException {
        if (Libc.syscall(CALLS.setgroups(), groups.length, groups) != 0) {
            throw new IOException("could not take the groups " + Arrays.toString(groups) + " (errno " + Native.getLastError() + ")");
        }
        fsgid(gid);
        if (fsgid(-1) != gid) {
            throw new IOException("could not take gid " + gid + " for file access");
        }
        fsuid(uid);
        if (fsuid(-1) != uid) {
            throw new IOException("could not take uid " + uid + " for file access");
        }
    }

    /** Back to the thread's own, uid first (which brings back the right to set the rest); checked. */
    private static void restore(int ownFsuid, int ownFsgid, int[] ownGroups) {
        fsuid(ownFsuid);
        fsgid(ownFsgid);
        if (Libc.syscall(CALLS.setgroups(), ownGroups.length, ownGroups) != 0) {
            throw new IllegalStateException("could not restore this thread's groups (errno " + Native.getLastError() + ")");
        }
        if (fsuid(-1) != ownFsuid || fsgid(-1) != ownFsgid) {
            // the next call on this thread refuses to switch (its fsuid is not 0), so nothing runs as the wrong account
            throw new IllegalStateException("could not restore this thread's file credentials");
        }
    }

    /** setfsuid(2): sets and returns the previous fsuid; -1 changes nothing and so reads it. It never reports failure. */
    private static int fsuid(int value) {
        return (int) Libc.syscall(CALLS.setfsuid(), value);
    }

    private static int fsgid(int value) {
        return (int) Libc.syscall(CALLS.setfsgid(), value);
    }

    private static int[] groups() {
        int count = (int) Libc.syscall(CALLS.getgroups(), 0, null);
        int[] list = new int[count];
        int got = count == 0 ? 0 : (int) Libc.syscall(CALLS.getgroups(), count, list);
        return Arrays.copyOf(list, got);
    }
}
