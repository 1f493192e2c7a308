package io.portcullis.connections;

import io.portcullis.host.RefusedException;

/** A connection request that was refused or failed; the message says what was wrong and what to do. */
public class ConnectionException extends RefusedException {
    public ConnectionException(String message) {
        super(message);
    }
}
