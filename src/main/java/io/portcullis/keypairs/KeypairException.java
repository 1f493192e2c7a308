package io.portcullis.keypairs;

/** A keypair request that was refused; the message says what was wrong and what to do. */
public class KeypairException extends RuntimeException {
    public KeypairException(String message) {
        super(message);
    }
}
