package io.portcullis.menu;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.accounts.Accounts;
import io.portcullis.audit.AuditEntry;
import io.portcullis.audit.AuditLog;
import io.portcullis.audit.AuditLog.Actor;
import io.portcullis.ssh.HostKeys;
import io.portcullis.store.ServiceRepository;
import io.portcullis.testing.OpenSsh.Result;
import io.portcullis.testing.OperatorTerminal;
import io.portcullis.testing.RunningAppliance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local console menu driven through a pty pair (socat) as an operator at a serial line would:
 * every option's effect checked in the database and with the real ssh client.
 */
class ConsoleMenuTest {

    static final String CTRL_C = "\u0003";
    static final String CTRL_D = "\u0004";

    @TempDir
    static Path tmp;
    static OperatorTerminal operator;
    static RunningAppliance appliance;
    static String firstMenu;

    @BeforeAll
    static void start() {
        operator = OperatorTerminal.open(tmp.resolve("line/console"));
        appliance = RunningAppliance.startWithConsole(tmp.resolve("data"), operator.device(), true);
        firstMenu = operator.awaitMenu();
    }

    @AfterAll
    static void stop() {
        appliance.close();
        operator.close();
    }

    /** Ctrl-C at the menu's prompt only shows the menu again: each test starts from a fresh prompt. */
    @BeforeEach
    void backAtTheMenu() {
        operator.type(CTRL_C);
        operator.awaitMenu();
    }

    @Test
    void menuShowsTitleStatusOptionsAndPrompt() {
        assertThat(firstMenu).contains("Portcullis local console");
        assertThat(firstMenu).contains("SSH running on 0.0.0.0:" + appliance.port());
        for (HostKeys.Fingerprint f : appliance.bean(HostKeys.class).fingerprints()) {
            assertThat(firstMenu).contains("Host key " + f);
        }
        assertThat(firstMenu).contains("Data directory " + appliance.dataDir().toAbsolutePath());
        for (int i = 0; i < ConsoleMenu.OPTIONS.size(); i++) {
            assertThat(firstMenu).contains((i + 1) + ") " + ConsoleMenu.OPTIONS.get(i));
        }
    }

    @Test
    void invalidChoicesAreAnsweredAndTheMenuComesBack() {
        operator.enter("9");
        assertThat(operator.awaitMenu()).contains("'9' is not an option; enter a number from 1 to 8.");
        operator.enter("status please");
        assertThat(operator.awaitMenu()).contains("'status please' is not an option");
        operator.enter("");
        assertThat(operator.awaitMenu()).contains("1) Show status");
        // Ctrl-D typed at the prompt is not a hangup: the menu stays
        operator.type(CTRL_D);
        assertThat(operator.awaitMenu()).contains("8) Shut down");
    }

    @Test
    void ctrlCInTheMiddleOfAnActionCancelsItAndReturnsToTheMenu() {
        long passwordChanges = passwordChangesFromTheConsole();
        operator.enter("4");
        operator.await("New password: ");
        operator.type("half-typed" + CTRL_C);
        assertThat(operator.awaitMenu()).contains("Cancelled; nothing more was changed.");
        assertThat(passwordChangesFromTheConsole()).isEqualTo(passwordChanges);
        Result r = appliance.admin().exec("true");
        assertThat(r.exitCode()).as(r.toString()).isZero();
    }

    @Test
    void optionOneShowsServicesFingerprintsAndDataDirectory() {
        operator.enter("1");
        String shown = operator.awaitMenu();
        assertThat(shown).contains("ssh: running, Start Automatically on, 0 session(s), listening on 0.0.0.0:"
                + appliance.port());
        assertThat(shown).contains("Host key fingerprints (SHA256");
        for (HostKeys.Fingerprint f : appliance.bean(HostKeys.class).fingerprints()) {
            assertThat(shown).contains("  " + f);
        }
        assertThat(shown).contains("Administrator 'admin': password set");
        assertThat(shown).contains("Data directory " + appliance.dataDir().toAbsolutePath());
    }

    @Test
    void optionTwoStopsAndStartsSshAsTheServicesCommandsDo() {
        operator.enter("2");
        operator.await("Stop it?");
        operator.enter("no");
        assertThat(operator.awaitMenu()).contains("The SSH service keeps running.");

        operator.enter("2");
        operator.await("Stop it?");
        operator.enter("yes");
        assertThat(operator.awaitMenu()).contains("SSH service stopped.").contains("SSH stopped (option 2 starts it)");
        assertThat(appliance.bean(ServiceRepository.class).find("ssh").orElseThrow().running()).isFalse();
        Result refused = appliance.admin().exec("true");
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(255);
        assertThat(refused.stderr()).contains("Connection refused");

        operator.enter("2");
        operator.await("Start it? (yes/no) [yes]: ");
        operator.enter("");
        assertThat(operator.awaitMenu()).contains("SSH service started: listening on 0.0.0.0:" + appliance.port());
        assertThat(appliance.bean(ServiceRepository.class).find("ssh").orElseThrow().running()).isTrue();
        Result works = appliance.admin().exec("true");
        assertThat(works.exitCode()).as(works.toString()).isZero();

        assertThat(consoleAudit()).extracting(AuditEntry::action).contains("stop ssh", "start ssh");
    }

    @Test
    void optionFourSetsTheAdminPasswordTypedTwiceWithoutEcho() throws IOException {
        Path initialPassword = appliance.dataDir().resolve("initial-admin-password");
        Files.writeString(initialPassword, "generated-on-an-earlier-start\n");
        String newPassword = "menu-set-password-1";
        try {
            operator.enter("4");
            operator.await("New password: ");
            operator.enter("short");
            operator.await("password: use at least 8 characters; try again.");
            operator.await("New password: ");
            operator.enter(newPassword);
            operator.await("Type it again: ");
            operator.enter("something-else-entirely");
            operator.await("The two passwords differ; type the same password twice.");
            operator.await("New password: ");
            operator.enter(newPassword);
            operator.await("Type it again: ");
            operator.enter(newPassword);
            String shown = operator.awaitMenu();
            assertThat(shown).contains("The password of 'admin' is set.");
            assertThat(operator.cleaned()).doesNotContain(newPassword).doesNotContain("short");

            Result works = appliance.ssh("admin").password(newPassword).exec("true");
            assertThat(works.exitCode()).as(works.toString()).isZero();
            Result old = appliance.admin().exec("true");
            assertThat(old.exitCode()).as(old.toString()).isEqualTo(255);
            assertThat(initialPassword).doesNotExist();
            assertThat(consoleAudit()).anyMatch(e -> e.action().equals("accounts users passwd admin"));
        } finally {
            appliance.bean(Accounts.class).setPassword(new Actor("test", "local"), Accounts.ADMIN,
                    RunningAppliance.ADMIN_PASSWORD);
        }
    }

    @Test
    void optionSixSaysTheAdminConsoleIsUnavailableWhenNoneIsBuiltIn() {
        operator.enter("6");
        assertThat(operator.awaitMenu()).contains("The admin console is not available in this build of Portcullis");
    }

    @Test
    void optionSevenRunsTheLoginShellOnTheConsoleUntilItExits() {
        Path proof = tmp.resolve("shell-proof");
        operator.enter("7");
        operator.await("type exit to return to the menu.");
        // Ctrl-C belongs to the shell now: it stops the sleep, not the menu
        operator.enter("sleep 30");
        operator.type(CTRL_C);
        operator.enter("echo $((6 * 7)) > " + proof);
        operator.enter("exit 3");
        assertThat(operator.awaitMenu()).contains("The system shell ended (exit status 3).");
        assertThat(proof).hasContent("42\n");
        assertThat(consoleAudit()).anyMatch(e -> e.action().equals("system shell") && e.outcome().equals("opened"))
                .anyMatch(e -> e.detail().equals("exit status 3") && e.outcome().equals("closed"));
    }

    static long passwordChangesFromTheConsole() {
        return consoleAudit().stream().filter(e -> e.action().equals("accounts users passwd admin")).count();
    }

    /** Everything the menu does is audited as user console from address local. */
    static List<AuditEntry> consoleAudit() {
        List<AuditEntry> entries = appliance.bean(AuditLog.class)
                .find(Optional.of("console"), Optional.empty(), Optional.empty(), 1000);
        assertThat(entries).allMatch(e -> e.address().equals("local"));
        return entries;
    }
}
