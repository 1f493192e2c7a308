package io.portcullis.backup;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The passphrase a backup is sealed with (never logged, audited or kept): the first line of a file, or typed
 * twice on a terminal. It is all that protects the host keys and password hashes in the file, so a new
 * backup needs one of {@value #MIN_LENGTH} characters or more.
 */
public final class Passphrase {

    public static final int MIN_LENGTH = 12;
    /** More than any passphrase; a larger file is not one (and /dev/zero is not read on). */
    private static final int MAX_FILE_BYTES = 4096;

    private Passphrase() {
    }

    /** The first line of {@code file}, without its line end. */
    public static char[] fromFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new BackupException("passphrase file " + file + ": no such file on the appliance; give the path of a"
                    + " file there whose first line is the passphrase");
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_FILE_BYTES + 1);
        } catch (IOException e) {
            throw new BackupException("passphrase file " + file + ": cannot be read (" + e.getMessage() + "); check its"
                    + " permissions");
        }
        if (bytes.length > MAX_FILE_BYTES) {
            throw new BackupException("passphrase file " + file + ": larger than " + MAX_FILE_BYTES + " bytes, so not a"
                    + " passphrase file; its first line is the passphrase");
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        Arrays.fill(bytes, (byte) 0);
        String line = text.lines().findFirst().orElse("");
        if (line.isEmpty()) {
            throw new BackupException("passphrase file " + file + ": its first line is empty; write the passphrase"
                    + " there");
        }
        return line.toCharArray();
    }

    /** A passphrase for a new backup: long enough to stand an offline guessing of the file. */
    public static void checkNew(char[] passphrase) {
        if (passphrase.length < MIN_LENGTH) {
            throw new BackupException("the passphrase has " + passphrase.length + " characters; give one of at least "
                    + MIN_LENGTH + ": it is all that protects the host keys and password hashes in the backup");
        }
    }
}
