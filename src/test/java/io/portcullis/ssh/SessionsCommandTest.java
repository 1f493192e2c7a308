package io.portcullis.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.portcullis.audit.AuditLog;
import io.portcullis.testing.InteractiveSsh;
import io.portcullis.testing.OpenSsh.Result;
import io.portcullis.testing.RunningAppliance;
import io.portcullis.testing.StartedAppliance;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ssh sessions list|kill} (SPEC §3, Sessions) while real OpenSSH clients hold sessions open. */
class SessionsCommandTest {

    @TempDir
    static Path tmp;
    @StartedAppliance(users = {"shelly:bash", "filer:scponly"})
    static RunningAppliance appliance;
    static final ObjectMapper JSON = new ObjectMapper();

    static Result ok(String command) {
        return appliance.adminSucceeds(command);
    }

    /** An interactive {@code sftp} session, held open until its stdin is closed. */
    static Process openSftp(String user) throws IOException {
        ProcessBuilder pb = new ProcessBuilder("sshpass", "-e", "sftp", "-P", Integer.toString(appliance.port()),
                "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR",
                "-o", "PubkeyAuthentication=no", "-o", "PreferredAuthentications=password", user + "@127.0.0.1")
                .redirectErrorStream(true).redirectOutput(tmp.resolve("sftp-" + user + ".out").toFile());
        pb.environment().put("SSHPASS", RunningAppliance.USER_PASSWORD);
        return pb.start();
    }

    static JsonNode sessionOf(String user, String kind) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            JsonNode all = JSON.readTree(ok("ssh sessions list --json").stdout());
            for (JsonNode s : all) {
                List<String> kinds = new ArrayList<>();
                s.get("kinds").forEach(k -> kinds.add(k.asText()));
                if (s.get("user").asText().equals(user) && kinds.contains(kind)) {
                    return s;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + kind + " session of " + user + " in " + all);
            }
            Thread.sleep(200);
        }
    }

    @Test
    void liveSftpAndShellSessionsAreListedAndAKilledClientIsToldWhy() throws Exception {
        Process sftp = openSftp("filer");
        try (InteractiveSsh shell = InteractiveSsh.open(appliance.port(), "shelly", RunningAppliance.USER_PASSWORD)) {
            shell.line("echo ready-$((6*7))");
            shell.expect("ready-42");

            JsonNode sftpSession = sessionOf("filer", "sftp");
            JsonNode shellSession = sessionOf("shelly", "shell");
            assertThat(shellSession.get("address").asText()).isEqualTo("127.0.0.1");
            assertThat(shellSession.get("port").asInt()).isPositive();
            assertThat(shellSession.get("bytesIn").asLong()).isPositive();
            assertThat(shellSession.get("bytesOut").asLong()).isPositive();
            assertThat(shellSession.get("started").asText()).isNotEmpty();
            assertThat(shellSession.has("idleSeconds")).isTrue();

            Result table = ok("ssh sessions list");
            assertThat(table.stdout()).startsWith("ID").contains("shelly").contains("filer").contains("sftp")
                    .contains("shell").contains("console");
            // The admin's own exec session is listed too, marked as its own.
            assertThat(table.stdout().lines().filter(l -> l.contains("*") && l.contains("admin"))).hasSize(1);

            long id = shellSession.get("id").asLong();
            Result kill = ok("ssh sessions kill " + id);
            assertThat(kill.stdout()).contains("session " + id + " closed");
            assertThat(shell.awaitExit()).isEqualTo(255);
            assertThat(shell.all()).contains(LiveSessions.KILL_MESSAGE);

            // The sftp session was not touched.
            assertThat(sftp.isAlive()).isTrue();
            assertThat(JSON.readTree(ok("ssh sessions list --json").stdout()).findValuesAsText("id"))
                    .contains(sftpSession.get("id").asText()).doesNotContain(Long.toString(id));
            assertThat(appliance.bean(AuditLog.class).find(Optional.of("admin"), Optional.of("change"),
                    Optional.empty(), 20)).anyMatch(e -> e.action().equals("ssh sessions kill " + id)
                    && e.detail().contains("shelly@127.0.0.1"));
        } finally {
            try (OutputStream in = sftp.getOutputStream()) {
                in.write("bye\n".getBytes());
            } catch (IOException gone) {
                // ended already
            }
            if (!sftp.waitFor(10, TimeUnit.SECONDS)) {
                sftp.destroyForcibly();
            }
        }
    }

    @Test
    void killingOnesOwnSessionAsksFirstAndUnknownIdsAreRefused() throws Exception {
        Result unknown = appliance.admin().exec("ssh sessions kill 999999");
        assertThat(unknown.exitCode()).as(unknown.toString()).isEqualTo(1);
        assertThat(unknown.stderr()).contains("no live session with id 999999");
        Result notNumber = appliance.admin().exec("ssh sessions kill abc");
        assertThat(notNumber.exitCode()).as(notNumber.toString()).isEqualTo(2);

        try (InteractiveSsh console = InteractiveSsh.open(appliance.port(), "admin", RunningAppliance.ADMIN_PASSWORD)) {
            console.expect("admin@portcullis> ");
            console.line("ssh sessions list");
            String listing = console.expect("admin@portcullis> ");
            String ownLine = listing.lines().filter(l -> l.matches("\\d+\\*.*")).findFirst()
                    .orElseThrow(() -> new AssertionError("no own session in:\n" + listing));
            String ownId = ownLine.substring(0, ownLine.indexOf('*'));
            // Tab offers the live session ids; Ctrl-C drops the line.
            console.send("ssh sessions kill \t");
            console.expect(ownId);
            console.send("\u0003");
            console.expect("admin@portcullis> ");
            console.line("ssh sessions kill " + ownId);
            console.expect("killing it logs you out. Kill it? [y/N]");
            console.line("n");
            console.expect("not confirmed");
            console.expect("admin@portcullis> ");
            console.line("ssh sessions kill " + ownId);
            console.expect("Kill it? [y/N]");
            console.line("y");
            assertThat(console.awaitExit()).isEqualTo(255);
            assertThat(console.all()).contains(LiveSessions.KILL_MESSAGE);
        }
    }
}
