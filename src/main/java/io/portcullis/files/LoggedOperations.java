package io.portcullis.files;

import io.portcullis.audit.SyslogMessage;
import io.portcullis.settings.SftpLogLevel;
import java.io.EOFException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/** What the SFTP and scp operation logs share: how a path and a failure are written. */
final class LoggedOperations {

    private LoggedOperations() {
    }

    /**
     * A path as the account sees it (its home is "/"), in double quotes as OpenSSH's sftp-server writes
     * it; quotes, backslashes and control characters in names are escaped so a name cannot forge a line.
     */
    static String quoted(Path path) {
        if (path == null) {
            return "\"\"";
        }
        return quoted(path.isAbsolute() ? path.normalize().toString() : path.toString());
    }

    static String quoted(String name) {
        String escaped = name.replace("\\", "\\\\").replace("\"", "\\\"");
        return "\"" + SyslogMessage.escapeControls(escaped) + "\"";
    }

    /** Octal like chmod: {@code 0644}. */
    static String mode(Set<PosixFilePermission> permissions) {
        int mode = 0;
        for (PosixFilePermission p : permissions) {
            mode |= 1 << (8 - p.ordinal());
        }
        return String.format("0%03o", mode);
    }

    /**
     * A failure the client asked for (no such file, not allowed, already there) is an answer, logged at
     * INFO as OpenSSH's "sent status" is; anything else is the appliance's trouble and logged at ERROR.
     */
    static SftpLogLevel levelOf(Throwable failure) {
        return clientCaused(failure) ? SftpLogLevel.INFO : SftpLogLevel.ERROR;
    }

    /** The reason in OpenSSH's status words; exception messages stay out, as they may name host paths. */
    static String reason(Throwable failure) {
        if (failure instanceof NoSuchFileException) {
            return "No such file";
        }
        if (failure instanceof AccessDeniedException || failure instanceof SecurityException) {
            return "Permission denied";
        }
        if (failure instanceof FileAlreadyExistsException) {
            return "File exists";
        }
        if (failure instanceof DirectoryNotEmptyException) {
            return "Directory not empty";
        }
        if (failure instanceof NotDirectoryException) {
            return "Not a directory";
        }
        if (failure instanceof NotLinkException) {
            return "Not a symbolic link";
        }
        if (failure instanceof FileSystemLoopException) {
            return "Too many levels of symbolic links";
        }
        if (failure instanceof EOFException) {
            return "End of file";
        }
        return "Failure (" + failure.getClass().getSimpleName() + ")";
    }

    private static boolean clientCaused(Throwable failure) {
        return failure instanceof NoSuchFileException || failure instanceof AccessDeniedException
                || failure instanceof SecurityException || failure instanceof FileAlreadyExistsException
                || failure instanceof DirectoryNotEmptyException || failure instanceof NotDirectoryException
                || failure instanceof NotLinkException || failure instanceof FileSystemLoopException
                || failure instanceof EOFException || failure instanceof UnsupportedOperationException;
    }
}
