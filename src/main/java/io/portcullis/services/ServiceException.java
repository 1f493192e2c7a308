package io.portcullis.services;

import io.portcullis.host.RefusedException;

/** A service could not start, stop or restart; the message says why and what to do. */
public class ServiceException extends RefusedException {
    public ServiceException(String message) {
        super(message);
    }

    public ServiceException(String message, Throwable cause) {
        super(message, cause);
    }
}
