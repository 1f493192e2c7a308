package io.portcullis.shells;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.accounts.Accounts;
import io.portcullis.audit.AuditLog;
import io.portcullis.settings.SshSetting;
import io.portcullis.settings.SshSettings;
import io.portcullis.testing.OpenSsh.Result;
import io.portcullis.testing.OpenSsh;
import io.portcullis.testing.Paramiko;
import io.portcullis.testing.Program;
import io.portcullis.testing.Refusals;
import io.portcullis.testing.RunningAppliance;
import io.portcullis.testing.StartedAppliance;
import io.portcullis.testing.Settings;
import io.portcullis.testing.TestFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * scponly and nologin accounts (SPEC §4) against security.md's vectors with the real OpenSSH client:
 * each attempt is refused with the stated message and exit status, and nothing outside the home changes.
 */
class RestrictedShellTest {

    @TempDir
    static Path tmp;
    @StartedAppliance(users = {"scpy:scponly", "nolo:nologin", "bashy:bash"})
    static RunningAppliance appliance;
    static Accounts accounts;
    static Path marker;

    @BeforeAll
    static void start() {
        accounts = appliance.bean(Accounts.class);
        marker = tmp.resolve("pwned");
    }

    /** Whatever a vector tried, no marker was created anywhere and the appliance still serves others. */
    @AfterEach
    void nothingRanAndTheApplianceStillServes() throws IOException {
        assertThat(marker).doesNotExist();
        try (Stream<Path> files = Files.walk(tmp)) {
            assertThat(files.filter(p -> p.getFileName().toString().equals("pwned"))).isEmpty();
        }
        Result other = as("bashy").exec("echo still-serving");
        assertThat(other.stdout()).as(other.toString()).isEqualTo("still-serving\n");
    }

    static OpenSsh as(String user) {
        return appliance.user(user);
    }

    static void assertRefused(Result r, String message) {
        Refusals.assertRefused(r, message);
    }

    /**
     * An scp request is refused as scp's own error reply on stdout, which scp clients show, and on stderr,
     * which pscp shows even when it stops at the EOF before reading the reply (see RefusalCommand).
     */
    static void assertScpRefused(Result r, String message) {
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.stdout()).as(r.toString()).startsWith("\u0001scp: ").contains(message).endsWith("\n");
        assertThat(r.stderr()).as(r.toString()).isNotBlank().contains(message).doesNotStartWith("scp: ");
    }

    // ---- scponly ------------------------------------------------------------------------------

    @Test
    void scponlyInteractiveLoginIsRefusedWithAndWithoutAPty() {
        Result pty = as("scpy").stdin("id\n").ssh(List.of("-tt"));
        assertRefused(pty, ScponlyShell.MESSAGE);
        assertThat(pty.stdout()).doesNotContain("uid=");
        assertRefused(as("scpy").stdin("id\n").ssh(List.of("-T")), ScponlyShell.MESSAGE);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "id", "sh -c 'touch PWNED'", "/bin/sh", "touch PWNED", "./upload.sh", "bash upload.sh",
        "rsync --server -vlogDtpre.iLsfxC . PWNED", "rsync --server --daemon .", "rsync -e 'touch PWNED' x y",
        "svnserve -t", "svnserve -d", "unison -server", "git-upload-pack .", "sftp-server",
        "/usr/bin/scp -t PWNED", "scp;touch PWNED", "PATH=. scp -t x",
    })
    void scponlyRefusesEveryCommandButScp(String vector) {
        Result r = as("scpy").exec(vector.replace("PWNED", marker.toString()));
        assertRefused(r, ScponlyShell.MESSAGE);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "scp -S PWNEDPROG -t x", "scp -o ProxyCommand=touch\\ PWNED -t x", "scp -oProxyCommand=x -t x",
        "scp -F PWNED -t x", "scp -3 -t x", "scp -6e -t x", "scp -tpS PWNEDPROG x", "scp -pS PWNEDPROG -t x",
        "scp -po ProxyCommand=touch\\ PWNED -t x", "scp -t -- x -S PWNEDPROG", "scp -t -- -S PWNEDPROG x",
        "scp --rsh=PWNEDPROG -t x", "scp -t x;touch PWNED", "scp -t `touch PWNED`", "scp -t $(touch PWNED)",
    })
    void scponlyRefusesScpOutsideTheAllowList(String vector) {
        Path prog = tmp.resolve("prog.sh");
        String command = vector.replace("PWNEDPROG", prog.toString()).replace("PWNED", marker.toString());
        Result r = as("scpy").exec(command);
        assertScpRefused(r, "");
        assertThat(appliance.home("scpy").resolve("x")).doesNotExist();
    }

    @Test
    void anUploadedProgramCannotBeRun() throws IOException {
        Path script = tmp.resolve("upload.sh");
        Files.writeString(script, "#!/bin/sh\ntouch " + marker + "\n");
        script.toFile().setExecutable(true);
        Result up = as("scpy").scp("-O", script.toString(), as("scpy").remote("upload.sh"));
        assertThat(up.exitCode()).as(up.toString()).isZero();
        assertRefused(as("scpy").exec("./upload.sh"), ScponlyShell.MESSAGE);
        assertRefused(as("scpy").exec("sh upload.sh"), ScponlyShell.MESSAGE);
    }

    @Test
    void metacharactersInScpFileNamesNeverReachAShell() {
        Path source = TestFiles.random(tmp.resolve("local/meta.bin"), 100, 1);
        Path home = appliance.home("scpy");
        Result unquoted = as("scpy").scp("-O", source.toString(), as("scpy").remote("a;touch " + marker));
        assertThat(unquoted.exitCode()).as(unquoted.toString()).isNotZero();
        Result backticks = as("scpy").scp("-O", source.toString(), as("scpy").remote("`touch " + marker + "`"));
        assertThat(backticks.exitCode()).as(backticks.toString()).isNotZero();
        Result quoted = as("scpy").scp("-O", source.toString(), as("scpy").remote("'b;touch pwned-not'"));
        assertThat(quoted.exitCode()).as(quoted.toString()).isZero();
        assertThat(home.resolve("b;touch pwned-not")).exists();
    }

    @Test
    void clientEnvironmentBeyondLangIsNotAccepted() {
        Path source = TestFiles.random(tmp.resolve("local/env.bin"), 100, 2);
        OpenSsh client = as("scpy").option("SetEnv=LD_PRELOAD=" + marker + " BASH_ENV=" + marker + " PATH=" + tmp);
        Result scp = client.scp("-O", source.toString(), client.remote("env.bin"));
        assertThat(scp.exitCode()).as(scp.toString()).isZero();
        Result bash = as("bashy").option("SetEnv=LD_PRELOAD=" + marker + " BASH_ENV=" + marker + " LC_TEST=kept")
                .exec("echo \"[$LD_PRELOAD][$BASH_ENV][$LC_TEST][$PATH]\"");
        assertThat(bash.stdout()).as(bash.toString()).isEqualTo("[][][kept][/usr/local/bin:/usr/bin:/bin]\n");
    }

    @Test
    void unknownSubsystemsAreRefused() {
        for (String user : new String[] {"scpy", "nolo", "bashy"}) {
            Result r = as(user).ssh(List.of("-s"), "foo");
            assertThat(r.exitCode()).as(user + " " + r).isNotZero();
            assertThat(r.stderr()).as(r.toString()).contains("subsystem request failed");
        }
    }

    // ---- nologin ------------------------------------------------------------------------------

    @Test
    void nologinRefusesEveryRequest() {
        Path source = TestFiles.random(tmp.resolve("local/nolo.bin"), 100, 3);
        assertRefused(as("nolo").stdin("id\n").ssh(List.of("-tt")), NologinShell.MESSAGE);
        assertRefused(as("nolo").stdin("id\n").ssh(List.of("-T")), NologinShell.MESSAGE);
        assertRefused(as("nolo").exec("id"), NologinShell.MESSAGE);
        assertScpRefused(as("nolo").exec("scp -t x"), NologinShell.MESSAGE);
        Result sftp = as("nolo").sftp("ls\n");
        assertThat(sftp.exitCode()).as(sftp.toString()).isNotZero();
        assertThat(sftp.stderr()).contains(NologinShell.MESSAGE);
        for (String mode : new String[] {"-s", "-O"}) {
            Result scp = as("nolo").scp(mode, source.toString(), as("nolo").remote("x"));
            assertThat(scp.exitCode()).as(scp.toString()).isNotZero();
            assertThat(scp.stderr()).as(scp.toString()).contains(NologinShell.MESSAGE);
        }
        try (Stream<Path> inHome = Files.list(appliance.home("nolo"))) {
            assertThat(inHome).isEmpty();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * libssh2 (curl) read the refusal of nologin's sftp as nothing at all and waited for an SFTP packet until
     * its own timeout (300 s by default), and took a refused scp download for an empty file. Now both fail at
     * once: curl's exit status is its error, never 28 (its own timeout, here 30 s) nor 0.
     */
    @Test
    void libssh2ClientsSeeARefusalAtOnce() throws IOException {
        Path source = TestFiles.random(tmp.resolve("local/curl.bin"), 100, 4);
        String base = "://127.0.0.1:" + appliance.port() + "/~/x";
        for (List<String> request : List.of(List.of("sftp" + base), List.of("scp" + base),
                List.of("-T", source.toString(), "sftp" + base), List.of("-T", source.toString(), "scp" + base))) {
            java.util.List<String> command = new java.util.ArrayList<>(List.of("curl", "-sS", "--max-time", "30",
                    "--hostpubsha256", appliance.hostKeySha256(), "-u", "nolo:" + RunningAppliance.USER_PASSWORD,
                    "-o", tmp.resolve("local/curl.out").toString()));
            command.addAll(request);
            Result r = Program.of(command).run();
            assertThat(r.exitCode()).as(request + "\n" + r).isNotIn(0, 28);
        }
        try (Stream<Path> inHome = Files.list(appliance.home("nolo"))) {
            assertThat(inHome).isEmpty();
        }
    }

    /** A refused shell, exec or subsystem ends its channel; the connection goes on serving the others. */
    @Test
    void aRefusalEndsItsChannelNotTheConnection() {
        Result nolo = Paramiko.run(appliance.port(), "nolo", RunningAppliance.USER_PASSWORD, String.join("\n",
                "for kind, arg in [('subsystem', 'sftp'), ('exec', 'id'), ('shell', None), ('exec', 'scp -f x'),"
                        + " ('subsystem', 'sftp'), ('exec', 'id')]:",
                "    status, out, err = channel(kind, arg)",
                "    print(kind, status, repr(out), repr(err))"));
        assertThat(nolo.stdout().lines()).as(nolo.toString()).hasSize(6).allSatisfy(line ->
                assertThat(line).contains(" 1 ").contains(NologinShell.MESSAGE));
        assertThat(nolo.stdout()).contains("subsystem 1 'This account is currently not available.\\n'");
        Result scpy = Paramiko.run(appliance.port(), "scpy", RunningAppliance.USER_PASSWORD, String.join("\n",
                "print('exec', channel('exec', 'id'))",
                "print('shell', channel('shell'))",
                "print('scp', channel('exec', 'scp -S evil -t x'))",
                "sftp = paramiko.SFTPClient.from_transport(transport)",
                "print('sftp', sorted(sftp.listdir('.')) is not None)",
                "print('exec again', channel('exec', 'id'))"));
        assertThat(scpy.stdout()).as(scpy.toString())
                .contains("exec (1, '', '" + ScponlyShell.MESSAGE)
                .contains("shell (1, '', '" + ScponlyShell.MESSAGE)
                .contains("scp (1, \"\\x01scp: option '-S' is not allowed")
                .contains("sftp True").contains("exec again (1, '', '" + ScponlyShell.MESSAGE);
    }

    /**
     * scponly and nologin never get a terminal: OpenSSH's client under -tt quits with 255 when its PTY
     * request is refused, so the request is answered, nothing is allocated, the refusal is shown with
     * exit 1, and the audit says so.
     */
    @Test
    void aPtyRequestOfARestrictedAccountIsAnsweredButNoTerminalIsGiven() {
        for (String user : new String[] {"scpy", "nolo"}) {
            Result r = as(user).stdin("tty\n").ssh(List.of("-tt"));
            assertRefused(r, user.equals("scpy") ? ScponlyShell.MESSAGE : NologinShell.MESSAGE);
            assertThat(r.stdout()).doesNotContain("/dev/pts");
            assertThat(appliance.bean(AuditLog.class).find(Optional.of(user), Optional.of("session"), Optional.empty(), 100))
                    .anyMatch(e -> e.action().equals("shell start") && e.detail().equals("pty requested, none given"));
        }
        Result bash = as("bashy").stdin("exit\n").ssh(List.of("-tt"));
        assertThat(appliance.bean(AuditLog.class).find(Optional.of("bashy"), Optional.of("session"), Optional.empty(), 100))
                .as(bash.toString()).anyMatch(e -> e.action().equals("shell start") && e.detail().equals("pty"));
    }

    @Test
    void refusalsAreAudited() {
        as("nolo").exec("id");
        var entries = appliance.bean(AuditLog.class).find(Optional.of("nolo"), Optional.of("session"), Optional.empty(), 100);
        assertThat(entries).anyMatch(e -> e.action().equals("exec start") && e.detail().equals("id")
                && e.outcome().equals("refused") && e.address().equals("127.0.0.1"));
    }

    // ---- forwarding ---------------------------------------------------------------------------

    @Test
    void restrictedAccountsNeverForwardEvenWhenForwardingIsOn() {
        withTcpForwarding(true, () -> {
            for (String user : new String[] {"scpy", "nolo"}) {
                assertForwardingRefused(user);
            }
            Result allowed = as("bashy").ssh(List.of("-W", "127.0.0.1:" + appliance.port()));
            assertThat(allowed.stdout()).as(allowed.toString()).startsWith("SSH-2.0-Portcullis");
        });
    }

    @Test
    void loginShellsDoNotForwardWhileForwardingIsOff() {
        assertForwardingRefused("bashy");
        Result r = as("bashy").ssh(List.of("-A", "-o", "ForwardX11=yes"), "echo \"[$SSH_AUTH_SOCK][$DISPLAY]\"");
        assertThat(r.stdout()).as(r.toString()).isEqualTo("[][]\n");
    }

    /** {@code -W} opens the same direct-tcpip channel as {@code -L}; {@code -R} asks for tcpip-forward. */
    static void assertForwardingRefused(String user) {
        Result w = as(user).ssh(List.of("-W", "127.0.0.1:" + appliance.port()));
        assertThat(w.exitCode()).as(user + " " + w).isEqualTo(255);
        assertThat(w.stderr()).as(w.toString()).contains("stdio forwarding failed");
        Result remote = as(user).ssh(List.of("-N", "-o", "ExitOnForwardFailure=yes", "-R", "0:127.0.0.1:" + appliance.port()));
        assertThat(remote.exitCode()).as(user + " " + remote).isEqualTo(255);
        assertThat(remote.stderr()).as(remote.toString()).contains("remote port forwarding failed");
    }

    static void withTcpForwarding(boolean on, Runnable body) {
        SshSettings saved = appliance.bean(io.portcullis.settings.SshConfiguration.class).saved();
        Settings.store(appliance, saved.with(SshSetting.TCP_FORWARDING, on));
        try {
            body.run();
        } finally {
            Settings.store(appliance, saved);
        }
    }
}
