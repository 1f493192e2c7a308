package io.portcullis.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.portcullis.accounts.Accounts;
import io.portcullis.audit.AuditLog.Actor;
import io.portcullis.services.Services;
import io.portcullis.testing.OpenSsh.Result;
import io.portcullis.testing.RunningAppliance;
import io.portcullis.testing.StartedAppliance;
import io.portcullis.testing.TestKeys;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 13: the command-line contract and the rough edges a newcomer found, over {@code ssh admin@host CMD}. */
class CommandContractTest {

    @TempDir
    static Path tmp;
    @StartedAppliance(users = {"erin:bash"})
    static RunningAppliance appliance;

    static Result run(String command) {
        return appliance.admin().exec(command);
    }

    @Test
    void everyServicesActionTakesYesAsSpec10Says() {
        for (String action : new String[] {"start", "restart", "enable", "disable", "enable"}) {
            Result r = run("services " + action + " ssh --yes");
            assertThat(r.exitCode()).as(r.toString()).isZero();
        }
        Result stop = run("services stop ssh --yes");
        assertThat(stop.exitCode()).as(stop.toString()).isZero();
        appliance.bean(Services.class).start(new Actor("test", "local"), "ssh");
        assertThat(run("services list").exitCode()).isZero();
    }

    @Test
    void aBadKeyLineIsExplainedInOurWords() {
        String line = TestKeys.publicLine(TestKeys.generate(tmp.resolve("keys"), "erin", "ed25519"));
        Result r = run("accounts users keys add erin " + line.substring(0, line.indexOf(' ') + 30));
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.stderr()).contains("not valid base64").doesNotContain("Last unit", "valid bits");
    }

    @Test
    void theKeyListShowsMinutesAndItsJsonTheFullInstant() throws Exception {
        String line = TestKeys.publicLine(TestKeys.generate(tmp.resolve("keys2"), "erin2", "ed25519"));
        assertThat(run("accounts users keys add erin " + line).exitCode()).isZero();
        String added = appliance.bean(Accounts.class).keys("erin").get(0).addedAt().toString();

        Result table = run("accounts users keys list erin");
        assertThat(table.stdout()).contains("ADDED (UTC)").containsPattern("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d ")
                .doesNotContain(added).doesNotContainPattern(":\\d\\d\\.\\d");
        JsonNode json = new ObjectMapper().readTree(run("accounts users keys list erin --json").stdout());
        assertThat(json.get(0).get("addedAt").asText()).isEqualTo(added);
    }

    @Test
    void helpNeverRunsAnOptionIntoItsDescription() {
        for (ConsoleCommand command : appliance.bean(CommandCatalog.class).all()) {
            String help = command.help();
            for (Option<?> option : command.options()) {
                assertThat(help).as(command.name() + " --help:\n" + help)
                        .containsPattern("(?m)^  " + java.util.regex.Pattern.quote(option.usage()) + "(  | *$)");
            }
        }
        Result exec = run("ssh set --help");
        assertThat(exec.stdout()).containsPattern("(?m)^  --root-login-with-password true\\|false$");
    }
}
