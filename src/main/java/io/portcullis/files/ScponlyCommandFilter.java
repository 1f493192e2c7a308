package io.portcullis.files;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The allow-list for scp over exec (SPEC §4, security.md): exactly {@code scp}, flags from
 * {@code -t -f -r -p -d -v} (bundled as getopt allows, {@code -pf}, each letter from the list), an
 * optional {@code --}, and one path. Everything else is refused before anything runs: any other letter,
 * alone or in a bundle ({@code -S}, {@code -6e}, {@code -pS}, {@code -o}, {@code -F}, {@code -3}), long
 * options, a second path (options after {@code --} are paths), and any character a shell would act on
 * unless it is quoted. An scp request never reaches a shell here, so the path is taken as a POSIX shell
 * would take it: quotes and backslashes removed, {@code ~} and {@code ~/x} meaning the home, and unquoted
 * {@code * ? [...]} wildcards, in a download only, expanded by Portcullis inside the jail ({@link ScpGlob}).
 */
public final class ScponlyCommandFilter {

    private static final String ALLOWED_FLAGS = "tfrpdv";
    /** Characters a POSIX shell acts on when unquoted, beyond the wildcards. */
    private static final String SHELL_SPECIAL = ";&|<>()$`{}!\\\"'";
    private static final String WILDCARDS = "*?[";

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
        List<Word> words;
        try {
            words = words(command);
        } catch (IllegalArgumentException e) {
            return new Refused(e.getMessage());
        }
        String flags = "";
        int i = 1;
        for (; i < words.size(); i++) {
            String word = words.get(i).text();
            if (word.equals("--")) {
                i++;
                break;
            }
            if (!word.startsWith("-") || word.equals("-")) {
                break;
            }
            for (char letter : word.substring(1).toCharArray()) {
                if (ALLOWED_FLAGS.indexOf(letter) < 0) {
                    return new Refused("option '" + word + "' is not allowed: '" + letter + "' is not one of"
                            + " -t -f -r -p -d -v");
                }
            }
            flags += word.substring(1);
        }
        boolean to = flags.indexOf('t') >= 0;
        boolean from = flags.indexOf('f') >= 0;
        if (to == from) {
            return new Refused("exactly one of -t (upload) and -f (download) is needed");
        }
        List<Word> paths = words.subList(Math.min(i, words.size()), words.size());
        if (paths.size() > 1) {
            return new Refused(paths.size() + " paths where scp takes one: a file name with spaces must be quoted"
                    + " (scp -O 'host:\"my file\"' .), and several files are copied with -r or one request each");
        }
        if (paths.isEmpty() || paths.get(0).text().isEmpty()) {
            return new Refused("exactly one path is needed");
        }
        Word path = paths.get(0);
        if (path.wildcard() && to) {
            return new Refused("wildcards are expanded only in a download (scp -f); quote the file name to upload to it");
        }
        Optional<ScpGlob> glob = path.wildcard() ? Optional.of(new ScpGlob(path.pattern())) : Optional.empty();
        return new Accepted(new ScpRequest(to, flags.indexOf('r') >= 0, flags.indexOf('p') >= 0,
                flags.indexOf('d') >= 0, flags.indexOf('v') >= 0, path.text(), glob));
    }

    /**
     * One word as a shell leaves it: {@code text} with quotes and backslashes removed (a leading {@code ~} or
     * {@code ~/} turned into a path relative to the home, where scp starts), and {@code pattern}, the same with
     * every quoted wildcard character escaped by a backslash, for {@link ScpGlob} when {@code wildcard}.
     */
    record Word(String text, String pattern, boolean wildcard) {
    }

    /** The words of {@code command}; see {@link #words(String)}. */
    static List<String> texts(String command) {
        return words(command).stream().map(Word::text).toList();
    }

    /**
     * Splits on spaces; single quotes keep everything literal, double quotes everything but {@code $},
     * backquote and backslash, and a backslash outside quotes makes the next character literal. An
     * unquoted shell character (but the wildcards {@code * ? [}), {@code ~NAME}, a leading {@code #} or an
     * unterminated quote is refused.
     */
    static List<Word> words(String command) {
        List<Word> words = new ArrayList<>();
        WordBuilder word = null;
        int n = command.length();
        for (int i = 0; i < n; i++) {
            char c = command.charAt(i);
            if (c == ' ') {
                if (word != null) {
                    words.add(word.build());
                    word = null;
                }
                continue;
            }
            if (word == null) {
                word = new WordBuilder();
                if (c == '~') {
                    i = home(command, i);
                    word.fromHome();
                    continue;
                }
                if (c == '#') {
                    throw unquoted(c);
                }
            }
            if (c == '\'') {
                int end = command.indexOf('\'', i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("unterminated single quote in the scp command");
                }
                word.quoted(command.substring(i + 1, end));
                i = end;
            } else if (c == '"') {
                int j = i + 1;
                StringBuilder inside = new StringBuilder();
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
                    inside.append(d);
                    j++;
                }
                if (j >= n) {
                    throw new IllegalArgumentException("unterminated double quote in the scp command");
                }
                word.quoted(inside.toString());
                i = j;
            } else if (c == '\\') {
                if (i + 1 >= n) {
                    throw new IllegalArgumentException("the scp command ends with a backslash");
                }
                word.quoted(String.valueOf(command.charAt(++i)));
            } else if (WILDCARDS.indexOf(c) >= 0) {
                word.wildcard(c);
            } else if (SHELL_SPECIAL.indexOf(c) >= 0 && !(c == '!' && word.afterBracket())) {
                throw unquoted(c);
            } else {
                word.plain(c);
            }
        }
        if (word != null) {
            words.add(word.build());
        }
        return words;
    }

    /**
     * At an unquoted {@code ~} starting a word: only the home itself ({@code ~} alone or before a slash) is
     * taken, as the shell expands it; returns the index of the last character consumed (the slashes after it).
     */
    private static int home(String command, int tilde) {
        int i = tilde + 1;
        if (i < command.length() && command.charAt(i) != ' ' && command.charAt(i) != '/') {
            int end = command.indexOf(' ', i);
            String named = command.substring(tilde, end < 0 ? command.length() : end);
            throw new IllegalArgumentException("'" + named + "': only your own home is reachable, as ~ or ~/path");
        }
        while (i < command.length() && command.charAt(i) == '/') {
            i++;
        }
        return i - 1;
    }

    private static IllegalArgumentException unquoted(char c) {
        return new IllegalArgumentException("'" + c + "' is not allowed unquoted in an scp command; quote the file name");
    }

    /** Collects one word's text and glob pattern as its characters are read. */
    private static final class WordBuilder {
        private final StringBuilder text = new StringBuilder();
        private final StringBuilder pattern = new StringBuilder();
        private boolean wildcard;
        private boolean home;
        private char last;

        void fromHome() {
            home = true;
        }

        void plain(char c) {
            text.append(c);
            pattern.append(c);
            last = c;
        }

        void quoted(String s) {
            for (char c : s.toCharArray()) {
                text.append(c);
                if (ScpGlob.SPECIAL.indexOf(c) >= 0) {
                    pattern.append('\\');
                }
                pattern.append(c);
                last = 0;
            }
        }

        void wildcard(char c) {
            wildcard = true;
            plain(c);
        }

        boolean afterBracket() {
            return last == '[';
        }

        Word build() {
            String t = text.toString();
            if (home && t.isEmpty()) {
                return new Word(".", ".", false);
            }
            return new Word(t, pattern.toString(), wildcard);
        }
    }
}
