package io.portcullis.settings;

/**
 * Text that is not a value of its setting: what was wrong with it ({@code problem}, "is not a number; ...")
 * and what to give instead ({@code hint}, "give a whole number from 1 to 65535"). Each place that reads
 * settings frames the two its own way (the console as {@code --tcp-port 'abc': HINT}, the menu and the
 * stored row as {@code tcp-port: 'abc' PROBLEM}), so that the rule itself is written once, in its type.
 */
public class SettingValueException extends IllegalArgumentException {

    private final String text;
    private final String problem;
    private final String hint;

    public SettingValueException(String text, String problem, String hint) {
        super("'" + text + "' " + problem);
        this.text = text;
        this.problem = problem;
        this.hint = hint;
    }

    /** The part of the typed text that is wrong (one label of a list, say). */
    public String text() {
        return text;
    }

    public String problem() {
        return problem;
    }

    public String hint() {
        return hint;
    }
}
