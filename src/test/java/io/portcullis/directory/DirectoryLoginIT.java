package io.portcullis.directory;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.testing.OpenSsh;
import io.portcullis.testing.OpenSsh.Result;
import io.portcullis.testing.RunningAppliance;
import io.portcullis.testing.Slapd;
import io.portcullis.testing.TestKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Directory users (issue 18) end to end: a private slapd with StartTLS, the openssh-lpk schema and RFC 2307
 * groups; the appliance in this JVM; OpenSSH's ssh, sftp and scp logging in as directory users with their
 * directory password (an LDAP bind) and their sshPublicKey, one for each shell mapping. Then the directory
 * goes down (cached key logins go on, password logins are refused with a log line) and comes back, and a
 * user removed from it loses access after the cache.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DirectoryLoginIT {

    static final String PASSWORD = "directory-password";

    @TempDir
    static Path tmp;

    static Slapd slapd;
    static RunningAppliance appliance;
    static Path aliceKey;
    static Path daveKey;
    static Path weirdKey;

    @BeforeAll
    static void directoryAndAppliance() throws Exception {
        slapd = Slapd.start(tmp.resolve("slapd"));
        aliceKey = TestKeys.generate(tmp.resolve("keys"), "alice", "ed25519");
        daveKey = TestKeys.generate(tmp.resolve("keys"), "dave", "ed25519");
        weirdKey = TestKeys.generate(tmp.resolve("keys"), "weird", "ed25519");
        byte[] notUtf8 = {(byte) 0xff, (byte) 0xfe, 's', 's', 'h', 0x1b, '[', '2', 'J'};
        String forged = "Weird \u001b[31mred\u001b[0m\nINFO forged line";
        slapd.add(Slapd.user("alice", 30001, 30001, PASSWORD, List.of(TestKeys.publicLine(aliceKey)))
                + Slapd.user("bob", 30002, 30002, PASSWORD, List.of())
                + Slapd.user("carol", 30003, 30003, PASSWORD, List.of())
                + Slapd.user("dave", 30004, 30004, PASSWORD, List.of(TestKeys.publicLine(daveKey)),
                        "loginShell: /bin/bash")
                + Slapd.user("erin", 30005, 30005, PASSWORD, List.of())
                + Slapd.user("zero", 0, 30006, PASSWORD, List.of())
                + Slapd.user("hosty", 65534, 30007, PASSWORD, List.of())
                + Slapd.user("frank", 30008, 30008, "frank-in-the-directory", List.of())
                + Slapd.user("weird", 30009, 30009, PASSWORD, List.of(), "sshPublicKey:: "
                        + Base64.getEncoder().encodeToString(notUtf8), "sshPublicKey: not-a-key \u001b]0;title\u0007",
                        "sshPublicKey: " + TestKeys.publicLine(weirdKey)).replace("cn: weird Example",
                        "cn:: " + Base64.getEncoder().encodeToString(forged.getBytes(StandardCharsets.UTF_8)))
                + Slapd.group("pc-sftp", 31000, "alice", "weird")
                + Slapd.group("pc-admins", 31001, "bob")
                + Slapd.group("pc-auditors", 31002, "carol")
                + Slapd.group("admins", 31003, "erin")
                + Slapd.group("alice", 30001));
        Path data = RunningAppliance.withConf(tmp.resolve("data"), slapd.confLines(
                "ldap.admins-groups = pc-admins", "ldap.readonly-admins-groups = pc-auditors",
                "ldap.scponly-groups = pc-sftp", "ldap.login-shell-attribute = yes", "ldap.cache-ttl = 2s",
                "ldap.timeout = 5s"));
        appliance = RunningAppliance.start(data);
        appliance.addUser("frank", "scponly");
    }

    @AfterAll
    static void stop() throws Exception {
        if (appliance != null) {
            appliance.close();
        }
        if (slapd != null) {
            slapd.close();
        }
    }

    static OpenSsh dir(String user) {
        return appliance.ssh(user).password(PASSWORD);
    }

    @Test
    @Order(1)
    void anScponlyDirectoryUserTransfersWithItsPasswordAndItsKeyAndGetsAHomeAtFirstLogin() throws Exception {
        Path upload = Files.writeString(tmp.resolve("report.txt"), "from the directory\n");
        Result put = dir("alice").sftp("put " + upload + " report.txt\n");
        assertThat(put.exitCode()).as(put.toString()).isZero();
        Path home = appliance.dataDir().resolve("home/alice");
        assertThat(home.resolve("report.txt")).hasContent("from the directory");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home))).isEqualTo("rwx------");
        assertThat(Files.getAttribute(home, "unix:uid", LinkOption.NOFOLLOW_LINKS)).isEqualTo(30001);
        assertThat(Files.getAttribute(home.resolve("report.txt"), "unix:uid", LinkOption.NOFOLLOW_LINKS)).isEqualTo(30001);

        Path back = tmp.resolve("back.txt");
        Result get = appliance.ssh("alice").identity(aliceKey).scp("-O",
                appliance.ssh("alice").remote("report.txt"), back.toString());
        assertThat(get.exitCode()).as(get.toString()).isZero();
        assertThat(back).hasContent("from the directory");
        Result modern = appliance.ssh("alice").identity(aliceKey).scp(upload.toString(),
                appliance.ssh("alice").remote("second.txt"));
        assertThat(modern.exitCode()).as(modern.toString()).isZero();

        Result shell = appliance.ssh("alice").identity(aliceKey).exec("id");
        assertThat(shell.exitCode()).isEqualTo(1);
        assertThat(shell.stderr() + shell.stdout()).contains("This account is restricted to scp and sftp.");
        assertThat(appliance.log()).contains("home " + home + " made for the directory user alice");
    }

    @Test
    @Order(2)
    void aWrongDirectoryPasswordIsRefusedAndAudited() {
        Result wrong = appliance.ssh("alice").password("not-it").exec("true");
        assertThat(wrong.exitCode()).isEqualTo(255);
        // the directory would take a DN with an empty password for an anonymous bind, and answer success
        Result empty = appliance.ssh("alice").password("").exec("true");
        assertThat(empty.exitCode()).as(empty.toString()).isEqualTo(255);
        Result audit = appliance.admin().exec("audit list --user alice");
        assertThat(audit.stdout()).contains("password (directory)").contains("wrong password")
                .as("an empty password is a wrong one, never sent as a bind").doesNotContain("directory not answering");
    }

    @Test
    @Order(3)
    void groupsMapToTheAdminConsoleAndTheReadOnlyConsole() {
        Result services = dir("bob").exec("services list");
        assertThat(services.exitCode()).as(services.toString()).isZero();
        assertThat(services.stdout()).contains("directory " + slapd.url() + ": answering");

        Result list = dir("carol").exec("accounts users list --source directory");
        assertThat(list.exitCode()).as(list.toString()).isZero();
        assertThat(list.stdout()).contains("alice").contains("directory");
        Result change = dir("carol").exec("accounts directory refresh");
        assertThat(change.exitCode()).isEqualTo(1);
    }

    @Test
    @Order(4)
    void theLoginShellAttributeGivesARealShellRunningAsTheDirectoryUid() {
        Result id = appliance.ssh("dave").identity(daveKey).exec("id -u; id -g; pwd");
        assertThat(id.exitCode()).as(id.toString()).isZero();
        assertThat(id.stdout().lines().toList()).containsExactly("30004", "30004",
                appliance.dataDir().resolve("home/dave").toString());
    }

    @Test
    @Order(5)
    void everyoneElseGetsNologinAndADirectoryGroupNamedAdminsGivesNothing() {
        Result erin = dir("erin").exec("services list");
        assertThat(erin.exitCode()).isEqualTo(1);
        assertThat(erin.stderr() + erin.stdout()).contains("This account is currently not available.");
        Result show = appliance.admin().exec("accounts users show erin");
        assertThat(show.stdout()).contains("nologin").doesNotContain("admins");
        assertThat(appliance.log()).contains("directory group admins (gid 31003) left out: a local group has its name");
    }

    @Test
    @Order(6)
    void idsOfRootOrOfTheHostAreRefusedAndLogged() {
        assertThat(dir("zero").exec("true").exitCode()).isEqualTo(255);
        assertThat(appliance.awaitLog("is refused: uidNumber 0 is root's")).contains("the directory user zero");
        assertThat(dir("hosty").exec("true").exitCode()).isEqualTo(255);
        appliance.awaitLog("its uid 65534 is also the host's user nobody");
    }

    @Test
    @Order(7)
    void anIdOfALocalAccountIsRefused() throws Exception {
        int frankUid = appliance.bean(io.portcullis.accounts.Accounts.class).require("frank").uid();
        slapd.add(Slapd.user("clash", frankUid, 30010, PASSWORD, List.of()));
        assertThat(dir("clash").exec("true").exitCode()).isEqualTo(255);
        appliance.awaitLog("its uid " + frankUid + " is also the local account frank");
    }

    @Test
    @Order(8)
    void aLocalAccountOfTheSameNameWins() {
        assertThat(appliance.ssh("frank").password("frank-in-the-directory").sftp("ls\n").exitCode()).isEqualTo(255);
        assertThat(appliance.user("frank").sftp("ls\n").exitCode()).isZero();
        Result show = appliance.admin().exec("accounts users show frank");
        assertThat(show.stdout()).contains("local (wins over a directory user of that name)");
        Result list = appliance.admin().exec("accounts users list --source directory");
        assertThat(list.stdout().lines().filter(l -> l.startsWith("frank")).findFirst().orElseThrow())
                .contains("(local wins)");
    }

    @Test
    @Order(9)
    void listingsAndShowSayWhereEachAccountComesFrom() {
        Result local = appliance.admin().exec("accounts users list --source local");
        assertThat(local.stdout()).contains("admin").doesNotContain("alice");
        Result all = appliance.admin().exec("accounts users list");
        assertThat(all.stdout()).contains("admin").contains("alice");
        Result json = appliance.admin().exec("accounts users list --source directory --json");
        assertThat(json.stdout()).contains("\"source\" : \"directory\"").doesNotContain("\"source\" : \"local\"");
        Result show = appliance.admin().exec("accounts users show alice");
        assertThat(show.stdout()).contains("directory").contains("30001").contains("scponly")
                .contains("the directory's (LDAP bind)");
        Result edit = appliance.admin().exec("accounts users lock alice");
        assertThat(edit.exitCode()).isEqualTo(1);
        assertThat(edit.stderr()).contains("comes from the directory: change it there");
    }

    @Test
    @Order(10)
    void controlCharactersAndBytesThatAreNotUtf8AreEscapedOrLeftOut() {
        Result in = appliance.ssh("weird").identity(weirdKey).sftp("ls\n");
        assertThat(in.exitCode()).as(in.toString()).isZero();
        String log = appliance.log();
        assertThat(log).contains("sshPublicKey value 1 is not UTF-8 text; left out")
                .contains("sshPublicKey value 2 left out").doesNotContain("\u001b").doesNotContain("\u0007")
                .doesNotContain("\nINFO forged line");
        Result show = appliance.admin().exec("accounts users show weird");
        assertThat(show.stdout()).contains("Weird \\x1b[31mred\\x1b[0m\\x0aINFO forged line").doesNotContain("\u001b");
    }

    /**
     * The memberOf style of FreeIPA and Active Directory, here from OpenLDAP's memberof overlay: the user's
     * entry names its groups (groupOfNames), and a group maps to the admin console by its name.
     */
    @Test
    @Order(11)
    void memberOfGroupsMapShellsToo() throws Exception {
        slapd.add(Slapd.user("mia", 30020, 30020, PASSWORD, List.of())
                + "dn: cn=ipa-admins," + Slapd.GROUPS + "\nobjectClass: groupOfNames\nobjectClass: extensibleObject\n"
                + "cn: ipa-admins\ngidNumber: 31020\nmember: uid=mia," + Slapd.PEOPLE + "\n\n");
        Path data = RunningAppliance.withConf(tmp.resolve("data-memberof"), slapd.confLines("ldap.membership = memberof",
                "ldap.group-filter = (objectClass=groupOfNames)", "ldap.admins-groups = ipa-admins"));
        try (RunningAppliance memberOf = RunningAppliance.start(data)) {
            Result console = memberOf.ssh("mia").password(PASSWORD).exec("accounts users show mia");
            assertThat(console.exitCode()).as(console.toString()).isZero();
            assertThat(console.stdout()).contains("console").contains("ipa-admins").contains("admins");
        }
    }

    @Test
    @Order(20)
    void whileTheDirectoryIsDownCachedKeyLoginsGoOnAndPasswordLoginsAreRefused() throws Exception {
        assertThat(appliance.ssh("alice").identity(aliceKey).sftp("ls\n").exitCode()).isZero();
        slapd.stop();
        try {
            Result key = appliance.ssh("alice").identity(aliceKey).sftp("ls\n");
            assertThat(key.exitCode()).as(key.toString()).isZero();
            assertThat(dir("alice").sftp("ls\n").exitCode()).isEqualTo(255);
            appliance.awaitLog("password login of the directory user alice from 127.0.0.1 refused: the directory could"
                    + " not check it");
            Result services = appliance.admin().exec("services list");
            assertThat(services.stdout()).contains("directory " + slapd.url() + ": FAILING since");
            assertThat(appliance.admin().exec("true").exitCode()).as("a local account is not held up").isNotEqualTo(255);
            Result refresh = appliance.admin().exec("accounts directory refresh");
            assertThat(refresh.stdout()).contains("the directory does not answer now");
            assertThat(appliance.ssh("alice").identity(aliceKey).sftp("ls\n").exitCode())
                    .as("a refresh keeps cached users while the directory is down").isZero();
        } finally {
            slapd.start();
        }
        Result back = dir("alice").sftp("ls\n");
        assertThat(back.exitCode()).as(back.toString()).isZero();
        appliance.awaitLog("answers again");
    }

    @Test
    @Order(21)
    void aUserRemovedFromTheDirectoryLosesAccessAfterTheCache() throws Exception {
        assertThat(appliance.ssh("dave").identity(daveKey).exec("true").exitCode()).isZero();
        slapd.delete("uid=dave," + Slapd.PEOPLE);
        // the cache lives 2 s here: logins go on until it expires, then the directory's answer counts
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> appliance.ssh("dave").identity(daveKey).exec("true").exitCode() == 255);
        appliance.awaitLog("dave is no longer a usable directory user");
    }

    @Test
    @Order(22)
    void refreshMakesAChangeApplyAtTheNextLoginBeforeTheCacheExpires() throws Exception {
        Path data = RunningAppliance.withConf(tmp.resolve("data-long-cache"), slapd.confLines(
                "ldap.scponly-groups = pc-sftp", "ldap.cache-ttl = 1h"));
        try (RunningAppliance longCache = RunningAppliance.start(data)) {
            assertThat(longCache.ssh("alice").identity(aliceKey).sftp("ls\n").exitCode()).isZero();
            // out of pc-sftp, she would get nologin, but the cache holds her for an hour
            slapd.modify("dn: cn=pc-sftp," + Slapd.GROUPS + "\nchangetype: modify\ndelete: memberUid\nmemberUid: alice\n");
            assertThat(longCache.ssh("alice").identity(aliceKey).sftp("ls\n").exitCode()).isZero();
            Result refresh = longCache.admin().exec("accounts directory refresh");
            assertThat(refresh.exitCode()).as(refresh.toString()).isZero();
            assertThat(refresh.stdout()).contains("will be looked up again at the next login");
            Result after = longCache.ssh("alice").identity(aliceKey).sftp("ls\n");
            assertThat(after.exitCode()).isNotZero();
            assertThat(after.stdout() + after.stderr()).contains("This account is currently not available.");
        }
    }
}
