package io.portcullis.connections;

/** A connection request that was refused or failed; the message says what was wrong and what to do. */
public class ConnectionException extends RuntimeException {
    public ConnectionException(String message) {
        super(message);
    }
}
