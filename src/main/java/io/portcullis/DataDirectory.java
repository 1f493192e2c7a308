package io.portcullis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The appliance's data directory: everything it writes lives below it (SPEC §1). */
public record DataDirectory(Path root) {

    public DataDirectory {
        root = root.toAbsolutePath().normalize();
    }

    public Path database() {
        return root.resolve("portcullis.db");
    }

    public Path secretFile() {
        return root.resolve("secret.key");
    }

    public Path homesRoot() {
        return root.resolve("home");
    }

    public Path logs() {
        return root.resolve("logs");
    }

    /** Copies of the database kept before a reset to defaults. */
    public Path backups() {
        return root.resolve("backups");
    }

    /** The message of the day an administrator may write, shown on interactive login shells (PrintMotd). */
    public Path motd() {
        return root.resolve("motd");
    }

    public Path initialAdminPasswordFile() {
        return root.resolve("initial-admin-password");
    }

    /** The database holds password hashes: readable by the appliance's user only. */
    public void restrictDatabaseFiles() {
        for (String suffix : new String[] {"", "-wal", "-shm"}) {
            Path file = root.resolve("portcullis.db" + suffix);
            try {
                if (Files.exists(file)) {
                    Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("cannot restrict the permissions of " + file, e);
            }
        }
    }

    /** A configured path: relative ones lie under the data directory. */
    public Path resolve(String configured) {
        return root.resolve(configured).normalize();
    }

    /**
     * Creates the directory if needed and proves it is writable, so an unusable data directory is
     * reported in one line before anything is written.
     */
    public void prepare() throws IOException {
        Files.createDirectories(root);
        if (!Files.isDirectory(root)) {
            throw new IOException(root + " is not a directory");
        }
        Path probe = Files.createTempFile(root, ".write-test", "");
        Files.delete(probe);
    }
}
