package io.portcullis.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.testing.ApplianceProcess;
import io.portcullis.testing.OpenSsh;
import io.portcullis.testing.RunningAppliance;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Upgrades keep everything (issue 17): a data directory at the oldest schema still supported (V1–V3
 * as released, filled from src/test/resources/upgrade/v3) started with the built jar. The current
 * version's own migrations are whatever it has: these tests only need it to start on V3 data.
 */
class UpgradeIT {

    static final Duration START = Duration.ofSeconds(90);
    static final String FIXTURE = "/upgrade/v3/";
    static final String ADMIN_PASSWORD = RunningAppliance.ADMIN_PASSWORD;

    @TempDir
    Path tmp;

    @Test
    void theCurrentVersionStartsOnV3DataAndKeepsEveryItem() throws Exception {
        Path data = v3DataDirectory();
        int port = RunningAppliance.freePort();
        try (ApplianceProcess app = ApplianceProcess.start("--data-dir", data.toString(), "--ssh-port",
                Integer.toString(port), "--no-console")) {
            app.awaitLine(l -> l.contains("ssh listening on"), START);

            // the same host keys: what a client sees is what V3 stored (the server offers no ECDSA host
            // key algorithm today, so ssh-keyscan sees ed25519 and RSA; the console lists all three)
            assertThat(scannedFingerprints(port)).hasSizeGreaterThanOrEqualTo(2).isSubsetOf(fixtureFingerprints());

            // accounts: old password, old key, the lock, the group and the e-mail
            OpenSsh.Result byPassword = OpenSsh.to(port, "alice").password("alice-password-v3").exec("id -u");
            assertThat(byPassword.exitCode()).as(byPassword.toString()).isZero();
            assertThat(byPassword.stdout().strip()).isEqualTo("60101");
            OpenSsh.Result byKey = OpenSsh.to(port, "alice").identity(clientKey()).exec("id -u");
            assertThat(byKey.exitCode()).as(byKey.toString()).isZero();
            OpenSsh.Result locked = OpenSsh.to(port, "bob").password("bob-password-v3").exec("true");
            assertThat(locked.exitCode()).as("bob was locked in V3").isNotZero();
            OpenSsh admin = OpenSsh.to(port, "admin").password(ADMIN_PASSWORD);
            String alice = admin.execOk("accounts users show alice --json");
            assertThat(alice).contains("staff", "alice@example.org", "Alice Example", "SHA256:");
            assertThat(admin.execOk("accounts users show bob --json")).containsPattern("\"locked\"\\s*:\\s*true");

            assertThat(admin.execOk("ssh hostkeys list")).contains(fixtureFingerprints());

            // settings
            com.fasterxml.jackson.databind.JsonNode fields = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(admin.execOk("ssh show --json")).get("fields");
            java.util.Map<String, String> saved = new java.util.HashMap<>();
            fields.forEach(f -> saved.put(f.get("field").asText(), f.get("saved").toString()));
            assertThat(saved).containsEntry("compression", "true").containsEntry("tcp-forwarding", "true")
                    .containsEntry("sftp-log-level", "\"INFO\"").containsEntry("sftp-log-facility", "\"LOCAL3\"");
            assertThat(admin.execOk("ssh keypairs list")).contains("backup-key");
            assertThat(admin.execOk("ssh connections list")).contains("offsite", "192.0.2.10");

            // the audit rows V3 wrote, with their times
            String audit = admin.execOk("audit list --json");
            assertThat(audit).contains("accounts users add alice", "ssh keypairs generate backup-key");
            for (String at : fixtureAuditTimes()) {
                assertThat(audit).as("audit row at " + at).contains(at.substring(0, 19));
            }

            app.terminate();
            assertThat(app.waitForExit(Duration.ofSeconds(30))).as(app.output()).isZero();
            if (migrationsShipped() > 3) {
                assertThat(app.stdout()).anyMatch(l -> l.contains("database at version 3 copied to " + data.resolve("backups")));
            }
        }
    }

    @Test
    void aCopyIsTakenBeforeMigratingAndOnlyTheNewestCopiesAreKept() throws Exception {
        Path data = v3DataDirectory();
        Path backups = Files.createDirectories(data.resolve("backups"));
        // six copies from earlier upgrades, oldest first
        for (int i = 0; i < 6; i++) {
            Path old = Files.writeString(backups.resolve("portcullis-before-migration-V2-2020010" + i + "T000000Z.db"), "old");
            Files.setLastModifiedTime(old, FileTime.from(Instant.parse("2020-01-0" + (i + 1) + "T00:00:00Z")));
        }
        Files.writeString(backups.resolve("portcullis-20200101T000000Z.db"), "a reset's copy, not ours to prune");
        Path extra = migrations("V9990__harmless.sql", "CREATE TABLE upgrade_probe (id INTEGER PRIMARY KEY);");
        int port = RunningAppliance.freePort();
        try (ApplianceProcess app = ApplianceProcess.startWith(List.of(), extraLocation(extra), "--data-dir",
                data.toString(), "--ssh-port", Integer.toString(port), "--no-console")) {
            String line = app.awaitLine(l -> l.contains("database at version 3 copied to "), START);
            app.awaitLine(l -> l.contains("ssh listening on"), START);
            Path copy = Path.of(line.replaceFirst(".* copied to (\\S+) before migrating.*", "$1"));
            assertThat(copy.getParent()).isEqualTo(backups);
            assertThat(Files.getPosixFilePermissions(copy)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            assertThat(schemaVersion(copy)).isEqualTo("3");
            assertThat(count(copy, "SELECT count(*) FROM users WHERE username = 'alice'")).isEqualTo(1);
            assertThat(schemaVersion(data.resolve("portcullis.db"))).isEqualTo("9990");
            app.terminate();
            assertThat(app.waitForExit(Duration.ofSeconds(30))).as(app.output()).isZero();
        }
        try (Stream<Path> files = Files.list(backups)) {
            Set<String> names = files.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
            assertThat(names).hasSize(6).contains("portcullis-20200101T000000Z.db")
                    .doesNotContain("portcullis-before-migration-V2-20200100T000000Z.db",
                            "portcullis-before-migration-V2-20200101T000000Z.db")
                    .contains("portcullis-before-migration-V2-20200105T000000Z.db");
        }
    }

    @Test
    void aFailedMigrationLeavesTheOldDatabaseAndTheMessageNamesTheCopy() throws Exception {
        Path data = v3DataDirectory();
        // the first one would succeed alone; the second fails, and both are one transaction
        Path extra = migrations("V9990__fine.sql", "CREATE TABLE upgrade_probe (id INTEGER PRIMARY KEY);",
                "V9991__broken.sql", "INSERT INTO no_such_table VALUES (1);");
        int port = RunningAppliance.freePort();
        try (ApplianceProcess app = ApplianceProcess.startWith(List.of(), extraLocation(extra), "--data-dir",
                data.toString(), "--ssh-port", Integer.toString(port), "--no-console")) {
            assertThat(app.waitForExit(START)).as(app.output()).isEqualTo(1);
            String last = app.stderr().get(app.stderr().size() - 1);
            assertThat(last).startsWith("portcullis: could not start: could not migrate the database "
                    + data.resolve("portcullis.db") + " from version 3 to 9991").contains("no_such_table")
                    .contains("left as it was, at version 3").contains("a copy taken before migrating is " + data.resolve("backups"));
            Path copy = Path.of(last.replaceFirst(".*a copy taken before migrating is (\\S+);.*", "$1"));
            assertThat(copy).isRegularFile();
            assertThat(schemaVersion(copy)).isEqualTo("3");
        }
        Path db = data.resolve("portcullis.db");
        assertThat(schemaVersion(db)).isEqualTo("3");
        assertThat(count(db, "SELECT count(*) FROM sqlite_master WHERE name = 'upgrade_probe'")).isZero();
        assertThat(count(db, "SELECT count(*) FROM users WHERE username IN ('alice', 'bob')")).isEqualTo(2);
    }

    /** V1–V3 by Flyway from the migrations as released, then the rows of a V3 data directory. */
    private Path v3DataDirectory() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        String url = "jdbc:sqlite:" + data.resolve("portcullis.db");
        Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration").target("3").load().migrate();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            for (String statement : resource("data.sql").split(";\n")) {
                String sql = statement.lines().filter(l -> !l.startsWith("--")).collect(Collectors.joining("\n")).strip();
                if (!sql.isEmpty()) {
                    s.execute(sql);
                }
            }
        }
        assertThat(schemaVersion(data.resolve("portcullis.db"))).isEqualTo("3");
        Path secret = data.resolve("secret.key");
        Files.write(secret, Base64.getDecoder().decode(resource("secret.key.base64").strip()));
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        // as RunningAppliance does: the tests' logins from 127.0.0.1 must not be penalised
        RunningAppliance.withConf(data);
        return data;
    }

    private Path migrations(String... namesAndSql) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("extra-migrations"));
        for (int i = 0; i < namesAndSql.length; i += 2) {
            Files.writeString(dir.resolve(namesAndSql[i]), namesAndSql[i + 1] + "\n");
        }
        return dir;
    }

    private static List<String> extraLocation(Path dir) {
        return List.of("-Dspring.flyway.locations=classpath:db/migration,filesystem:" + dir);
    }


    private Set<String> scannedFingerprints(int port) throws Exception {
        Process scan = new ProcessBuilder("ssh-keyscan", "-T", "30", "-p", Integer.toString(port), "-t", "ed25519,ecdsa,rsa",
                "127.0.0.1").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] keys = scan.getInputStream().readAllBytes();
        assertThat(scan.waitFor(60, TimeUnit.SECONDS)).isTrue();
        Path file = Files.write(tmp.resolve("scanned"), keys);
        Process lf = new ProcessBuilder("ssh-keygen", "-l", "-f", file.toString()).redirectErrorStream(true).start();
        String out = new String(lf.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        lf.waitFor(30, TimeUnit.SECONDS);
        Set<String> fingerprints = new TreeSet<>();
        out.lines().forEach(l -> fingerprints.add(l.split(" ")[1]));
        return fingerprints;
    }

    private static Set<String> fixtureFingerprints() throws IOException {
        return resource("host-key-fingerprints").lines().map(l -> l.split(" ")[1])
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static List<String> fixtureAuditTimes() throws IOException {
        List<String> times = new ArrayList<>();
        resource("data.sql").lines().filter(l -> l.startsWith("INSERT INTO audit "))
                .forEach(l -> times.add(l.replaceFirst(".*VALUES \\(\\d+, '([^']+)'.*", "$1")));
        assertThat(times).hasSizeGreaterThan(10);
        return times;
    }

    private Path clientKey() throws IOException {
        Path key = tmp.resolve("alice_ed25519");
        if (!Files.exists(key)) {
            Files.writeString(key, resource("alice_ed25519"));
            Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        }
        return key;
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = UpgradeIT.class.getResourceAsStream(FIXTURE + name)) {
            if (in == null) {
                throw new IOException("test resource " + FIXTURE + name + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** How many migrations the current version ships (V1..Vn: n). */
    private static int migrationsShipped() {
        return Flyway.configure().locations("classpath:db/migration").dataSource("jdbc:sqlite::memory:", null, null)
                .load().info().all().length;
    }

    private static String schemaVersion(Path db) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version FROM flyway_schema_history WHERE success = 1"
                     + " ORDER BY installed_rank DESC LIMIT 1")) {
            return rs.next() ? rs.getString(1) : "none";
        }
    }

    private static long count(Path db, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
