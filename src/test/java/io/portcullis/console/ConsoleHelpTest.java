package io.portcullis.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.testing.InteractiveSsh;
import io.portcullis.testing.OpenSsh.Result;
import io.portcullis.testing.RunningAppliance;
import io.portcullis.testing.StartedAppliance;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every command answers {@code --help} and {@code help COMMAND}, walked from the command tree itself. */
class ConsoleHelpTest {

    @StartedAppliance
    static RunningAppliance appliance;
    static List<ConsoleCommand> commands;

    @BeforeAll
    static void start() {
        commands = appliance.bean(CommandCatalog.class).all();
    }

    @Test
    void theTreeHoldsEveryCommandOfTheSpec() {
        List<String> names = commands.stream().map(ConsoleCommand::name).toList();
        assertThat(names).contains("services list", "services start", "services stop", "services restart",
                "services enable", "services disable", "ssh show", "ssh set", "ssh bind-interfaces choices",
                "ssh hostkeys list", "ssh hostkeys regenerate", "accounts users list", "accounts users show",
                "accounts users add", "accounts users edit", "accounts users delete", "accounts users passwd",
                "accounts users lock", "accounts users unlock", "accounts users keys list", "accounts users keys add",
                "accounts users keys remove", "accounts groups list", "accounts groups show", "accounts groups add",
                "accounts groups edit", "accounts groups delete", "accounts groups members add",
                "accounts groups members remove", "help");
        for (ConsoleCommand command : commands) {
            if (command.words().get(command.words().size() - 1).matches("list|show")) {
                assertThat(command.option("json")).as(command.name() + " takes --json").isPresent();
                assertThat(command.changes()).as(command.name() + " is read-only").isFalse();
            }
        }
    }

    @Test
    void everyCommandAnswersHelpInExecMode() {
        for (ConsoleCommand command : commands) {
            Result r = appliance.admin().exec(command.name() + " --help");
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.stdout()).as(command.name()).startsWith("Usage: " + command.name())
                    .contains(command.summary()).contains("--help");
            for (Option<?> option : command.options()) {
                assertThat(r.stdout()).as(command.name()).contains("--" + option.name());
            }
        }
    }

    @Test
    void helpWithACommandOrMenuInOneInteractiveSession() {
        try (InteractiveSsh session = InteractiveSsh.open(appliance.port(), "admin", RunningAppliance.ADMIN_PASSWORD)) {
            session.expect(InteractiveConsoleTest.PROMPT);
            session.line("help");
            assertThat(session.expect(InteractiveConsoleTest.PROMPT)).contains("services list").contains("exit");
            List<String> menus = new ArrayList<>();
            for (ConsoleCommand command : commands) {
                session.line("help " + command.name());
                assertThat(session.expect(InteractiveConsoleTest.PROMPT)).contains("Usage: " + command.name());
                if (command.words().size() > 1) {
                    menus.add(String.join(" ", command.words().subList(0, command.words().size() - 1)));
                }
            }
            for (String menu : menus.stream().distinct().toList()) {
                session.line(menu);
                assertThat(session.expect(InteractiveConsoleTest.PROMPT)).contains("Commands of '" + menu + "'");
            }
        }
    }
}
