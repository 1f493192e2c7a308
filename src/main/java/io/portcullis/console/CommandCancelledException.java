package io.portcullis.console;

import io.portcullis.host.RefusedException;

/** The user pressed Ctrl-C while a command ran or asked a question; the session goes on (exit status 1). */
class CommandCancelledException extends RefusedException {
    CommandCancelledException() {
        super("cancelled");
    }
}
