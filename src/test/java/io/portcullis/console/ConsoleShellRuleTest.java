package io.portcullis.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.accounts.Accounts;
import io.portcullis.testing.OpenSsh.Result;
import io.portcullis.testing.RunningAppliance;
import io.portcullis.testing.StartedAppliance;
import org.junit.jupiter.api.Test;

/**
 * The console shell is only for administrators (SPEC §4, issue 12), and that is checked when an account is
 * saved: an add or an edit that would leave an account with the console shell outside admins and
 * readonly-admins is refused, naming the rule, and nothing changes.
 */
class ConsoleShellRuleTest {

    static final String RULE = "the console shell is only for administrators";
    @StartedAppliance
    static RunningAppliance appliance;

    static Result admin(String command) {
        return appliance.admin().exec(command);
    }

    static void refused(String command) {
        appliance.adminRefused(command, RULE, "--groups admins");
    }

    static void ok(String command) {
        appliance.adminSucceeds(command);
    }

    @Test
    void addingAConsoleAccountOutsideTheAdminGroupsIsRefused() {
        refused("accounts users add x --shell console");
        assertThat(appliance.bean(Accounts.class).find("x")).isEmpty();
        assertThat(appliance.bean(Accounts.class).findGroup("x")).isEmpty();
        ok("accounts users add ops --shell console --groups readonly-admins");
        ok("accounts users add boss --shell console --groups admins");
        ok("accounts users add keeper --shell console --group admins");
    }

    @Test
    void anEditThatWouldLeaveAConsoleAccountOutsideThemIsRefused() {
        ok("accounts users add plain --shell bash");
        refused("accounts users edit plain --shell console");
        ok("accounts users add chief --shell console --groups admins");
        refused("accounts users edit chief --groups ''");
        Result removal = admin("accounts groups members remove admins chief");
        assertThat(removal.exitCode()).as(removal.toString()).isEqualTo(1);
        assertThat(removal.stderr()).contains(RULE);
        ok("accounts groups add crew");
        ok("accounts users add head --shell console --group admins");
        refused("accounts users edit head --group crew");
        Accounts accounts = appliance.bean(Accounts.class);
        assertThat(accounts.require("plain").shell()).isEqualTo("bash");
        assertThat(accounts.require("chief").isMemberOf(Accounts.ADMINS)).isTrue();
        assertThat(accounts.require("head").primaryGroup().name()).isEqualTo(Accounts.ADMINS);
        ok("accounts users edit chief --shell bash --groups ''");
        Result removalOfRoot = admin("accounts groups members remove admins root");
        assertThat(removalOfRoot.stderr()).contains(RULE);
    }
}
