package io.portcullis.backup;

import io.portcullis.accounts.Accounts;
import io.portcullis.audit.AuditLog;
import io.portcullis.audit.AuditLog.Actor;
import io.portcullis.host.DataDirectory;
import io.portcullis.keypairs.HostKeys;
import io.portcullis.keypairs.KeypairException;
import io.portcullis.keypairs.Keypairs;
import io.portcullis.services.ServiceException;
import io.portcullis.services.Services;
import io.portcullis.settings.SettingContext;
import io.portcullis.settings.SshConfiguration;
import io.portcullis.settings.SshSetting;
import io.portcullis.settings.SshSettingsRules;
import io.portcullis.store.ConfigurationImages;
import io.portcullis.store.ConfigurationImages.Snapshot;
import io.portcullis.store.ConfigurationRepository;
import io.portcullis.store.GroupRepository.StoredGroup;
import io.portcullis.store.HostKeyRepository.StoredHostKey;
import io.portcullis.store.KeypairRepository.StoredKeypair;
import io.portcullis.store.StagedConfiguration;
import io.portcullis.store.StagedConfiguration.InvalidImageException;
import io.portcullis.store.UserRepository.StoredUser;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Configuration backup and restore (SPEC §11, as TrueNAS's Save/Upload config): everything needed to rebuild
 * the appliance — SSH settings, services, accounts, groups, their keys, host keys, keypairs, connections —
 * sealed with a passphrase ({@link BackupFile}), and restored whole on this or another machine, host keys
 * included, so clients see the same fingerprints. Not in it: the homes' files and the audit log.
 *
 * <p>An import checks everything before it changes anything: the file, then the database in it (brought to
 * this version's schema), its settings by the settings' own rules, and each private key against its public
 * key; only then is the current database copied to {@code DATA_DIR/backups/}, the configuration replaced in
 * one transaction, the accounts published again and every service restarted. Every export and import, and
 * every refusal, is audited as kind {@code backup}, never with the passphrase.
 */
@Service
public class ConfigurationBackup {

    private static final Logger log = LoggerFactory.getLogger(ConfigurationBackup.class);
    static final String KIND = "backup";
    static final String EXPORT = "system config export";
    static final String IMPORT = "system config import";
    /** Builtin rows an appliance cannot do without (SPEC §4); a configuration lacking one is not restored. */
    private static final Set<String> BUILTIN_USERS = Set.of(Accounts.ROOT, Accounts.ADMIN);
    private static final Set<String> BUILTIN_GROUPS = Set.of(Accounts.ADMINS, Accounts.READONLY_ADMINS);

    /** What a backup holds, as an operator reads it before and after. */
    public record Contents(String producer, Instant created, int schemaVersion, Map<String, Integer> rows,
                           List<String> hostKeyFingerprints) {
        /** {@code 4 users, 6 groups, 2 user keys, 3 host keys, 1 keypair, 0 connections} */
        public String describe() {
            return count("users", "user") + ", " + count("groups", "group") + ", " + count("user_keys", "user key")
                    + ", " + count("host_keys", "host key") + ", " + count("keypairs", "keypair") + ", "
                    + count("connections", "connection");
        }

        private String count(String table, String noun) {
            int n = rows.getOrDefault(table, 0);
            return n + " " + noun + (n == 1 ? "" : "s");
        }
    }

    public record Exported(long bytes, Contents contents) {
    }

    /** A backup checked whole and ready to replace the configuration; closing it without restoring changes nothing. */
    public final class Prepared implements AutoCloseable {
        private final StagedConfiguration staged;
        private final Map<String, byte[]> sealedHostKeys;
        private final Map<String, byte[]> sealedKeypairs;
        private final Contents contents;
        private final String source;

        private Prepared(StagedConfiguration staged, Map<String, byte[]> sealedHostKeys,
                         Map<String, byte[]> sealedKeypairs, Contents contents, String source) {
            this.staged = staged;
            this.sealedHostKeys = sealedHostKeys;
            this.sealedKeypairs = sealedKeypairs;
            this.contents = contents;
            this.source = source;
        }

        public Contents contents() {
            return contents;
        }

        @Override
        public void close() {
            staged.close();
        }
    }

    /** What an import did: the copy of the database it replaced, and each service's restart. */
    public record Restored(Contents contents, Path databaseCopy, List<String> services, boolean allRestarted) {
    }

    private final ConfigurationImages images;
    private final ConfigurationRepository configuration;
    private final HostKeys hostKeys;
    private final Keypairs keypairs;
    private final Accounts accounts;
    private final SshConfiguration sshConfiguration;
    private final Services services;
    private final AuditLog audit;
    private final DataDirectory dataDirectory;

    public ConfigurationBackup(ConfigurationImages images, ConfigurationRepository configuration, HostKeys hostKeys,
                               Keypairs keypairs, Accounts accounts, SshConfiguration sshConfiguration,
                               Services services, AuditLog audit, DataDirectory dataDirectory) {
        this.images = images;
        this.configuration = configuration;
        this.hostKeys = hostKeys;
        this.keypairs = keypairs;
        this.accounts = accounts;
        this.sshConfiguration = sshConfiguration;
        this.services = services;
        this.audit = audit;
        this.dataDirectory = dataDirectory;
    }

    /** A request refused before it reached a backup (no passphrase, a terminal for binary data): audited too. */
    public void refused(Actor actor, boolean export, String reason) {
        audit.record(actor, KIND, export ? EXPORT : IMPORT, reason, "refused");
    }

    // ---- export ------------------------------------------------------------------------------

    /** Writes a backup to {@code out} (standard output of {@code ssh host 'system config export'}), byte for byte. */
    public Exported export(Actor actor, char[] passphrase, OutputStream out, String destination) {
        try {
            Sealed sealed = seal(passphrase);
            out.write(sealed.file);
            out.flush();
            return exported(actor, sealed, destination);
        } catch (BackupException e) {
            audit.record(actor, KIND, EXPORT, destination + ": " + e.getMessage(), "refused");
            throw e;
        } catch (IOException e) {
            audit.record(actor, KIND, EXPORT, destination + ": " + e.getMessage(), "failed");
            throw new BackupException("could not write the backup to " + destination + " (" + e.getMessage() + ")", e);
        }
    }

    /** Writes a backup to a new file on the appliance (mode 0600); an existing file is never replaced. */
    public Exported exportToFile(Actor actor, char[] passphrase, Path target) {
        String destination = "file " + target;
        try {
            Sealed sealed = seal(passphrase);
            Files.write(Files.createFile(target, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rw-------"))), sealed.file, StandardOpenOption.TRUNCATE_EXISTING);
            return exported(actor, sealed, destination);
        } catch (BackupException e) {
            audit.record(actor, KIND, EXPORT, destination + ": " + e.getMessage(), "refused");
            throw e;
        } catch (FileAlreadyExistsException e) {
            audit.record(actor, KIND, EXPORT, destination + ": exists already", "refused");
            throw new BackupException(target + " exists already; give the name of a new file (an export never"
                    + " replaces one)");
        } catch (IOException e) {
            audit.record(actor, KIND, EXPORT, destination + ": " + e.getMessage(), "failed");
            throw new BackupException("could not write " + target + " (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + "); give a path in a writable directory of the appliance", e);
        }
    }

    private record Sealed(byte[] file, Contents contents) {
    }

    private Sealed seal(char[] passphrase) {
        Passphrase.checkNew(passphrase);
        Snapshot snapshot = images.snapshot();
        Map<String, byte[]> hostKeyFiles = new LinkedHashMap<>();
        snapshot.sealedHostKeys().forEach((type, sealed) -> hostKeyFiles.put(type, hostKeys.openSealed(type, sealed)));
        Map<String, byte[]> keypairFiles = new LinkedHashMap<>();
        snapshot.sealedKeypairs().forEach((name, sealed) -> keypairFiles.put(name, keypairs.openSealed(name, sealed)));
        byte[] contents = new BackupContents(snapshot.database(), hostKeyFiles, keypairFiles).encode();
        byte[] file = BackupFile.seal(contents, passphrase, snapshot.schemaVersion(), producer());
        return new Sealed(file, new Contents(producer(), Instant.now(), snapshot.schemaVersion(), snapshot.rows(),
                fingerprints(snapshot.hostKeyFingerprints())));
    }

    private Exported exported(Actor actor, Sealed sealed, String destination) {
        audit.record(actor, KIND, EXPORT, destination + ", " + sealed.file.length + " bytes: "
                + sealed.contents.describe(), "ok");
        log.info("configuration exported by {}@{} to {}: {} bytes, {}", actor.name(), actor.address(), destination,
                sealed.file.length, sealed.contents.describe());
        return new Exported(sealed.file.length, sealed.contents);
    }

    private static List<String> fingerprints(Map<String, String> byType) {
        return byType.entrySet().stream().map(e -> e.getValue() + " (" + e.getKey() + ")").toList();
    }

    // ---- import ------------------------------------------------------------------------------

    /** All of {@code in} up to {@link BackupFile#MAX_BYTES}; a larger stream is refused without reading on. */
    private static byte[] readAll(InputStream in, String source) {
        try {
            byte[] bytes = in.readNBytes(BackupFile.MAX_BYTES + 1);
            if (bytes.length > BackupFile.MAX_BYTES) {
                throw new BackupException(source + " holds more than " + BackupFile.MAX_BYTES / (1024 * 1024)
                        + " MiB: not a configuration backup; give a file made by 'system config export'");
            }
            return bytes;
        } catch (IOException e) {
            throw new BackupException("could not read " + source + " (" + e.getMessage() + ")", e);
        }
    }

    /** {@link #prepare(Actor, Supplier, char[], String)} of a backup file on the appliance, read whole (bounded). */
    public Prepared prepare(Actor actor, Path file, char[] passphrase) {
        String source = "file " + file;
        return prepare(actor, () -> {
            if (!Files.isRegularFile(file)) {
                throw new BackupException(file + ": no such file on the appliance; give the path of a backup there");
            }
            try (InputStream in = Files.newInputStream(file)) {
                return readAll(in, file.toString());
            } catch (IOException e) {
                throw new BackupException(file + ": cannot be read (" + e.getMessage() + "); check its permissions", e);
            }
        }, passphrase, source);
    }

    /** {@link #prepare(Actor, Supplier, char[], String)} of all of a stream (an exec channel's standard input). */
    public Prepared prepare(Actor actor, InputStream in, char[] passphrase, String source) {
        return prepare(actor, () -> readAll(in, source), passphrase, source);
    }

    /**
     * Checks a whole backup ({@code source} says where it came from, for messages and the audit): the file,
     * the passphrase, the database in it and every row an appliance needs. Nothing is changed; a refusal is
     * audited and thrown with what is wrong.
     */
    private Prepared prepare(Actor actor, Supplier<byte[]> read, char[] passphrase, String source) {
        try {
            byte[] file = read.get();
            int schema = images.schemaVersion();
            BackupFile.Opened opened = BackupFile.open(file, passphrase, schema);
            BackupContents contents = BackupContents.decode(opened.contents());
            StagedConfiguration staged;
            try {
                staged = images.stage(contents.database());
            } catch (InvalidImageException e) {
                throw new BackupException("the configuration in it cannot be restored: " + e.getMessage());
            }
            try {
                checkAccounts(staged);
                checkSettings(staged);
                Map<String, byte[]> sealedHostKeys = sealHostKeys(staged, contents.hostKeys());
                Map<String, byte[]> sealedKeypairs = sealKeypairs(staged, contents.keypairs());
                Map<String, String> fingerprints = new LinkedHashMap<>();
                staged.hostKeys().findAll().forEach(k -> fingerprints.put(k.keyType(), k.fingerprint()));
                return new Prepared(staged, sealedHostKeys, sealedKeypairs, new Contents(opened.header().producer(),
                        opened.header().created(), opened.header().schemaVersion(), staged.rows(),
                        fingerprints(fingerprints)), source);
            } catch (RuntimeException e) {
                staged.close();
                throw e;
            }
        } catch (BackupException e) {
            audit.record(actor, KIND, IMPORT, source + ": " + e.getMessage(), "refused");
            log.warn("configuration import by {}@{} from {} refused: {}", actor.name(), actor.address(), source,
                    e.getMessage());
            throw e;
        }
    }

    private static void checkAccounts(StagedConfiguration staged) {
        List<String> users = staged.users().findAll().stream().map(StoredUser::username).toList();
        List<String> groups = staged.groups().findAll().stream().map(StoredGroup::name).toList();
        List<String> missing = new ArrayList<>();
        BUILTIN_USERS.stream().filter(u -> !users.contains(u)).forEach(u -> missing.add("the user " + u));
        BUILTIN_GROUPS.stream().filter(g -> !groups.contains(g)).forEach(g -> missing.add("the group " + g));
        if (!missing.isEmpty()) {
            throw new BackupException("the configuration in it lacks " + String.join(" and ", missing.stream().sorted()
                    .toList()) + ", which every appliance has: it was not made by 'system config export'");
        }
    }

    /** By the settings' own rules, against the backup's groups (Password Login Groups must name one of them). */
    private void checkSettings(StagedConfiguration staged) {
        List<String> groups = staged.groups().findAll().stream().map(StoredGroup::name).toList();
        SshSettingsRules.Read read = SshSettingsRules.read(staged.settingsColumns(
                SshSetting.ALL.stream().map(SshSetting::column).toList()));
        SettingContext context = new SettingContext() {
            @Override
            public boolean groupExists(String name) {
                return groups.contains(name);
            }

            @Override
            public List<String> groupNames() {
                return groups;
            }

            @Override
            public List<String> auxProblems(String text) {
                return sshConfiguration.context().auxProblems(text);
            }
        };
        List<String> problems = new ArrayList<>(read.problems());
        problems.addAll(SshSettingsRules.problems(read.settings(), context));
        if (!problems.isEmpty()) {
            throw new BackupException("the SSH settings in it are not valid here: " + String.join("; ", problems));
        }
    }

    private Map<String, byte[]> sealHostKeys(StagedConfiguration staged, Map<String, byte[]> files) {
        Map<String, byte[]> sealed = new LinkedHashMap<>();
        for (StoredHostKey row : staged.hostKeys().findAll()) {
            try {
                sealed.put(row.keyType(), hostKeys.sealRestored(row.keyType(), row.publicKey(),
                        files.getOrDefault(row.keyType(), new byte[0])));
            } catch (KeypairException e) {
                throw new BackupException("it cannot restore the appliance's identity: " + e.getMessage());
            }
        }
        checkNoneLeft(files.keySet(), sealed.keySet(), "host key");
        return sealed;
    }

    private Map<String, byte[]> sealKeypairs(StagedConfiguration staged, Map<String, byte[]> files) {
        Map<String, byte[]> sealed = new LinkedHashMap<>();
        for (StoredKeypair row : staged.keypairs().findAll()) {
            try {
                sealed.put(row.name(), keypairs.sealRestored(row.name(), row.publicKey(),
                        files.getOrDefault(row.name(), new byte[0])));
            } catch (KeypairException e) {
                throw new BackupException("its keypairs cannot be restored: " + e.getMessage());
            }
        }
        checkNoneLeft(files.keySet(), sealed.keySet(), "keypair");
        return sealed;
    }

    private static void checkNoneLeft(Set<String> given, Set<String> used, String what) {
        List<String> extra = given.stream().filter(k -> !used.contains(k)).sorted().toList();
        if (!extra.isEmpty()) {
            throw new BackupException("it holds the private part of a " + what + " its configuration does not have ("
                    + String.join(", ", extra) + "): it was not made by 'system config export'");
        }
    }

    /**
     * Replaces the configuration with a prepared backup: the current database is copied first (nothing changes
     * if that fails), the tables are replaced in one transaction, the host keys and the accounts' records and
     * homes follow, and every service is restarted (a restart that fails leaves that service as it was, and
     * says why). Established sessions go on.
     */
    public synchronized Restored restore(Actor actor, Prepared prepared) {
        Path copy;
        try {
            copy = configuration.backUp("portcullis-before-import");
        } catch (UncheckedIOException e) {
            audit.record(actor, KIND, IMPORT, prepared.source + ": " + e.getMessage(), "failed");
            throw new BackupException(e.getMessage() + "; make the data directory writable, with room for a copy of"
                    + " the database", e);
        }
        try {
            images.replaceWith(prepared.staged, prepared.sealedHostKeys, prepared.sealedKeypairs);
        } catch (RuntimeException e) {
            audit.record(actor, KIND, IMPORT, prepared.source + ": " + e.getMessage(), "failed");
            throw new BackupException(e.getMessage(), e);
        }
        hostKeys.reload();
        accounts.checkAgainstHost();
        accounts.createMissingHomes();
        accounts.publishToHost();
        forgetInitialPassword();
        audit.record(actor, KIND, IMPORT, prepared.source + " (" + prepared.contents.producer() + ", "
                + prepared.contents.created() + "): " + prepared.contents.describe() + "; database copied to "
                + copy.getFileName(), "ok");
        log.info("configuration imported by {}@{} from {}: {}; the database before it is {}", actor.name(),
                actor.address(), prepared.source, prepared.contents.describe(), copy);
        List<String> restarted = new ArrayList<>();
        boolean all = true;
        for (String name : services.names()) {
            String label = name.toUpperCase(Locale.ROOT) + " service";
            try {
                services.restart(actor, name);
                restarted.add(label + " restarted: listening on " + String.join(", ", services.require(name).listeners()));
            } catch (ServiceException e) {
                all = false;
                restarted.add(label + " did not restart: " + e.getMessage());
            }
        }
        return new Restored(prepared.contents, copy, restarted, all);
    }

    /** The restored admin has the backup's password: a first random one left in the data directory is stale. */
    private void forgetInitialPassword() {
        if (accounts.find(Accounts.ADMIN).map(u -> u.hasPassword()).orElse(false)) {
            try {
                Files.deleteIfExists(dataDirectory.initialAdminPasswordFile());
            } catch (IOException e) {
                log.warn("could not remove {}: {}", dataDirectory.initialAdminPasswordFile(), e.getMessage());
            }
        }
    }

    private static String producer() {
        String version = ConfigurationBackup.class.getPackage().getImplementationVersion();
        return "Portcullis " + (version == null ? "development build" : version);
    }
}
