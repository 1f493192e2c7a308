package io.portcullis.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.accounts.Accounts;
import io.portcullis.accounts.UserChanges;
import io.portcullis.audit.AuditLog.Actor;
import io.portcullis.settings.SshConfiguration;
import io.portcullis.settings.SshSetting;
import io.portcullis.settings.SshSettings;
import io.portcullis.testing.OpenSsh.Result;
import io.portcullis.testing.Refusals;
import io.portcullis.testing.RunningAppliance;
import io.portcullis.testing.StartedAppliance;
import io.portcullis.testing.Settings;
import io.portcullis.testing.TestKeys;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Password and key logins through the real OpenSSH client, allowed and refused per SPEC §3/§4. */
class LoginTest {

    @TempDir
    static Path tmp;
    @StartedAppliance
    static RunningAppliance appliance;
    static Accounts accounts;
    static final Actor TEST = new Actor("test", "local");
    static final String PASSWORD = "s3cret-password";

    @BeforeAll
    static void start() {
        accounts = appliance.bean(Accounts.class);
        accounts.add(TEST, "alice", UserChanges.NONE.withPassword(PASSWORD).withShell("bash"));
        accounts.add(TEST, "locky", UserChanges.NONE.withPassword(PASSWORD).withShell("bash"));
        accounts.setLocked(TEST, "locky", true);
        accounts.add(TEST, "nopass", UserChanges.NONE.withPassword(PASSWORD).withShell("bash"));
        accounts.edit(TEST, "nopass", new UserChanges(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(true), Optional.empty()));
        accounts.setPassword(TEST, "root", PASSWORD);
    }

    @Test
    void adminLogsInWithPassword() {
        Result r = appliance.admin().exec("help");
        assertThat(r.exitCode()).as(r.toString()).isZero();
    }

    @Test
    void userLogsInWithPassword() {
        Result r = appliance.ssh("alice").password(PASSWORD).exec("true");
        assertThat(r.exitCode()).as(r.toString()).isZero();
    }

    @Test
    void userLogsInWithEd25519KeyAndOtherKeysAreRefused() {
        Path key = TestKeys.generate(tmp.resolve("keys"), "alice-ed25519", "ed25519");
        Path stranger = TestKeys.generate(tmp.resolve("keys"), "stranger", "ed25519");
        accounts.addKey(TEST, "alice", TestKeys.publicLine(key));

        Result ok = appliance.ssh("alice").identity(key).exec("true");
        assertThat(ok.exitCode()).as(ok.toString()).isZero();
        Result refused = appliance.ssh("alice").identity(stranger).exec("true");
        assertRefused(refused);
    }

    @Test
    void keyLoginWorksWhenPasswordLoginsAreOff() {
        Path key = TestKeys.generate(tmp.resolve("keys2"), "nopass-key", "ecdsa");
        accounts.addKey(TEST, "nopass", TestKeys.publicLine(key));
        Result r = appliance.ssh("nopass").identity(key).exec("true");
        assertThat(r.exitCode()).as(r.toString()).isZero();
    }

    @Test
    void wrongPasswordAndUnknownUserGetTheSameAnswer() {
        Result wrong = appliance.ssh("alice").password("not-the-password").exec("true");
        Result unknown = appliance.ssh("nosuchuser").password("not-the-password").exec("true");
        assertRefused(wrong);
        assertRefused(unknown);
        assertThat(unknown.stderr().replace("nosuchuser@", "alice@")).isEqualTo(wrong.stderr());
    }

    @Test
    void lockedUserIsRefusedEvenWithTheRightPassword() {
        assertRefused(appliance.ssh("locky").password(PASSWORD).exec("true"));
    }

    @Test
    void passwordDisabledUserIsRefusedByPassword() {
        assertRefused(appliance.ssh("nopass").password(PASSWORD).exec("true"));
    }

    @Test
    void rootByPasswordFollowsTheSettingWithoutRestart() {
        SshConfiguration config = appliance.bean(SshConfiguration.class);
        SshSettings saved = config.saved();
        assertThat(saved.get(SshSetting.ROOT_LOGIN_WITH_PASSWORD)).isFalse();
        assertRefused(appliance.ssh("root").password(PASSWORD).exec("true"));

        Settings.store(appliance, saved.with(SshSetting.ROOT_LOGIN_WITH_PASSWORD, true));
        try {
            Result r = appliance.ssh("root").password(PASSWORD).exec("help");
            assertThat(r.exitCode()).as(r.toString()).isZero();
        } finally {
            Settings.store(appliance, saved);
        }
    }

    @Test
    void refusedAndAcceptedLoginsAreAudited() {
        appliance.ssh("alice").password("not-the-password").exec("true");
        var entries = appliance.bean(io.portcullis.audit.AuditLog.class)
                .find(Optional.of("alice"), Optional.of("login"), Optional.empty(), 100);
        assertThat(entries).anyMatch(e -> e.outcome().equals("refused") && e.detail().equals("wrong password")
                && e.address().equals("127.0.0.1"));
        assertThat(entries).noneMatch(e -> e.detail().contains("not-the-password"));
    }

    /** OpenSSH's answer to a refused login: exit 255 and "Permission denied". */
    static void assertRefused(Result r) {
        Refusals.assertLoginRefused(r);
    }
}
