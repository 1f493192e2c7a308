package io.portcullis.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.testing.HostUserdb;
import io.portcullis.testing.OpenSsh.Result;
import io.portcullis.testing.Refusals;
import io.portcullis.testing.RunningAppliance;
import io.portcullis.testing.StartedAppliance;
import io.portcullis.testing.TestFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ids never collide with the host (SPEC §4, issue 12): users and groups of the host itself are made as
 * systemd records in the real /run/userdb (names of this test's own), which the host's NSS resolves like
 * /etc/passwd; the appliance takes ids from its range around them, refuses them when given, and reports
 * and fences an account whose stored uid the host took.
 */
class HostIdsTest {

    static final int FIRST = 61100;

    @TempDir
    static Path tmp;
    @RegisterExtension
    static final HostUserdb host = new HostUserdb();
    @StartedAppliance(conf = "accounts.id-range = " + FIRST + "-" + (FIRST + 9))
    static RunningAppliance appliance;
    static String hostUser;
    static String hostGroup;

    /** The appliance asks the host of each id when it gives one out, so the host's may come after its start. */
    @BeforeAll
    static void hostUserAndGroup() {
        hostUser = host.user(HostUserdb.uniqueName("pch"), FIRST, FIRST, Path.of("/nonexistent"), "/usr/sbin/nologin", true);
        hostGroup = host.group(HostUserdb.uniqueName("pcg"), FIRST + 1);
    }

    /** The running appliance's (one test restarts it). */
    static Accounts accounts() {
        return appliance.bean(Accounts.class);
    }

    static Result admin(String command) {
        return appliance.admin().exec(command);
    }

    static void refused(Result r, String... parts) {
        Refusals.assertRefused(r, parts);
    }

    @Test
    void newIdsComeFromTheRangeAndSkipWhatTheHostResolves() {
        assertThat(HostUserdb.getent("passwd", Integer.toString(FIRST))).as("the host resolves its user")
                .startsWith(hostUser + ":");
        Result r = admin("accounts users add alice --shell bash");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        User alice = accounts().require("alice");
        assertThat(alice.uid()).as("uid %d is the host's user", FIRST).isEqualTo(FIRST + 1);
        assertThat(alice.primaryGroup().gid()).as("gid %d is the host's group", FIRST + 1).isNotEqualTo(FIRST + 1)
                .isBetween(FIRST, FIRST + 9);
        assertThat(r.stdout()).contains("uid " + (FIRST + 1));
    }

    @Test
    void givenIdsTheHostUsesOrOutsideTheRangeAreRefusedAndNothingIsSaved() {
        refused(admin("accounts users add bob --uid " + FIRST), "uid " + FIRST + " belongs to the host's user '"
                + hostUser + "'");
        refused(admin("accounts groups add crew --gid " + (FIRST + 1)), "gid " + (FIRST + 1)
                + " belongs to the host's group '" + hostGroup + "'");
        refused(admin("accounts users add bob --uid 5000"), "uid 5000 is outside Portcullis's id range " + FIRST + "-"
                + (FIRST + 9), "accounts.id-range");
        refused(admin("accounts groups add crew --gid 70000"), "gid 70000 is outside");
        refused(admin("accounts users add " + hostUser), "the host has a user named '" + hostUser + "'");
        refused(admin("accounts groups add " + hostGroup), "the host has a group named '" + hostGroup + "'");
        assertThat(accounts().find("bob")).isEmpty();
        assertThat(accounts().findGroup("crew")).isEmpty();

        assertThat(admin("accounts users add carol").exitCode()).isZero();
        int carol = accounts().require("carol").uid();
        refused(admin("accounts users add dan --uid " + carol), "uid " + carol + " is used by the user 'carol'");
        refused(admin("accounts users edit carol --uid " + FIRST), "belongs to the host's user");
        assertThat(accounts().require("carol").uid()).isEqualTo(carol);
    }

    @Test
    void anAccountWhoseUidTheHostTookIsReportedAndFencedUntilItsUidChanges() throws Exception {
        appliance.addUser("erin", "bash");
        User erin = accounts().require("erin");
        Path file = Files.writeString(appliance.home("erin").resolve("notes.txt"), "mine\n");
        Files.setAttribute(file, "unix:uid", erin.uid());
        String taker = host.user(HostUserdb.uniqueName("pct"), erin.uid(), 65534, Path.of("/nonexistent"),
                "/usr/sbin/nologin", true);
        try {
            appliance.restart();
            String line = "uid " + erin.uid() + " of the account 'erin' is also the host's user '" + taker + "'";
            Result list = admin("services list");
            assertThat(list.exitCode()).as("the console stays open to fix it: " + list).isZero();
            assertThat(list.stdout()).contains(line).contains("refused until its uid changes");
            appliance.awaitLog(line);

            Result shell = appliance.user("erin").exec("id -u");
            assertThat(shell.exitCode()).as(shell.toString()).isEqualTo(1);
            assertThat(shell.stdout()).doesNotContain(Integer.toString(erin.uid()));
            assertThat(shell.stderr()).contains(line).contains("accounts users edit erin --uid N");
            Result sftp = appliance.user("erin").sftp("ls\n");
            assertThat(sftp.exitCode()).as(sftp.toString()).isNotZero();

            int free = FIRST + 9;
            Result edit = admin("accounts users edit erin --uid " + free);
            assertThat(edit.exitCode()).as(edit.toString()).isZero();
            assertThat(admin("services list").stdout()).doesNotContain("account 'erin'");
            Result after = appliance.user("erin").exec("id -u; cat notes.txt");
            assertThat(after.exitCode()).as(after.toString()).isZero();
            assertThat(after.stdout()).isEqualTo(free + "\nmine\n");
            assertThat(TestFiles.uidOf(file)).as("what erin owned follows the new uid, as usermod -u").isEqualTo(free);
        } finally {
            host.remove(taker + ".user", erin.uid() + ".user");
        }
    }

    @Test
    void aNewDatabaseMovesBuiltinIdsTheHostUsesAndAnExistingOneKeepsThemReported() throws Exception {
        Path existing = RunningAppliance.withConf(tmp.resolve("existing"));
        int adminUid;
        int adminsGid;
        try (RunningAppliance before = RunningAppliance.start(existing)) {
            // 950 and 544 (V2), unless the host already had them
            adminUid = before.bean(Accounts.class).require("admin").uid();
            adminsGid = before.bean(Accounts.class).requireGroup("admins").gid();
        }
        String takerUser = host.user(HostUserdb.uniqueName("pcb"), adminUid, 65534, Path.of("/nonexistent"),
                "/usr/sbin/nologin", true);
        String takerGroup = host.group(HostUserdb.uniqueName("pcb"), adminsGid);
        try (RunningAppliance kept = RunningAppliance.start(existing)) {
            Accounts a = kept.bean(Accounts.class);
            assertThat(a.require("admin").uid()).isEqualTo(adminUid);
            assertThat(a.requireGroup("admins").gid()).isEqualTo(adminsGid);
            Result list = kept.admin().exec("services list");
            assertThat(list.exitCode()).as(list.toString()).isZero();
            assertThat(list.stdout()).contains("uid " + adminUid + " of the account 'admin' is also the host's user '"
                    + takerUser + "'").contains("gid " + adminsGid + " of the group 'admins' is also the host's group '"
                    + takerGroup + "'");
            Result sftp = kept.admin().sftp("ls\n");
            assertThat(sftp.exitCode()).as("file transfer would act as the host's ids: " + sftp).isNotZero();
            // fixed from the console, which stays open
            assertThat(kept.admin().exec("accounts users edit admin --uid 20950").exitCode()).isZero();
            assertThat(kept.admin().exec("accounts groups edit admins --gid 20544").exitCode()).isZero();
            assertThat(kept.admin().exec("services list").stdout()).doesNotContain("is also the host's");
            Result fixed = kept.admin().sftp("ls\n");
            assertThat(fixed.exitCode()).as(fixed.toString()).isZero();
        }
        try (RunningAppliance fresh = RunningAppliance.start(RunningAppliance.withConf(tmp.resolve("fresh")))) {
            Accounts a = fresh.bean(Accounts.class);
            // 950 and 544 are the host's now (this test's records, if nothing else's)
            assertThat(a.require("admin").uid()).isNotEqualTo(950).isBetween(20000, 59999);
            assertThat(a.requireGroup("admins").gid()).isNotEqualTo(544).isBetween(20000, 59999);
            if (HostUserdb.getent("group", "545").isEmpty()) {
                assertThat(a.requireGroup("readonly-admins").gid()).as("only what the host uses moves").isEqualTo(545);
            }
            assertThat(fresh.bean(io.portcullis.ssh.SshService.class).notes()).noneMatch(n -> n.contains("is also the host's"));
            Result console = fresh.admin().exec("services list");
            assertThat(console.exitCode()).as(console.toString()).isZero();
        }
    }
}
