package io.portcullis.menu;

import io.portcullis.audit.AuditLog.Actor;
import io.portcullis.backup.BackupException;
import io.portcullis.backup.ConfigurationBackup;
import io.portcullis.backup.ConfigurationBackup.Contents;
import io.portcullis.backup.ConfigurationBackup.Prepared;
import io.portcullis.backup.ConfigurationBackup.Restored;
import io.portcullis.backup.Passphrase;
import io.portcullis.host.DataDirectory;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import org.springframework.stereotype.Component;

/**
 * Options 9 and 10: {@code system config export} and {@code import} on the local console, through files on
 * the machine (a USB stick, say), with the passphrase typed and never shown. The same checks, copy of the
 * database and audit as over SSH ({@link ConfigurationBackup}).
 */
@Component
class ConfigurationTransfer {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final ConfigurationBackup backup;
    private final DataDirectory dataDirectory;

    ConfigurationTransfer(ConfigurationBackup backup, DataDirectory dataDirectory) {
        this.backup = backup;
        this.dataDirectory = dataDirectory;
    }

    void export(OperatorPrompts prompts, Actor actor) {
        prompts.say("This writes the whole configuration (SSH settings, accounts with their passwords and keys, groups,"
                + " host keys, keypairs, connections; not the homes' files) to a new file, sealed with a passphrase"
                + " of at least " + Passphrase.MIN_LENGTH + " characters. Keep the passphrase: importing needs it.");
        Path file = Path.of(prompts.answer("File to write", dataDirectory.backups()
                .resolve("portcullis-config-" + STAMP.format(Instant.now()) + ".pcb").toString()));
        char[] passphrase = prompts.secret("Passphrase (not shown): ").toCharArray();
        if (!Arrays.equals(passphrase, prompts.secret("Repeat it: ").toCharArray())) {
            prompts.say("The two entries differ; nothing was exported.");
            return;
        }
        try {
            ConfigurationBackup.Exported exported = backup.exportToFile(actor, passphrase, file);
            prompts.say("Configuration exported to " + file + ": " + exported.bytes() + " bytes, "
                    + exported.contents().describe() + ".");
        } catch (BackupException e) {
            prompts.say("Nothing was exported: " + e.getMessage() + ".");
        }
    }

    void importFrom(OperatorPrompts prompts, Actor actor) {
        prompts.say("This replaces the whole configuration with a backup made by 'system config export' (here or on"
                + " another machine), after checking all of it and copying the current database to "
                + dataDirectory.backups() + ". The homes' files are not touched.");
        String path = prompts.answer("Backup file to import: ");
        if (path.isEmpty()) {
            prompts.say("Nothing was imported.");
            return;
        }
        char[] passphrase = prompts.secret("The backup's passphrase (not shown): ").toCharArray();
        try (Prepared prepared = backup.prepare(actor, Path.of(path), passphrase)) {
            Contents contents = prepared.contents();
            prompts.say("Backup made by " + contents.producer() + " at " + contents.created() + ": "
                    + contents.describe() + ".");
            if (!prompts.yes("Replace this appliance's whole configuration with it?", false)) {
                prompts.say("Nothing was imported.");
                return;
            }
            Restored restored = backup.restore(actor, prepared);
            prompts.say("The database before the import was copied to " + restored.databaseCopy() + ".");
            prompts.say("Configuration imported.");
            restored.services().forEach(line -> prompts.say(line + "."));
        } catch (BackupException e) {
            prompts.say("Nothing was imported: " + e.getMessage() + ".");
        }
    }
}
