package io.portcullis.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.portcullis.testing.EchoServer;
import io.portcullis.testing.OpenSsh.Result;
import io.portcullis.testing.OpenSsh;
import io.portcullis.testing.RunningAppliance;
import io.portcullis.testing.StartedAppliance;
import io.portcullis.testing.Settings;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Allow TCP Port Forwarding (SPEC §3) with real {@code ssh -L} and {@code ssh -R} to an echo server on
 * loopback: on and off, never for scponly and nologin, and overridden per account by a Match block.
 */
class ForwardingSettingsTest {

    @StartedAppliance(users = {"fwd:bash", "other:bash", "scpy:scponly", "nolo:nologin"})
    static RunningAppliance appliance;
    static EchoServer echo;

    @BeforeAll
    static void start() throws Exception {
        echo = new EchoServer();
    }

    @AfterAll
    static void stop() throws Exception {
        echo.close();
    }

    @AfterEach
    void backToDefaults() {
        Settings.backToDefaults(appliance);
    }

    static OpenSsh as(String user) {
        return user.equals("admin") ? appliance.admin() : appliance.user(user);
    }

    /** {@code ssh -N -L free:127.0.0.1:echo}, then a line through the local end: the echo when allowed. */
    static String throughLocalForward(String user) {
        int local = RunningAppliance.freePort();
        Process ssh = as(user).background(List.of("-N", "-L", local + ":127.0.0.1:" + echo.port()));
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> listening(local) || !ssh.isAlive());
            return EchoServer.roundTrip(local, "hello " + user);
        } finally {
            OpenSsh.end(ssh);
        }
    }

    /** {@code ssh -N -R free:127.0.0.1:echo}: the appliance listens on the port when allowed. */
    static String throughRemoteForward(String user) {
        int remote = RunningAppliance.freePort();
        Process ssh = as(user).background(List.of("-N", "-o", "ExitOnForwardFailure=yes",
                "-R", "127.0.0.1:" + remote + ":127.0.0.1:" + echo.port()));
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> listening(remote) || !ssh.isAlive());
            return EchoServer.roundTrip(remote, "hello " + user);
        } finally {
            OpenSsh.end(ssh);
        }
    }

    static boolean listening(int port) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    static void setForwarding(boolean on) {
        Result r = appliance.admin().exec("ssh set --tcp-forwarding " + on);
        assertThat(r.exitCode()).as(r.toString()).isZero();
    }

    @Test
    void offByDefaultLocalAndRemoteForwardsAreRefused() {
        for (String user : List.of("fwd", "admin")) {
            assertThat(throughLocalForward(user)).as(user).isEmpty();
            assertThat(throughRemoteForward(user)).as(user).isEmpty();
        }
        Result r = appliance.user("fwd").ssh(List.of("-N", "-o", "ExitOnForwardFailure=yes", "-R",
                "127.0.0.1:" + RunningAppliance.freePort() + ":127.0.0.1:" + echo.port()));
        assertThat(r.exitCode()).isEqualTo(255);
        assertThat(r.stderr()).contains("remote port forwarding failed");
    }

    @Test
    void whenOnLoginShellsAndTheConsoleForwardBothWaysAtTheNextLogin() {
        setForwarding(true);
        for (String user : List.of("fwd", "admin")) {
            assertThat(throughLocalForward(user)).as(user).isEqualTo("hello " + user);
            assertThat(throughRemoteForward(user)).as(user).isEqualTo("hello " + user);
        }
    }

    @Test
    void scponlyAndNologinNeverForwardEvenWhenOn() {
        setForwarding(true);
        for (String user : List.of("scpy", "nolo")) {
            assertThat(throughLocalForward(user)).as(user).isEmpty();
            assertThat(throughRemoteForward(user)).as(user).isEmpty();
        }
    }

    @Test
    void aMatchBlockOverridesTheSettingForTheAccountsItMatches() {
        setForwarding(true);
        Settings.change(appliance, s -> Settings.aux(s, "Match User fwd\n  AllowTcpForwarding no"));
        assertThat(throughLocalForward("fwd")).isEmpty();
        assertThat(throughRemoteForward("fwd")).isEmpty();
        assertThat(throughLocalForward("other")).isEqualTo("hello other");

        setForwarding(false);
        Settings.change(appliance, s -> Settings.aux(s, "Match User fwd Address 127.0.0.0/8\n  AllowTcpForwarding yes"));
        assertThat(throughLocalForward("fwd")).isEqualTo("hello fwd");
        assertThat(throughRemoteForward("fwd")).isEqualTo("hello fwd");
        assertThat(throughLocalForward("other")).isEmpty();
        // a Match block cannot give scponly what its shell never has
        Settings.change(appliance, s -> Settings.aux(s, "Match User scpy\n  AllowTcpForwarding yes"));
        assertThat(throughLocalForward("scpy")).isEmpty();
    }
}
