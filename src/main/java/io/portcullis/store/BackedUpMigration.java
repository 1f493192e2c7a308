package io.portcullis.store;

import io.portcullis.host.DataDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.stereotype.Component;

/**
 * An upgrade migrates the database only after a copy of it is taken (SPEC §11): before pending
 * migrations run on an existing database it is copied to {@code DATA_DIR/backups/} (0600, the copy
 * holds password hashes), the newest {@value #KEPT} such copies are kept. The pending migrations run
 * in one transaction ({@code spring.flyway.group}), so one that fails leaves the database as it was,
 * and the start stops with a message naming the copy.
 */
@Component
class BackedUpMigration implements FlywayMigrationStrategy {

    static final int KEPT = 5;
    static final String PREFIX = "portcullis-before-migration-";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final Logger log = LoggerFactory.getLogger(BackedUpMigration.class);

    private final DataDirectory dataDirectory;

    BackedUpMigration(DataDirectory dataDirectory) {
        this.dataDirectory = dataDirectory;
    }

    @Override
    public void migrate(Flyway flyway) {
        MigrationInfo current = flyway.info().current();
        MigrationInfo[] pending = flyway.info().pending();
        if (current == null || pending.length == 0) {
            // a new database has nothing to lose; an up-to-date one nothing to change
            flyway.migrate();
            return;
        }
        String from = current.getVersion().getVersion();
        String to = pending[pending.length - 1].getVersion().getVersion();
        Path copy = backUp(flyway, from);
        log.info("database at version {} copied to {} before migrating it to version {}", from, copy, to);
        try {
            flyway.migrate();
        } catch (FlywayException e) {
            log.error("migration of {} from version {} to {} failed", dataDirectory.database(), from, to, e);
            // no cause: the start prints the innermost message, and this one must name the copy
            throw new IllegalStateException("could not migrate the database " + dataDirectory.database()
                    + " from version " + from + " to " + to + " (" + reason(e) + "); it was left"
                    + " as it was, at version " + from + ", and a copy taken before migrating is " + copy
                    + "; run the version that made it, or report the error");
        }
        prune();
    }

    private Path backUp(Flyway flyway, String version) {
        Path directory = dataDirectory.backups();
        Path file = directory.resolve(PREFIX + "V" + version + "-" + STAMP.format(Instant.now()) + ".db");
        try {
            if (!Files.isDirectory(directory)) {
                Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
            }
            for (int n = 2; Files.exists(file); n++) {
                file = directory.resolve(PREFIX + "V" + version + "-" + STAMP.format(Instant.now()) + "-" + n + ".db");
            }
            // VACUUM INTO writes a consistent copy, WAL included, which copying the files would not
            try (Connection c = flyway.getConfiguration().getDataSource().getConnection();
                 Statement s = c.createStatement()) {
                s.execute("VACUUM INTO '" + file.toString().replace("'", "''") + "'");
            }
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            return file;
        } catch (IOException | SQLException e) {
            throw new IllegalStateException("could not copy the database " + dataDirectory.database() + " to " + file
                    + " before migrating it (" + e.getMessage() + "); nothing was changed; make " + directory
                    + " writable, with room for a copy of the database, and start again");
        }
    }

    /** The newest copies are enough to step back; older ones would fill the disk one upgrade at a time. */
    private void prune() {
        List<Path> copies = new ArrayList<>();
        try (Stream<Path> files = Files.list(dataDirectory.backups())) {
            files.filter(f -> f.getFileName().toString().startsWith(PREFIX)).forEach(copies::add);
        } catch (IOException e) {
            log.warn("could not list {} to prune old database copies: {}", dataDirectory.backups(), e.getMessage());
            return;
        }
        copies.sort(Comparator.comparing(BackedUpMigration::modified).reversed());
        for (Path old : copies.subList(Math.min(KEPT, copies.size()), copies.size())) {
            try {
                Files.delete(old);
            } catch (IOException e) {
                log.warn("could not remove the old database copy {}: {}", old, e.getMessage());
            }
        }
    }

    private static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Flyway's first line names the script; the innermost cause says what was wrong in it. */
    private static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        String first = firstLine(e.getMessage());
        return root == e ? first : first + ": " + firstLine(root.getMessage());
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no message";
        }
        return message.strip().lines().findFirst().orElse("no message");
    }
}
