package io.portcullis.console;

/** A command that ran but was refused or failed for a reason the message gives: exit status 1. */
class CommandRefusedException extends RuntimeException {
    CommandRefusedException(String message) {
        super(message);
    }
}
