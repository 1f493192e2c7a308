package io.portcullis.files;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.nio.charset.Charset;
import java.util.Arrays;

/**
 * The C library calls the jail and the credential switch make, bound with JNA's direct mapping: each is a
 * plain native method, about five times cheaper than a call through a JNA interface (no reflection, no
 * argument conversion, no {@code Memory} for the cleaner thread to free). An SFTP request makes some twenty
 * of them. Paths go as NUL-terminated bytes in the charset Java gives file names, so the kernel sees the
 * names Java's own file operations use; errors are read with {@link Native#getLastError()}.
 */
final class Libc {

    /** Whether the calls are bound: Linux only; every caller checks this first. */
    static final boolean AVAILABLE = bind();

    private static final Charset FILE_NAMES = Charset.forName(System.getProperty("sun.jnu.encoding",
            Charset.defaultCharset().name()));

    private Libc() {
    }

    private static boolean bind() {
        if (!Platform.isLinux()) {
            return false;
        }
        try {
            Native.register(Libc.class, "c");
            return true;
        } catch (UnsatisfiedLinkError e) {
            return false;
        }
    }

    /** {@code text} as the kernel takes a path: in the file-name charset, NUL-terminated. */
    static byte[] path(String text) {
        byte[] bytes = text.getBytes(FILE_NAMES);
        return Arrays.copyOf(bytes, bytes.length + 1);
    }

    /** Bytes the kernel wrote (a link target), back to a name. */
    static String name(byte[] bytes, int length) {
        return new String(bytes, 0, length, FILE_NAMES);
    }

    static native int openat(int dirfd, byte[] path, int flags);

    static native long readlinkat(int dirfd, byte[] path, byte[] buffer, long size);

    static native int close(int fd);

    static native int fstatvfs(int fd, long[] buffer);

    /** syscall(2) with one number argument: setfsuid, setfsgid. */
    static native long syscall(long number, long a);

    /** getgroups, setgroups. */
    static native long syscall(long number, long count, int[] list);

    /** openat2: {@code how} is struct open_how (flags, mode, resolve). */
    static native long syscall(long number, long dirfd, byte[] path, long[] how, long size);

    /** faccessat2. */
    static native long syscall(long number, long dirfd, byte[] path, long mode, long flags);
}
