package io.portcullis.store;

import java.nio.file.Path;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The appliance's configuration as a whole: a consistent copy of the database, and the reset of the
 * SSH settings and the services' Start Automatically to what a fresh data directory has.
 */
@Repository
public class ConfigurationRepository {

    private final JdbcClient db;
    private final TransactionTemplate tx;

    public ConfigurationRepository(JdbcClient db, TransactionTemplate tx) {
        this.db = db;
        this.tx = tx;
    }

    /**
     * Writes a complete, consistent copy of the database to {@code file}, which must not exist. SQLite's
     * VACUUM INTO reads one snapshot, so logins and writes going on meanwhile cannot tear it.
     */
    public void backUpTo(Path file) {
        db.sql("VACUUM INTO ?").param(file.toString()).update();
    }

    /**
     * Every SSH setting back to its schema default (the row is recreated, so each column takes the
     * DEFAULT of V1__initial_schema.sql) and Start Automatically on for every service, as on first start.
     * Accounts, keys, host keys and the audit log are not touched; neither is whether a service runs now.
     */
    public void resetToDefaults() {
        tx.executeWithoutResult(status -> {
            db.sql("DELETE FROM ssh_settings").update();
            db.sql("INSERT INTO ssh_settings (id) VALUES (1)").update();
            db.sql("UPDATE services SET start_automatically = 1").update();
        });
    }
}
