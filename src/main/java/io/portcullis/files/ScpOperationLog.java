package io.portcullis.files;

import static io.portcullis.files.LoggedOperations.quoted;

import io.portcullis.settings.SftpLogLevel;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.scp.common.ScpTransferEventListener;

/**
 * The files and directories one legacy {@code scp -O} request sends or receives, written to its
 * {@link TransferLog} at the levels SFTP uses (OpenSSH logs nothing for scp): at INFO each file with
 * its bytes once it is through, and every failure; at VERBOSE also the start of each file and each
 * directory. Uploads are {@code scp upload}, downloads {@code scp download}.
 */
final class ScpOperationLog implements ScpTransferEventListener {

    private final TransferLog log;

    ScpOperationLog(TransferLog log) {
        this.log = log;
    }

    @Override
    public void startFileEvent(Session session, FileOperation op, Path file, long length,
                               Set<PosixFilePermission> perms) {
        if (log.logs(SftpLogLevel.VERBOSE)) {
            log.write(SftpLogLevel.VERBOSE, action(op) + " start", quoted(file) + " size " + length + mode(perms),
                    false);
        }
    }

    @Override
    public void endFileEvent(Session session, FileOperation op, Path file, long length, Set<PosixFilePermission> perms,
                             Throwable thrown) {
        if (thrown != null) {
            log.write(LoggedOperations.levelOf(thrown), action(op), quoted(file) + " bytes " + length + " failed: "
                    + LoggedOperations.reason(thrown), true);
        } else {
            log.write(SftpLogLevel.INFO, action(op), quoted(file) + " bytes " + length + mode(perms), false);
        }
    }

    @Override
    public void startFolderEvent(Session session, FileOperation op, Path file, Set<PosixFilePermission> perms) {
        log.write(SftpLogLevel.VERBOSE, action(op) + " dir", quoted(file) + mode(perms), false);
    }

    @Override
    public void endFolderEvent(Session session, FileOperation op, Path file, Set<PosixFilePermission> perms,
                               Throwable thrown) {
        if (thrown != null) {
            log.write(LoggedOperations.levelOf(thrown), action(op) + " dir", quoted(file) + " failed: "
                    + LoggedOperations.reason(thrown), true);
        }
    }

    /** SEND is the appliance sending to the client. */
    private static String action(FileOperation op) {
        return op == FileOperation.SEND ? "download" : "upload";
    }

    private static String mode(Set<PosixFilePermission> perms) {
        return perms == null || perms.isEmpty() ? "" : " mode " + LoggedOperations.mode(perms);
    }
}
