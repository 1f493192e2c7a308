package io.portcullis.menu;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.accounts.Accounts;
import io.portcullis.audit.AuditEntry;
import io.portcullis.audit.AuditLog.Actor;
import io.portcullis.audit.AuditLog;
import io.portcullis.keypairs.HostKeys;
import io.portcullis.store.ServiceRepository;
import io.portcullis.testing.MenuOnPty;
import io.portcullis.testing.OpenSsh.Result;
import io.portcullis.testing.RunningAppliance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The local console menu driven through a pty pair (socat) as an operator at a serial line would:
 * every option's effect checked in the database and with the real ssh client.
 */
class ConsoleMenuTest {

    static final String CTRL_C = "\u0003";
    static final String CTRL_D = "\u0004";

    @RegisterExtension
    static MenuOnPty menu = new MenuOnPty();

    /** Ctrl-C at the menu's prompt only shows the menu again: each test starts from a fresh prompt. */
    @BeforeEach
    void backAtTheMenu() {
        menu.operator().type(CTRL_C);
        menu.operator().awaitMenu();
    }

    @Test
    void menuShowsTitleStatusOptionsAndPrompt() {
        assertThat(menu.firstMenu()).contains("Portcullis local console");
        assertThat(menu.firstMenu()).contains("SSH running on 0.0.0.0:" + menu.appliance().port());
        for (HostKeys.Fingerprint f : menu.appliance().bean(HostKeys.class).fingerprints()) {
            assertThat(menu.firstMenu()).contains("Host key " + f);
        }
        assertThat(menu.firstMenu()).contains("Data directory " + menu.appliance().dataDir().toAbsolutePath());
        for (int i = 0; i < ConsoleMenu.OPTIONS.size(); i++) {
            assertThat(menu.firstMenu()).contains((i + 1) + ") " + ConsoleMenu.OPTIONS.get(i));
        }
    }

    @Test
    void ctrlCAtTheMenuSaysHowToLeaveIt() {
        menu.operator().type(CTRL_C);
        assertThat(menu.operator().awaitMenu()).contains("choose 8 (Shut down), or send it SIGTERM");
    }

    @Test
    void invalidChoicesAreAnsweredAndTheMenuComesBack() {
        menu.operator().enter("11");
        assertThat(menu.operator().awaitMenu()).contains("'11' is not an option; enter a number from 1 to 10.");
        menu.operator().enter("status please");
        assertThat(menu.operator().awaitMenu()).contains("'status please' is not an option");
        menu.operator().enter("");
        assertThat(menu.operator().awaitMenu()).contains("1) Show status");
        // Ctrl-D typed at the prompt is not a hangup: the menu stays
        menu.operator().type(CTRL_D);
        assertThat(menu.operator().awaitMenu()).contains("8) Shut down");
    }

    @Test
    void ctrlCInTheMiddleOfAnActionCancelsItAndReturnsToTheMenu() {
        long passwordChanges = passwordChangesFromTheConsole();
        menu.operator().enter("4");
        menu.operator().await("New password: ");
        menu.operator().type("half-typed" + CTRL_C);
        assertThat(menu.operator().awaitMenu()).contains("Cancelled; nothing more was changed.");
        assertThat(passwordChangesFromTheConsole()).isEqualTo(passwordChanges);
        Result r = menu.appliance().admin().exec("services list");
        assertThat(r.exitCode()).as(r.toString()).isZero();
    }

    @Test
    void optionOneShowsServicesFingerprintsAndDataDirectory() {
        menu.operator().enter("1");
        String shown = menu.operator().awaitMenu();
        assertThat(shown).contains("ssh: running, Start Automatically on, 0 session(s), listening on 0.0.0.0:"
                + menu.appliance().port());
        assertThat(shown).contains("Host key fingerprints (SHA256");
        for (HostKeys.Fingerprint f : menu.appliance().bean(HostKeys.class).fingerprints()) {
            assertThat(shown).contains("  " + f);
        }
        assertThat(shown).contains("Administrator 'admin': password set");
        assertThat(shown).contains("Data directory " + menu.appliance().dataDir().toAbsolutePath());
    }

    @Test
    void optionTwoStopsAndStartsSshAsTheServicesCommandsDo() {
        menu.operator().enter("2");
        menu.operator().await("Stop it?");
        menu.operator().enter("no");
        assertThat(menu.operator().awaitMenu()).contains("The SSH service keeps running.");

        menu.operator().enter("2");
        menu.operator().await("Stop it?");
        menu.operator().enter("yes");
        assertThat(menu.operator().awaitMenu()).contains("SSH service stopped.").contains("SSH stopped (option 2 starts it)");
        assertThat(menu.appliance().bean(ServiceRepository.class).find("ssh").orElseThrow().running()).isFalse();
        Result refused = menu.appliance().admin().exec("services list");
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(255);
        assertThat(refused.stderr()).contains("Connection refused");

        menu.operator().enter("2");
        menu.operator().await("Start it? (yes/no) [yes]: ");
        menu.operator().enter("");
        assertThat(menu.operator().awaitMenu()).contains("SSH service started: listening on 0.0.0.0:" + menu.appliance().port());
        assertThat(menu.appliance().bean(ServiceRepository.class).find("ssh").orElseThrow().running()).isTrue();
        Result works = menu.appliance().admin().exec("services list");
        assertThat(works.exitCode()).as(works.toString()).isZero();

        assertThat(consoleAudit()).extracting(AuditEntry::action).contains("stop ssh", "start ssh");
    }

    @Test
    void optionFourSetsTheAdminPasswordTypedTwiceWithoutEcho() throws IOException {
        Path initialPassword = menu.appliance().dataDir().resolve("initial-admin-password");
        Files.writeString(initialPassword, "generated-on-an-earlier-start\n");
        String newPassword = "menu-set-password-1";
        try {
            menu.operator().enter("4");
            menu.operator().await("New password: ");
            menu.operator().enter("short");
            menu.operator().await("password: use at least 8 characters; try again.");
            menu.operator().await("New password: ");
            menu.operator().enter(newPassword);
            menu.operator().await("Type it again: ");
            menu.operator().enter("something-else-entirely");
            menu.operator().await("The two passwords differ; type the same password twice.");
            menu.operator().await("New password: ");
            menu.operator().enter(newPassword);
            menu.operator().await("Type it again: ");
            menu.operator().enter(newPassword);
            String shown = menu.operator().awaitMenu();
            assertThat(shown).contains("The password of 'admin' is set.");
            assertThat(menu.operator().cleaned()).doesNotContain(newPassword).doesNotContain("short");

            Result works = menu.appliance().ssh("admin").password(newPassword).exec("services list");
            assertThat(works.exitCode()).as(works.toString()).isZero();
            Result old = menu.appliance().admin().exec("services list");
            assertThat(old.exitCode()).as(old.toString()).isEqualTo(255);
            assertThat(initialPassword).doesNotExist();
            assertThat(consoleAudit()).anyMatch(e -> e.action().equals("accounts users passwd admin"));
        } finally {
            menu.appliance().bean(Accounts.class).setPassword(new Actor("test", "local"), Accounts.ADMIN,
                    RunningAppliance.ADMIN_PASSWORD);
        }
    }

    @Test
    void optionSixOpensTheAdminConsoleAndLeavingItReturnsToTheMenu() {
        menu.operator().enter("6");
        menu.operator().enter("accounts groups add from-menu");
        menu.operator().enter("accounts groups list");
        menu.operator().await("from-menu");
        menu.operator().enter("exit");
        assertThat(menu.operator().awaitMenu()).contains("8");
        assertThat(consoleAudit()).anyMatch(e -> e.action().equals("accounts groups add from-menu"))
                .anyMatch(e -> e.action().equals("admin console") && e.outcome().equals("closed"));
    }

    @Test
    void optionSevenRunsTheLoginShellOnTheConsoleUntilItExits() {
        Path proof = menu.tmp().resolve("shell-proof");
        menu.operator().enter("7");
        menu.operator().await("type exit to return to the menu.");
        // the shell has read its profile and set its signal handling once it runs a command
        menu.operator().enter("echo ready-$((1 + 1))");
        menu.operator().await("ready-2");
        // Ctrl-C belongs to the shell now: it stops the sleep, not the menu
        menu.operator().enter("sleep 30");
        menu.operator().type(CTRL_C);
        // the shell's pty echoes ^C and drops what was typed after it in the same breath, as a tty does
        menu.operator().await("^C");
        menu.operator().enter("echo $((6 * 7)) > " + proof);
        menu.operator().enter("exit 3");
        assertThat(menu.operator().awaitMenu()).contains("The system shell ended (exit status 3).");
        assertThat(proof).hasContent("42\n");
        assertThat(consoleAudit()).anyMatch(e -> e.action().equals("system shell") && e.outcome().equals("opened"))
                .anyMatch(e -> e.detail().equals("exit status 3") && e.outcome().equals("closed"));
    }

    static long passwordChangesFromTheConsole() {
        return consoleAudit().stream().filter(e -> e.action().equals("accounts users passwd admin")).count();
    }

    /** Everything the menu does is audited as user console from address local. */
    static List<AuditEntry> consoleAudit() {
        List<AuditEntry> entries = menu.appliance().bean(AuditLog.class)
                .find(Optional.of("console"), Optional.empty(), Optional.empty(), 1000);
        assertThat(entries).allMatch(e -> e.address().equals("local"));
        return entries;
    }
}
