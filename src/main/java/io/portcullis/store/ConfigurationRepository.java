package io.portcullis.store;

import java.nio.file.Path;
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

    private final JdbcClient db;
    private final TransactionTemplate tx;
    private final SshSettingsRepository settings;

    public ConfigurationRepository(JdbcClient db, TransactionTemplate tx, SshSettingsRepository settings) {
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
