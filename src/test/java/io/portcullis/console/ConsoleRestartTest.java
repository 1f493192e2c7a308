package io.portcullis.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.testing.InteractiveSsh;
import io.portcullis.testing.OpenSsh;
import io.portcullis.testing.OpenSsh.Result;
import io.portcullis.testing.RunningAppliance;
import io.portcullis.testing.StartedAppliance;
import org.junit.jupiter.api.Test;

/**
 * The SSH service acted on from the console it serves (SPEC §2, §3): a change saved in one session shows in
 * another, a restart moves the listener while the session that ran it stays, a stop keeps sessions.
 */
class ConsoleRestartTest {

    static final String PROMPT = InteractiveConsoleTest.PROMPT;
    @StartedAppliance
    static RunningAppliance appliance;

    @Test
    void portChangeSavedInOneSessionShowsInAnotherAndGoesLiveAtRestartWhileTheOldSessionsStay() {
        int oldPort = appliance.port();
        int newPort = RunningAppliance.freePort();
        try (InteractiveSsh changer = open(oldPort); InteractiveSsh watcher = open(oldPort)) {
            changer.line("ssh set --tcp-port " + newPort);
            assertThat(changer.expect(PROMPT)).contains("saved: tcp-port=" + newPort)
                    .contains("tcp-port takes effect at the next 'services restart ssh'");

            watcher.line("ssh show");
            assertThat(watcher.expect(PROMPT)).containsPattern("tcp-port +" + newPort + " +2222 +not in effect \\(running: "
                    + oldPort + "\\)");

            changer.line("services restart ssh");
            assertThat(changer.expect(PROMPT)).contains("ssh restarted; listening on 0.0.0.0:" + newPort);

            Result onNewPort = OpenSsh.to(newPort, "admin").password(RunningAppliance.ADMIN_PASSWORD).exec("services list");
            assertThat(onNewPort.exitCode()).as(onNewPort.toString()).isZero();
            assertThat(onNewPort.stdout()).contains("0.0.0.0:" + newPort);
            Result onOldPort = OpenSsh.to(oldPort, "admin").password(RunningAppliance.ADMIN_PASSWORD).exec("services list");
            assertThat(onOldPort.exitCode()).as(onOldPort.toString()).isEqualTo(255);

            changer.line("services list");
            assertThat(changer.expect(PROMPT)).contains("0.0.0.0:" + newPort);
            watcher.line("ssh show");
            assertThat(watcher.expect(PROMPT)).doesNotContain("not in effect");

            // Stopping keeps established sessions: the console that stopped the service starts it again.
            changer.line("services stop ssh");
            changer.expect("Stop ssh? [y/N] ");
            changer.line("yes");
            assertThat(changer.expect(PROMPT)).contains("ssh stopped");
            Result whileStopped = OpenSsh.to(newPort, "admin").password(RunningAppliance.ADMIN_PASSWORD)
                    .exec("services list");
            assertThat(whileStopped.exitCode()).isEqualTo(255);
            watcher.line("ssh show");
            assertThat(watcher.expect(PROMPT)).contains("The ssh service is not running");
            changer.line("services start ssh");
            assertThat(changer.expect(PROMPT)).contains("ssh started; listening on 0.0.0.0:" + newPort);
            assertThat(OpenSsh.to(newPort, "admin").password(RunningAppliance.ADMIN_PASSWORD).exec("services list")
                    .exitCode()).isZero();
        }
    }

    private static InteractiveSsh open(int port) {
        InteractiveSsh session = InteractiveSsh.open(port, "admin", RunningAppliance.ADMIN_PASSWORD);
        session.expect(PROMPT);
        return session;
    }
}
