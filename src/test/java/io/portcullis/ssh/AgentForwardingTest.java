package io.portcullis.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.portcullis.accounts.Accounts;
import io.portcullis.accounts.User;
import io.portcullis.host.ProcessIdentity;
import io.portcullis.testing.OpenSsh.Result;
import io.portcullis.testing.OpenSsh;
import io.portcullis.testing.RunningAppliance;
import io.portcullis.testing.StartedAppliance;
import io.portcullis.testing.Settings;
import io.portcullis.testing.TestKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * AllowAgentForwarding (SPEC §3, OpenSSH's default yes) seen through the real {@code ssh -A}: a real
 * {@code ssh-agent} on the test side holds a key, and {@code ssh-add -l} run on the appliance lists it
 * only when the agent is forwarded. Agent forwarding needs the appliance to run as root (the socket is
 * given to the account), as it does in CI.
 */
class AgentForwardingTest {

    private static final String AGENT_UNREACHABLE = "Could not open a connection to your authentication agent";
    private static final String SOCKET_PREFIX = "portcullis-agent-";

    @TempDir
    static Path tmp;
    @StartedAppliance(users = {"bashuser:bash", "otheruser:bash", "scpuser:scponly"})
    static RunningAppliance appliance;
    static Process agent;
    static Path agentSocket;
    static String fingerprint;

    @BeforeAll
    static void start() throws Exception {
        assertThat(ProcessIdentity.isRoot()).as("agent forwarding is offered only by an appliance running as root")
                .isTrue();
        agentSocket = tmp.resolve("agent.sock");
        // -D keeps the agent in the foreground, so this Process is the agent itself and is ended by its PID
        agent = new ProcessBuilder("ssh-agent", "-D", "-a", agentSocket.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(agentSocket));
        Path key = TestKeys.generate(tmp.resolve("keys"), "forwarded", "ed25519");
        assertThat(run(List.of("ssh-add", key.toString()))).startsWith("0:");
        String listed = run(List.of("ssh-keygen", "-lf", key + ".pub"));
        fingerprint = listed.split("\\s+")[1];
        assertThat(fingerprint).startsWith("SHA256:");
    }

    @AfterAll
    static void stop() {
        if (agent != null) {
            agent.destroy();
        }
    }

    @AfterEach
    void backToDefaults() {
        Settings.change(appliance, s -> Settings.aux(s, ""));
    }

    /** {@code exit:output} of a local command talking to the test's agent. */
    private static String run(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("SSH_AUTH_SOCK", agentSocket.toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return process.waitFor() + ":" + output;
    }

    private static OpenSsh withAgent(String user) {
        return appliance.user(user).env("SSH_AUTH_SOCK", agentSocket.toString());
    }

    private static User account(String name) {
        return appliance.bean(Accounts.class).require(name);
    }

    /** Whether a live session of {@code user} runs {@code kind} (its requests before that have been answered). */
    private static boolean runs(String user, String kind) {
        return appliance.bean(LiveSessions.class).list().stream()
                .anyMatch(s -> s.user().equals(user) && s.kinds().contains(kind));
    }

    /** The forwarded-agent directories the appliance has made in the temporary directory right now. */
    private static Set<Path> agentDirectories() throws IOException {
        try (Stream<Path> entries = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return entries.filter(p -> p.getFileName().toString().startsWith(SOCKET_PREFIX)).collect(Collectors.toSet());
        }
    }

    @Test
    void byDefaultALoginShellReachesTheClientsAgentThroughASocketOnlyItsAccountCanUse() {
        Result r = withAgent("bashuser").ssh(List.of("-A"),
                "echo \"sock=$SSH_AUTH_SOCK\"; stat -c 'dir=%a %u %g' \"$(dirname \"$SSH_AUTH_SOCK\")\";"
                        + " stat -c 'socket=%a %u %g %F' \"$SSH_AUTH_SOCK\"; ssh-add -l");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        User user = account("bashuser");
        String owner = user.uid() + " " + user.primaryGroup().gid();
        assertThat(r.stdout()).contains(fingerprint)
                .contains("dir=700 " + owner + "\n")
                .contains("socket=600 " + owner + " socket\n");
        Path socket = Path.of(r.stdout().lines().filter(l -> l.startsWith("sock=")).findFirst().orElseThrow()
                .substring("sock=".length()));
        assertThat(socket.getParent().getFileName().toString()).startsWith(SOCKET_PREFIX);
        await("the socket directory is removed with the connection").atMost(Duration.ofSeconds(10))
                .until(() -> !Files.exists(socket.getParent()));
    }

    @Test
    void withoutDashAThereIsNoSocket() {
        Result r = withAgent("bashuser").exec("echo \"[$SSH_AUTH_SOCK]\"; ssh-add -l");
        assertThat(r.stdout()).as(r.toString()).startsWith("[]\n");
        assertThat(r.stdout() + r.stderr()).contains(AGENT_UNREACHABLE);
        assertThat(r.exitCode()).isEqualTo(2);
    }

    @Test
    void allowAgentForwardingNoRefusesIt() {
        Settings.change(appliance, s -> Settings.aux(s, "AllowAgentForwarding no"));
        Result r = withAgent("bashuser").ssh(List.of("-A"), "echo \"[$SSH_AUTH_SOCK]\"; ssh-add -l");
        assertThat(r.stdout()).as(r.toString()).startsWith("[]\n").doesNotContain(fingerprint);
        assertThat(r.stdout() + r.stderr()).contains(AGENT_UNREACHABLE);
        assertThat(r.exitCode()).isEqualTo(2);

        Settings.change(appliance, s -> Settings.aux(s, "AllowAgentForwarding yes"));
        Result again = withAgent("bashuser").ssh(List.of("-A"), "ssh-add -l");
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.stdout()).contains(fingerprint);
    }

    @Test
    void theSocketDirectoryBelongsToTheAccountAloneAndLastsAsLongAsTheConnection() throws Exception {
        Set<Path> before = agentDirectories();
        Process shell = withAgent("bashuser").background(List.of("-A"), "sleep 60");
        Path made;
        try {
            // the agent request comes before the command: once the command runs, the socket is made and given away
            await().atMost(Duration.ofSeconds(20)).until(() -> runs("bashuser", "exec"));
            made = agentDirectories().stream().filter(p -> !before.contains(p)).findFirst().orElseThrow();
            assertThat(Files.getAttribute(made, "unix:uid")).isEqualTo(account("bashuser").uid());
            assertThat(Files.getAttribute(made, "unix:mode")).isEqualTo(040700);
            // another account's shell cannot reach it, even knowing where it is
            Result other = appliance.user("otheruser").exec("SSH_AUTH_SOCK=" + made.resolve("agent") + " ssh-add -l");
            assertThat(other.exitCode()).as(other.toString()).isEqualTo(2);
            assertThat(other.stdout()).doesNotContain(fingerprint);
        } finally {
            OpenSsh.end(shell);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> !Files.exists(made));
    }

    @Test
    void neitherAScponlyAccountNorTheAdminConsoleGetsASocketWhenAskingForOne() throws Exception {
        Set<Path> before = agentDirectories();
        Process scp = withAgent("scpuser").background(List.of("-A"), "scp -t upload");
        Process console = appliance.admin().env("SSH_AUTH_SOCK", agentSocket.toString()).background(List.of("-A", "-tt"));
        try {
            // the client asks for the agent before its command or shell: once those run, it was answered
            await().atMost(Duration.ofSeconds(20)).until(() -> runs("scpuser", "scp") && runs("admin", "console"));
            assertThat(agentDirectories()).isEqualTo(before);
        } finally {
            OpenSsh.end(scp);
            OpenSsh.end(console);
        }
    }
}
