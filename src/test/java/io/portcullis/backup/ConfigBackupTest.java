package io.portcullis.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.testing.OpenSsh;
import io.portcullis.testing.OpenSsh.Result;
import io.portcullis.testing.RunningAppliance;
import io.portcullis.testing.TestKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code system config export|import} end to end (issue 17), with the real OpenSSH client: a configured
 * appliance exported through {@code ssh ... > backup.pcb}, then gone; a fresh appliance elsewhere imports it
 * through {@code ssh ... < backup.pcb} and becomes it: its users log in with their passwords and keys, a
 * client that knew the first one's host keys connects with StrictHostKeyChecking and sees no changed key,
 * and settings, keypairs and connections are the same. Every bad file is refused with what is wrong with it,
 * and leaves the target's configuration as it was.
 */
class ConfigBackupTest {

    static final String PASSPHRASE = "correct horse battery staple";
    static final String ADMIN_ON_A = "the admin password of A";
    static final List<String> CONFIGURATION = List.of("ssh show --json", "accounts users list --json",
            "accounts groups list --json", "ssh hostkeys list --json", "ssh keypairs list --json",
            "ssh connections list --json", "services list --json");

    @TempDir
    static Path tmp;
    static Path backup;
    static Path passphraseFile;
    static Path aliceKey;
    static Path knownHosts;
    static int portOfA;
    static Map<String, String> configurationOfA;
    static String aliceKeysOnA;

    @BeforeAll
    static void exportAConfiguredAppliance() throws Exception {
        passphraseFile = Files.writeString(tmp.resolve("passphrase"), PASSPHRASE + "\n");
        backup = tmp.resolve("backup.pcb");
        try (RunningAppliance a = RunningAppliance.start(tmp.resolve("a"))) {
            portOfA = a.port();
            a.addUser("alice", "bash");
            aliceKey = TestKeys.generate(tmp.resolve("keys"), "alice", "ed25519");
            a.admin().execOk("accounts groups add movers");
            a.admin().execOk("accounts users edit alice --groups movers --email alice@example.org");
            a.admin().execOk("accounts users keys add alice " + TestKeys.publicLine(aliceKey));
            a.admin().execOk("ssh set --compression true --sftp-log-level INFO --password-login-groups movers,admins"
                    + " --aux-params 'MaxAuthTries 5'");
            a.admin().execOk("ssh keypairs generate offsite");
            a.admin().execOk("ssh connections add offsite --host 192.0.2.10 --username backup --keypair offsite");
            a.admin().execOk("accounts users passwd admin --password '" + ADMIN_ON_A + "'");
            OpenSsh admin = a.ssh("admin").password(ADMIN_ON_A);
            configurationOfA = configuration(admin);
            aliceKeysOnA = admin.execOk("accounts users keys list alice --json");
            knownHosts = a.knownHosts(tmp.resolve("known_hosts"));

            Result export = a.ssh("admin").password(ADMIN_ON_A).stdoutTo(backup).exec("system config export --passphrase-file " + passphraseFile);
            assertThat(export.exitCode()).as(export.toString()).isZero();
            assertThat(export.stderr()).contains("configuration exported: " + Files.size(backup) + " bytes, 3 users,"
                    + " 6 groups, 1 user key, 3 host keys, 1 keypair, 1 connection");
            assertThat(Files.readAllBytes(backup)).startsWith(BackupFile.MAGIC);
            assertThat(admin.execOk("audit list --user admin")).contains("system config export")
                    .doesNotContain(PASSPHRASE);
            assertThat(a.log()).doesNotContain(PASSPHRASE);
            // nothing of the export stays in the data directory
            try (Stream<Path> left = Files.list(a.dataDir().resolve("backups"))) {
                assertThat(left).isEmpty();
            }
        }
    }

    static RunningAppliance target;

    @AfterAll
    static void stop() {
        if (target != null) {
            target.close();
        }
    }

    @Test
    void aFreshApplianceThatImportsItBecomesTheFirstOne() throws Exception {
        target = RunningAppliance.start(tmp.resolve("b"));
        Result imported = target.admin().stdin(Files.readAllBytes(backup))
                .exec("system config import --passphrase-file " + passphraseFile);
        assertThat(imported.exitCode()).as(imported.toString()).isZero();
        assertThat(imported.stdout()).contains("(database schema ", "3 users, 6 groups, 1 user key, 3 host keys",
                "configuration replaced", "SSH service restarted: listening on 0.0.0.0:" + portOfA);
        String copy = imported.stdout().lines().filter(l -> l.startsWith("the database before the import was copied to "))
                .findFirst().orElseThrow().substring("the database before the import was copied to ".length());
        assertThat(Path.of(copy)).exists().hasParent(target.dataDir().resolve("backups"));

        // a client that knew the first appliance, strict about host keys: same keys, same users, same secrets
        OpenSsh strict = OpenSsh.to(portOfA, "alice").option("StrictHostKeyChecking=yes")
                .option("UserKnownHostsFile=" + knownHosts);
        Result byPassword = strict.password(RunningAppliance.USER_PASSWORD).exec("echo $USER; id -G");
        assertThat(byPassword.exitCode()).as(byPassword.toString()).isZero();
        assertThat(byPassword.stdout()).startsWith("alice\n").containsPattern("\\d+ \\d+");
        Result byKey = OpenSsh.to(portOfA, "alice").option("StrictHostKeyChecking=yes")
                .option("UserKnownHostsFile=" + knownHosts).identity(aliceKey).exec("pwd");
        assertThat(byKey.exitCode()).as(byKey.toString()).isZero();
        assertThat(Path.of(byKey.stdout().strip())).exists();
        OpenSsh admin = OpenSsh.to(portOfA, "admin").option("StrictHostKeyChecking=yes")
                .option("UserKnownHostsFile=" + knownHosts).password(ADMIN_ON_A);
        Map<String, String> after = configuration(admin);
        assertThat(after).isEqualTo(configurationOfA);
        assertThat(admin.execOk("accounts users keys list alice --json")).isEqualTo(aliceKeysOnA);
        assertThat(admin.execOk("audit list --user admin")).contains("system config import")
                .doesNotContain(PASSPHRASE);
        assertThat(target.log()).doesNotContain(PASSPHRASE);
    }

    @Test
    void everyBadBackupIsRefusedWithWhatIsWrongAndChangesNothing() throws Exception {
        try (RunningAppliance fresh = RunningAppliance.start(tmp.resolve("c"))) {
            OpenSsh admin = fresh.admin();
            Map<String, String> before = configuration(admin);
            byte[] good = Files.readAllBytes(backup);
            Path wrong = Files.writeString(tmp.resolve("wrong-passphrase"), "not the passphrase at all\n");
            byte[] edited = good.clone();
            edited[edited.length / 2] ^= 0x40;
            byte[] newer = BackupFileTest.withHeader(good, b -> b.putInt(10, b.getInt(10) + 1));

            Map<String, Case> cases = new LinkedHashMap<>();
            cases.put("truncated", new Case(Arrays.copyOf(good, good.length - 100), passphraseFile, "truncated:"));
            cases.put("wrong passphrase", new Case(good, wrong, "wrong passphrase"));
            cases.put("newer", new Case(newer, passphraseFile, "made by a newer Portcullis"));
            cases.put("by hand", new Case("users: alice, bob\n".getBytes(StandardCharsets.UTF_8), passphraseFile,
                    "not a Portcullis configuration backup"));
            cases.put("edited", new Case(edited, passphraseFile, "its contents were changed after it was made"));
            cases.put("empty", new Case(new byte[0], passphraseFile, "the file is empty"));
            for (Map.Entry<String, Case> c : cases.entrySet()) {
                Result r = admin.stdin(c.getValue().file).exec("system config import --passphrase-file "
                        + c.getValue().passphrase);
                assertThat(r.exitCode()).as(c.getKey() + ": " + r).isEqualTo(1);
                assertThat(r.stderr()).as(c.getKey()).startsWith("system config import: " + c.getValue().message)
                        .contains("nothing was changed");
            }
            // no passphrase at all, and a weak one for an export
            Result none = admin.stdin(good).exec("system config import");
            assertThat(none.exitCode()).isEqualTo(1);
            assertThat(none.stderr()).contains("no passphrase: give --passphrase-file PATH");
            Path weak = Files.writeString(tmp.resolve("weak"), "short\n");
            Result weakExport = admin.exec("system config export --passphrase-file " + weak);
            assertThat(weakExport.exitCode()).isEqualTo(1);
            assertThat(weakExport.stderr()).contains("at least 12");
            assertThat(weakExport.stdout()).isEmpty();
            // binary never goes to a terminal
            Result onTerminal = admin.ssh(List.of("-tt"), "system config export --passphrase-file " + passphraseFile);
            assertThat(onTerminal.exitCode()).isEqualTo(1);
            assertThat(onTerminal.stdout() + onTerminal.stderr()).contains("the backup is binary");

            assertThat(configuration(admin)).isEqualTo(before);
            assertThat(fresh.dataDir().resolve("backups")).satisfiesAnyOf(
                    d -> assertThat(d).doesNotExist(), d -> assertThat(d).isEmptyDirectory());
            // each refusal audited, as who and from where, without the passphrase
            String audit = admin.execOk("audit list --user admin --json");
            assertThat(audit).doesNotContain(PASSPHRASE);
            List<com.fasterxml.jackson.databind.JsonNode> refusals = new java.util.ArrayList<>();
            new com.fasterxml.jackson.databind.ObjectMapper().readTree(audit).forEach(e -> {
                if (e.get("kind").asText().equals("backup")) {
                    refusals.add(e);
                }
            });
            assertThat(refusals).hasSize(cases.size() + 3).allSatisfy(e -> {
                assertThat(e.get("address").asText()).isEqualTo("127.0.0.1");
                assertThat(e.get("outcome").asText()).isEqualTo("refused");
            });
        }
    }

    record Case(byte[] file, Path passphrase, String message) {
    }

    static Map<String, String> configuration(OpenSsh admin) {
        Map<String, String> all = new LinkedHashMap<>();
        for (String command : CONFIGURATION) {
            // what the running service is (sessions, whether a restart is pending) and the machine's own notes
            // differ between the two machines, not what they are configured with
            all.put(command, admin.execOk(command).replaceAll("\"notes\"\\s*:\\s*\\[[^\\]]*\\]", "")
                    .replaceAll("\"(sessions|effective|restartPending|inEffect)\"\\s*:\\s*[^,}\\]\n]*", ""));
        }
        return all;
    }

}
