package io.portcullis.accounts;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An account's authorized principals file (AuthorizedPrincipalsFile): the certificate principals that may log
 * in as the account, one a line, each optionally after authorized_keys options that then hold for the session.
 * Read as auth2-pubkeyfile.c reads it: everything from a {@code #} on is a comment, the principal is the last
 * word, what comes before it the options; a line whose options cannot be used is skipped and named. The file
 * is opened and checked as an authorized_keys file is ({@link AuthorizedKeysFile}: StrictModes, beneath the
 * home, at most {@link AuthorizedKeysFile#MAX_BYTES}).
 */
public final class PrincipalsFile {

    /** A principal and the options of its line. */
    public record Principal(String name, KeyOptions options, int line) {
    }

    /** What the file gave, and why lines or the whole file were left out. */
    public record Reading(Path file, List<Principal> principals, List<String> problems) {
        /** The first line naming one of {@code names}, as sshd takes the first match. */
        public Optional<Principal> first(java.util.Collection<String> names) {
            return principals.stream().filter(p -> names.contains(p.name())).findFirst();
        }
    }

    private PrincipalsFile() {
    }

    public static Reading read(Path file, Path home, int uid, Set<Integer> owners) {
        AuthorizedKeysFile.Contents contents = AuthorizedKeysFile.readSafely(file, home, uid, owners);
        List<String> problems = new ArrayList<>(contents.problems());
        List<Principal> principals = contents.text().map(t -> parse(t, contents.cut(), file, problems)).orElse(List.of());
        return new Reading(file, principals, problems);
    }

    static List<Principal> parse(String text, boolean cut, Path file, List<String> problems) {
        List<Principal> out = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        int last = cut ? lines.length - 1 : lines.length; // a line the cap cut in two names no one
        for (int i = 0; i < last; i++) {
            String line = lines[i];
            int hash = line.indexOf('#');
            line = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (line.isEmpty()) {
                continue;
            }
            int space = Math.max(line.lastIndexOf(' '), line.lastIndexOf('\t'));
            String name = line.substring(space + 1);
            try {
                KeyOptions options = space < 0 ? KeyOptions.NONE : KeyOptions.parse(line.substring(0, space).strip());
                out.add(new Principal(name, options, i + 1));
            } catch (IllegalArgumentException e) {
                problems.add(file + ":" + (i + 1) + " skipped: " + AccountRules.printable(e.getMessage()));
            }
        }
        return List.copyOf(out);
    }
}
