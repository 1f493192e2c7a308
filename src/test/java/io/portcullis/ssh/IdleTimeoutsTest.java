package io.portcullis.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.testing.EchoServer;
import io.portcullis.testing.OpenSsh;
import io.portcullis.testing.OpenSsh.Result;
import io.portcullis.testing.RunningAppliance;
import io.portcullis.testing.StartedAppliance;
import java.io.InputStream;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Channel Timeout and Unused Connection Timeout (sshd_config's ChannelTimeout and UnusedConnectionTimeout,
 * OpenSSH 9.x) with real OpenSSH clients: a channel without data is closed after its type's interval, with
 * global every channel once none had data, and a connection without a channel after the unused interval;
 * data, or an open channel, keeps them. Bounds are on what happened, never on how fast.
 */
class IdleTimeoutsTest {

    @StartedAppliance(users = {"idle:bash"})
    static RunningAppliance appliance;
    static EchoServer echo;

    @BeforeAll
    static void start() throws Exception {
        echo = new EchoServer();
        ok("ssh set --tcp-forwarding true");
    }

    @AfterAll
    static void stop() throws Exception {
        echo.close();
    }

    @AfterEach
    void none() {
        apply("--channel-timeout none --unused-connection-timeout none");
    }

    static Result ok(String command) {
        return appliance.adminSucceeds(command);
    }

    /** Saves and restarts: both apply to connections the restarted service accepts. */
    static void apply(String options) {
        ok("ssh set " + options);
        ok("services restart ssh");
    }

    static OpenSsh idle() {
        return appliance.user("idle").timeout(90);
    }

    @Test
    void aSessionWithoutDataIsClosedAfterItsTimeoutAndOneWithDataIsNot() {
        apply("--channel-timeout session=2");
        Result quiet = idle().exec("sleep 60; echo finished");
        assertThat(quiet.stdout()).as(quiet.toString()).doesNotContain("finished");
        assertThat(quiet.exitCode()).as(quiet.toString()).isNotZero();
        assertThat(appliance.awaitLog("closing a session channel of idle")).contains("ChannelTimeout session=2s");

        apply("--channel-timeout session=8");
        Result talking = idle().exec("for i in 1 2 3 4 5; do echo tick; sleep 1; done; echo finished");
        assertThat(talking.exitCode()).as(talking.toString()).isZero();
        assertThat(talking.stdout()).contains("finished");
    }

    @Test
    void globalClosesTheChannelsOnceNoneHadData() {
        apply("--channel-timeout global=2");
        Result quiet = idle().exec("sleep 60; echo finished");
        assertThat(quiet.stdout()).as(quiet.toString()).doesNotContain("finished");
        assertThat(appliance.awaitLog("ChannelTimeout global=2s")).contains("closing a session channel of idle");
    }

    /** {@code ssh -N -L}: a forwarded connection that carries nothing is closed, and its local end sees EOF. */
    @Test
    void anIdleForwardedConnectionIsClosed() throws Exception {
        apply("--channel-timeout direct-tcpip=2");
        int local = RunningAppliance.freePort();
        Process ssh = idle().background(List.of("-N", "-L", local + ":127.0.0.1:" + echo.port()));
        try {
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).ignoreExceptions()
                    .until(() -> EchoServer.roundTrip(local, "hello").equals("hello"));
            try (Socket quiet = new Socket("127.0.0.1", local)) {
                quiet.setSoTimeout(60_000);
                InputStream in = quiet.getInputStream();
                assertThat(in.read()).as("the idle forwarded connection is closed").isEqualTo(-1);
            }
            assertThat(appliance.awaitLog("closing a direct-tcpip channel of idle"))
                    .contains("ChannelTimeout direct-tcpip=2s");
        } finally {
            OpenSsh.end(ssh);
        }
    }

    @Test
    void aConnectionWithNoChannelIsClosedAndOneWithAChannelIsNot() throws Exception {
        apply("--unused-connection-timeout 2");
        Process unused = idle().background(List.of("-N"));
        try {
            assertThat(unused.waitFor(60, TimeUnit.SECONDS)).as("ssh -N was disconnected").isTrue();
            assertThat(unused.exitValue()).isEqualTo(255);
        } finally {
            OpenSsh.end(unused);
        }
        assertThat(appliance.awaitLog("closing the connection of idle"))
                .contains("no channel open for 2s (UnusedConnectionTimeout)");

        Result busy = idle().exec("sleep 5; echo finished");
        assertThat(busy.exitCode()).as(busy.toString()).isZero();
        assertThat(busy.stdout()).contains("finished");
    }

    @Test
    void badValuesAreRefusedByNameAndTheAuxiliaryParametersNameTheSetting() {
        Result typo = appliance.admin().exec("ssh set --channel-timeout sesion=5m");
        assertThat(typo.exitCode()).as(typo.toString()).isEqualTo(2);
        assertThat(typo.stderr()).contains("--channel-timeout 'sesion=5m'").contains("session");
        Result time = appliance.admin().exec("ssh set --unused-connection-timeout 5x");
        assertThat(time.exitCode()).as(time.toString()).isEqualTo(2);
        assertThat(time.stderr()).contains("--unused-connection-timeout '5x'");
        Result aux = appliance.admin().exec("ssh set --aux-params 'ChannelTimeout session=1m'");
        assertThat(aux.exitCode()).as(aux.toString()).isEqualTo(1);
        assertThat(aux.stderr()).contains("aux-params line 1: ChannelTimeout is an SSH setting")
                .contains("ssh set --channel-timeout");
        assertThat(ok("ssh show").stdout()).containsPattern("channel-timeout +none +none")
                .containsPattern("unused-connection-timeout +none +none");
        ok("ssh set --channel-timeout 'session=90 global=1h'");
        assertThat(ok("ssh show").stdout()).containsPattern("channel-timeout +session=1m30s global=1h +none");
    }
}
