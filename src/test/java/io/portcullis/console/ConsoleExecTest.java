package io.portcullis.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.portcullis.accounts.Accounts;
import io.portcullis.accounts.UserChanges;
import io.portcullis.audit.AuditEntry;
import io.portcullis.audit.AuditLog.Actor;
import io.portcullis.audit.AuditLog;
import io.portcullis.settings.SshConfiguration;
import io.portcullis.settings.SshSetting;
import io.portcullis.settings.SshSettings;
import io.portcullis.testing.OpenSsh.Result;
import io.portcullis.testing.OpenSsh;
import io.portcullis.testing.RunningAppliance;
import io.portcullis.testing.TestKeys;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ssh admin@host COMMAND}: one console command per exec request, exit statuses 0/1/2 (SPEC §10). */
class ConsoleExecTest {

    @TempDir
    static Path tmp;
    static RunningAppliance appliance;
    static Accounts accounts;
    static final Actor TEST = new Actor("test", "local");
    static final String PASSWORD = "readonly-password";
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start() {
        appliance = RunningAppliance.start(tmp.resolve("data"));
        accounts = appliance.bean(Accounts.class);
        accounts.add(TEST, "auditor", UserChanges.NONE.withShell("console")
                .withGroups(java.util.List.of(Accounts.READONLY_ADMINS)).withPassword(PASSWORD));
        // saved by an older version, before the console shell was refused to anyone outside the admin groups
        accounts.add(TEST, "mallory", UserChanges.NONE.withShell("bash").withPassword(PASSWORD));
        appliance.bean(org.springframework.jdbc.core.simple.JdbcClient.class)
                .sql("UPDATE users SET shell = 'console' WHERE username = 'mallory'").update();
    }

    @AfterAll
    static void stop() {
        appliance.close();
    }

    static Result admin(String command) {
        return appliance.admin().exec(command);
    }

    static Result ok(String command) {
        Result r = admin(command);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r;
    }

    @Test
    void servicesListPrintsTheSshServiceWithoutPromptBannerOrEscapes() {
        Result r = ok("services list");
        assertThat(r.stdout()).startsWith("NAME").contains("ssh").contains("0.0.0.0:" + appliance.port());
        assertThat(r.stdout() + r.stderr()).doesNotContain("\u001B").doesNotContain("portcullis>")
                .doesNotContain(AdminConsole.BANNER).doesNotContain("\r");
        assertThat(r.stderr()).isEmpty();
    }

    @Test
    void everyListAndShowPrintsValidJsonWithStableFieldNames() throws Exception {
        JsonNode services = JSON.readTree(ok("services list --json").stdout());
        assertThat(services.get(0).get("name").asText()).isEqualTo("ssh");
        assertThat(services.get(0).get("running").asBoolean()).isTrue();
        assertThat(services.get(0).get("listeners").get(0).asText()).endsWith(":" + appliance.port());

        JsonNode show = JSON.readTree(ok("ssh show --json").stdout());
        assertThat(show.get("running").asBoolean()).isTrue();
        assertThat(show.get("fields")).hasSize(io.portcullis.settings.SshSetting.ALL.size());
        assertThat(show.get("fields").get(0).get("field").asText()).isEqualTo("tcp-port");
        assertThat(show.get("fields").get(0).get("value").asInt()).isEqualTo(appliance.port());
        assertThat(show.get("fields").get(0).get("default").asInt()).isEqualTo(2222);

        JsonNode keys = JSON.readTree(ok("ssh hostkeys list --json").stdout());
        assertThat(keys).hasSize(3);
        assertThat(keys.get(0).get("fingerprint").asText()).startsWith("SHA256:");

        JsonNode users = JSON.readTree(ok("accounts users list --json").stdout());
        assertThat(users.findValuesAsText("username")).contains("root", "admin", "auditor");
        JsonNode admin = JSON.readTree(ok("accounts users show admin --json").stdout());
        assertThat(admin.get("groups").get(0).asText()).isEqualTo("admins");
        assertThat(admin.get("keys").isArray()).isTrue();
        assertThat(admin.has("passwordHash")).isFalse();

        JsonNode groups = JSON.readTree(ok("accounts groups list --json").stdout());
        assertThat(groups.findValuesAsText("name")).contains("admins", "readonly-admins");
        JsonNode readonly = JSON.readTree(ok("accounts groups show readonly-admins --json").stdout());
        assertThat(readonly.get("members").get(0).asText()).isEqualTo("auditor");
        JsonNode interfaces = JSON.readTree(ok("ssh bind-interfaces choices --json").stdout());
        assertThat(interfaces.findValuesAsText("name")).contains("lo");
        JSON.readTree(ok("accounts users keys list admin --json").stdout());
    }

    @Test
    void usageErrorsExitTwoWithAMessageOnStderr() {
        assertUsage(admin("no-such-command"), "unknown command 'no-such-command'");
        assertUsage(admin("accounts userz list"), "unknown command 'accounts userz'");
        assertUsage(admin("services list --colour"), "unknown option '--colour'");
        assertUsage(admin("services list -x"), "unknown option '-x'");
        assertUsage(admin("accounts users add bob --uid many"), "--uid 'many': give a whole number");
        assertUsage(admin("ssh set --password-auth perhaps"), "--password-auth 'perhaps': give true or false");
        assertUsage(admin("ssh set --sftp-log-level LOUD"), "choose one of QUIET, FATAL, ERROR");
        assertUsage(admin("ssh set --tcp-port"), "--tcp-port needs a value");
        assertUsage(admin("ssh set"), "give at least one setting");
        assertUsage(admin("services start"), "NAME is missing");
        assertUsage(admin("services start ssh extra"), "unexpected argument 'extra'");
        assertUsage(admin("accounts users show \"unclosed"), "unclosed \" quote");
        assertUsage(admin("ssh hostkeys regenerate dsa --yes"), "choose one of ed25519, ecdsa, rsa");
        assertThat(accounts.find("bob")).isEmpty();
    }

    @Test
    void garbageAndVeryLongCommandsAreUsageErrorsAndTheServerGoesOn() {
        Result garbage = admin("\u0001\u0002\u001b[31m\u00ff\ufffd]]'x'");
        assertUsage(garbage, "unknown command '");
        assertThat(garbage.stderr()).doesNotContain("\u001b");
        // OpenSSH sends at most 256 KB in one request, and Linux passes at most 128 KB in one argument.
        Result longLine = appliance.admin().ssh(List.of(), "x".repeat(100_000), "y".repeat(100_000));
        assertUsage(longLine, "unknown command 'xxxx");
        assertThat(longLine.stderr().length()).isLessThan(200);
        ok("services list");
    }

    @Test
    void invalidValuesExitOneNameTheFieldAndRuleAndSaveNothing() {
        SshSettings before = appliance.bean(SshConfiguration.class).saved();
        Result port = admin("ssh set --password-auth false --tcp-port 70000");
        assertThat(port.exitCode()).as(port.toString()).isEqualTo(1);
        assertThat(port.stderr()).contains("tcp-port 70000: give a whole number from 1 to 65535");
        Result group = admin("ssh set --password-login-groups nosuchgroup");
        assertThat(group.exitCode()).isEqualTo(1);
        assertThat(group.stderr()).contains("password-login-groups: no group named 'nosuchgroup'");
        Result aux = admin("ssh set --aux-params 'ClientAliveInterval 30\\nFrobnicate yes'");
        assertThat(aux.exitCode()).isEqualTo(1);
        assertThat(aux.stderr()).contains("aux-params line 2: unknown keyword 'Frobnicate'");
        assertThat(appliance.bean(SshConfiguration.class).saved()).isEqualTo(before);

        Result user = admin("accounts users add Bad-Name");
        assertThat(user.exitCode()).isEqualTo(1);
        assertThat(user.stderr()).contains("username 'Bad-Name': use 1 to 32 characters");
        Result mode = admin("accounts users add goodname --home-mode 077");
        assertThat(mode.exitCode()).isEqualTo(1);
        assertThat(mode.stderr()).contains("home mode 077");
        assertThat(accounts.find("goodname")).isEmpty();
    }

    @Test
    void sshSetChangesSeveralFieldsAtOnceAndShowMarksWhatNeedsARestart() throws Exception {
        Result set = ok("ssh set --compression true --sftp-log-level verbose --weak-ciphers AES128-CBC");
        assertThat(set.stdout()).contains("saved: compression=true sftp-log-level=VERBOSE weak-ciphers=AES128-CBC")
                .contains("compression, weak-ciphers take effect at the next 'services restart ssh'");
        Result show = ok("ssh show");
        assertThat(show.stdout()).containsPattern("compression +true +false +not in effect \\(running: false\\)")
                .containsPattern("sftp-log-level +VERBOSE +ERROR *\n")
                .contains("Values not in effect apply at the next 'services restart ssh'.");
        JsonNode fields = JSON.readTree(ok("ssh show --json").stdout()).get("fields");
        for (JsonNode field : fields) {
            if (field.get("field").asText().equals("compression")) {
                assertThat(field.get("inEffect").asBoolean()).isFalse();
                assertThat(field.get("appliesAt").asText()).isEqualTo("restart");
            }
        }
        ok("ssh set --compression false --sftp-log-level ERROR --weak-ciphers none");
        assertThat(appliance.bean(SshConfiguration.class).saved()).isEqualTo(SshSettings.DEFAULTS.with(SshSetting.TCP_PORT,
                appliance.port()));
        assertThat(ok("ssh show").stdout()).doesNotContain("not in effect");
    }

    @Test
    void accountsCommandsManageUsersGroupsAndKeysWithAudit() {
        ok("accounts groups add team --gid 23000");
        ok("accounts users add carol --full-name 'Carol Smith' --groups team --shell nologin --email carol@example.org");
        Result show = ok("accounts users show carol");
        assertThat(show.stdout()).contains("Carol Smith").contains("team").contains("nologin");
        ok("accounts users edit carol --shell scponly --password-disabled true");
        assertThat(accounts.require("carol").shell()).isEqualTo("scponly");
        assertThat(accounts.require("carol").passwordDisabled()).isTrue();

        Path key = TestKeys.generate(tmp.resolve("keys"), "carol", "ed25519");
        // The key line goes unquoted: the last argument takes the rest of the words.
        Result added = ok("accounts users keys add carol " + TestKeys.publicLine(key));
        assertThat(added.stdout()).contains("ssh-ed25519 SHA256:");
        String fingerprint = accounts.keys("carol").get(0).fingerprint();
        assertThat(ok("accounts users keys list carol").stdout()).contains(fingerprint);
        ok("accounts users keys remove carol " + fingerprint);
        assertThat(accounts.keys("carol")).isEmpty();

        ok("accounts users lock carol");
        assertThat(accounts.require("carol").locked()).isTrue();
        ok("accounts users unlock carol");
        ok("accounts groups members remove team carol");
        ok("accounts groups members add team carol");
        ok("accounts groups edit team --name crew --gid 23001");
        assertThat(ok("accounts groups show crew").stdout()).contains("23001").contains("carol");

        Result needsChoice = admin("accounts users delete carol");
        assertThat(needsChoice.exitCode()).isEqualTo(2);
        assertThat(needsChoice.stderr()).contains("add --delete-home or --keep-home");
        Path home = accounts.homeOf(accounts.require("carol"));
        assertThat(home).isDirectory();
        ok("accounts users delete carol --delete-home");
        assertThat(home).doesNotExist();
        ok("accounts groups delete crew");

        List<AuditEntry> audit = appliance.bean(AuditLog.class).find(Optional.of("admin"), Optional.of("change"),
                Optional.empty(), 100);
        assertThat(audit).allMatch(e -> e.address().equals("127.0.0.1"));
        assertThat(audit).extracting(AuditEntry::action).contains("accounts groups add team", "accounts users add carol",
                "accounts users edit carol", "accounts users delete carol", "accounts groups delete crew");
        assertThat(audit).anyMatch(e -> e.action().equals("accounts users edit carol")
                && e.detail().contains("shell=scponly"));
    }

    @Test
    void passwdInExecModeReadsThePasswordFromStandardInput() {
        accounts.add(TEST, "dave", UserChanges.NONE.withShell("bash"));
        Result r = appliance.admin().stdin("stdin-password-1\n").exec("accounts users passwd dave");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        Result login = appliance.ssh("dave").password("stdin-password-1").exec("true");
        assertThat(login.exitCode()).as(login.toString()).isNotEqualTo(255);
        Result none = appliance.admin().stdin("").exec("accounts users passwd dave");
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.stderr()).contains("no password given");
    }

    @Test
    void confirmationsRefuseInExecModeUnlessYes() {
        Result r = admin("ssh hostkeys regenerate ecdsa");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.stderr()).contains("add --yes to confirm");
        String before = ok("ssh hostkeys list").stdout();
        Result yes = ok("ssh hostkeys regenerate ecdsa --yes");
        assertThat(yes.stdout()).contains("new ECDSA host key: 256 SHA256:");
        String after = ok("ssh hostkeys list").stdout();
        assertThat(after).isNotEqualTo(before);
        // only the regenerated type changed; clients of the other keys see nothing new
        java.util.function.Function<String, java.util.List<String>> others = list -> list.lines()
                .filter(l -> !l.toUpperCase(java.util.Locale.ROOT).contains("ECDSA")).toList();
        assertThat(others.apply(after)).isEqualTo(others.apply(before)).isNotEmpty();
        String newFingerprint = yes.stdout().replaceAll("(?s).*(SHA256:[A-Za-z0-9+/]+).*", "$1");
        assertThat(after).contains(newFingerprint);
        assertThat(before).doesNotContain(newFingerprint);
        assertThat(appliance.bean(AuditLog.class).find(Optional.of("admin"), Optional.empty(), Optional.empty(), 50))
                .anyMatch(e -> e.action().equals("ssh hostkeys regenerate ecdsa"));
        Result stop = admin("services stop ssh");
        assertThat(stop.exitCode()).isEqualTo(1);
        assertThat(stop.stderr()).contains("no new SSH login will be possible").contains("add --yes");
        ok("services list");
    }

    @Test
    void readOnlyAdministratorsMayListAndShowOnly() {
        OpenSsh auditor = appliance.ssh("auditor").password(PASSWORD);
        for (String allowed : List.of("services list", "ssh show --json", "accounts users list", "help",
                "accounts users add --help", "ssh hostkeys list", "accounts groups show admins")) {
            Result r = auditor.exec(allowed);
            assertThat(r.exitCode()).as(allowed + "\n" + r).isZero();
        }
        for (String refused : List.of("accounts users add eve", "ssh set --tcp-port 2022", "services stop ssh --yes",
                "services restart ssh", "accounts users passwd admin --password whatever-123",
                "ssh hostkeys regenerate rsa --yes", "accounts groups members add admins auditor")) {
            Result r = auditor.exec(refused);
            assertThat(r.exitCode()).as(refused + "\n" + r).isEqualTo(1);
            assertThat(r.stderr()).contains("changes the appliance, and members of readonly-admins may only run list,"
                    + " show and help commands");
        }
        assertThat(accounts.find("eve")).isEmpty();
        assertThat(accounts.require("auditor").isMemberOf(Accounts.ADMINS)).isFalse();
        assertThat(appliance.bean(AuditLog.class).find(Optional.of("auditor"), Optional.of("change"), Optional.empty(),
                50)).anyMatch(e -> e.action().equals("accounts users add") && e.outcome().equals("refused"));
    }

    @Test
    void anAccountWithTheConsoleShellOutsideTheAdminGroupsIsRefusedAtLogin() {
        Result r = appliance.ssh("mallory").password(PASSWORD).exec("services list");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(255);
        assertThat(r.stderr()).contains("Permission denied");
        assertThat(appliance.bean(AuditLog.class).find(Optional.of("mallory"), Optional.of("login"), Optional.empty(),
                10)).anyMatch(e -> e.outcome().equals("refused") && e.detail().contains("console shell"));
    }

    @Test
    void menusAloneListTheirCommandsAndExitWordsDoNothing() {
        assertThat(ok("accounts users keys").stdout()).contains("accounts users keys add")
                .contains("accounts users keys list").doesNotContain("accounts groups");
        assertThat(ok("help ssh hostkeys").stdout()).contains("ssh hostkeys regenerate");
        assertThat(ok("exit").stdout()).isEmpty();
        Result empty = admin("''");
        assertThat(empty.exitCode()).isEqualTo(2);
    }

    static void assertUsage(Result r, String message) {
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.stderr()).as(r.toString()).contains(message);
        assertThat(r.stdout()).as(r.toString()).isEmpty();
    }
}
