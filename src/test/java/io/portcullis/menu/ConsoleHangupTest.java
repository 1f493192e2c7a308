package io.portcullis.menu;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.accounts.Accounts;
import io.portcullis.testing.OpenSsh.Result;
import io.portcullis.testing.OperatorTerminal;
import io.portcullis.testing.RunningAppliance;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End of file on the console device: the appliance goes on serving SSH, the menu waits for the device
 * (without spinning) and shows itself again when the line comes back.
 */
class ConsoleHangupTest {

    @TempDir
    Path tmp;
    Path device;
    OperatorTerminal operator;
    RunningAppliance appliance;

    @BeforeEach
    void start() {
        device = tmp.resolve("line/console");
        operator = OperatorTerminal.open(device);
        appliance = RunningAppliance.startWithConsole(tmp.resolve("data"), device, true);
        operator.awaitMenu();
    }

    @AfterEach
    void stop() {
        appliance.close();
        operator.close();
    }

    @Test
    void hangupAtTheMenuKeepsTheApplianceAndTheMenuComesBackOnTheLine() throws Exception {
        operator.hangUp();
        Files.deleteIfExists(device);
        Result duringHangup = appliance.admin().exec("true");
        assertThat(duringHangup.exitCode()).as(duringHangup.toString()).isZero();

        // while the device is gone the menu waits: its thread must not spin on failed opens
        Thread menuThread = menuThread();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpuBefore = threads.getThreadCpuTime(menuThread.getId());
        Thread.sleep(3000);
        long cpuSpent = threads.getThreadCpuTime(menuThread.getId()) - cpuBefore;
        assertThat(Duration.ofNanos(cpuSpent)).isLessThan(Duration.ofMillis(300));
        assertThat(menuThread.isAlive()).isTrue();

        operator = OperatorTerminal.open(device);
        String menu = operator.awaitMenu();
        assertThat(menu).contains("Portcullis local console", "1) Show status");
        operator.enter("1");
        assertThat(operator.awaitMenu()).contains("ssh: running");
    }

    @Test
    void hangupInTheMiddleOfAnActionChangesNothingAndTheMenuComesBack() {
        operator.enter("4");
        operator.await("New password: ");
        operator.enter("never-confirmed-1");
        operator.await("Type it again: ");
        operator.hangUp();

        operator = OperatorTerminal.open(device);
        operator.awaitMenu();
        Result r = appliance.admin().exec("true");
        assertThat(r.exitCode()).as("admin's password is unchanged\n" + r).isZero();
        assertThat(appliance.bean(Accounts.class).require("admin").hasPassword()).isTrue();
    }

    @Test
    void hangupWhileTheSystemShellRunsEndsTheShellAndTheMenuComesBack() throws Exception {
        Path proof = tmp.resolve("still-running");
        operator.enter("7");
        operator.await("type exit to return to the menu.");
        // a shell that survived the hangup would create the file after 3 s
        operator.enter("sleep 3; touch " + proof);
        Thread.sleep(300);
        operator.hangUp();

        operator = OperatorTerminal.open(device);
        operator.awaitMenu();
        Thread.sleep(3500);
        assertThat(proof).doesNotExist();
    }

    private static Thread menuThread() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("local-console-menu"))
                .findFirst().orElseThrow(() -> new AssertionError("no local-console-menu thread"));
    }
}
