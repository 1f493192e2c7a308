package io.portcullis.menu;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.accounts.Accounts;
import io.portcullis.audit.AuditLog;
import io.portcullis.testing.OpenSsh.Result;
import io.portcullis.testing.OperatorTerminal;
import io.portcullis.testing.RunningAppliance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPEC §1: the first administrator password comes from the console menu when one runs, before
 * anything else, and then no initial-admin-password file is written; without a console it still is.
 */
class FirstRunOnConsoleTest {

    @TempDir
    Path tmp;

    @Test
    void theMenuAsksForTheFirstAdminPasswordBeforeAnythingElse() {
        Path dataDir = tmp.resolve("data");
        try (OperatorTerminal operator = OperatorTerminal.open(tmp.resolve("line/console"));
             RunningAppliance appliance = RunningAppliance.startWithConsole(dataDir, operator.device(), false)) {
            String first = operator.await("New password: ");
            assertThat(first).contains("No administrator password is set yet; set one before anything else.")
                    .doesNotContain("1) Show status");
            assertThat(appliance.bean(Accounts.class).require(Accounts.ADMIN).hasPassword()).isFalse();

            // neither Ctrl-C nor a menu choice gets past the question
            operator.type("\u0003");
            operator.await("An administrator password is needed before anything else.");
            operator.await("New password: ");
            operator.enter("8");
            operator.await("password: use at least 8 characters; try again.");
            operator.await("New password: ");
            operator.enter("first-admin-password");
            operator.await("Type it again: ");
            operator.enter("first-admin-password");
            assertThat(operator.awaitMenu()).contains("The password of 'admin' is set.", "1) Show status");

            assertThat(dataDir.resolve("initial-admin-password")).doesNotExist();
            Result r = appliance.ssh("admin").password("first-admin-password").exec("services list");
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(appliance.bean(AuditLog.class).find(Optional.of("console"), Optional.empty(), Optional.empty(), 10))
                    .anyMatch(e -> e.action().equals("accounts users passwd admin") && e.address().equals("local"));
        }
    }

    @Test
    void withoutAConsoleTheFirstPasswordStillGoesToTheInitialPasswordFile() throws Exception {
        Path dataDir = tmp.resolve("data");
        try (RunningAppliance appliance = RunningAppliance.startWithConsole(dataDir, null, false)) {
            Path file = dataDir.resolve("initial-admin-password");
            assertThat(file).exists();
            Result r = appliance.ssh("admin").password(Files.readString(file).strip()).exec("services list");
            assertThat(r.exitCode()).as(r.toString()).isZero();
        }
    }
}
