package io.portcullis.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.portcullis.testing.EchoServer;
import io.portcullis.testing.OpenSsh;
import io.portcullis.testing.OpenSsh.Result;
import io.portcullis.testing.Refusals;
import io.portcullis.testing.RunningAppliance;
import io.portcullis.testing.StartedAppliance;
import io.portcullis.testing.TestKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Users manage their own keys the OpenSSH way (SPEC §4, issue 12): ~/.ssh/authorized_keys is honoured with
 * StrictModes and its key options, the real ssh-copy-id installs keys (over a shell and over SFTP), and a
 * file that is unsafe, a FIFO, a symbolic link out of the home, huge or garbage costs one log line while
 * the login goes on with the database's keys.
 */
class AuthorizedKeysTest {

    @TempDir
    static Path tmp;
    @StartedAppliance
    static RunningAppliance appliance;
    static EchoServer echo;
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        echo = new EchoServer();
        assertThat(appliance.admin().exec("ssh set --tcp-forwarding true").exitCode()).isZero();
    }

    @AfterAll
    static void stop() throws Exception {
        echo.close();
    }

    static Path key(String name) {
        return TestKeys.generate(tmp.resolve("keys"), name, "ed25519");
    }

    static OpenSsh withKey(String user, Path key) {
        return appliance.ssh(user).identity(key);
    }

    /** Writes the account's ~/.ssh/authorized_keys as the account would own it (0700, 0600). */
    static Path authorize(String user, String text) {
        try {
            Path home = appliance.home(user);
            Path dir = Files.createDirectories(home.resolve(".ssh"));
            Path file = dir.resolve("authorized_keys");
            Files.deleteIfExists(file);
            Files.writeString(file, text);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            giveToAccount(user, dir, file);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void giveToAccount(String user, Path... paths) throws IOException {
        User u = appliance.bean(Accounts.class).require(user);
        for (Path p : paths) {
            Files.setAttribute(p, "unix:uid", u.uid(), LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(p, "unix:gid", u.primaryGroup().gid(), LinkOption.NOFOLLOW_LINKS);
        }
    }

    static void addDatabaseKey(String user, Path key) {
        Result r = appliance.admin().exec("accounts users keys add " + user + " " + TestKeys.publicLine(key));
        assertThat(r.exitCode()).as(r.toString()).isZero();
    }

    static void loggedInAs(Result r) {
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).isEqualTo("in\n");
    }

    static void refused(Result r) {
        Refusals.assertLoginRefused(r);
    }

    static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    /** The real ssh-copy-id from openssh-client, its password given by sshpass, in a home of its own. */
    static Result sshCopyId(String user, Path key, String... extra) throws Exception {
        Path clientHome = Files.createDirectories(tmp.resolve("client-" + user + "/.ssh")).getParent();
        List<String> command = new ArrayList<>(List.of("sshpass", "-e", "ssh-copy-id"));
        command.addAll(List.of(extra));
        command.addAll(List.of("-i", key.toString(), "-p", Integer.toString(appliance.port()),
                "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                "-o", "PreferredAuthentications=publickey,password", user + "@127.0.0.1"));
        ProcessBuilder pb = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().put("HOME", clientHome.toString());
        pb.environment().put("SSHPASS", RunningAppliance.USER_PASSWORD);
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        return new Result(p.exitValue(), out, "");
    }

    @Test
    void sshCopyIdInstallsAKeyForALoginShellAccountAndTheKeyListShowsWhereItIs() throws Exception {
        appliance.addUser("copier", "bash");
        Path key = key("copier");
        refused(withKey("copier", key).exec("echo in"));
        Result copy = sshCopyId("copier", key);
        assertThat(copy.exitCode()).as(copy.toString()).isZero();
        assertThat(copy.stdout()).contains("Number of key(s) added: 1");
        loggedInAs(withKey("copier", key).exec("echo in"));

        Path file = appliance.home("copier").resolve(".ssh/authorized_keys");
        Result list = appliance.admin().exec("accounts users keys list copier");
        assertThat(list.stdout()).as(list.toString()).contains("SOURCE").contains(file + ":1").contains("copier@test");
        Path databaseKey = key("copier-db");
        addDatabaseKey("copier", databaseKey);
        JsonNode keys = JSON.readTree(appliance.admin().exec("accounts users keys list copier --json").stdout());
        assertThat(keys).hasSize(2);
        assertThat(keys.get(0).get("source").asText()).isEqualTo("database");
        assertThat(keys.get(1).get("source").asText()).isEqualTo("file");
        assertThat(keys.get(1).get("file").asText()).isEqualTo(file.toString());
        assertThat(keys.get(1).get("line").asInt()).isEqualTo(1);
    }

    @Test
    void sshCopyIdOverSftpInstallsAKeyForAnScponlyAccount() throws Exception {
        appliance.addUser("sftper", "scponly");
        Path key = key("sftper");
        Result copy = sshCopyId("sftper", key, "-s");
        assertThat(copy.exitCode()).as(copy.toString()).isZero();
        Result sftp = withKey("sftper", key).sftp("ls -a .ssh\n");
        assertThat(sftp.exitCode()).as(sftp.toString()).isZero();
        assertThat(sftp.stdout()).contains("authorized_keys");
    }

    @Test
    void strictModesIgnoreAFileOthersCouldWriteWithOneLogLine() throws Exception {
        appliance.addUser("strict", "bash");
        Path key = key("strict");
        Path file = authorize("strict", TestKeys.publicLine(key) + "\n");
        Files.setPosixFilePermissions(file.getParent(), PosixFilePermissions.fromString("rwxrwx---"));
        refused(withKey("strict", key).exec("echo in"));
        refused(withKey("strict", key).exec("echo in"));
        String log = appliance.awaitLog("authorized keys of strict: " + file + " ignored: bad modes of " + file.getParent());
        assertThat(count(log, "authorized keys of strict:")).as("one line, not one per attempt").isEqualTo(1);
        loggedInAs(appliance.user("strict").exec("echo in"));

        Files.setPosixFilePermissions(file.getParent(), PosixFilePermissions.fromString("rwx------"));
        Files.setAttribute(file, "unix:uid", 65534);
        refused(withKey("strict", key).exec("echo in"));
        appliance.awaitLog("ignored: bad ownership of " + file + " (uid 65534");

        giveToAccount("strict", file);
        loggedInAs(withKey("strict", key).exec("echo in"));
    }

    @Test
    void aLinkOutOfTheHomeAFifoAHugeFileAndGarbageCostOneLineAndTheDatabaseKeysStillWork() throws Exception {
        appliance.addUser("hostile", "bash");
        Path fileKey = key("hostile-file");
        Path databaseKey = key("hostile-db");
        addDatabaseKey("hostile", databaseKey);
        Path file = authorize("hostile", "");

        Path outside = Files.writeString(tmp.resolve("outside-keys"), TestKeys.publicLine(fileKey) + "\n");
        giveToAccount("hostile", outside);
        Files.delete(file);
        Files.createSymbolicLink(file, outside);
        refused(withKey("hostile", fileKey).exec("echo in"));
        loggedInAs(withKey("hostile", databaseKey).exec("echo in"));
        appliance.awaitLog(file + " ignored: a symbolic link leads out of the home");

        Files.delete(file);
        Process mkfifo = new ProcessBuilder("mkfifo", file.toString()).start();
        assertThat(mkfifo.waitFor()).isZero();
        giveToAccount("hostile", file);
        refused(withKey("hostile", fileKey).timeout(30).exec("echo in"));
        loggedInAs(withKey("hostile", databaseKey).timeout(30).exec("echo in"));
        appliance.awaitLog(file + " ignored: not a regular file");

        // 10 MB: a key first, 10 MB of comment lines, a second key at the end that is never reached
        Path late = key("hostile-late");
        Files.delete(file);
        authorize("hostile", TestKeys.publicLine(fileKey) + "\n");
        String filler = "#" + "x".repeat(1022) + "\n";
        try (var out = Files.newBufferedWriter(file, StandardOpenOption.APPEND)) {
            for (int i = 0; i < 10 * 1024; i++) {
                out.write(filler);
            }
            out.write(TestKeys.publicLine(late) + "\n");
        }
        loggedInAs(withKey("hostile", fileKey).exec("echo in"));
        refused(withKey("hostile", late).exec("echo in"));
        appliance.awaitLog(file + " is " + Files.size(file) + " bytes: only its first " + AuthorizedKeysFile.MAX_BYTES
                + " are read");

        authorize("hostile", "garbage\n\u0000\u00ff not a key\nssh-ed25519 AAAAnotbase64 x\n"
                + "ssh-rsa AAAAB3NzaC1yc2E= short\n" + TestKeys.publicLine(fileKey) + "\n");
        loggedInAs(withKey("hostile", fileKey).exec("echo in"));
        appliance.awaitLog(file + ": 4 lines skipped, not usable keys (line 1:");
    }

    @Test
    void keyOptionsHoldForTheSessionThatLoggedInWithTheKey() {
        appliance.addUser("opty", "bash");
        Path fromElsewhere = key("from");
        Path noPty = key("nopty");
        Path noForwarding = key("nofwd");
        Path restricted = key("restrict");
        Path forced = key("forced");
        Path plain = key("plain");
        authorize("opty", String.join("\n",
                "from=\"10.0.0.0/8,!127.0.0.1\" " + TestKeys.publicLine(fromElsewhere),
                "no-pty " + TestKeys.publicLine(noPty),
                "no-port-forwarding,no-agent-forwarding " + TestKeys.publicLine(noForwarding),
                "restrict " + TestKeys.publicLine(restricted),
                "command=\"echo forced:$SSH_ORIGINAL_COMMAND\" " + TestKeys.publicLine(forced),
                "from=\"127.0.0.0/8\" " + TestKeys.publicLine(plain), ""));

        refused(withKey("opty", fromElsewhere).exec("echo in"));
        assertThat(appliance.awaitLog("key not allowed from 127.0.0.1")).isNotEmpty();

        Result withPty = withKey("opty", plain).ssh(List.of("-tt"), "tty");
        assertThat(withPty.stdout()).as(withPty.toString()).contains("/dev/pts/");
        for (Path key : List.of(noPty, restricted)) {
            // refused as OpenSSH's sshd refuses it for no-pty; ssh -tt then gives up, as it does there
            Result r = withKey("opty", key).ssh(List.of("-tt"), "tty");
            assertThat(r.stderr()).as(key + ": " + r).contains("PTY allocation request failed");
            assertThat(r.stdout()).doesNotContain("/dev/pts/");
            assertThat(withKey("opty", key).exec("echo in").stdout()).isEqualTo("in\n");
        }

        String target = "127.0.0.1:" + echo.port();
        assertThat(withKey("opty", plain).stdin("hello\n").ssh(List.of("-W", target)).stdout()).isEqualTo("hello\n");
        for (Path key : List.of(noForwarding, restricted)) {
            Result r = withKey("opty", key).stdin("hello\n").ssh(List.of("-W", target));
            assertThat(r.stdout()).as(key + ": " + r).isEmpty();
            assertThat(r.exitCode()).isNotZero();
        }

        Result run = withKey("opty", forced).exec("hello there");
        assertThat(run.stdout()).as(run.toString()).isEqualTo("forced:hello there\n");
        Result sftp = withKey("opty", forced).sftp("ls\n");
        assertThat(sftp.exitCode()).as(sftp.toString()).isNotZero();

        appliance.addUser("scpforced", "scponly");
        authorize("scpforced", "command=\"echo x\" " + TestKeys.publicLine(forced) + "\n");
        Result scp = withKey("scpforced", forced).sftp("ls\n");
        assertThat(scp.exitCode()).as(scp.toString()).isNotZero();
        assertThat(scp.stdout()).doesNotContain("authorized");
        assertThat(appliance.bean(io.portcullis.audit.AuditLog.class).find(java.util.Optional.of("scpforced"),
                java.util.Optional.of("login"), java.util.Optional.empty(), 10))
                .anyMatch(e -> e.detail().contains("a key with command= cannot serve a scponly account"));
    }

    @Test
    void authorizedKeysFileNoneTurnsTheFilesOffAndTokensNameOthers() throws Exception {
        appliance.addUser("tokens", "bash");
        Path key = key("tokens");
        authorize("tokens", TestKeys.publicLine(key) + "\n");
        try {
            assertThat(appliance.admin().exec("ssh set --aux-params 'AuthorizedKeysFile none'").exitCode()).isZero();
            refused(withKey("tokens", key).exec("echo in"));
            Path other = appliance.home("tokens").resolve(".ssh/keys-tokens");
            Files.copy(appliance.home("tokens").resolve(".ssh/authorized_keys"), other);
            giveToAccount("tokens", other);
            assertThat(appliance.admin().exec("ssh set --aux-params 'AuthorizedKeysFile %h/.ssh/keys-%u'").exitCode())
                    .isZero();
            loggedInAs(withKey("tokens", key).exec("echo in"));
            Result bad = appliance.admin().exec("ssh set --aux-params 'AuthorizedKeysFile .ssh/%k'");
            assertThat(bad.exitCode()).isEqualTo(1);
            assertThat(bad.stderr()).contains("line 1").contains("the only tokens are %h");
        } finally {
            appliance.admin().exec("ssh set --aux-params ''");
        }
    }
}
