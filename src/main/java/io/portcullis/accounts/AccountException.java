package io.portcullis.accounts;

/** A refused account change; the message names what was wrong and what to do. Nothing was saved. */
public class AccountException extends RuntimeException {
    public AccountException(String message) {
        super(message);
    }
}
