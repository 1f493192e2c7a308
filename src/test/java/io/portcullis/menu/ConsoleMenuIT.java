package io.portcullis.menu;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.testing.OpenSsh;
import io.portcullis.testing.OpenSsh.Result;
import io.portcullis.testing.OperatorTerminal;
import io.portcullis.testing.RunningAppliance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built jar as an operator meets it: on a serial line (--console-device) and on the terminal it
 * was started on, the menu's Shut down ends the process with status 0.
 */
class ConsoleMenuIT {

    static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    static final String JAR = System.getProperty("portcullis.jar", "target/portcullis.jar");

    @TempDir
    Path tmp;

    @Test
    void onASerialLineTheFirstRunAsksForThePasswordAndShutDownExitsZero() throws Exception {
        Path dataDir = RunningAppliance.withConf(tmp.resolve("data"));
        int port = RunningAppliance.freePort();
        try (OperatorTerminal operator = OperatorTerminal.open(tmp.resolve("line/ttyS0"))) {
            Process appliance = new ProcessBuilder(JAVA, "-jar", JAR, "--data-dir", dataDir.toString(), "--ssh-port",
                    Integer.toString(port), "--console-device", operator.device().toString())
                    .redirectErrorStream(true)
                    .redirectOutput(tmp.resolve("stdout").toFile())
                    .start();
            try {
                operator.await("New password: ");
                operator.enter("serial-first-password");
                operator.await("Type it again: ");
                operator.enter("serial-first-password");
                operator.awaitMenu();
                Result login = OpenSsh.to(port, "admin").password("serial-first-password").exec("services list");
                assertThat(login.exitCode()).as(login.toString()).isZero();

                operator.enter("8");
                operator.await("Shut Portcullis down?");
                operator.enter("no");
                assertThat(operator.awaitMenu()).contains("Portcullis keeps running.");
                assertThat(appliance.isAlive()).isTrue();

                operator.enter("8");
                operator.await("Shut Portcullis down?");
                operator.enter("yes");
                operator.await("Shutting down.");
                assertThat(appliance.waitFor(30, TimeUnit.SECONDS)).as("the appliance exits").isTrue();
                assertThat(appliance.exitValue()).as(Files.readString(tmp.resolve("stdout"))).isZero();
            } finally {
                appliance.destroyForcibly();
            }
        }
        assertThat(dataDir.resolve("initial-admin-password")).doesNotExist();
        assertThat(Files.readString(dataDir.resolve("logs/portcullis.log")))
                .contains("local console menu on " + tmp.resolve("line/ttyS0"), "shutting down")
                .doesNotContain("WARN  [local-console-menu]");
    }

    @Test
    void onTheStartTerminalTheMenuRunsThereAndTheTerminalIsPutBackAfterShutDown() throws Exception {
        Path dataDir = RunningAppliance.withConf(tmp.resolve("data"));
        Path passwordFile = tmp.resolve("admin-password");
        Files.writeString(passwordFile, "start-terminal-password\n");
        String command = String.join(" ", List.of(JAVA, "-jar", JAR, "--data-dir", dataDir.toString(), "--ssh-port",
                Integer.toString(RunningAppliance.freePort()), "--admin-password-file", passwordFile.toString()))
                + "; echo portcullis-exit=$?; stty -a";
        try (OperatorTerminal operator = OperatorTerminal.running(command)) {
            operator.awaitMenu();
            operator.enter("1");
            assertThat(operator.awaitMenu()).contains("Data directory " + dataDir);
            operator.enter("8");
            operator.await("Shut Portcullis down?");
            operator.enter("yes");
            operator.await("portcullis-exit=0");
            // stty -a lists the local flags as "isig icanon iexten echo ...", with a '-' for those off
            String settingsAfter = operator.await("iexten");
            assertThat(settingsAfter).as("the start terminal has its line editing back")
                    .contains(" icanon ").doesNotContain("-icanon");
        }
        assertThat(Files.readString(dataDir.resolve("logs/portcullis.log")))
                .contains("local console menu on /dev/tty");
    }
}
