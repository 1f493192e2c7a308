package io.portcullis.menu;

import io.portcullis.audit.AuditLog.Actor;
import io.portcullis.audit.AuditLog;
import io.portcullis.host.DataDirectory;
import io.portcullis.store.ConfigurationRepository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.springframework.stereotype.Component;

/**
 * Option 5. "Configuration" is what an operator changes to make the appliance reachable: every SSH
 * service setting (SPEC §3) and each service's Start Automatically. They go back to what a fresh data
 * directory has, after a backup of the whole database to {@code DATA_DIR/backups/}. Accounts, their
 * passwords and keys, host keys and the audit log are kept: a reset must not lock the operator out or
 * change the appliance's identity. The SSH service then runs with the defaults (port 2222).
 */
@Component
class ConfigurationReset {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final ConfigurationRepository configuration;
    private final DataDirectory dataDirectory;
    private final SshServiceSwitch sshSwitch;
    private final AuditLog audit;

    ConfigurationReset(ConfigurationRepository configuration, DataDirectory dataDirectory, SshServiceSwitch sshSwitch,
                       AuditLog audit) {
        this.configuration = configuration;
        this.dataDirectory = dataDirectory;
        this.sshSwitch = sshSwitch;
        this.audit = audit;
    }

    void run(OperatorPrompts prompts, Actor actor) {
        prompts.say("This sets every SSH service setting back to its default (port 2222, all interfaces, password"
                + " logins on, root by key only, no forwarding, no weak ciphers), turns Start Automatically on for"
                + " every service and restarts SSH with them. Accounts, passwords, keys, host keys and the audit"
                + " log are kept. The database is backed up first to " + dataDirectory.backups() + ".");
        if (!prompts.answer("Type yes to reset: ").equals("yes")) {
            prompts.say("Nothing was reset.");
            return;
        }
        Path backup = backUp();
        prompts.say("Database backed up to " + backup + ".");
        configuration.resetToDefaults();
        audit.change(actor, "reset configuration", "ssh settings and start automatically to defaults; backup "
                + backup.getFileName());
        prompts.say("Configuration reset to defaults.");
        sshSwitch.restart(prompts, actor);
    }

    /** A new file readable by the appliance's user only: the copy holds password hashes. */
    private Path backUp() {
        Path directory = dataDirectory.backups();
        try {
            if (!Files.isDirectory(directory)) {
                Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
            }
            Path file = freeName(directory, "portcullis-" + STAMP.format(Instant.now()));
            // born 0600: VACUUM INTO fills an empty file and keeps its mode
            DataDirectory.createPrivateFile(file);
            configuration.backUpTo(file);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot back up the database to " + directory + " (" + e.getMessage()
                    + "); nothing was reset; make the data directory writable and try again", e);
        }
    }

    /** Two resets within a second get distinct files rather than a failed backup. */
    private static Path freeName(Path directory, String stem) {
        Path file = directory.resolve(stem + ".db");
        for (int n = 2; Files.exists(file); n++) {
            file = directory.resolve(stem + "-" + n + ".db");
        }
        return file;
    }
}
