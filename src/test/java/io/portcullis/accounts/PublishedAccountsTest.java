package io.portcullis.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.testing.HostUserdb;
import io.portcullis.testing.OpenSsh.Result;
import io.portcullis.testing.RunningAppliance;
import io.portcullis.testing.StartedAppliance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host knows the accounts by name (SPEC §4, issue 12): with the host's real /run/userdb and NSS, each
 * account and group is a systemd record, resolved by getent and by the programs in a login shell, in step
 * with every change, gone when the appliance stops. Names and ids are this test's own, so other appliances
 * on the machine never meet them.
 */
class PublishedAccountsTest {

    static final int FIRST = 61120;
    static final String ID_RANGE = "accounts.id-range = " + FIRST + "-" + (FIRST + 19);

    @TempDir
    static Path tmp;
    /** Made before the appliance starts, so that /run/userdb is there for it (as systemd makes it on a host). */
    @RegisterExtension
    static final HostUserdb host = new HostUserdb();
    @StartedAppliance(conf = {"accounts.userdb-dir = /run/userdb", ID_RANGE})
    static RunningAppliance appliance;
    static String user;

    @BeforeAll
    static void start() {
        user = HostUserdb.uniqueName("pca");
        appliance.addUser(user, "bash");
    }

    static Path conf(Path data, String userdb) throws Exception {
        return RunningAppliance.withConf(data, "accounts.userdb-dir = " + userdb, ID_RANGE);
    }

    static Accounts accounts() {
        return appliance.bean(Accounts.class);
    }

    static Result admin(String command) {
        return appliance.adminSucceeds(command);
    }

    @Test
    void theHostResolvesAccountsAndGroupsByNameAndIdWithoutAnyPassword() throws Exception {
        User u = accounts().require(user);
        assertThat(HostUserdb.getent("passwd", user)).isEqualTo(user + ":x:" + u.uid() + ":" + u.primaryGroup().gid()
                + ":" + user + ":" + appliance.home(user) + ":" + SystemdUserRecords.NO_HOST_SHELL);
        assertThat(HostUserdb.getent("passwd", Integer.toString(u.uid()))).startsWith(user + ":");
        assertThat(HostUserdb.getent("group", Integer.toString(u.primaryGroup().gid()))).startsWith(user + ":");
        assertThat(HostUserdb.getent("shadow", user)).as("locked, no hash").startsWith(user + ":!");

        Path record = HostUserdb.DIR.resolve(user + ".user");
        assertThat(Files.getPosixFilePermissions(record)).isEqualTo(PosixFilePermissions.fromString("rw-r--r--"));
        String text = Files.readString(record);
        assertThat(text).doesNotContain("hashedPassword").doesNotContain("privileged")
                .doesNotContain(u.passwordHash().orElseThrow()).contains("\"locked\":true");
        assertThat(Files.readSymbolicLink(HostUserdb.DIR.resolve(u.uid() + ".user"))).isEqualTo(Path.of(user + ".user"));
    }

    @Test
    void everyChangeIsPublishedAtOnce() {
        String member = HostUserdb.uniqueName("pcm");
        String group = HostUserdb.uniqueName("pcg");
        String renamed = HostUserdb.uniqueName("pcr");
        appliance.addUser(member, "bash");
        admin("accounts groups add " + group);
        admin("accounts groups members add " + group + " " + member);
        assertThat(HostUserdb.getent("group", group)).endsWith(":" + member);
        assertThat(HostUserdb.getent("passwd", member)).isNotEmpty();
        Result groups = appliance.user(member).exec("id -Gn");
        assertThat(groups.stdout()).as(groups.toString()).isEqualTo(member + " " + group + "\n");

        admin("accounts groups edit " + group + " --name " + renamed);
        assertThat(HostUserdb.getent("group", group)).isEmpty();
        assertThat(HostUserdb.getent("group", renamed)).endsWith(":" + member);
        admin("accounts groups members remove " + renamed + " " + member);
        assertThat(HostUserdb.getent("group", renamed)).endsWith(":");
        int uid = accounts().require(member).uid();
        int free = FIRST + 19;
        admin("accounts users edit " + member + " --uid " + free);
        assertThat(HostUserdb.getent("passwd", Integer.toString(uid))).isEmpty();
        assertThat(HostUserdb.getent("passwd", Integer.toString(free))).startsWith(member + ":");
        admin("accounts groups delete " + renamed);
        assertThat(HostUserdb.getent("group", renamed)).isEmpty();
        admin("accounts users delete " + member + " --delete-home");
        assertThat(HostUserdb.getent("passwd", member)).isEmpty();
        assertThat(HostUserdb.getent("passwd", Integer.toString(free))).isEmpty();
        assertThat(HostUserdb.getent("group", member)).isEmpty();
    }

    @Test
    void programsInALoginShellKnowWhoTheyAre() {
        admin("accounts users edit " + user + " --full-name 'Pat Example'");
        User u = accounts().require(user);
        Result r = appliance.user(user).exec("id; whoami; ls -ld ~; ps -o user= -p $$;"
                + " ssh -o BatchMode=yes -o StrictHostKeyChecking=no -o ConnectTimeout=5 -p 9 127.0.0.1 true;"
                + " EMAIL=pat@example.org git var GIT_COMMITTER_IDENT");
        assertThat(r.stdout()).as(r.toString())
                .contains("uid=" + u.uid() + "(" + user + ") gid=" + u.primaryGroup().gid() + "(" + user + ")")
                .contains("\n" + user + "\n")
                .contains(" " + user + " " + user + " ")
                .contains("Pat Example <pat@example.org>");
        assertThat(r.stdout().lines().filter(l -> l.strip().equals(user))).as("whoami and ps").hasSize(2);
        assertThat(r.stderr()).doesNotContain("No user exists").doesNotContain("unable to look up")
                .doesNotContain("cannot find name");

        Result prompt = appliance.user(user).stdin("exit\n").ssh(List.of("-tt"));
        assertThat(prompt.stdout()).as(prompt.toString()).contains(user + "@").doesNotContain("I have no name");
    }

    @Test
    void stopRemovesTheRecordsAndStartRewritesThemClearingACrashsLeftovers() throws Exception {
        int uid = accounts().require(user).uid();
        appliance.close();
        assertThat(HostUserdb.getent("passwd", user)).as("gone with the appliance").isEmpty();
        assertThat(HostUserdb.DIR.resolve(uid + ".user")).doesNotExist();

        // as a crash would leave one: a record of this data directory whose account is no more
        String ghost = HostUserdb.uniqueName("pcx");
        Path stale = HostUserdb.DIR.resolve(ghost + ".user");
        Files.writeString(stale, "{\"userName\":\"" + ghost + "\",\"uid\":" + (FIRST + 18) + ",\"gid\":" + (FIRST + 18)
                + ",\"" + SystemdUserRecords.WRITER + "\":\"" + appliance.dataDir().toAbsolutePath().normalize() + "\"}");
        Files.createSymbolicLink(HostUserdb.DIR.resolve((FIRST + 18) + ".user"), Path.of(ghost + ".user"));
        try {
            assertThat(HostUserdb.getent("passwd", ghost)).isNotEmpty();
            appliance.restart();
            assertThat(HostUserdb.getent("passwd", ghost)).isEmpty();
            assertThat(HostUserdb.DIR.resolve((FIRST + 18) + ".user")).doesNotExist();
            assertThat(HostUserdb.getent("passwd", user)).startsWith(user + ":x:" + uid + ":");
        } finally {
            Files.deleteIfExists(HostUserdb.DIR.resolve((FIRST + 18) + ".user"));
            Files.deleteIfExists(stale);
        }
    }

    @Test
    void aRecordPortcullisDidNotWriteIsNeverReplacedAndTheAccountNotPublished() throws Exception {
        String name = HostUserdb.uniqueName("pcn");
        admin("accounts users add " + name);
        appliance.close();
        host.user(name, 65534, 65534, Path.of("/nonexistent"), "/usr/sbin/nologin", true);
        String hostRecord = Files.readString(HostUserdb.DIR.resolve(name + ".user"));
        appliance.restart();
        assertThat(Files.readString(HostUserdb.DIR.resolve(name + ".user"))).isEqualTo(hostRecord);
        assertThat(HostUserdb.getent("passwd", name)).startsWith(name + ":x:65534:");
        assertThat(appliance.admin().exec("services list").stdout())
                .contains("the host has a user named '" + name + "' (uid 65534): Portcullis's account of that name is not"
                        + " published");
        admin("accounts users delete " + name + " --delete-home");
        assertThat(HostUserdb.DIR.resolve(name + ".user")).as("still the host's").exists();
    }

    @Test
    void servicesListSaysWhetherTheHostResolvesTheNames() throws Exception {
        assertThat(admin("services list").stdout()).contains("ssh: the host resolves the accounts' names");
        try (RunningAppliance off = RunningAppliance.start(conf(tmp.resolve("off"), "none"))) {
            Result r = off.admin().exec("services list");
            assertThat(r.stdout()).as(r.toString()).contains("ssh: the host does not resolve the accounts' names")
                    .contains("accounts.userdb-dir is none");
        }
    }
}
