package io.portcullis.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portcullis.audit.AuditLog.Actor;
import io.portcullis.audit.AuditLog;
import io.portcullis.testing.RunningAppliance;
import io.portcullis.testing.StartedAppliance;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The accounts model of SPEC §4 against the real store: builtins, ids, homes, validation, audit. */
class AccountsTest {

    @StartedAppliance
    static RunningAppliance appliance;
    static Accounts accounts;
    static final Actor ACTOR = new Actor("tester", "192.0.2.1");

    @BeforeAll
    static void start() {
        accounts = appliance.bean(Accounts.class);
    }

    @Test
    void builtinAccountsAndGroupsExistWithoutUsablePasswordsOtherThanAdmins() {
        User root = accounts.require("root");
        assertThat(root.uid()).isZero();
        assertThat(root.shell()).isEqualTo("console");
        assertThat(root.isMemberOf("admins")).isTrue();
        assertThat(root.hasPassword()).isFalse();
        assertThat(accounts.homeOf(root)).isEqualTo(appliance.dataDir().resolve("home").toAbsolutePath());
        User admin = accounts.require("admin");
        assertThat(admin.isMemberOf("admins")).isTrue();
        assertThat(admin.shell()).isEqualTo("console");
        assertThat(accounts.groups()).extracting(Group::name).contains("admins", "readonly-admins");
        assertThatThrownBy(() -> accounts.delete(ACTOR, "admin", false)).hasMessageContaining("builtin");
        assertThatThrownBy(() -> accounts.deleteGroup(ACTOR, "admins")).hasMessageContaining("builtin");
        assertThatThrownBy(() -> accounts.editGroup(ACTOR, "readonly-admins", Optional.of("ro"), Optional.empty()))
                .hasMessageContaining("builtin");
    }

    @Test
    void newUserGetsNextFreeIdsOwnGroupAndAHomeWithItsMode() throws Exception {
        User erin = accounts.add(ACTOR, "erin", UserChanges.NONE.withShell("bash"));
        User fred = accounts.add(ACTOR, "fred", UserChanges.NONE);
        assertThat(erin.uid()).isBetween(20000, 59999);
        assertThat(fred.uid()).isGreaterThan(erin.uid());
        assertThat(erin.primaryGroup().name()).isEqualTo("erin");
        assertThat(fred.shell()).isEqualTo(Accounts.DEFAULT_SHELL);
        Path home = accounts.homeOf(erin);
        assertThat(home).isEqualTo(appliance.dataDir().resolve("home/erin").toAbsolutePath());
        assertThat(Files.getPosixFilePermissions(home)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        if (io.portcullis.host.ProcessIdentity.isRoot()) {
            assertThat(Files.getAttribute(home, "unix:uid", LinkOption.NOFOLLOW_LINKS)).isEqualTo(erin.uid());
            assertThat(Files.getAttribute(home, "unix:gid", LinkOption.NOFOLLOW_LINKS)).isEqualTo(erin.primaryGroup().gid());
        }
    }

    @Test
    void explicitHomeModeAndGroups() throws Exception {
        accounts.addGroup(ACTOR, "crew", Optional.of(24000));
        User gina = accounts.add(ACTOR, "gina", new UserChanges(Optional.of("Gina G"), Optional.of(25000),
                Optional.of("crew"), Optional.of(List.of("readonly-admins")), Optional.of("home/g"), Optional.of("750"),
                Optional.of("sh"), Optional.empty(), Optional.empty(), Optional.of("gina@example.org")));
        assertThat(gina.uid()).isEqualTo(25000);
        assertThat(gina.primaryGroup().gid()).isEqualTo(24000);
        assertThat(gina.isMemberOf("readonly-admins")).isTrue();
        assertThat(Files.getPosixFilePermissions(appliance.dataDir().resolve("home/g")))
                .isEqualTo(PosixFilePermissions.fromString("rwxr-x---"));
        assertThat(accounts.members("crew")).containsExactly("gina");
        assertThatThrownBy(() -> accounts.deleteGroup(ACTOR, "crew")).hasMessageContaining("primary group of gina");
    }

    @Test
    void invalidOrConflictingInputIsRefusedAndNothingIsSaved() {
        int before = accounts.users().size();
        assertThatThrownBy(() -> accounts.add(ACTOR, "Bad Name", UserChanges.NONE)).hasMessageContaining("username");
        assertThatThrownBy(() -> accounts.add(ACTOR, "admin", UserChanges.NONE)).hasMessageContaining("taken");
        assertThatThrownBy(() -> accounts.add(ACTOR, "hank", UserChanges.NONE.withShell("/usr/bin/python3")))
                .hasMessageContaining("shell");
        assertThatThrownBy(() -> accounts.add(ACTOR, "hank", UserChanges.NONE.withPassword("short")))
                .hasMessageContaining("at least 8");
        assertThatThrownBy(() -> accounts.add(ACTOR, "hank", new UserChanges(Optional.empty(), Optional.of(950),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty()))).hasMessageContaining("uid 950 is outside Portcullis's id range 20000-59999");
        assertThatThrownBy(() -> accounts.add(ACTOR, "hank", new UserChanges(Optional.empty(), Optional.empty(),
                Optional.of("nosuchgroup"), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty()))).hasMessageContaining("no group named 'nosuchgroup'");
        assertThat(accounts.users()).hasSize(before);
        assertThat(accounts.find("hank")).isEmpty();
        assertThat(accounts.findGroup("hank")).isEmpty();
        assertThat(appliance.dataDir().resolve("home/hank")).doesNotExist();
    }

    @Test
    void keysDeleteAndAuditWithSecretsMasked() {
        accounts.add(ACTOR, "ivy", UserChanges.NONE.withPassword("ivy-secret-pw"));
        UserKey key = accounts.addKey(ACTOR, "ivy",
                "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl ivy@laptop");
        assertThat(accounts.keys("ivy")).extracting(UserKey::fingerprint).containsExactly(key.fingerprint());
        assertThatThrownBy(() -> accounts.addKey(ACTOR, "ivy", key.authorizedKeysLine())).hasMessageContaining("already");
        accounts.removeKey(ACTOR, "ivy", key.fingerprint());
        assertThat(accounts.keys("ivy")).isEmpty();
        accounts.setPassword(ACTOR, "ivy", "another-secret-pw");
        accounts.delete(ACTOR, "ivy", true);
        assertThat(accounts.find("ivy")).isEmpty();
        assertThat(accounts.findGroup("ivy")).isEmpty();
        assertThat(appliance.dataDir().resolve("home/ivy")).doesNotExist();

        var entries = appliance.bean(AuditLog.class).find(Optional.of("tester"), Optional.of("change"), Optional.empty(), 500);
        assertThat(entries).anyMatch(e -> e.action().equals("accounts users add ivy") && e.address().equals("192.0.2.1")
                && e.detail().contains("password=********"));
        assertThat(entries).anyMatch(e -> e.action().equals("accounts users delete ivy"));
        assertThat(entries).noneMatch(e -> e.detail().contains("secret-pw"));
    }
}
