package io.portcullis.ssh;

/** sshd_config's LogLevel names, quietest first (SPEC §3, SFTP Log Level). */
public enum SftpLogLevel {
    QUIET, FATAL, ERROR, INFO, VERBOSE, DEBUG, DEBUG2, DEBUG3;

    /** Whether a line logged at {@code level} is emitted when this is the configured level. */
    public boolean includes(SftpLogLevel level) {
        return this != QUIET && level.ordinal() <= ordinal();
    }
}
