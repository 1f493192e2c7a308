package io.portcullis.files;

import static io.portcullis.files.LoggedOperations.quoted;

import io.portcullis.settings.SftpLogLevel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.sftp.server.DirectoryHandle;
import org.apache.sshd.sftp.server.FileHandle;
import org.apache.sshd.sftp.server.Handle;
import org.apache.sshd.sftp.server.SftpEventListener;

/**
 * The SFTP operations of one channel, written to its {@link TransferLog} in the words and at the levels
 * of OpenSSH's {@code sftp-server -l}: at INFO each open and close (with bytes read and written),
 * opendir/closedir, remove, rename, mkdir, rmdir, set (setstat), symlink and link, and every refused
 * request; at VERBOSE also readdir, lock/unlock and the requests that change nothing (stat, lstat,
 * fstat, realpath, readlink, extensions: MINA reports these without their path); at DEBUG each read
 * and write request; at DEBUG3 every request by number. At ERROR only failures of the appliance itself.
 * OpenSSH's "session opened/closed" lines are left out: the session's start and end are audited already,
 * and every line here names the account and address.
 */
final class SftpOperationLog implements SftpEventListener {

    private static final AttributeKey<AtomicLong> BYTES_READ = new AttributeKey<>();
    private static final AttributeKey<AtomicLong> BYTES_WRITTEN = new AttributeKey<>();

    /** SFTP request numbers (draft-ietf-secsh-filexfer-02 and later) to OpenSSH's names for them. */
    private static final Map<Integer, String> REQUESTS = Map.ofEntries(
            Map.entry(1, "init"), Map.entry(3, "open"), Map.entry(4, "close"), Map.entry(5, "read"),
            Map.entry(6, "write"), Map.entry(7, "lstat"), Map.entry(8, "fstat"), Map.entry(9, "setstat"),
            Map.entry(10, "fsetstat"), Map.entry(11, "opendir"), Map.entry(12, "readdir"), Map.entry(13, "remove"),
            Map.entry(14, "mkdir"), Map.entry(15, "rmdir"), Map.entry(16, "realpath"), Map.entry(17, "stat"),
            Map.entry(18, "rename"), Map.entry(19, "readlink"), Map.entry(20, "symlink"), Map.entry(21, "link"),
            Map.entry(22, "block"), Map.entry(23, "unblock"), Map.entry(200, "extended"));
    /** Requests no other event reports. */
    private static final Set<String> ONLY_RECEIVED = Set.of("lstat", "fstat", "realpath", "stat", "readlink",
            "extended");

    private final TransferLog log;

    SftpOperationLog(TransferLog log) {
        this.log = log;
    }

    @Override
    public void received(ServerSession session, int type, int id) {
        String name = REQUESTS.getOrDefault(type, "type " + type);
        if (ONLY_RECEIVED.contains(name)) {
            log.write(SftpLogLevel.VERBOSE, "request", name, false);
        }
        if (log.logs(SftpLogLevel.DEBUG3)) {
            log.write(SftpLogLevel.DEBUG3, "request", id + ": " + name, false);
        }
    }

    @Override
    public void open(ServerSession session, String remoteHandle, Handle handle) {
        if (!log.logs(SftpLogLevel.INFO)) {
            return; // the line is not built for nothing: one per file of a transfer
        }
        if (handle instanceof FileHandle file) {
            log.write(SftpLogLevel.INFO, "open", quoted(file.getFile()) + " flags " + flags(file.getOpenOptions())
                    + " mode " + mode(file.getFileAttributes()), false);
        } else {
            log.write(SftpLogLevel.INFO, "opendir", quoted(handle.getFile()), false);
        }
    }

    @Override
    public void openFailed(ServerSession session, String remotePath, Path localPath, boolean isDirectory,
                           Throwable thrown) {
        String shown = localPath != null ? quoted(localPath) : quoted(remotePath);
        failed(isDirectory ? "opendir" : "open", shown, thrown);
    }

    @Override
    public void readEntries(ServerSession session, String remoteHandle, DirectoryHandle handle,
                            Map<String, Path> entries) {
        log.write(SftpLogLevel.VERBOSE, "readdir", quoted(handle.getFile()) + " entries " + entries.size(), false);
    }

    @Override
    public void read(ServerSession session, String remoteHandle, FileHandle handle, long offset, byte[] data,
                     int dataOffset, int dataLen, int readLen, Throwable thrown) {
        if (thrown != null) {
            failed("read", quoted(handle.getFile()), thrown);
            return;
        }
        if (readLen > 0) {
            counter(handle, BYTES_READ).addAndGet(readLen);
        }
        if (log.logs(SftpLogLevel.DEBUG)) {
            log.write(SftpLogLevel.DEBUG, "read", quoted(handle.getFile()) + " off " + offset + " len " + dataLen
                    + " got " + Math.max(readLen, 0), false);
        }
    }

    @Override
    public void written(ServerSession session, String remoteHandle, FileHandle handle, long offset, byte[] data,
                        int dataOffset, int dataLen, Throwable thrown) {
        if (thrown != null) {
            failed("write", quoted(handle.getFile()), thrown);
            return;
        }
        counter(handle, BYTES_WRITTEN).addAndGet(dataLen);
        if (log.logs(SftpLogLevel.DEBUG)) {
            log.write(SftpLogLevel.DEBUG, "write", quoted(handle.getFile()) + " off " + offset + " len " + dataLen,
                    false);
        }
    }

    @Override
    public void blocked(ServerSession session, String remoteHandle, FileHandle handle, long offset, long length,
                        int mask, Throwable thrown) {
        String detail = quoted(handle.getFile()) + " off " + offset + " len " + length;
        if (thrown != null) {
            failed("lock", detail, thrown);
        } else {
            log.write(SftpLogLevel.VERBOSE, "lock", detail, false);
        }
    }

    @Override
    public void unblocked(ServerSession session, String remoteHandle, FileHandle handle, long offset, long length,
                          Throwable thrown) {
        String detail = quoted(handle.getFile()) + " off " + offset + " len " + length;
        if (thrown != null) {
            failed("unlock", detail, thrown);
        } else {
            log.write(SftpLogLevel.VERBOSE, "unlock", detail, false);
        }
    }

    @Override
    public void closed(ServerSession session, String remoteHandle, Handle handle, Throwable thrown) {
        closeLine(handle, "", thrown);
    }

    /** Handles the client left open when the channel ended, as OpenSSH's "forced close". */
    @Override
    public void exiting(ServerSession session, Handle handle) {
        closeLine(handle, "forced ", null);
    }

    private void closeLine(Handle handle, String prefix, Throwable thrown) {
        if (thrown == null && !log.logs(SftpLogLevel.INFO)) {
            return;
        }
        if (handle instanceof FileHandle file) {
            String detail = quoted(file.getFile()) + " bytes read " + counter(file, BYTES_READ).get() + " written "
                    + counter(file, BYTES_WRITTEN).get();
            if (thrown != null) {
                failed(prefix + "close", detail, thrown);
            } else {
                log.write(SftpLogLevel.INFO, prefix + "close", detail, false);
            }
        } else if (thrown != null) {
            failed(prefix + "closedir", quoted(handle.getFile()), thrown);
        } else {
            log.write(SftpLogLevel.INFO, prefix + "closedir", quoted(handle.getFile()), false);
        }
    }

    @Override
    public void created(ServerSession session, Path path, Map<String, ?> attrs, Throwable thrown) {
        if (thrown == null && !log.logs(SftpLogLevel.INFO)) {
            return;
        }
        Object permissions = attrs == null ? null : attrs.get("permissions");
        String detail = "name " + quoted(path) + (permissions instanceof Set<?> p ? " mode " + permissionsMode(p) : "");
        outcome("mkdir", detail, thrown);
    }

    @Override
    public void moved(ServerSession session, Path source, Path destination, Collection<java.nio.file.CopyOption> opts,
                      Throwable thrown) {
        outcome("rename", "old " + quoted(source) + " new " + quoted(destination), thrown);
    }

    @Override
    public void removed(ServerSession session, Path path, boolean isDirectory, Throwable thrown) {
        outcome(isDirectory ? "rmdir" : "remove", "name " + quoted(path), thrown);
    }

    /** MINA names the new link {@code source} and what it points to {@code target}. */
    @Override
    public void linked(ServerSession session, Path source, Path target, boolean symLink, Throwable thrown) {
        outcome(symLink ? "symlink" : "link", "old " + quoted(target) + " new " + quoted(source), thrown);
    }

    @Override
    public void modifiedAttributes(ServerSession session, Path path, Map<String, ?> attrs, Throwable thrown) {
        if (thrown == null && !log.logs(SftpLogLevel.INFO)) {
            return;
        }
        outcome("set", quoted(path) + attributes(attrs), thrown);
    }

    private void outcome(String action, String detail, Throwable thrown) {
        if (thrown != null) {
            failed(action, detail, thrown);
        } else {
            log.write(SftpLogLevel.INFO, action, detail, false);
        }
    }

    private void failed(String action, String detail, Throwable thrown) {
        log.write(LoggedOperations.levelOf(thrown), action, detail + " failed: " + LoggedOperations.reason(thrown),
                true);
    }

    private static AtomicLong counter(Handle handle, AttributeKey<AtomicLong> key) {
        return handle.computeAttributeIfAbsent(key, k -> new AtomicLong());
    }

    /** OpenSSH's words for the open flags: READ, WRITE, APPEND, CREATE, TRUNCATE, EXCL. */
    static String flags(Set<StandardOpenOption> options) {
        List<String> words = new ArrayList<>();
        if (options.contains(StandardOpenOption.READ)) {
            words.add("READ");
        }
        if (options.contains(StandardOpenOption.WRITE)) {
            words.add("WRITE");
        }
        if (options.contains(StandardOpenOption.APPEND)) {
            words.add("APPEND");
        }
        if (options.contains(StandardOpenOption.CREATE) || options.contains(StandardOpenOption.CREATE_NEW)) {
            words.add("CREATE");
        }
        if (options.contains(StandardOpenOption.TRUNCATE_EXISTING)) {
            words.add("TRUNCATE");
        }
        if (options.contains(StandardOpenOption.CREATE_NEW)) {
            words.add("EXCL");
        }
        return words.isEmpty() ? "0" : String.join(",", words);
    }

    /** As OpenSSH: the mode the client asked for, 0666 when it asked for none. */
    private static String mode(Collection<FileAttribute<?>> attributes) {
        for (FileAttribute<?> attribute : attributes) {
            if (attribute.name().endsWith("permissions") && attribute.value() instanceof Set<?> p) {
                return permissionsMode(p);
            }
        }
        return "0666";
    }

    private static String permissionsMode(Set<?> permissions) {
        Set<PosixFilePermission> typed = new java.util.HashSet<>();
        for (Object p : permissions) {
            if (p instanceof PosixFilePermission perm) {
                typed.add(perm);
            }
        }
        return LoggedOperations.mode(typed);
    }

    /** The attributes a setstat changed, in OpenSSH's words where it has them. */
    private static String attributes(Map<String, ?> attrs) {
        if (attrs == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        attrs.forEach((name, value) -> {
            switch (name) {
                case "size" -> out.append(" size ").append(value);
                case "permissions" -> out.append(" mode ").append(value instanceof Set<?> p ? permissionsMode(p) : value);
                case "lastModifiedTime" -> out.append(" modtime ").append(value);
                case "lastAccessTime" -> out.append(" atime ").append(value);
                case "uid", "owner" -> out.append(" owner ").append(value);
                case "gid", "group" -> out.append(" group ").append(value);
                default -> out.append(' ').append(name);
            }
        });
        return out.toString();
    }
}
