package io.portcullis.backup;

/** A backup that cannot be made or restored; the message says what was wrong and what to do, and that nothing changed. */
public class BackupException extends RuntimeException {
    public BackupException(String message) {
        super(message);
    }

    public BackupException(String message, Throwable cause) {
        super(message, cause);
    }
}
