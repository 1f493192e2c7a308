package io.portcullis.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.accounts.Accounts;
import io.portcullis.accounts.UserChanges;
import io.portcullis.audit.AuditEntry;
import io.portcullis.audit.AuditLog.Actor;
import io.portcullis.audit.AuditLog;
import io.portcullis.settings.SftpLogLevel;
import io.portcullis.settings.SshConfiguration;
import io.portcullis.settings.SshSetting;
import io.portcullis.testing.InteractiveSsh;
import io.portcullis.testing.RunningAppliance;
import io.portcullis.testing.StartedAppliance;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The interactive console through a real {@code ssh -tt}: line editing, completion, Ctrl-C/Ctrl-D, bad input. */
class InteractiveConsoleTest {

    static final String PROMPT = "admin@portcullis> ";
    @StartedAppliance
    static RunningAppliance appliance;
    static Accounts accounts;
    static final Actor TEST = new Actor("test", "local");

    @BeforeAll
    static void start() {
        accounts = appliance.bean(Accounts.class);
        accounts.add(TEST, "alice", UserChanges.NONE.withShell("bash"));
        accounts.add(TEST, "bob", UserChanges.NONE.withShell("nologin"));
        accounts.add(TEST, "carol", UserChanges.NONE.withShell("console").withGroups(List.of(Accounts.ADMINS))
                .withPassword("carol-password"));
    }

    static InteractiveSsh admin() {
        InteractiveSsh session = InteractiveSsh.open(appliance.port(), "admin", RunningAppliance.ADMIN_PASSWORD);
        session.expect(AdminConsole.BANNER);
        session.expect(PROMPT);
        return session;
    }

    /** Runs a line and returns what it printed up to the next prompt. */
    static String run(InteractiveSsh session, String line) {
        session.line(line);
        return session.expect(PROMPT);
    }

    @Test
    void commandsRunAndExitEndsTheSessionWithStatusZero() {
        try (InteractiveSsh session = admin()) {
            assertThat(run(session, "services list")).contains("START AUTOMATICALLY").contains(":" + appliance.port());
            assertThat(run(session, "accounts users show alice")).contains("shell          bash");
            session.line("exit");
            assertThat(session.awaitExit()).isZero();
        }
    }

    @Test
    void ctrlDOnAnEmptyLineLeavesWithStatusZero() {
        try (InteractiveSsh session = admin()) {
            session.send("\u0004");
            assertThat(session.awaitExit()).isZero();
        }
    }

    @Test
    void aClientThatVanishesEndsItsConsole() {
        InteractiveSsh session = admin();
        run(session, "services list");
        assertThat(consoleThreads()).isPositive();
        session.close();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                .until(() -> consoleThreads() == 0);
    }

    private static long consoleThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("console admin@")).count();
    }

    @Test
    void ctrlCCancelsTheLineAndAQuestionButNeverTheSession() {
        try (InteractiveSsh session = admin()) {
            session.send("accounts users delete alice --delete-home");
            session.expect("--delete-home"); // echoed: the line editor has it, so Ctrl-C is the editor's to handle
            session.send("\u0003");
            session.expect(PROMPT);
            assertThat(accounts.find("alice")).isPresent();

            session.line("services stop ssh");
            session.expect("Stop ssh? [y/N] ");
            session.send("\u0003");
            assertThat(session.expect(PROMPT)).contains("services stop: cancelled");
            assertThat(appliance.bean(io.portcullis.services.Services.class).require("ssh").isRunning()).isTrue();

            session.line("ssh hostkeys regenerate rsa");
            session.expect("[y/N] ");
            session.line("n");
            assertThat(session.expect(PROMPT)).contains("not confirmed; nothing was changed");
            assertThat(run(session, "services list")).contains("yes");
        }
    }

    @Test
    void tabCompletesCommandsOptionsAndValues() {
        try (InteractiveSsh session = admin()) {
            session.send("acc\t");
            session.expect("accounts ");
            session.send("us\t");
            session.expect("users ");
            session.send("sh\t");
            session.expect("show ");
            session.send("ali\t");
            session.expect("alice ");
            session.send("\r");
            assertThat(session.expect(PROMPT)).contains("shell          bash");

            session.send("services list --js\t\r");
            assertThat(session.expect(PROMPT)).contains("\"startAutomatically\" : true");
            session.send("accounts groups show readonly-a\t\r");
            assertThat(session.expect(PROMPT)).contains("gid ").contains("545");
            session.send("ssh set --sftp-log-level VERB\t\r");
            assertThat(session.expect(PROMPT)).contains("saved: sftp-log-level=VERBOSE");
            assertThat(appliance.bean(SshConfiguration.class).saved().get(SshSetting.SFTP_LOG_LEVEL)).isEqualTo(SftpLogLevel.VERBOSE);
            run(session, "ssh set --sftp-log-level ERROR");
        }
    }

    @Test
    void badInputGetsAClearMessageAndTheSessionGoesOn() {
        try (InteractiveSsh session = admin()) {
            assertThat(run(session, "launch rockets")).contains("unknown command 'launch'; 'help' lists the commands");
            assertThat(run(session, "services list --verbose")).contains("unknown option '--verbose'");
            assertThat(run(session, "accounts users add zed --uid ten")).contains("--uid 'ten': give a whole number");
            assertThat(run(session, "ssh set --tcp-port 0")).contains("tcp-port 0: give a whole number from 1 to 65535");
            session.line("");
            session.expect(PROMPT);
            session.line("   ");
            session.expect(PROMPT);

            session.send("services list " + "x".repeat(1_000_000) + "\r");
            // The prompt is redrawn while the line grows; the message comes once the line has ended.
            session.expect(LongLineLimit.message());
            session.expect(PROMPT);

            Random random = new Random(42);
            byte[] garbage = new byte[4000];
            random.nextBytes(garbage);
            for (int i = 0; i < garbage.length; i++) {
                // Ctrl-C, Ctrl-D, Ctrl-Z and Ctrl-\ are the terminal's signal keys, not garbage.
                if (garbage[i] == 3 || garbage[i] == 4 || garbage[i] == 0x1a || garbage[i] == 0x1c) {
                    garbage[i] = 'g';
                }
            }
            session.send(garbage);
            session.send("\r\u0015");
            // The garbage holds line ends of its own: each piece is answered, then the session still works.
            session.line("accounts users show bob");
            assertThat(session.expect("shell          nologin")).contains("unknown command '");
            session.expect(PROMPT);
            assertThat(accounts.find("zed")).isEmpty();
            session.line("exit");
            assertThat(session.awaitExit()).isZero();
        }
    }

    @Test
    void twoConcurrentSessionsSeeOnlyTheirOwnOutputAndIdentity() throws Exception {
        try (InteractiveSsh first = admin();
             InteractiveSsh second = InteractiveSsh.open(appliance.port(), "carol", "carol-password")) {
            second.expect("carol@portcullis> ");
            CompletableFuture<String> a = CompletableFuture.supplyAsync(() -> repeat(first, PROMPT, "accounts users show alice"));
            CompletableFuture<String> b = CompletableFuture.supplyAsync(() -> repeat(second, "carol@portcullis> ",
                    "accounts users show bob"));
            String outA = a.get();
            String outB = b.get();
            assertThat(outA).contains("username       alice").doesNotContain("bob").doesNotContain("carol@");
            assertThat(outB).contains("username       bob").doesNotContain("alice").doesNotContain("admin@");

            run(first, "accounts groups add first-group");
            second.line("accounts groups add second-group");
            second.expect("carol@portcullis> ");
            List<AuditEntry> audit = appliance.bean(AuditLog.class).find(Optional.empty(), Optional.of("change"),
                    Optional.empty(), 50);
            assertThat(audit).anyMatch(e -> e.action().equals("accounts groups add first-group")
                    && e.actor().equals("admin") && e.address().equals("127.0.0.1"));
            assertThat(audit).anyMatch(e -> e.action().equals("accounts groups add second-group")
                    && e.actor().equals("carol"));
            assertThat(Files.readString(appliance.dataDir().resolve("console-history/carol")))
                    .contains("accounts groups add second-group").doesNotContain("first-group");
        }
    }

    private static String repeat(InteractiveSsh session, String prompt, String command) {
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < 15; i++) {
            session.line(command);
            all.append(session.expect(prompt));
        }
        return all.toString();
    }

    @Test
    void passwordsNeverReachHistoryLogOrAudit() throws Exception {
        String onLine = "Line-Secret-4711";
        String typed = "Typed-Secret-0815";
        String onAdd = "Added-Secret-2342";
        String inExec = "Exec-Secret-9999";
        String atPrompt = "Prompt-Secret-1234";
        try (InteractiveSsh session = admin()) {
            // typed at the prompt by mistake (the password question had gone): an unknown command, kept nowhere
            assertThat(run(session, atPrompt)).contains("unknown command");
            assertThat(run(session, "services restrat ssh")).contains("unknown command");
            assertThat(run(session, "accounts users passwd alice --password " + onLine)).contains("password of 'alice' changed");
            session.line("accounts users passwd alice");
            session.expect("New password for alice: ");
            session.send(typed + "\r");
            session.expect("Repeat the password: ");
            session.send(typed + "\r");
            String output = session.expect(PROMPT);
            assertThat(output).contains("password of 'alice' changed").doesNotContain(typed);
            run(session, "accounts users add dora --password=" + onAdd + " --shell nologin");
            run(session, "services list");
            session.line("exit");
            session.awaitExit();
        }
        assertThat(appliance.admin().exec("accounts users passwd alice --password '" + inExec + "'").exitCode()).isZero();

        Path history = appliance.dataDir().resolve("console-history/admin");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(history))).isEqualTo("rw-------");
        String historyText = Files.readString(history);
        assertThat(historyText).contains("services list").doesNotContain("--password");
        String log = Files.readString(appliance.dataDir().resolve("logs/portcullis.log"), StandardCharsets.UTF_8);
        assertThat(log).contains("accounts users passwd alice --password ********");
        String audit = appliance.bean(AuditLog.class).find(Optional.empty(), Optional.empty(), Optional.empty(), 1000)
                .toString();
        assertThat(historyText).as("lines that are no command").doesNotContain("restrat");
        for (String secret : List.of(onLine, typed, onAdd, inExec, atPrompt)) {
            assertThat(historyText).doesNotContain(secret);
            assertThat(log).doesNotContain(secret);
            assertThat(audit).doesNotContain(secret);
        }
        assertThat(audit).contains("password=********");
    }
}
