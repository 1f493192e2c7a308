package io.portcullis.settings;

/**
 * sshd_config's LogLevel names, quietest first (SPEC §3, SFTP Log Level), with the syslog severity
 * OpenSSH gives a line of each level (log.c): VERBOSE lines go out as {@code info}, so that a receiver
 * filtering on {@code info} keeps them, as it would from OpenSSH.
 */
public enum SftpLogLevel {
    QUIET(-1), FATAL(2), ERROR(3), INFO(6), VERBOSE(6), DEBUG(7), DEBUG2(7), DEBUG3(7);

    private final int syslogSeverity;

    SftpLogLevel(int syslogSeverity) {
        this.syslogSeverity = syslogSeverity;
    }

    /** Whether a line logged at {@code level} is emitted when this is the configured level. */
    public boolean includes(SftpLogLevel level) {
        return this != QUIET && level != QUIET && level.ordinal() <= ordinal();
    }

    /** RFC 5424 severity of a line of this level: crit, err, info or debug. */
    public int syslogSeverity() {
        if (this == QUIET) {
            throw new IllegalStateException("QUIET is not a level lines are logged at");
        }
        return syslogSeverity;
    }
}
