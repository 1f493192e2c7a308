package io.portcullis.accounts;

/** What a password must be, for every place that sets one (console, menu, first run). */
public final class PasswordPolicy {

    public static final int MIN_LENGTH = 8;
    public static final int MAX_LENGTH = 1024;

    private PasswordPolicy() {
    }

    /** Throws with a message that names the rule; never includes the password itself. */
    public static void check(String password) {
        if (password == null || password.length() < MIN_LENGTH) {
            throw new AccountException("password: use at least " + MIN_LENGTH + " characters");
        }
        if (password.length() > MAX_LENGTH) {
            throw new AccountException("password: use at most " + MAX_LENGTH + " characters");
        }
        if (password.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new AccountException("password: control characters (newline, tab, NUL, ...) are not allowed");
        }
        if (password.isBlank()) {
            throw new AccountException("password: must not be only spaces");
        }
    }
}
