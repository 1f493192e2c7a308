package io.portcullis.accounts;

import java.nio.file.Path;
import java.util.regex.Pattern;

/** The validation rules of SPEC §4; every message names the field, the rule and what to do. */
public final class AccountRules {

    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9._-]{0,31}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final Pattern MODE = Pattern.compile("[0-7]{3}");
    public static final int MAX_ID = io.portcullis.conf.IdRange.MAX_ID;

    private AccountRules() {
    }

    public static void checkUsername(String username) {
        if (username == null || !NAME.matcher(username).matches()) {
            throw new AccountException("username '" + printable(username) + "': use 1 to 32 characters of a-z 0-9 . _ -,"
                    + " starting with a letter or _");
        }
    }

    public static void checkGroupName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new AccountException("group name '" + printable(name) + "': use 1 to 32 characters of a-z 0-9 . _ -,"
                    + " starting with a letter or _");
        }
    }

    public static void checkFullName(String fullName) {
        if (fullName.length() > 256 || fullName.chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == ':')) {
            throw new AccountException("full name: at most 256 characters, without ':' or control characters");
        }
    }

    public static void checkEmail(String email) {
        if (!email.isEmpty() && (email.length() > 254 || !EMAIL.matcher(email).matches())) {
            throw new AccountException("email '" + printable(email) + "': give an address like name@example.org, or ''"
                    + " for none");
        }
    }

    public static void checkId(String field, int id) {
        if (id < 1 || id > MAX_ID) {
            throw new AccountException(field + " " + id + ": give a whole number from 1 to " + MAX_ID
                    + " (0 belongs to root)");
        }
    }

    public static void checkHomeMode(String mode) {
        if (mode == null || !MODE.matcher(mode).matches()) {
            throw new AccountException("home mode '" + printable(mode) + "': give three octal digits, like 700 or 750");
        }
        int owner = mode.charAt(0) - '0';
        if ((owner & 05) != 05) {
            throw new AccountException("home mode " + mode + ": the owner needs read and search (r-x) on its own home,"
                    + " so the first digit must be 5 or 7");
        }
    }

    public static void checkHome(String home) {
        if (home == null || home.isBlank() || home.length() > 1024
                || home.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new AccountException("home '" + printable(home) + "': give a directory path (relative paths lie under"
                    + " the data directory)");
        }
        for (Path part : Path.of(home)) {
            if (part.toString().equals("..")) {
                throw new AccountException("home '" + home + "': '..' is not allowed in a home directory path");
            }
        }
        if (Path.of(home).normalize().toString().equals("/")) {
            throw new AccountException("home '/': a user's home cannot be the file system root");
        }
    }

    public static void checkShell(LoginShells shells, String shell) {
        if (shell == null || !shells.isValid(shell)) {
            throw new AccountException("shell '" + printable(shell) + "': choose one of " + String.join(", ",
                    shells.choices()) + " (login shells must be listed in /etc/shells)");
        }
    }

    /** A value shown back in a message: control characters replaced, long values cut. */
    public static String printable(String value) {
        if (value == null) {
            return "";
        }
        String cleaned = value.codePoints()
                .map(c -> c < 0x20 || c == 0x7f ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return cleaned.length() > 64 ? cleaned.substring(0, 64) + "..." : cleaned;
    }
}
