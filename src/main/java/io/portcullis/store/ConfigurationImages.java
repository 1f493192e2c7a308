package io.portcullis.store;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.portcullis.host.DataDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The configuration as one SQLite file, for {@code system config export} and {@code import} (SPEC §11):
 * every table but {@link #NOT_CONFIGURATION}, so a table a later migration adds travels without a change
 * here. Private keys leave the file: they are handed out sealed (for the keypairs package to open), and an
 * image holds empty blobs in their place, so no private key is ever written to a disk unsealed. A restore
 * brings an image to this version's schema with the same migrations ({@link StagedConfiguration}) and
 * replaces every configuration table in one transaction.
 */
@Repository
public class ConfigurationImages {

    /** The audit log is the appliance's history, not its configuration; Flyway's table is the schema's own. */
    static final Set<String> NOT_CONFIGURATION = Set.of("audit", "flyway_schema_history");

    /** The configuration at one moment, private keys apart and still sealed with this appliance's secret. */
    public record Snapshot(int schemaVersion, byte[] database, Map<String, byte[]> sealedHostKeys,
                           Map<String, byte[]> sealedKeypairs, Map<String, Integer> rows,
                           Map<String, String> hostKeyFingerprints) {
    }

    private final JdbcClient db;
    private final DataSource dataSource;
    private final DataDirectory dataDirectory;

    public ConfigurationImages(JdbcClient db, DataSource dataSource, DataDirectory dataDirectory) {
        this.db = db;
        this.dataSource = dataSource;
        this.dataDirectory = dataDirectory;
    }

    /** The newest migration applied to the database (its schema version). */
    public int schemaVersion() {
        try (Connection c = dataSource.getConnection()) {
            return schemaVersion(c);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the database's schema version", e);
        }
    }

    static int schemaVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT version FROM flyway_schema_history"
                + " WHERE success = 1 AND version IS NOT NULL ORDER BY installed_rank DESC LIMIT 1")) {
            if (!rs.next()) {
                throw new SQLException("no migration is recorded");
            }
            return Integer.parseInt(rs.getString(1));
        } catch (NumberFormatException e) {
            throw new SQLException("a schema version that is not a whole number");
        }
    }

    /**
     * One consistent copy ({@code VACUUM INTO} reads one snapshot, whatever logins and changes go on), made in
     * a private directory under {@code DATA_DIR/backups/} and removed before this returns.
     */
    public Snapshot snapshot() {
        Path directory = privateDirectory("export");
        Path file = directory.resolve("configuration.db");
        try {
            db.sql("VACUUM INTO ?").param(file.toString()).update();
            Map<String, byte[]> hostKeys;
            Map<String, byte[]> keypairs;
            int schema;
            Map<String, Integer> rows;
            Map<String, String> fingerprints = new LinkedHashMap<>();
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
                schema = schemaVersion(c);
                rows = rowCounts(c, "main");
                blobs(c, "SELECT key_type, fingerprint FROM host_keys")
                        .forEach((type, fingerprint) -> fingerprints.put(type, new String(fingerprint, UTF_8)));
                hostKeys = blobs(c, "SELECT key_type, sealed_private_key FROM host_keys");
                keypairs = blobs(c, "SELECT name, sealed_private_key FROM keypairs");
                s.execute("DELETE FROM audit");
                s.execute("UPDATE host_keys SET sealed_private_key = X''");
                s.execute("UPDATE keypairs SET sealed_private_key = X''");
                // rewritten whole, so no page of what was deleted or emptied is left in the file
                s.execute("VACUUM");
            }
            return new Snapshot(schema, Files.readAllBytes(file), hostKeys, keypairs, rows, fingerprints);
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("cannot copy the configuration out of the database (" + e.getMessage() + ")",
                    e);
        } finally {
            deleteTree(directory);
        }
    }

    private static Map<String, byte[]> blobs(Connection c, String query) throws SQLException {
        Map<String, byte[]> blobs = new LinkedHashMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            while (rs.next()) {
                blobs.put(rs.getString(1), rs.getBytes(2));
            }
        }
        return blobs;
    }

    /**
     * An image written to a private file, checked as a SQLite database and brought to this version's schema;
     * the caller reads it through the repositories it offers, then restores it or closes it.
     */
    public StagedConfiguration stage(byte[] image) {
        Path directory = privateDirectory("import");
        try {
            return StagedConfiguration.of(directory, image, schemaVersion());
        } catch (RuntimeException e) {
            deleteTree(directory);
            throw e;
        }
    }

    /**
     * Every configuration table replaced by the staged one's, in one transaction, with each private key sealed
     * anew ({@code sealedHostKeys} by key type, {@code sealedKeypairs} by name); nothing changes if any step
     * fails. Logins meanwhile read the old configuration or the new one, never a mixture.
     */
    public void replaceWith(StagedConfiguration staged, Map<String, byte[]> sealedHostKeys,
                            Map<String, byte[]> sealedKeypairs) {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            // foreign keys are checked once, at the end: tables are emptied and filled in any order
            s.execute("PRAGMA foreign_keys = OFF");
            s.execute("ATTACH DATABASE '" + staged.file().toString().replace("'", "''") + "' AS restored");
            try {
                c.setAutoCommit(false);
                try {
                    copyTables(c);
                    setBlobs(c, "UPDATE main.host_keys SET sealed_private_key = ? WHERE key_type = ?", sealedHostKeys);
                    setBlobs(c, "UPDATE main.keypairs SET sealed_private_key = ? WHERE name = ?", sealedKeypairs);
                    check(c);
                    c.commit();
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw e;
                } finally {
                    c.setAutoCommit(true);
                }
            } finally {
                s.execute("DETACH DATABASE restored");
                s.execute("PRAGMA foreign_keys = ON");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot replace the configuration (" + e.getMessage() + "); nothing was"
                    + " changed", e);
        }
    }

    /** The configuration tables of {@code schema} (main, or an attached one). */
    static List<String> tables(Connection c, String schema) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT name FROM " + schema
                + ".sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")) {
            while (rs.next()) {
                if (!NOT_CONFIGURATION.contains(rs.getString(1))) {
                    tables.add(rs.getString(1));
                }
            }
        }
        return tables;
    }

    /** How many rows each configuration table has: what a backup holds, in a line an operator reads. */
    static Map<String, Integer> rowCounts(Connection c, String schema) throws SQLException {
        Map<String, Integer> rows = new LinkedHashMap<>();
        try (Statement s = c.createStatement()) {
            for (String table : tables(c, schema)) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + schema + "." + quoted(table))) {
                    rows.put(table, rs.next() ? rs.getInt(1) : 0);
                }
            }
        }
        return rows;
    }

    private static void copyTables(Connection c) throws SQLException {
        List<String> tables = tables(c, "main");
        try (Statement s = c.createStatement()) {
            for (String table : tables) {
                s.execute("DELETE FROM main." + quoted(table));
            }
            for (String table : tables) {
                String columns = String.join(", ", columns(c, table).stream().map(ConfigurationImages::quoted).toList());
                s.execute("INSERT INTO main." + quoted(table) + " (" + columns + ") SELECT " + columns
                        + " FROM restored." + quoted(table));
            }
        }
    }

    private static List<String> columns(Connection c, String table) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("PRAGMA main.table_info(" + quoted(table) + ")")) {
            while (rs.next()) {
                columns.add(rs.getString("name"));
            }
        }
        return columns;
    }

    private static void setBlobs(Connection c, String update, Map<String, byte[]> blobs) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(update)) {
            for (Map.Entry<String, byte[]> blob : blobs.entrySet()) {
                p.setBytes(1, blob.getValue());
                p.setString(2, blob.getKey());
                p.executeUpdate();
            }
        }
    }

    /** Every private key sealed, every reference whole: else the transaction is rolled back. */
    private static void check(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT (SELECT count(*) FROM main.host_keys WHERE length(sealed_private_key)"
                    + " = 0) + (SELECT count(*) FROM main.keypairs WHERE length(sealed_private_key) = 0)")) {
                if (rs.next() && rs.getInt(1) > 0) {
                    throw new SQLException(rs.getInt(1) + " private keys were not restored");
                }
            }
            try (ResultSet rs = s.executeQuery("PRAGMA main.foreign_key_check")) {
                if (rs.next()) {
                    throw new SQLException("a row of " + rs.getString(1) + " refers to one of " + rs.getString(3)
                            + " that is not there");
                }
            }
        }
    }

    static String quoted(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /** 0700 in {@code DATA_DIR/backups/}: copies of the database hold password hashes. */
    private Path privateDirectory(String purpose) {
        try {
            Path backups = dataDirectory.backups();
            if (!Files.isDirectory(backups)) {
                Files.createDirectories(backups, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
            }
            return Files.createTempDirectory(backups, "." + purpose + "-", PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a private directory in " + dataDirectory.backups() + " ("
                    + e.getMessage() + "); make the data directory writable, with room for a copy of the database", e);
        }
    }

    static void deleteTree(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            // a leftover in the 0700 directory is root's alone; the next start does not read it
        }
    }
}
