package io.portcullis.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.regex.Pattern;
import org.jline.reader.impl.history.DefaultHistory;

/**
 * One user's console history, kept in {@code DATA_DIR/console-history/USER} (mode 0600). Only lines that
 * parse as a command are kept: a password typed at the prompt by mistake is an unknown command, and
 * never reaches the file. A line that carries a password option is never kept either, nor is one too
 * long or holding control characters to be worth recalling.
 */
final class ConsoleHistory extends DefaultHistory {

    private final java.util.function.Predicate<String> parses;

    /** {@code parses}: whether a line is a command the console understands (its own parser says). */
    ConsoleHistory(java.util.function.Predicate<String> parses) {
        this.parses = parses;
    }

    /** {@code --password}, and typos of it, but not --password-auth/-disabled/-login-groups. */
    private static final Pattern SECRET_OPTION = Pattern.compile("--pas(?!sword-(auth|disabled|login-groups)\\b)");
    private static final int MAX_LINE = 4096;

    static boolean keeps(String line) {
        return line.length() <= MAX_LINE && !SECRET_OPTION.matcher(line).find()
                && line.chars().noneMatch(c -> c < 0x20 || c == 0x7f);
    }

    @Override
    public void add(Instant time, String line) {
        if (keeps(line) && parses.test(line)) {
            super.add(time, line);
        }
    }

    /** Creates the file (and its directory) readable by the appliance's user only, before JLine appends to it. */
    static Path prepareFile(Path directory, String user) {
        Path file = directory.resolve(user);
        try {
            if (!Files.isDirectory(directory)) {
                Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
            }
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (FileAlreadyExistsException e) {
                // kept from an earlier session, or made just now by the same user's other console starting too
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the console history file " + file, e);
        }
    }
}
