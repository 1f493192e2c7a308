package io.portcullis.files;

import io.portcullis.settings.SftpLogLevel;

/**
 * Where the SFTP and scp operations of one channel are logged (SPEC §8), set up for that channel's
 * account, address, SFTP Log Level and facility when the channel starts.
 */
public interface TransferLog {

    /** Logs nothing: for file transfers that are refused before they start. */
    TransferLog NONE = new TransferLog() {
        @Override
        public boolean logs(SftpLogLevel level) {
            return false;
        }

        @Override
        public void write(SftpLogLevel level, String action, String detail, boolean failed) {
        }
    };

    /** Whether a line of this level would be written; lets callers skip building it. */
    boolean logs(SftpLogLevel level);

    /**
     * Writes one line, {@code action detail} (such as {@code close} and {@code "/a.txt" bytes read 0
     * written 12}), if the level is included. Never throws: logging must not break a transfer.
     */
    void write(SftpLogLevel level, String action, String detail, boolean failed);
}
