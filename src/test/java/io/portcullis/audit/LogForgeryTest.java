package io.portcullis.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.portcullis.testing.OpenSsh;
import io.portcullis.testing.PythonScript;
import io.portcullis.testing.RunningAppliance;
import io.portcullis.testing.StartedAppliance;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, item 4: user names sent by a client (paramiko) with a newline and a forged line, terminal
 * escape sequences, bidirectional controls and 200,000 characters. The log keeps one line per entry,
 * the audit table keeps at most 64 bytes of a name, escaped, and {@code audit list} prints no control
 * character to the administrator's terminal, while {@code --json} stays valid JSON.
 */
class LogForgeryTest {

    static final String SOURCE = "127.0.0.16";
    @StartedAppliance
    static RunningAppliance appliance;

    @BeforeAll
    static void start() {
        assertThat(PythonScript.start("hostile_usernames.py", "127.0.0.1", appliance.port(), SOURCE).await(120))
                .contains("tried 4");
    }

    @Test
    void everyLogLineIsOneLineStartingWithItsTimeAndNoForgedEntryAppears() throws Exception {
        List<String> lines = Files.readAllLines(appliance.dataDir().resolve("logs/portcullis.log"), StandardCharsets.UTF_8);
        assertThat(lines).allSatisfy(line -> {
            assertThat(line).matches("(\\d{4}-\\d\\d-\\d\\dT.*|\\t.*|\\S.*Exception.*)");
            assertThat(line.chars()).noneMatch(c -> c < 0x20 && c != '\t' || c == 0x7f);
        });
        assertThat(lines).noneMatch(l -> l.startsWith("2026-01-01T00:00:00.000Z"));
        assertThat(lines).filteredOn(l -> l.contains("audit login") && l.contains("10.6.6.6"))
                .allSatisfy(l -> assertThat(l).contains("@" + SOURCE + " password").contains("[refused]"));
        assertThat(lines).noneMatch(l -> l.contains("A".repeat(5000)));
    }

    @Test
    void theAuditTableKeepsShortEscapedNames() {
        List<AuditEntry> refused = appliance.bean(AuditLog.class)
                .find(Optional.empty(), Optional.of("login"), Optional.empty(), 1000).stream()
                .filter(e -> e.address().equals(SOURCE) && e.action().equals("password")).toList();
        assertThat(refused).hasSize(4).allSatisfy(e -> {
            assertThat(e.actor().getBytes(StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(LogText.MAX_USER_BYTES);
            assertThat(e.actor().chars()).noneMatch(c -> c < 0x20 || c == 0x7f || c == 0x202e || c == 0x2028);
        });
        assertThat(refused).anyMatch(e -> e.actor().startsWith("\\x1b]0;owned\\x07"));
    }

    @Test
    void auditListPrintsNoControlCharacterAndItsJsonParses() throws Exception {
        OpenSsh.Result table = appliance.admin().exec("audit list --kind login");
        assertThat(table.exitCode()).as(table.toString()).isZero();
        assertThat(table.stdout()).contains("\\x1b]0;owned");
        assertThat(table.stdout().chars()).noneMatch(c -> c < 0x20 && c != '\n' || c == 0x7f || c == 0x9b);

        OpenSsh.Result json = appliance.admin().exec("audit list --kind login --json");
        assertThat(json.exitCode()).as(json.toString()).isZero();
        JsonNode entries = new ObjectMapper().readTree(json.stdout());
        assertThat(entries.isArray()).isTrue();
        assertThat(entries.findValuesAsText("user")).anyMatch(u -> u.startsWith("\\x1b]0;owned"));
    }
}
