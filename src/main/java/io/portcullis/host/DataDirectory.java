package io.portcullis.host;

import io.portcullis.conf.ApplianceConf;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

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

    /**
     * What is the appliance's alone is readable by root only, although login shells run as accounts on the
     * same machine: the data directory is 0711, so an account can pass through to its home below but not
     * list what is there; every file of the appliance in it is 0600 and its directories (logs, backups,
     * console history) 0700. Files made later are born so: the database below, whose -wal, -shm and journal
     * files SQLite creates with the database's own mode; logback writes inside logs/, which nobody else can
     * enter. Run at every start, so a data directory made by an older version is closed too.
     */
    public void restrictModes() throws IOException {
        chmod(root, "rwx--x--x");
        for (Path dir : List.of(logs(), backups(), root.resolve("console-history"))) {
            if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                chmod(dir, "rwx------");
                try (var entries = Files.list(dir)) {
                    for (Path file : entries.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)).toList()) {
                        chmod(file, "rw-------");
                    }
                }
            }
        }
        Files.createDirectories(logs(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        for (Path file : List.of(database(), root.resolve("portcullis.db-wal"), root.resolve("portcullis.db-shm"),
                root.resolve("portcullis.db-journal"), secretFile(), root.resolve(ApplianceConf.FILE_NAME),
                initialAdminPasswordFile(), logs().resolve("portcullis.log"))) {
            if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                chmod(file, "rw-------");
            }
        }
        createPrivateFile(logs().resolve("portcullis.log"));
    }

    /** The database file, made empty and 0600 before SQLite opens it (SQLite gives its side files the same mode). */
    public void createDatabaseFile() {
        try {
            createPrivateFile(database());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot create the database " + database(), e);
        }
    }

    /** Whether the database is new: missing, or the empty file {@link #createDatabaseFile} made. */
    public boolean databaseIsNew() {
        try {
            return !Files.exists(database()) || Files.size(database()) == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** Creates {@code file} with mode 0600 if it is missing (born so: the mode is given to open(2)). */
    public static void createPrivateFile(Path file) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException exists) {
            // made before, and restricted by restrictModes
        }
    }

    private static void chmod(Path path, String mode) throws IOException {
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(mode));
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
