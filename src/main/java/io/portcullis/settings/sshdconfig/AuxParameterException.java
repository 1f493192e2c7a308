package io.portcullis.settings.sshdconfig;

/** A refused auxiliary parameter line: the message starts with the line number and names the rule. */
public class AuxParameterException extends IllegalArgumentException {

    private final int line;

    public AuxParameterException(int line, String message) {
        super("aux-params line " + line + ": " + message);
        this.line = line;
    }

    public int line() {
        return line;
    }
}
