package io.portcullis.store;

import io.portcullis.host.DataDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The appliance's configuration as a whole: a consistent copy of the database, and the reset of the
 * SSH settings and the services' Start Automatically to what a fresh data directory has.
 */
@Repository
public class ConfigurationRepository {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final JdbcClient db;
    private final TransactionTemplate tx;
    private final SshSettingsRepository settings;
    private final DataDirectory dataDirectory;

    public ConfigurationRepository(JdbcClient db, TransactionTemplate tx, SshSettingsRepository settings,
                                   DataDirectory dataDirectory) {
        this.dataDirectory = dataDirectory;
        this.db = db;
        this.tx = tx;
        this.settings = settings;
    }

    /**
     * Writes a complete, consistent copy of the database to {@code file}, which must not exist. SQLite's
     * VACUUM INTO reads one snapshot, so logins and writes going on meanwhile cannot tear it.
     */
    public void backUpTo(Path file) {
        db.sql("VACUUM INTO ?").param(file.toString()).update();
    }

    /**
     * A consistent copy of the whole database in {@code DATA_DIR/backups/} (0700) named {@code STEM-UTC.db}, born
     * 0600 since it holds password hashes; returns it. Two copies within a second get distinct names.
     */
    public Path backUp(String stem) {
        Path directory = dataDirectory.backups();
        try {
            if (!Files.isDirectory(directory)) {
                Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
            }
            String name = stem + "-" + STAMP.format(Instant.now());
            Path file = directory.resolve(name + ".db");
            for (int n = 2; Files.exists(file); n++) {
                file = directory.resolve(name + "-" + n + ".db");
            }
            // born 0600: VACUUM INTO fills an empty file and keeps its mode
            DataDirectory.createPrivateFile(file);
            backUpTo(file);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the database to " + directory + " (" + e.getMessage() + ")", e);
        }
    }

    /**
     * In one transaction: the SSH settings row gets {@code settingsColumns} (every setting's default, which
     * the settings package declares) and every service Start Automatically, as on first start. Accounts,
     * keys, host keys and the audit log are not touched; neither is whether a service runs now.
     */
    public void resetToDefaults(Map<String, Object> settingsColumns) {
        tx.executeWithoutResult(status -> {
            settings.save(settingsColumns);
            db.sql("UPDATE services SET start_automatically = 1").update();
        });
    }
}
