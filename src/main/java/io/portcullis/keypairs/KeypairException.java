package io.portcullis.keypairs;

import io.portcullis.host.RefusedException;

/** A keypair request that was refused; the message says what was wrong and what to do. */
public class KeypairException extends RefusedException {
    public KeypairException(String message) {
        super(message);
    }
}
