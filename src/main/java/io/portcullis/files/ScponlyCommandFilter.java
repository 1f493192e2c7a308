package io.portcullis.files;

import java.util.ArrayList;
import java.util.List;

/**
 * The allow-list for scp over exec (SPEC §4, security.md): exactly {@code scp}, the flags
 * {@code -t -f -r -p -d -v} each on its own, an optional {@code --}, and one path. Everything else is
 * refused before any other parsing: no bundled flags ({@code -tr}, {@code -6e}), no other options
 * ({@code -S}, {@code -o}, {@code -F}, {@code -3}, long options), no second path, and no character a
 * shell would act on unless it is quoted, because an scp request never reaches a shell here and a
 * file name must mean the same thing it would mean to OpenSSH's server.
 */
public final class ScponlyCommandFilter {

    private static final String ALLOWED_FLAGS = "tfrpdv";
    /** Characters a POSIX shell treats specially when unquoted. */
    private static final String SHELL_SPECIAL = ";&|<>()$`*?[]{}!\\\"'";

    /** What the filter decided: an accepted request, or the reason for refusing it. */
    public sealed interface Verdict permits Accepted, Refused {
    }

    public record Accepted(ScpRequest request) implements Verdict {
    }

    public record Refused(String reason) implements Verdict {
    }

    private ScponlyCommandFilter() {
    }

    /** Whether {@code command} asks for scp at all (its first word is {@code scp}). */
    public static boolean isScp(String command) {
        return command.equals("scp") || command.startsWith("scp ");
    }

    public static Verdict check(String command) {
        if (!isScp(command)) {
            return new Refused("only scp and sftp are allowed");
        }
        for (char c : command.toCharArray()) {
            if (c < 0x20 || c == 0x7f) {
                return new Refused("control characters are not allowed in an scp command");
            }
        }
        List<String> words;
        try {
            words = words(command);
        } catch (IllegalArgumentException e) {
            return new Refused(e.getMessage());
        }
        boolean to = false;
        boolean from = false;
        boolean recursive = false;
        boolean preserve = false;
        boolean directory = false;
        boolean verbose = false;
        int i = 1;
        for (; i < words.size(); i++) {
            String word = words.get(i);
            if (word.equals("--")) {
                i++;
                break;
            }
            if (!word.startsWith("-")) {
                break;
            }
            if (word.length() != 2) {
                return new Refused("scp option '" + word + "' is not allowed: give each of -t -f -r -p -d -v"
                        + " separately");
            }
            switch (word.charAt(1)) {
                case 't' -> to = true;
                case 'f' -> from = true;
                case 'r' -> recursive = true;
                case 'p' -> preserve = true;
                case 'd' -> directory = true;
                case 'v' -> verbose = true;
                default -> {
                    return new Refused("scp option '" + word + "' is not allowed; only -t -f -r -p -d -v are accepted");
                }
            }
        }
        if (to == from) {
            return new Refused("scp needs exactly one of -t (upload) and -f (download)");
        }
        List<String> paths = words.subList(Math.min(i, words.size()), words.size());
        if (paths.size() != 1 || paths.get(0).isEmpty()) {
            return new Refused("scp needs exactly one path; copy several files with -r or one request each");
        }
        return new Accepted(new ScpRequest(to, recursive, preserve, directory, verbose, paths.get(0)));
    }

    /**
     * Splits on spaces; single quotes keep everything literal, double quotes everything but {@code $},
     * backquote and backslash, and a backslash outside quotes makes the next character literal. An
     * unquoted shell character, a leading {@code ~} or {@code #}, or an unterminated quote is refused.
     */
    static List<String> words(String command) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        int n = command.length();
        for (int i = 0; i < n; i++) {
            char c = command.charAt(i);
            if (c == ' ') {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
                continue;
            }
            boolean startsWord = word == null;
            if (word == null) {
                word = new StringBuilder();
            }
            if (c == '\'') {
                int end = command.indexOf('\'', i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("unterminated single quote in the scp command");
                }
                word.append(command, i + 1, end);
                i = end;
            } else if (c == '"') {
                int j = i + 1;
                while (j < n && command.charAt(j) != '"') {
                    char d = command.charAt(j);
                    if (d == '$' || d == '`') {
                        throw new IllegalArgumentException("'" + d + "' is not allowed in an scp file name, even in"
                                + " double quotes; use single quotes");
                    }
                    if (d == '\\' && j + 1 < n && "\"\\".indexOf(command.charAt(j + 1)) >= 0) {
                        j++;
                        d = command.charAt(j);
                    }
                    word.append(d);
                    j++;
                }
                if (j >= n) {
                    throw new IllegalArgumentException("unterminated double quote in the scp command");
                }
                i = j;
            } else if (c == '\\') {
                if (i + 1 >= n) {
                    throw new IllegalArgumentException("the scp command ends with a backslash");
                }
                word.append(command.charAt(++i));
            } else if (SHELL_SPECIAL.indexOf(c) >= 0 || startsWord && (c == '~' || c == '#')) {
                throw new IllegalArgumentException("'" + c + "' is not allowed unquoted in an scp command; quote the"
                        + " file name (wildcards and '~' are not expanded)");
            } else {
                word.append(c);
            }
        }
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }
}
