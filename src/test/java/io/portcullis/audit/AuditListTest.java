package io.portcullis.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.portcullis.audit.AuditLog.Actor;
import io.portcullis.store.AuditRepository;
import io.portcullis.testing.OpenSsh.Result;
import io.portcullis.testing.RunningAppliance;
import io.portcullis.testing.StartedAppliance;
import io.portcullis.testing.TestKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code audit list} (SPEC §8) after real logins, changes, service restarts and transfers; secrets never
 * reach the database or the log; the retention prunes old entries.
 */
class AuditListTest {

    static final String KNOWN_PASSWORD = "Known-Secret-Pa55word-for-grep";

    @TempDir
    static Path tmp;
    @StartedAppliance
    static RunningAppliance appliance;
    static Path privateKey;
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        ok("accounts users add carol --shell scponly --password '" + KNOWN_PASSWORD + "'");
        // a refused password login and an accepted one
        assertThat(appliance.ssh("carol").password("wrong-password").exec("true").exitCode()).isEqualTo(255);
        Files.writeString(tmp.resolve("up.txt"), "hello audit\n");
        Result put = appliance.ssh("carol").password(KNOWN_PASSWORD).sftp("put " + tmp.resolve("up.txt") + " up.txt\n");
        assertThat(put.exitCode()).as(put.toString()).isZero();
        privateKey = TestKeys.generate(tmp.resolve("keys"), "audited", "ed25519");
        Result imported = appliance.admin().stdin(Files.readAllBytes(privateKey)).exec("ssh keypairs import audited");
        assertThat(imported.exitCode()).as(imported.toString()).isZero();
        ok("services restart ssh");
    }

    static Result ok(String command) {
        return appliance.adminSucceeds(command);
    }

    static JsonNode list(String options) throws Exception {
        return JSON.readTree(ok("audit list --json " + options).stdout());
    }

    @Test
    void loginsAcceptedAndRefusedAreListedWithMethodAddressAndReason() throws Exception {
        JsonNode logins = list("--kind login --user carol");
        assertThat(logins).anyMatch(e -> e.get("outcome").asText().equals("refused")
                && e.get("action").asText().equals("password") && e.get("detail").asText().equals("wrong password")
                && e.get("address").asText().equals("127.0.0.1"));
        assertThat(logins).anyMatch(e -> e.get("outcome").asText().equals("accepted")
                && e.get("action").asText().equals("password"));
        assertThat(logins.findValuesAsText("kind")).containsOnly("login");
        assertThat(logins.findValuesAsText("user")).containsOnly("carol");
    }

    @Test
    void changesServicesAndTransfersHaveTheirKinds() throws Exception {
        JsonNode changes = list("--kind change --user admin");
        assertThat(changes).anyMatch(e -> e.get("action").asText().equals("accounts users add carol")
                && e.get("address").asText().equals("127.0.0.1"));
        assertThat(changes).anyMatch(e -> e.get("action").asText().equals("ssh keypairs import audited")
                && e.get("detail").asText().startsWith("ssh-ed25519 256 SHA256:"));
        assertThat(list("--kind service")).anyMatch(e -> e.get("action").asText().equals("restart ssh")
                && e.get("user").asText().equals("admin"));
        JsonNode transfers = list("--kind transfer --user carol");
        assertThat(transfers).anyMatch(e -> e.get("action").asText().equals("sftp end")
                && e.get("detail").asText().matches("bytes in=\\d+ out=\\d+"));

        Result table = ok("audit list --limit 5");
        assertThat(table.stdout()).startsWith("TIME (UTC)");
        assertThat(table.stdout().lines().count()).isEqualTo(6);
        assertThat(list("--since 1h --limit 1000").size()).isGreaterThan(5);
        assertThat(list("--since 2000-01-01T00:00").size()).isGreaterThan(5);
        assertThat(list("--since 2099-01-01").size()).isZero();
        Result bad = appliance.admin().exec("audit list --since yesterday");
        assertThat(bad.exitCode()).as(bad.toString()).isEqualTo(2);
        assertThat(bad.stderr()).contains("--since 'yesterday': give a time ago such as 30m");
        assertThat(appliance.admin().exec("audit list --kind nonsense").exitCode()).isEqualTo(2);
    }

    @Test
    void neitherTheDatabaseNorTheLogHoldsAKnownPasswordOrPrivateKey() throws Exception {
        List<String> secrets = new ArrayList<>();
        secrets.add(KNOWN_PASSWORD);
        // every line of the private key's body is long enough not to occur by chance
        Files.readAllLines(privateKey).stream().filter(l -> !l.startsWith("-----") && l.length() > 20)
                .forEach(secrets::add);
        assertThat(secrets).hasSizeGreaterThan(2);
        List<Path> files;
        try (Stream<Path> all = Files.walk(appliance.dataDir())) {
            files = all.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().startsWith("portcullis"))
                    .toList();
        }
        assertThat(files).anyMatch(p -> p.getFileName().toString().equals("portcullis.db"))
                .anyMatch(p -> p.getFileName().toString().equals("portcullis.log"));
        for (Path file : files) {
            String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            for (String secret : secrets) {
                assertThat(content).as(file + " holds a secret").doesNotContain(secret);
            }
        }
        // ...while the log and database do hold what was done, so the search looked in the right places
        String log = Files.readString(appliance.dataDir().resolve("logs/portcullis.log"));
        assertThat(log).contains("ssh keypairs import audited").contains("accounts users add carol");
    }

    @Test
    void entriesBeyondTheRetentionArePrunedInTheBackground() throws Exception {
        Result tooFew = appliance.admin().exec("audit retention set --max-entries 5");
        assertThat(tooFew.exitCode()).as(tooFew.toString()).isEqualTo(1);
        assertThat(tooFew.stderr()).contains("at least 100 entries");

        AuditLog audit = appliance.bean(AuditLog.class);
        for (int i = 0; i < 250; i++) {
            audit.record(new Actor("filler", "local"), "session", "filler " + i, "", "ok");
        }
        AuditRepository repository = appliance.bean(AuditRepository.class);
        assertThat(repository.count()).isGreaterThan(250);
        ok("audit retention set --max-entries 100");
        await().atMost(Duration.ofSeconds(30)).until(() -> repository.count() <= 101);
        JsonNode kept = list("--limit 1000");
        // the newest entries are the ones kept, the retention change among them
        assertThat(kept.findValuesAsText("action")).contains("audit retention set", "filler 249")
                .doesNotContain("filler 0");
        assertThat(JSON.readTree(ok("audit retention show --json").stdout()).get("maxEntries").asInt()).isEqualTo(100);
        ok("audit retention set --max-entries 100000");
    }
}
