package io.portcullis.menu;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.accounts.Accounts;
import io.portcullis.testing.MenuOnPty;
import io.portcullis.testing.OpenSsh.Result;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * End of file on the console device: the appliance goes on serving SSH, the menu waits for the device
 * (without spinning) and shows itself again when the line comes back.
 */
class ConsoleHangupTest {

    @RegisterExtension
    MenuOnPty menu = new MenuOnPty();

    @Test
    void hangupAtTheMenuKeepsTheApplianceAndTheMenuComesBackOnTheLine() throws Exception {
        menu.operator().hangUp();
        Files.deleteIfExists(menu.device());
        Result duringHangup = menu.appliance().admin().exec("services list");
        assertThat(duringHangup.exitCode()).as(duringHangup.toString()).isZero();

        // while the device is gone the menu waits: its thread must not spin on failed opens
        Thread menuThread = menuThread();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpuBefore = threads.getThreadCpuTime(menuThread.getId());
        Thread.sleep(3000);
        long cpuSpent = threads.getThreadCpuTime(menuThread.getId()) - cpuBefore;
        assertThat(Duration.ofNanos(cpuSpent)).isLessThan(Duration.ofMillis(300));
        assertThat(menuThread.isAlive()).isTrue();

        menu.reconnect();
        String shown = menu.operator().awaitMenu();
        assertThat(shown).contains("Portcullis local console", "1) Show status");
        menu.operator().enter("1");
        assertThat(menu.operator().awaitMenu()).contains("ssh: running");
    }

    @Test
    void hangupInTheMiddleOfAnActionChangesNothingAndTheMenuComesBack() {
        menu.operator().enter("4");
        menu.operator().await("New password: ");
        menu.operator().enter("never-confirmed-1");
        menu.operator().await("Type it again: ");
        menu.operator().hangUp();

        menu.reconnect();
        menu.operator().awaitMenu();
        Result r = menu.appliance().admin().exec("services list");
        assertThat(r.exitCode()).as("admin's password is unchanged\n" + r).isZero();
        assertThat(menu.appliance().bean(Accounts.class).require("admin").hasPassword()).isTrue();
    }

    @Test
    void hangupWhileTheSystemShellRunsEndsTheShellAndTheMenuComesBack() throws Exception {
        Path proof = menu.tmp().resolve("still-running");
        menu.operator().enter("7");
        menu.operator().await("type exit to return to the menu.");
        // a shell that survived the hangup would create the file after 3 s
        menu.operator().enter("echo started-$((2 + 2)); sleep 3; touch " + proof);
        menu.operator().await("started-4");
        menu.operator().hangUp();

        menu.reconnect();
        menu.operator().awaitMenu();
        Thread.sleep(3500);
        assertThat(proof).doesNotExist();
    }

    private static Thread menuThread() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("local-console-menu"))
                .findFirst().orElseThrow(() -> new AssertionError("no local-console-menu thread"));
    }
}
