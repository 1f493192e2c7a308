package io.portcullis.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.audit.AuditLog;
import io.portcullis.audit.AuditLog.Actor;
import io.portcullis.testing.RunningAppliance;
import io.portcullis.testing.StartedAppliance;
import java.io.ByteArrayOutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link AdminConsole#run}, the entry point of the local console menu: any JLine terminal, full rights as
 * {@code console}/{@code local}, returning when the user leaves and leaving the terminal open.
 */
class LocalConsoleTest {

    @TempDir
    static Path tmp;
    @StartedAppliance
    static RunningAppliance appliance;

    @Test
    void runsCommandsWithFullRightsAsTheLocalConsoleAndReturnsOnExit() throws Exception {
        PipedOutputStream keys = new PipedOutputStream();
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        try (Terminal terminal = TerminalBuilder.builder().system(false).provider("exec").type("xterm")
                .streams(new PipedInputStream(keys), screen).size(new Size(100, 30)).build()) {
            CompletableFuture<Void> console = CompletableFuture.runAsync(() ->
                    appliance.bean(AdminConsole.class).run(terminal, Actor.LOCAL_CONSOLE));
            keys.write("accounts groups add operators\rservices stop ssh\rservices start ssh\rexit\r"
                    .getBytes(StandardCharsets.UTF_8));
            keys.flush();
            console.get(30, TimeUnit.SECONDS);
            // The caller's terminal stays usable after the console returned.
            terminal.writer().println("menu again");
            terminal.flush();
        }
        String output = screen.toString(StandardCharsets.UTF_8);
        // From the local console no confirmation is asked: it is the way back when SSH is down.
        assertThat(output).contains("group 'operators' added").contains("ssh stopped").contains("ssh started")
                .contains("console@portcullis> ").doesNotContain("[y/N]").endsWith("menu again\r\n");
        assertThat(appliance.bean(AuditLog.class).find(Optional.of("console"), Optional.of("change"), Optional.empty(),
                10)).anyMatch(e -> e.action().equals("accounts groups add operators") && e.address().equals("local"));
        assertThat(tmp.resolve("data/console-history/console")).content().contains("accounts groups add operators");
    }
}
