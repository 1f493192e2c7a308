package io.portcullis.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A configuration image about to be restored, in a private file: checked as a SQLite database, its schema
 * brought to this version's by the same migrations an upgrade runs, and offered through the store's own
 * repositories so the capabilities can check it as they check their own rows. Nothing of the live database is
 * touched until {@link ConfigurationImages#replaceWith}; closing it removes the file.
 */
public final class StagedConfiguration implements AutoCloseable {

    private final Path directory;
    private final Path file;
    private final SingleConnectionDataSource dataSource;
    private final JdbcClient db;
    private final int schemaBefore;
    private final Map<String, Integer> rows;

    private StagedConfiguration(Path directory, Path file, SingleConnectionDataSource dataSource, int schemaBefore,
                                Map<String, Integer> rows) {
        this.rows = Map.copyOf(rows);
        this.directory = directory;
        this.file = file;
        this.dataSource = dataSource;
        this.db = JdbcClient.create(dataSource);
        this.schemaBefore = schemaBefore;
    }

    static StagedConfiguration of(Path directory, byte[] image, int currentSchema) {
        Path file = directory.resolve("configuration.db");
        try {
            Files.write(Files.createFile(file, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rw-------"))), image);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the configuration to restore into " + directory + " ("
                    + e.getMessage() + ")", e);
        }
        SingleConnectionDataSource dataSource = new SingleConnectionDataSource("jdbc:sqlite:" + file, true);
        try {
            int before;
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
                    if (!rs.next() || !"ok".equals(rs.getString(1))) {
                        throw new InvalidImageException("its database is damaged (" + (rs.getRow() > 0 ? rs.getString(1)
                                : "no answer") + ")");
                    }
                }
                before = ConfigurationImages.schemaVersion(c);
            } catch (SQLException e) {
                throw new InvalidImageException("it holds no database of Portcullis's (" + e.getMessage() + ")");
            }
            Flyway flyway = Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").group(true)
                    .validateOnMigrate(true).load();
            if (before > currentSchema) {
                throw new InvalidImageException("its database has schema " + before + ", newer than this appliance's "
                        + currentSchema + "; upgrade this appliance first");
            }
            try {
                flyway.migrate();
            } catch (FlywayException e) {
                throw new InvalidImageException("its database cannot be brought to this version's schema ("
                        + e.getMessage().strip().lines().findFirst().orElse("") + ")");
            }
            Map<String, Integer> rows;
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("PRAGMA foreign_key_check")) {
                    if (rs.next()) {
                        throw new InvalidImageException("a row of its " + rs.getString(1) + " refers to one of "
                                + rs.getString(3) + " that is not there");
                    }
                }
                rows = ConfigurationImages.rowCounts(c, "main");
            } catch (SQLException e) {
                throw new InvalidImageException("its database cannot be read (" + e.getMessage() + ")");
            }
            return new StagedConfiguration(directory, file, dataSource, before, rows);
        } catch (RuntimeException e) {
            dataSource.destroy();
            throw e;
        }
    }

    /** A staged image that is not a configuration this version can restore; the message says why. */
    public static final class InvalidImageException extends RuntimeException {
        InvalidImageException(String message) {
            super(message);
        }
    }

    Path file() {
        return file;
    }

    /** How many rows each configuration table holds. */
    public Map<String, Integer> rows() {
        return rows;
    }

    /** The schema the image had before it was migrated here. */
    public int schemaBefore() {
        return schemaBefore;
    }

    public UserRepository users() {
        return new UserRepository(db, new TransactionTemplate(new DataSourceTransactionManager(dataSource)));
    }

    public GroupRepository groups() {
        return new GroupRepository(db);
    }

    public HostKeyRepository hostKeys() {
        return new HostKeyRepository(db);
    }

    public KeypairRepository keypairs() {
        return new KeypairRepository(db);
    }

    public ConnectionRepository connections() {
        return new ConnectionRepository(db);
    }

    public ServiceRepository services() {
        return new ServiceRepository(db);
    }

    /** The SSH settings row's columns as text, as {@link SshSettingsRepository#load} reads the live one. */
    public Map<String, String> settingsColumns(List<String> columns) {
        return new SshSettingsRepository(db).load(columns);
    }

    @Override
    public void close() {
        dataSource.destroy();
        ConfigurationImages.deleteTree(directory);
    }
}
