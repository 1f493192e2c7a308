package io.portcullis.console;

/** The user pressed Ctrl-C while a command ran or asked a question; the session goes on. */
class CommandCancelledException extends RuntimeException {
    CommandCancelledException() {
        super("cancelled");
    }
}
