package io.portcullis.console;

/** The command line itself is wrong (unknown command or option, bad value type): exit status 2. */
class UsageException extends RuntimeException {
    UsageException(String message) {
        super(message);
    }
}
