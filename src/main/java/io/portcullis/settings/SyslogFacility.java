package io.portcullis.settings;

/** The syslog facilities an administrator may choose for SFTP lines, with their RFC 5424 codes. */
public enum SyslogFacility {
    DAEMON(3), USER(1), AUTH(4), LOCAL0(16), LOCAL1(17), LOCAL2(18), LOCAL3(19), LOCAL4(20), LOCAL5(21), LOCAL6(22),
    LOCAL7(23);

    private final int code;

    SyslogFacility(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
