package io.portcullis.files;

import com.sun.jna.Native;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;

/**
 * What statvfs(2) tells of the file system that holds a file: what {@code statvfs@openssh.com} answers
 * (and so {@code df} in sftp and over sshfs shows). Read through a descriptor opened with
 * {@code O_PATH | O_NOFOLLOW}, so a name swapped for a link after the jail checked it still names a file
 * inside: its figures, not those of where the link would lead.
 */
record FileSystemFigures(long blockSize, long fragmentSize, long blocks, long freeBlocks, long availableBlocks,
                         long files, long freeFiles, long availableFiles, long id, long flags, long maxNameLength) {

    /** The flags OpenSSH passes on (SSH2_FXE_STATVFS_ST_RDONLY and _NOSUID), with the kernel's values. */
    static final long READ_ONLY = 1;
    static final long NO_SUID = 2;

    private static final int AT_FDCWD = -100;
    private static final int O_PATH = 010000000;
    private static final int O_NOFOLLOW = 0400000;
    private static final int O_CLOEXEC = 02000000;
    /** struct statvfs on LP64 glibc: eleven unsigned longs, then spare ints. */
    private static final int STRUCT_BYTES = 128;

    private static final boolean AVAILABLE = Libc.AVAILABLE && Native.LONG_SIZE == 8;

    /** The figures of the file system holding {@code path} (a host path the jail has resolved), with the calling thread's rights. */
    static FileSystemFigures of(Path path, String shown) throws IOException {
        if (!AVAILABLE) {
            throw new FileSystemException(shown, null, "statvfs is available on 64-bit Linux only");
        }
        int fd = Libc.openat(AT_FDCWD, Libc.path(path.toString()), O_PATH | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0) {
            throw OpenDirectory.failure(Native.getLastError(), shown);
        }
        try {
            long[] f = new long[STRUCT_BYTES / Long.BYTES];
            if (Libc.fstatvfs(fd, f) != 0) {
                throw OpenDirectory.failure(Native.getLastError(), shown);
            }
            return new FileSystemFigures(f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8],
                    f[9] & (READ_ONLY | NO_SUID), f[10]);
        } finally {
            Libc.close(fd);
        }
    }
}
