package io.portcullis.host;

/** The host's name service (NSS) could not answer; the message says which source to check. */
public class NameServiceException extends RefusedException {
    public NameServiceException(String message) {
        super(message);
    }
}
