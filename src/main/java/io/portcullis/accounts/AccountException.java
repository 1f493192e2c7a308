package io.portcullis.accounts;

import io.portcullis.host.RefusedException;

/** A refused account change; the message names what was wrong and what to do. Nothing was saved. */
public class AccountException extends RefusedException {
    public AccountException(String message) {
        super(message);
    }
}
