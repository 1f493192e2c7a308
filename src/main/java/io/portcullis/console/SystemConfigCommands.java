package io.portcullis.console;

import io.portcullis.backup.BackupException;
import io.portcullis.backup.ConfigurationBackup;
import io.portcullis.backup.ConfigurationBackup.Contents;
import io.portcullis.backup.ConfigurationBackup.Prepared;
import io.portcullis.backup.ConfigurationBackup.Restored;
import io.portcullis.backup.Passphrase;
import io.portcullis.host.RefusedException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * {@code system config export|import} (SPEC §11): options read here, the work done by {@link
 * ConfigurationBackup}. The backup is binary, so it goes through the exec channel's own streams, never the
 * console's text writer; an export reports on standard error, which keeps standard output the file's alone.
 */
@Component
class SystemConfigCommands implements CommandSet {

    private static final Option<String> PASSPHRASE_FILE = Option.text("passphrase-file", "PATH", "a file on the"
            + " appliance whose first line is the passphrase; without it the passphrase is asked on a terminal");
    private static final Option<String> EXPORT_FILE = Option.text("file", "PATH", "write it to this new file on the"
            + " appliance instead (mode 0600; an existing file is never replaced)");
    private static final Option<String> IMPORT_FILE = Option.text("file", "PATH", "read it from this file on the"
            + " appliance instead");
    private static final String BINARY = "the backup is binary: run the command without a terminal and redirect it,"
            + " ssh admin@HOST 'system config %s --passphrase-file F' %s backup.pcb, or give --file PATH (a file on the"
            + " appliance)";

    private final ConfigurationBackup backup;

    SystemConfigCommands(ConfigurationBackup backup) {
        this.backup = backup;
    }

    @Override
    public List<ConsoleCommand> commands() {
        return List.of(
                // a backup holds password hashes and private keys: for members of admins only, as changes are
                ConsoleCommand.changing("system config export", "write the whole configuration, sealed with a"
                                + " passphrase, to standard output (or --file)")
                        .options(PASSPHRASE_FILE, EXPORT_FILE)
                        .details("""
                                Holds the SSH settings, services, accounts with their passwords and keys, groups,
                                host keys, keypairs and connections: everything to rebuild this appliance on another
                                machine with 'system config import'. Not the homes' files, nor the audit log. The
                                passphrase (at least 12 characters) seals it; it is needed to import it.
                                  ssh admin@HOST 'system config export --passphrase-file /root/pass' > backup.pcb""")
                        .does(this::export),
                ConsoleCommand.changing("system config import", "replace the whole configuration with a backup"
                                + " read from standard input (or --file), then restart the SSH service")
                        .options(PASSPHRASE_FILE, IMPORT_FILE, Option.YES)
                        .details("""
                                The whole file is checked first (its passphrase, that it is whole and unaltered, made
                                by this or an older version, with valid settings and keys); anything wrong refuses
                                it and changes nothing. Then the current database is copied to DATA_DIR/backups/
                                (named in the output), the configuration replaced, the accounts' homes made where
                                missing (their files are not in a backup) and the SSH service restarted: clients see
                                the backup's host keys. Established sessions go on.
                                  ssh admin@HOST 'system config import --passphrase-file /root/pass' < backup.pcb""")
                        .does(this::importBackup));
    }

    private void export(Invocation in) {
        Optional<Path> file = in.get(EXPORT_FILE).map(Path::of);
        Optional<ChannelStreams> channel = in.channel().filter(c -> !c.terminal());
        if (file.isEmpty() && channel.isEmpty()) {
            throw refused(in, true, String.format(BINARY, "export", ">"));
        }
        char[] passphrase = passphrase(in, true);
        ConfigurationBackup.Exported exported;
        try {
            exported = file.isPresent() ? backup.exportToFile(in.actor(), passphrase, file.get())
                    : backup.export(in.actor(), passphrase, channel.get().out(), "standard output");
        } catch (BackupException e) {
            throw new RefusedException(e.getMessage());
        }
        PrintWriter report = file.isPresent() ? in.out() : in.err();
        report.println("configuration exported" + file.map(f -> " to " + f).orElse("") + ": " + exported.bytes()
                + " bytes, " + exported.contents().describe());
        report.println("host keys: " + String.join(", ", exported.contents().hostKeyFingerprints()));
        report.println("the homes' files are not in it; keep the passphrase: importing it needs it");
    }

    private void importBackup(Invocation in) {
        Optional<Path> file = in.get(IMPORT_FILE).map(Path::of);
        Optional<ChannelStreams> channel = in.channel().filter(c -> !c.terminal());
        if (file.isEmpty() && channel.isEmpty()) {
            throw refused(in, false, String.format(BINARY, "import", "<"));
        }
        char[] passphrase = passphrase(in, false);
        try {
            try (Prepared prepared = file.isPresent() ? backup.prepare(in.actor(), file.get(), passphrase)
                    : backup.prepare(in.actor(), channel.get().in(), passphrase, "standard input")) {
                Contents contents = prepared.contents();
                in.out().println("backup made by " + contents.producer() + " at " + contents.created()
                        + " (database schema " + contents.schemaVersion() + "): " + contents.describe());
                in.out().println("host keys: " + String.join(", ", contents.hostKeyFingerprints()));
                in.out().flush();
                if (in.ask().canAsk() && !in.has(Option.YES)) {
                    in.ask().confirm("Replace this appliance's whole configuration with it?", "--yes");
                }
                Restored restored = backup.restore(in.actor(), prepared);
                in.out().println("the database before the import was copied to " + restored.databaseCopy());
                in.out().println("configuration replaced");
                restored.services().forEach(in.out()::println);
                if (!restored.allRestarted()) {
                    throw new RefusedException("the configuration was imported, but a service did not restart"
                            + " (see above); 'services list' shows it");
                }
            }
        } catch (BackupException e) {
            throw new RefusedException(e.getMessage() + "; nothing was changed");
        }
    }

    private RefusedException refused(Invocation in, boolean export, String reason) {
        backup.refused(in.actor(), export, reason);
        return new RefusedException(reason);
    }

    /** From --passphrase-file, else asked on the interactive console (twice for a new backup). */
    private char[] passphrase(Invocation in, boolean forNewBackup) {
        Optional<String> file = in.get(PASSPHRASE_FILE);
        try {
            if (file.isPresent()) {
                return Passphrase.fromFile(Path.of(file.get()));
            }
        } catch (BackupException e) {
            throw refused(in, forNewBackup, "--passphrase-file: " + e.getMessage());
        }
        if (!in.ask().canAsk()) {
            throw refused(in, forNewBackup, "no passphrase: give --passphrase-file PATH (a file on the appliance"
                    + " whose first line is the passphrase), or run it in the interactive console to be asked");
        }
        return in.ask().secret(forNewBackup ? "Passphrase to seal the backup with (at least " + Passphrase.MIN_LENGTH
                + " characters, not shown): " : "The backup's passphrase (not shown): ", forNewBackup).toCharArray();
    }
}
