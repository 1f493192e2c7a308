package io.portcullis.shells;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.accounts.Accounts;
import io.portcullis.host.ProcessIdentity;
import io.portcullis.testing.MinaSsh;
import io.portcullis.testing.OpenSsh.Result;
import io.portcullis.testing.OpenSsh;
import io.portcullis.testing.RunningAppliance;
import io.portcullis.testing.StartedAppliance;
import io.portcullis.testing.TestFiles;
import java.io.ByteArrayOutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.sshd.client.channel.ChannelShell;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bash and sh accounts through the real OpenSSH client: PTY, exec, environment, identity, exit status. */
class LoginShellTest {

    @TempDir
    static Path tmp;
    @StartedAppliance(users = {"bashy:bash", "dashy:sh"})
    static RunningAppliance appliance;
    static Accounts accounts;

    @BeforeAll
    static void start() {
        accounts = appliance.bean(Accounts.class);
    }

    static OpenSsh bashy() {
        return appliance.user("bashy");
    }

    @Test
    void execKeepsStdoutStderrAndExitStatusApart() {
        Result r = bashy().exec("echo to-out; echo to-err >&2; exit 7");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(7);
        assertThat(r.stdout()).isEqualTo("to-out\n");
        assertThat(r.stderr()).isEqualTo("to-err\n");
    }

    @Test
    void interactiveShellRunsOnAPty() {
        Result r = bashy().stdin("tty; echo cols=$(tput cols 2>/dev/null || stty size); exit 3\n")
                .ssh(List.of("-tt"));
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
        assertThat(r.stdout()).contains("/dev/pts/");
    }

    @Test
    void shellRunsAsTheAccountInItsHomeWithACleanEnvironment() {
        int uid = expectedUid();
        Result r = bashy().exec("id -u; id -g; pwd; env | sort");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        List<String> lines = r.stdout().lines().toList();
        assertThat(lines.get(0)).isEqualTo(Integer.toString(uid));
        if (ProcessIdentity.isRoot()) {
            assertThat(lines.get(1)).isEqualTo(Integer.toString(accounts.require("bashy").primaryGroup().gid()));
        }
        assertThat(lines.get(2)).isEqualTo(appliance.home("bashy").toString());
        assertThat(lines.subList(3, lines.size())).allMatch(l -> l.matches(
                "(HOME|USER|LOGNAME|SHELL|PATH|PWD|SHLVL|_|LANG|LC_[A-Z]+)=.*"), "only the clean environment");
        assertThat(lines).contains("USER=bashy", "LOGNAME=bashy", "SHELL=/bin/bash", "PATH=" + ShellEnvironment.USER_PATH);
    }

    @Test
    void shIsALoginShellToo() {
        Result r = appliance.user("dashy").exec("echo $0; exit 4");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(4);
        assertThat(r.stdout()).isEqualTo("/bin/sh\n");
        Result pty = appliance.user("dashy").stdin("tty; exit 5\n").ssh(List.of("-tt"));
        assertThat(pty.exitCode()).as(pty.toString()).isEqualTo(5);
        assertThat(pty.stdout()).contains("/dev/pts/");
    }

    @Test
    void execReadsTheClientsStdinUntilEof() {
        Result r = bashy().stdin("line one\nline two\n").exec("wc -l");
        assertThat(r.stdout().strip()).as(r.toString()).isEqualTo("2");
    }

    @Test
    void langFromTheClientIsKept() {
        Result r = bashy().option("SetEnv=LANG=de_DE.UTF-8 LC_TIME=C").exec("echo $LANG $LC_TIME");
        assertThat(r.stdout()).as(r.toString()).isEqualTo("de_DE.UTF-8 C\n");
    }

    @Test
    void windowChangesResizeThePtyAndTheExitStatusComesBack() throws Exception {
        try (MinaSsh ssh = MinaSsh.login(appliance.port(), "bashy", RunningAppliance.USER_PASSWORD);
             ChannelShell shell = ssh.session().createShellChannel()) {
            shell.setPtyColumns(100);
            shell.setPtyLines(30);
            PipedOutputStream keys = new PipedOutputStream();
            shell.setIn(new PipedInputStream(keys));
            ByteArrayOutputStream screen = new ByteArrayOutputStream();
            shell.setOut(screen);
            shell.setErr(screen);
            shell.open().verify(Duration.ofSeconds(10));
            keys.write("stty size\n".getBytes(StandardCharsets.UTF_8));
            keys.flush();
            await(() -> screen.toString(StandardCharsets.UTF_8).contains("30 100"));
            shell.sendWindowChange(120, 40);
            keys.write("stty size; exit 6\n".getBytes(StandardCharsets.UTF_8));
            keys.flush();
            shell.waitFor(java.util.EnumSet.of(ClientChannelEvent.EXIT_STATUS), Duration.ofSeconds(10));
            assertThat(screen.toString(StandardCharsets.UTF_8)).contains("40 120");
            assertThat(shell.getExitStatus()).isEqualTo(6);
        }
    }

    static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 10 s").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    @Test
    void uploadedFilesBelongToTheAccountAndItsShellCanUseThem() {
        Path source = TestFiles.random(tmp.resolve("local/mine.bin"), 1000, 1);
        Result put = bashy().sftp("put " + source + " mine.bin\n");
        assertThat(put.exitCode()).as(put.toString()).isZero();
        Result r = bashy().exec("stat -c %u mine.bin && sha256sum mine.bin && echo more >> mine.bin");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).startsWith(expectedUid() + "\n" + TestFiles.sha256(source));
    }

    /**
     * SFTP and scp show a login shell's home where its shell sees it, as OpenSSH does: realpath "." is what
     * pwd says at login, and absolute paths mean the same in both (rclone, rsync and git rely on it).
     */
    @Test
    void fileTransferAndTheShellSeeTheSamePaths() {
        Result pwd = bashy().exec("pwd; echo from-the-shell > $HOME/made-by-shell.txt");
        String home = pwd.stdout().strip();
        assertThat(home).as(pwd.toString()).startsWith("/").isNotEqualTo("/");
        Path back = tmp.resolve("local/made-by-shell.txt");
        Result sftp = bashy().sftp("pwd\nget " + home + "/made-by-shell.txt " + back + "\n");
        assertThat(sftp.exitCode()).as(sftp.toString()).isZero();
        assertThat(sftp.stdout()).contains("Remote working directory: " + home + "\n");
        assertThat(back).hasContent("from-the-shell");
        Path source = TestFiles.random(tmp.resolve("local/abs.bin"), 1000, 2);
        for (String mode : new String[] {"-s", "-O"}) {
            Result up = bashy().scp(mode, source.toString(), bashy().remote(home + "/abs" + mode + ".bin"));
            assertThat(up.exitCode()).as(up.toString()).isZero();
        }
        Result check = bashy().exec("sha256sum " + home + "/abs-s.bin " + home + "/abs-O.bin");
        assertThat(check.stdout()).as(check.toString()).contains(TestFiles.sha256(source) + "  " + home + "/abs-s.bin")
                .contains(TestFiles.sha256(source) + "  " + home + "/abs-O.bin");
    }

    /** The account's uid when the appliance is root (as in CI), else the appliance's own. */
    static int expectedUid() {
        return ProcessIdentity.isRoot() ? accounts.require("bashy").uid() : (int) ProcessIdentity.uid();
    }
}
