package io.portcullis.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Connections to other SSH servers (SPEC §5); {@code remoteHostKey} is empty until one is pinned. */
@Repository
public class ConnectionRepository {

    /** One stored connection. */
    public record StoredConnection(String name, String host, int port, String username, String keypair,
                                   String remoteHostKey, int connectTimeoutSeconds, Instant createdAt) {
    }

    private static final String COLUMNS = "name, host, port, username, keypair, remote_host_key, connect_timeout, created_at";

    private final JdbcClient db;

    public ConnectionRepository(JdbcClient db) {
        this.db = db;
    }

    public List<StoredConnection> findAll() {
        return db.sql("SELECT " + COLUMNS + " FROM connections ORDER BY name").query(ConnectionRepository::row).list();
    }

    public Optional<StoredConnection> find(String name) {
        return db.sql("SELECT " + COLUMNS + " FROM connections WHERE name = ?").param(name)
                .query(ConnectionRepository::row).optional();
    }

    /** The names of the connections that log in with {@code keypair}. */
    public List<String> usingKeypair(String keypair) {
        return db.sql("SELECT name FROM connections WHERE keypair = ? ORDER BY name").param(keypair)
                .query(String.class).list();
    }

    public void insert(StoredConnection c) {
        db.sql("INSERT INTO connections (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                .params(c.name(), c.host(), c.port(), c.username(), c.keypair(), c.remoteHostKey(),
                        c.connectTimeoutSeconds(), c.createdAt().toString())
                .update();
    }

    public void pinHostKey(String name, String publicKey) {
        db.sql("UPDATE connections SET remote_host_key = ? WHERE name = ?").params(publicKey, name).update();
    }

    public boolean delete(String name) {
        return db.sql("DELETE FROM connections WHERE name = ?").param(name).update() > 0;
    }

    private static StoredConnection row(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new StoredConnection(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getInt(7), Instant.parse(rs.getString(8)));
    }
}
