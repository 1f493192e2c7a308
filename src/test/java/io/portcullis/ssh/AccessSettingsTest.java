package io.portcullis.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.portcullis.accounts.Accounts;
import io.portcullis.accounts.UserChanges;
import io.portcullis.audit.AuditLog.Actor;
import io.portcullis.testing.OpenSsh.Result;
import io.portcullis.testing.RunningAppliance;
import io.portcullis.testing.StartedAppliance;
import io.portcullis.testing.Settings;
import io.portcullis.testing.TestKeys;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who may connect and for how long: access lists, Match, MaxStartups, LoginGraceTime, MaxAuthTries, ClientAlive. */
class AccessSettingsTest {

    @TempDir
    static Path tmp;
    @StartedAppliance
    static RunningAppliance appliance;
    static final String PASSWORD = "alice-password";

    @BeforeAll
    static void start() {
        Accounts accounts = appliance.bean(Accounts.class);
        accounts.addGroup(new Actor("test", "local"), "crew", java.util.Optional.empty());
        accounts.add(new Actor("test", "local"), "alice", UserChanges.NONE.withPassword(PASSWORD).withShell("bash"));
        accounts.addMember(new Actor("test", "local"), "crew", "alice");
    }

    @AfterEach
    void backToDefaults() {
        Settings.backToDefaultsAndRestart(appliance);
    }

    static Result alice() {
        return appliance.ssh("alice").password(PASSWORD).exec("true");
    }

    @Test
    void allowAndDenyUsersAndGroupsApplyToTheNextLoginWithoutRestart() {
        Settings.change(appliance, s -> Settings.aux(s, "AllowUsers admin@127.0.0.1"));
        assertThat(appliance.admin().exec("services list").exitCode()).isZero();
        LoginTest.assertRefused(alice());
        Settings.change(appliance, s -> Settings.aux(s, "DenyUsers al?ce"));
        LoginTest.assertRefused(alice());
        Settings.change(appliance, s -> Settings.aux(s, "DenyGroups crew"));
        LoginTest.assertRefused(alice());
        Settings.change(appliance, s -> Settings.aux(s, "AllowGroups crew admins"));
        assertThat(alice().exitCode()).isZero();
        assertThat(appliance.admin().exec("services list").exitCode()).isZero();
    }

    @Test
    void matchBlockTurnsPasswordsOffForAGroupButKeysStillWork() {
        Path key = TestKeys.generate(tmp.resolve("keys"), "alice", "ed25519");
        appliance.bean(Accounts.class).addKey(new Actor("test", "local"), "alice", TestKeys.publicLine(key));
        Settings.change(appliance, s -> Settings.aux(s, "Match Group crew Address 127.0.0.0/8\n  PasswordAuthentication no"));
        LoginTest.assertRefused(alice());
        assertThat(appliance.ssh("alice").identity(key).exec("true").exitCode()).isZero();
        assertThat(appliance.admin().exec("services list").exitCode()).isZero();
    }

    @Test
    void maxStartupsDropsUnauthenticatedConnectionsBeyondTheLimit() throws Exception {
        Settings.changeAndRestart(appliance, s -> Settings.aux(s, "MaxStartups 1:100:1"));
        try (Socket first = new Socket("127.0.0.1", appliance.port())) {
            assertThat(readLine(first)).startsWith("SSH-2.0-Portcullis");
            try (Socket second = new Socket("127.0.0.1", appliance.port())) {
                second.setSoTimeout(5000);
                assertThat(second.getInputStream().read()).as("dropped before the identification").isEqualTo(-1);
            }
        }
        // once the first connection is gone, logins work again
        await().atMost(Duration.ofSeconds(10)).until(() -> appliance.admin().exec("services list").exitCode() == 0);
    }

    @Test
    void loginGraceTimeClosesConnectionsThatDoNotAuthenticate() throws Exception {
        Settings.changeAndRestart(appliance, s -> Settings.aux(s, "LoginGraceTime 2"));
        try (Socket idle = new Socket("127.0.0.1", appliance.port())) {
            idle.setSoTimeout(20_000);
            long started = System.nanoTime();
            assertThat(readLine(idle)).startsWith("SSH-2.0-");
            idle.getOutputStream().write("SSH-2.0-TestClient\r\n".getBytes());
            InputStream in = idle.getInputStream();
            try {
                while (in.read() != -1) {
                    // the server's KEXINIT, then nothing until it gives up on us
                }
            } catch (java.net.SocketException reset) {
                // closed by the server: also what we wait for
            }
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
        }
    }

    @Test
    void maxAuthTriesDisconnectsAfterThatManyFailures() {
        Settings.changeAndRestart(appliance, s -> Settings.aux(s, "MaxAuthTries 2"));
        Path k1 = TestKeys.generate(tmp.resolve("many"), "k1", "ed25519");
        Path k2 = TestKeys.generate(tmp.resolve("many"), "k2", "ed25519");
        Path k3 = TestKeys.generate(tmp.resolve("many"), "k3", "ed25519");
        Result r = appliance.ssh("alice").option("LogLevel=INFO").ssh(List.of("-o", "IdentitiesOnly=yes", "-o",
                "BatchMode=yes", "-o", "PreferredAuthentications=publickey", "-i", k1.toString(), "-i", k2.toString(),
                "-i", k3.toString()), "true");
        assertThat(r.exitCode()).isEqualTo(255);
        assertThat(r.stderr()).containsIgnoringCase("too many authentication failures");
    }

    @Test
    void clientAliveProbesDropAClientThatStoppedAnswering() throws Exception {
        Settings.changeAndRestart(appliance, s -> Settings.aux(s, "ClientAliveInterval 1\nClientAliveCountMax 2"));
        Process client = new ProcessBuilder("sshpass", "-p", RunningAppliance.ADMIN_PASSWORD, "ssh", "-N", "-p",
                Integer.toString(appliance.port()), "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                "-o", "PubkeyAuthentication=no", "admin@127.0.0.1").start();
        try {
            SshService ssh = appliance.bean(SshService.class);
            await().atMost(Duration.ofSeconds(15)).until(() -> ssh.sessions().stream().anyMatch(s -> s.isAuthenticated()));
            // a live client answers every probe: the session stays
            Thread.sleep(4000);
            assertThat(ssh.sessions()).anyMatch(s -> s.isAuthenticated());
            // a frozen client answers none: dropped after about interval x count
            // (ssh itself is sshpass's child)
            for (ProcessHandle p : client.toHandle().descendants().toList()) {
                new ProcessBuilder("kill", "-STOP", Long.toString(p.pid())).start().waitFor();
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> ssh.sessions().stream().noneMatch(s -> s.isAuthenticated()));
        } finally {
            client.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            client.destroyForcibly().waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    static String readLine(Socket socket) throws Exception {
        socket.setSoTimeout(10_000);
        StringBuilder line = new StringBuilder();
        InputStream in = socket.getInputStream();
        int c;
        try {
            while ((c = in.read()) != -1 && c != '\n') {
                line.append((char) c);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no identification line from the server", e);
        }
        return line.toString().strip();
    }
}
