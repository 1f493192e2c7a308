package io.portcullis.console;

import io.portcullis.host.RefusedException;

/** The command line itself is wrong (unknown command or option, bad value type): exit status 2. */
class UsageException extends RefusedException {

    static final int USAGE = 2;

    UsageException(String message) {
        super(message, USAGE);
    }
}
