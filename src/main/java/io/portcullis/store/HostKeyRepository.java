package io.portcullis.store;

import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Host keys: public part, fingerprint, and the private part sealed by {@link SecretBox}. */
@Repository
public class HostKeyRepository {

    /** One stored host key. */
    public record StoredHostKey(String keyType, String publicKey, String fingerprint, byte[] sealedPrivateKey,
                                Instant createdAt) {
    }

    private final JdbcClient db;

    public HostKeyRepository(JdbcClient db) {
        this.db = db;
    }

    public List<StoredHostKey> findAll() {
        return db.sql("SELECT key_type, public_key, fingerprint, sealed_private_key, created_at FROM host_keys ORDER BY key_type")
                .query((rs, row) -> new StoredHostKey(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBytes(4),
                        Instant.parse(rs.getString(5))))
                .list();
    }

    /** Inserts or replaces the key of that type. */
    public void save(StoredHostKey key) {
        db.sql("INSERT OR REPLACE INTO host_keys (key_type, public_key, fingerprint, sealed_private_key, created_at) VALUES (?, ?, ?, ?, ?)")
                .params(key.keyType(), key.publicKey(), key.fingerprint(), key.sealedPrivateKey(), key.createdAt().toString())
                .update();
    }
}
