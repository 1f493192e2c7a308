package io.portcullis.settings;

import io.portcullis.audit.AuditLog.Actor;
import io.portcullis.audit.AuditLog;
import io.portcullis.host.DataDirectory;
import io.portcullis.store.ConfigurationRepository;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.springframework.stereotype.Service;

/**
 * The appliance's configuration back to what a fresh data directory has (the local menu's option 5):
 * every SSH setting at its declared default ({@link SshSettings#DEFAULTS}) and each service's Start
 * Automatically on, after a copy of the whole database in {@code DATA_DIR/backups/}. Accounts, their
 * passwords and keys, host keys and the audit log are kept: a reset must not lock the operator out or
 * change the appliance's identity.
 */
@Service
public class FactoryDefaults {

    private final ConfigurationRepository configuration;
    private final DataDirectory dataDirectory;
    private final AuditLog audit;

    public FactoryDefaults(ConfigurationRepository configuration, DataDirectory dataDirectory, AuditLog audit) {
        this.configuration = configuration;
        this.dataDirectory = dataDirectory;
        this.audit = audit;
    }

    /** Where the copies go. */
    public Path backups() {
        return dataDirectory.backups();
    }

    /** Copies the database, then resets; returns the copy. Nothing is reset when the copy cannot be made. */
    public Path restore(Actor actor) {
        Path backup = backUp();
        configuration.resetToDefaults(SshSettingsRules.columns(SshSettings.DEFAULTS));
        audit.change(actor, "reset configuration", "ssh settings and start automatically to defaults; backup "
                + backup.getFileName());
        return backup;
    }

    /** A new file readable by the appliance's user only: the copy holds password hashes. */
    private Path backUp() {
        try {
            return configuration.backUp("portcullis");
        } catch (UncheckedIOException e) {
            throw new UncheckedIOException(e.getMessage() + "; nothing was reset; make the data directory writable"
                    + " and try again", e.getCause());
        }
    }
}
