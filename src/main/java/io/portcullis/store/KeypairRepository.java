package io.portcullis.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Keypairs (SPEC §5): public part, fingerprint, and the private part sealed by {@link SecretBox}. */
@Repository
public class KeypairRepository {

    /** One stored keypair. */
    public record StoredKeypair(String name, String keyType, int bits, String publicKey, String fingerprint,
                                byte[] sealedPrivateKey, Instant createdAt) {
    }

    private static final String COLUMNS = "name, key_type, bits, public_key, fingerprint, sealed_private_key, created_at";

    private final JdbcClient db;

    public KeypairRepository(JdbcClient db) {
        this.db = db;
    }

    public List<StoredKeypair> findAll() {
        return db.sql("SELECT " + COLUMNS + " FROM keypairs ORDER BY name").query(KeypairRepository::row).list();
    }

    public Optional<StoredKeypair> find(String name) {
        return db.sql("SELECT " + COLUMNS + " FROM keypairs WHERE name = ?").param(name)
                .query(KeypairRepository::row).optional();
    }

    public void insert(StoredKeypair k) {
        db.sql("INSERT INTO keypairs (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)")
                .params(k.name(), k.keyType(), k.bits(), k.publicKey(), k.fingerprint(), k.sealedPrivateKey(),
                        k.createdAt().toString())
                .update();
    }

    public boolean delete(String name) {
        return db.sql("DELETE FROM keypairs WHERE name = ?").param(name).update() > 0;
    }

    private static StoredKeypair row(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new StoredKeypair(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4), rs.getString(5),
                rs.getBytes(6), Instant.parse(rs.getString(7)));
    }
}
