package io.portcullis.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.accounts.Accounts;
import io.portcullis.accounts.User;
import io.portcullis.testing.HostUserdb;
import io.portcullis.testing.OpenSsh;
import io.portcullis.testing.OpenSsh.Result;
import io.portcullis.testing.OpenSshServer;
import io.portcullis.testing.RunningAppliance;
import io.portcullis.testing.StartedAppliance;
import io.portcullis.testing.TestKeys;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Publishing opens no other door (issue 12): an account the host resolves through its systemd record, with
 * a key in its home's ~/.ssh/authorized_keys and a password, is refused by the host's own OpenSSH sshd
 * (Debian's UsePAM yes, StrictModes, forwarding allowed), by su and by login, while Portcullis lets the same
 * key in. A host user whose record lacks the fence (unlocked, a real shell) gets in the same way, which shows
 * what the fence does.
 */
class HostDoorTest {

    static final int FIRST = 61140;

    @TempDir
    static Path tmp;
    /** Made before the appliance starts, so that /run/userdb is there for it (as systemd makes it on a host). */
    @RegisterExtension
    static final HostUserdb host = new HostUserdb();
    @StartedAppliance(conf = {"accounts.userdb-dir = /run/userdb", "accounts.id-range = " + FIRST + "-" + (FIRST + 8)})
    static RunningAppliance appliance;
    static OpenSshServer sshd;
    static String account;
    static Path key;

    @BeforeAll
    static void start() throws Exception {
        account = HostUserdb.uniqueName("pcd");
        appliance.addUser(account, "bash");
        key = TestKeys.generate(tmp.resolve("keys"), "door", "ed25519");
        User user = appliance.bean(Accounts.class).require(account);
        authorize(appliance.home(account), user.uid(), user.primaryGroup().gid());
        sshd = OpenSshServer.startLikeTheHosts(tmp.resolve("sshd"));
    }

    /** ~/.ssh/authorized_keys as ssh-copy-id leaves it: the account's own, 0700 and 0600. */
    static void authorize(Path home, int uid, int gid) throws Exception {
        Path dir = Files.createDirectories(home.resolve(".ssh"));
        Path file = Files.writeString(dir.resolve("authorized_keys"), TestKeys.publicLine(key) + "\n");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        for (Path p : List.of(home, dir, file)) {
            Files.setAttribute(p, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(p, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
        }
    }

    @AfterAll
    static void stop() {
        if (sshd != null) {
            sshd.close();
        }
    }

    static OpenSsh toHost(String user) {
        return OpenSsh.to(sshd.port(), user).timeout(30);
    }

    @Test
    void portcullisTakesTheKeyButTheHostsSshdRefusesKeyPasswordAndForwarding() {
        assertThat(HostUserdb.getent("passwd", account)).as("the host resolves the account").isNotEmpty();
        Result portcullis = appliance.ssh(account).identity(key).exec("echo in");
        assertThat(portcullis.stdout()).as("the key and its file are good: " + portcullis).isEqualTo("in\n");

        Result byKey = toHost(account).identity(key).exec("echo in");
        assertThat(byKey.exitCode()).as(byKey + sshd.log()).isEqualTo(255);
        assertThat(byKey.stdout()).isEmpty();
        Result byPassword = toHost(account).password(RunningAppliance.USER_PASSWORD).exec("echo in");
        assertThat(byPassword.exitCode()).as(byPassword.toString()).isEqualTo(255);
        assertThat(byPassword.stdout()).isEmpty();
        // -N asks for no shell: a nologin shell would not stop it; authentication itself must fail
        int free = RunningAppliance.freePort();
        Result forward = toHost(account).identity(key).ssh(List.of("-N", "-L", free + ":127.0.0.1:" + appliance.port()));
        assertThat(forward.exitCode()).as(forward.toString()).isEqualTo(255);
        assertThat(forward.stderr()).contains("Permission denied");
        assertThat(sshd.log()).contains("User " + account + " not allowed because shell");
    }

    @Test
    void withoutTheFenceTheSameSetUpLetsAHostUserIn() throws Exception {
        String open = HostUserdb.uniqueName("pco");
        int uid = FIRST + 8;
        Path home = Files.createDirectories(tmp.resolve("open-home"));
        host.user(open, uid, uid, home, "/bin/bash", false);
        authorize(home, uid, uid);
        Result in = toHost(open).identity(key).exec("echo in");
        assertThat(in.stdout()).as(in + sshd.log()).isEqualTo("in\n");
    }

    @Test
    void suAndLoginRefuseTheAccount() throws Exception {
        String asRoot = run(List.of("su", account, "-c", "id"));
        assertThat(asRoot).contains("expired").doesNotContainPattern("uid=\\d+\\(");
        String withPassword = expect("spawn setpriv --reuid=65534 --regid=65534 --clear-groups su " + account
                + " -c id; expect -re {[Pp]assword:}; send \"" + RunningAppliance.USER_PASSWORD + "\\r\"; expect eof");
        assertThat(withPassword).contains("Authentication failure").doesNotContainPattern("uid=\\d+\\(");
        String login = expect("spawn login -f " + account + "; expect { -re {expired|failure} {} timeout {} }; send \"id\\r\";"
                + " expect eof");
        assertThat(login).contains("expired").doesNotContainPattern("uid=\\d+\\(");
    }

    private static String expect(String script) throws Exception {
        return run(List.of("expect", "-c", "set timeout 20; " + script));
    }

    private static String run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        return out;
    }
}
