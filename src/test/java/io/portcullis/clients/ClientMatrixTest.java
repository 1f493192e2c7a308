package io.portcullis.clients;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.accounts.Accounts;
import io.portcullis.accounts.UserChanges;
import io.portcullis.audit.AuditLog.Actor;
import io.portcullis.shells.NologinShell;
import io.portcullis.shells.ScponlyShell;
import io.portcullis.testing.ClientLogin;
import io.portcullis.testing.OpenSsh;
import io.portcullis.testing.OpenSsh.Result;
import io.portcullis.testing.Program;
import io.portcullis.testing.RunningAppliance;
import io.portcullis.testing.TestFiles;
import io.portcullis.testing.TestKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 15's matrix: the SSH clients people use against a NAS (Debian's packages, which .ci/run installs), each
 * against every kind of shell (SPEC §4) with each way of logging in, one test per cell. A cell copies a file
 * both ways and compares checksums, or runs a command and checks its output and exit status. Where the SPEC
 * refuses (scponly gets no shell, rsync or git; nologin gets nothing; the console runs console commands only)
 * the cell is a test of that refusal: the client fails, with the shell's message where the client shows what
 * the server said, and nothing of the cell's lands in the home. One appliance for the class; the cells run
 * four at a time, each with files of its own, and every program is killed after {@link #TIMEOUT} seconds, so
 * a hung client fails its cell.
 *
 * <p>docs/clients.md is the table this proves.
 */
@Execution(ExecutionMode.CONCURRENT)
class ClientMatrixTest {

    static final long TIMEOUT = 30;
    /** What the console answers to a command line that names no console command (rsync's, git's). */
    static final String NOT_A_CONSOLE_COMMAND = "unknown command '";

    /** The kinds of shell, with an account each. */
    enum Shell {
        BASH("mbash", "bash"),
        SCPONLY("mscp", "scponly"),
        NOLOGIN("mnolo", "nologin"),
        CONSOLE("mcon", "console");

        final String user;
        final String shell;

        Shell(String user, String shell) {
            this.user = user;
            this.shell = shell;
        }

        boolean transfersFiles() {
            return this != NOLOGIN;
        }

        /** Why a shell or an exec of a program (a shell command, rsync's or git's server) is refused; null for bash. */
        String programRefusal() {
            return switch (this) {
                case BASH -> null;
                case SCPONLY -> ScponlyShell.MESSAGE;
                case NOLOGIN -> NologinShell.MESSAGE;
                case CONSOLE -> NOT_A_CONSOLE_COMMAND;
            };
        }
    }

    enum Login { PASSWORD, KEY }

    @TempDir
    static Path tmp;
    static RunningAppliance appliance;
    static Path knownHosts;

    static Stream<Arguments> cells() {
        return Stream.of(Shell.values()).flatMap(shell -> Stream.of(Login.values()).map(login -> Arguments.of(shell, login)));
    }

    @BeforeAll
    static void start() {
        TestFiles.openForAccounts(tmp);
        appliance = RunningAppliance.start(tmp.resolve("data"));
        Accounts accounts = appliance.bean(Accounts.class);
        Actor test = new Actor("test", "local");
        for (Shell shell : Shell.values()) {
            UserChanges changes = UserChanges.NONE.withPassword(RunningAppliance.USER_PASSWORD).withShell(shell.shell);
            accounts.add(test, shell.user, shell == Shell.CONSOLE ? changes.withGroups(List.of("admins")) : changes);
            Path key = TestKeys.generate(tmp.resolve("keys"), shell.user, "ed25519");
            accounts.addKey(test, shell.user, TestKeys.publicLine(key));
        }
        knownHosts = appliance.knownHosts(tmp.resolve("known_hosts"));
    }

    @AfterAll
    static void stop() {
        appliance.close();
    }

    // ---- OpenSSH --------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("cells")
    void sshCommand(Shell shell, Login login) {
        Cell cell = new Cell("ssh-exec", shell, login);
        cell.assertCommand(cell.openSsh().exec(cell.command()), true);
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("cells")
    void sshInteractive(Shell shell, Login login) {
        Cell cell = new Cell("ssh-tt", shell, login);
        cell.assertInteractive(cell.openSsh().stdin(cell.interactiveInput()).ssh(List.of("-tt")), true);
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("cells")
    void sftp(Shell shell, Login login) {
        Cell cell = new Cell("sftp", shell, login);
        Path source = cell.source();
        Result r = cell.openSsh().sftp("put " + source + " " + cell.remote() + "\nget " + cell.remote() + " "
                + cell.back() + "\n");
        cell.assertTransfer(r, r, source, true);
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("cells")
    void scp(Shell shell, Login login) {
        scp(new Cell("scp", shell, login), "-s");
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("cells")
    void scpLegacy(Shell shell, Login login) {
        scp(new Cell("scp-O", shell, login), "-O");
    }

    static void scp(Cell cell, String protocol) {
        Path source = cell.source();
        OpenSsh ssh = cell.openSsh();
        Result up = ssh.scp(protocol, source.toString(), ssh.remote(cell.remote()));
        Result down = up.exitCode() == 0 ? cell.openSsh().scp(protocol, ssh.remote(cell.remote()), cell.back().toString()) : up;
        cell.assertTransfer(up, down, source, true);
    }

    // ---- PuTTY ----------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("cells")
    void plink(Shell shell, Login login) {
        Cell cell = new Cell("plink", shell, login);
        cell.assertCommand(cell.run(cell.putty("plink", "-ssh", cell.destination(), cell.command())), true);
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("cells")
    void psftp(Shell shell, Login login) {
        Cell cell = new Cell("psftp", shell, login);
        Path source = cell.source();
        Result r = cell.run(Program.of(cell.putty("psftp", cell.destination()))
                .stdin("put " + source + " " + cell.remote() + "\nget " + cell.remote() + " " + cell.back() + "\nquit\n"));
        cell.assertTransfer(r, r, source, true);
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("cells")
    void pscpScp(Shell shell, Login login) {
        pscp(new Cell("pscp-scp", shell, login), "-scp");
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("cells")
    void pscpSftp(Shell shell, Login login) {
        pscp(new Cell("pscp-sftp", shell, login), "-sftp");
    }

    static void pscp(Cell cell, String protocol) {
        Path source = cell.source();
        String remote = cell.destination() + ":" + cell.remote();
        Result up = cell.run(cell.putty("pscp", protocol, "-q", source.toString(), remote));
        Result down = up.exitCode() == 0 ? cell.run(cell.putty("pscp", protocol, "-q", remote, cell.back().toString())) : up;
        cell.assertTransfer(up, down, source, true);
    }

    // ---- paramiko -------------------------------------------------------------------------------

    /** A refused SFTP subsystem fails paramiko's SFTPClient; the refusal itself is read from the channel. */
    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("cells")
    void paramikoSftp(Shell shell, Login login) {
        Cell cell = new Cell("paramiko-sftp", shell, login);
        Path source = cell.source();
        Result r = cell.paramiko(String.join("\n",
                "try:",
                "    sftp = paramiko.SFTPClient.from_transport(transport)",
                "    sftp.put(" + python(source.toString()) + ", " + python(cell.remote()) + ")",
                "    sftp.get(" + python(cell.remote()) + ", " + python(cell.back().toString()) + ")",
                "except Exception as e:",
                "    print('failed:', e)",
                "    print('subsystem', channel('subsystem', 'sftp'))",
                "    sys.exit(1)"));
        cell.assertTransfer(r, r, source, true);
        if (!shell.transfersFiles()) {
            assertThat(r.stdout()).as(r.toString()).contains("subsystem (1, ");
        }
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("cells")
    void paramikoExec(Shell shell, Login login) {
        Cell cell = new Cell("paramiko-exec", shell, login);
        cell.assertCommand(cell.paramikoChannel("exec", python(cell.command()), "b''"), true);
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("cells")
    void paramikoShell(Shell shell, Login login) {
        Cell cell = new Cell("paramiko-shell", shell, login);
        cell.assertInteractive(cell.paramikoChannel("shell", "None", "b" + python(cell.interactiveInput())), true);
    }

    /** A Python string literal of {@code text}. */
    static String python(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n") + "'";
    }

    // ---- lftp, rclone, curl, sshfs --------------------------------------------------------------

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("cells")
    void lftp(Shell shell, Login login) {
        Cell cell = new Cell("lftp", shell, login);
        Path source = cell.source();
        Result r = cell.run(Program.of("lftp", "-c", cell.login.lftpOpen() + "; put " + source + " -o " + cell.remote()
                + "; get " + cell.remote() + " -o " + cell.back() + "; bye"));
        cell.assertTransfer(r, r, source, true);
    }

    /**
     * copy, check and sync of a small tree. For a login shell rclone checks its uploads with md5sum run over the
     * shell, on the paths SFTP shows, so those must be the shell's paths (issue 15, item 3).
     */
    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("cells")
    void rclone(Shell shell, Login login) throws IOException {
        Cell cell = new Cell("rclone", shell, login);
        Path tree = cell.local("tree");
        Path gone = TestFiles.random(tree.resolve("a.bin"), 3000, 11);
        TestFiles.random(tree.resolve("sub/b.bin"), 2000, 12);
        Path config = cell.login.rcloneConfig(cell.local("rclone.conf"), "nas");
        String remote = "nas:" + cell.remote();
        Result copy = cell.rclone(config, "copy", tree.toString(), remote);
        if (!shell.transfersFiles()) {
            cell.assertRefused(copy, false);
            return;
        }
        assertThat(copy.exitCode()).as(copy.toString()).isZero();
        Result check = cell.rclone(config, "check", tree.toString(), remote);
        assertThat(check.exitCode()).as(check.toString()).isZero();
        assertThat(check.stderr()).as(check.toString()).contains("0 differences found").contains("2 matching files");
        if (shell == Shell.BASH) {
            assertThat(check.stderr()).as(check.toString()).doesNotContain("hashes could not be checked");
        }
        Files.delete(gone);
        Result sync = cell.rclone(config, "sync", tree.toString(), remote);
        assertThat(sync.exitCode()).as(sync.toString()).isZero();
        Path landed = cell.landed();
        assertThat(landed.resolve("a.bin")).doesNotExist();
        assertThat(TestFiles.sha256(landed.resolve("sub/b.bin"))).isEqualTo(TestFiles.sha256(tree.resolve("sub/b.bin")));
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("cells")
    void curlSftp(Shell shell, Login login) {
        curl(new Cell("curl-sftp", shell, login), "sftp");
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("cells")
    void curlScp(Shell shell, Login login) {
        curl(new Cell("curl-scp", shell, login), "scp");
    }

    /** curl names paths from the server's "/"; "/~/x" is x in the home, for either scheme and every shell. */
    static void curl(Cell cell, String scheme) {
        Path source = cell.source();
        String url = scheme + "://127.0.0.1:" + cell.login.port() + "/~/" + cell.name;
        Result up = cell.run(cell.curl("-T", source.toString(), url));
        Result down = up.exitCode() == 0 ? cell.run(cell.curl("-o", cell.back().toString(), url)) : up;
        // 28 is curl's own timeout: a refusal must end the transfer long before it (issue 15, item 5)
        assertThat(up.exitCode()).as(up.toString()).isNotEqualTo(28);
        cell.assertTransfer(up, down, source, false);
    }

    /** Mounts the home, writes and reads a file through the mount, and sees the home's real disk size (statvfs). */
    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("cells")
    void sshfs(Shell shell, Login login) throws IOException {
        Assumptions.assumeTrue(Files.exists(Path.of("/dev/fuse")), "no /dev/fuse on this machine: sshfs cannot mount");
        Cell cell = new Cell("sshfs", shell, login);
        Path mount = Files.createDirectories(cell.local("mnt"));
        Program sshfs = Program.of("sshfs", "-o", cell.login.sshfsOptions(), cell.destination() + ":" + cell.shownHome(),
                mount.toString());
        Result mounted = cell.run(login == Login.PASSWORD ? sshfs.stdin(RunningAppliance.USER_PASSWORD + "\n") : sshfs);
        if (!shell.transfersFiles()) {
            cell.assertRefused(mounted, false);
            return;
        }
        assertThat(mounted.exitCode()).as(mounted.toString()).isZero();
        try {
            Path source = cell.source();
            Files.copy(source, mount.resolve(cell.name));
            Files.copy(mount.resolve(cell.name), cell.back());
            cell.assertLanded(source);
            Result df = cell.run(Program.of("df", "-k", "--output=size", mount.toString()));
            assertThat(df.stdout().lines().skip(1).findFirst().orElseThrow().strip()).as(df.toString())
                    .isEqualTo(Long.toString(Files.getFileStore(cell.home()).getTotalSpace() / 1024));
        } finally {
            cell.run(Program.of("fusermount3", "-u", mount.toString()));
        }
    }

    // ---- rsync and git: programs run by the account's shell -------------------------------------

    /** Both ways, with the home's absolute path as the login shell sees it. */
    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("cells")
    void rsync(Shell shell, Login login) {
        Cell cell = new Cell("rsync", shell, login);
        Path tree = cell.local("tree");
        TestFiles.random(tree.resolve("a.bin"), 3000, 21);
        TestFiles.random(tree.resolve("sub/b.bin"), 2000, 22);
        String remote = cell.destination() + ":" + cell.remote() + "/";
        Result up = cell.run(cell.withSsh(Program.of("rsync", "-a", "--timeout=20", "-e", cell.login.sshCommand(),
                tree + "/", remote)));
        if (shell.programRefusal() != null) {
            cell.assertRefused(up, true);
            return;
        }
        assertThat(up.exitCode()).as(up.toString()).isZero();
        Path back = cell.local("back");
        Result down = cell.run(cell.withSsh(Program.of("rsync", "-a", "--timeout=20", "-e", cell.login.sshCommand(),
                remote, back + "/")));
        assertThat(down.exitCode()).as(down.toString()).isZero();
        for (String name : List.of("a.bin", "sub/b.bin")) {
            assertThat(TestFiles.sha256(cell.landed().resolve(name))).isEqualTo(TestFiles.sha256(tree.resolve(name)));
            assertThat(TestFiles.sha256(back.resolve(name))).isEqualTo(TestFiles.sha256(tree.resolve(name)));
        }
    }

    /** A bare repository in the home, named by its absolute path: clone, commit, push, and a second clone sees it. */
    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("cells")
    void git(Shell shell, Login login) throws IOException {
        Cell cell = new Cell("git", shell, login);
        String url = "ssh://" + cell.destination() + ":" + cell.login.port() + cell.remote();
        Path work = cell.local("work");
        if (shell.programRefusal() != null) {
            cell.assertRefused(cell.git(cell.local(""), "clone", "-q", url, work.toString()), true);
            return;
        }
        Result init = cell.openSsh().exec("git init -q --bare " + cell.remote());
        assertThat(init.exitCode()).as(init.toString()).isZero();
        assertSucceeded(cell.git(cell.local(""), "clone", "-q", url, work.toString()));
        Files.writeString(work.resolve("file.txt"), "committed by " + cell.name + "\n");
        assertSucceeded(cell.git(work, "add", "file.txt"));
        assertSucceeded(cell.git(work, "-c", "user.name=matrix", "-c", "user.email=matrix@test", "commit", "-q", "-m", "m"));
        assertSucceeded(cell.git(work, "push", "-q", "origin", "HEAD"));
        Path again = cell.local("again");
        assertSucceeded(cell.git(cell.local(""), "clone", "-q", url, again.toString()));
        assertThat(again.resolve("file.txt")).hasContent("committed by " + cell.name);
    }

    static void assertSucceeded(Result r) {
        assertThat(r.exitCode()).as(r.toString()).isZero();
    }

    // ---- one cell -------------------------------------------------------------------------------

    /** One client × shell × login: its account, its login, and files of its own. */
    static final class Cell {
        final Shell shell;
        final ClientLogin login;
        /** Unique to the cell: the name of what it puts in the home. */
        final String name;

        Cell(String client, Shell shell, Login login) {
            this.shell = shell;
            this.name = client + "-" + shell.name().toLowerCase() + "-" + login.name().toLowerCase();
            this.login = login == Login.KEY ? ClientLogin.byKey(appliance, shell.user, tmp.resolve("keys").resolve(shell.user))
                    : ClientLogin.byPassword(appliance, shell.user, RunningAppliance.USER_PASSWORD);
        }

        Path home() {
            return appliance.home(shell.user);
        }

        /** The home as file transfer shows it to the account: its real path for a login shell, else "/" (SPEC §4). */
        String shownHome() {
            try {
                return shell == Shell.BASH ? home().toRealPath().toString() : "/";
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The cell's file (or directory) in the home, by its absolute path as the account sees it. */
        String remote() {
            String home = shownHome();
            return (home.equals("/") ? "" : home) + "/" + name;
        }

        /** Where the cell's upload landed, as the host sees it. */
        Path landed() {
            return home().resolve(name);
        }

        String destination() {
            return login.user() + "@127.0.0.1";
        }

        Path local(String what) {
            return tmp.resolve("local").resolve(name).resolve(what);
        }

        /** A few KiB of the cell's own. */
        Path source() {
            return TestFiles.random(local("source"), 4096 + name.length(), name.hashCode());
        }

        /** Where a download goes. */
        Path back() {
            return local("back");
        }

        /** A command with a known output and exit status: a shell's, or the console's. */
        String command() {
            return shell == Shell.CONSOLE ? "accounts users show " + shell.user : "echo matrix-" + name + "; exit 3";
        }

        /** What is typed at an interactive login: a shell's lines, or the console's. */
        String interactiveInput() {
            return shell == Shell.CONSOLE ? "accounts users show " + shell.user + "\nexit\n" : "echo in-a-shell; exit 4\n";
        }

        OpenSsh openSsh() {
            return login.openSsh().timeout(TIMEOUT);
        }

        /** Runs a client with a home of the cell's own (PuTTY, lftp and git keep files there), killed after TIMEOUT. */
        Result run(Program program) {
            try {
                Path clientHome = Files.createDirectories(local("client-home"));
                return program.env("HOME", clientHome.toString()).env("XDG_CONFIG_HOME", clientHome.toString())
                        .env("XDG_CACHE_HOME", clientHome.toString()).timeout(TIMEOUT).run();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        Result run(List<String> command) {
            return run(Program.of(command));
        }

        List<String> putty(String program, String... args) {
            List<String> command = new ArrayList<>(List.of(program));
            command.addAll(login.putty());
            command.addAll(List.of(args));
            return command;
        }

        List<String> curl(String... args) {
            List<String> command = new ArrayList<>(List.of("curl", "-sS", "--connect-timeout", "10", "--max-time", "20"));
            command.addAll(login.curl());
            command.addAll(List.of(args));
            return command;
        }

        Result rclone(Path config, String... args) {
            List<String> command = new ArrayList<>(List.of("rclone", "--config", config.toString(),
                    "--sftp-known-hosts-file", knownHosts.toString(), "--retries", "1", "--low-level-retries", "1",
                    "--contimeout", "10s", "--timeout", "20s"));
            command.addAll(List.of(args));
            return run(command);
        }

        Result paramiko(String script) {
            return login.paramiko(script, TIMEOUT);
        }

        /** A session channel's request ({@code exec} or {@code shell}), as "status|out|err" in the result's stdout. */
        Result paramikoChannel(String kind, String argument, String stdin) {
            Result r = paramiko(String.join("\n",
                    "status, out, err = channel('" + kind + "', " + argument + ", stdin=" + stdin + ")",
                    "sys.stdout.write('%s\\x00%s\\x00%s' % (status, out, err))"));
            String[] parts = r.stdout().split("\u0000", -1);
            assertThat(parts).as(r.toString()).hasSize(3);
            return new Result(parts[0].matches("-?\\d+") ? Integer.parseInt(parts[0]) : -1000, parts[1], parts[2]);
        }

        Program withSsh(Program program) {
            login.sshEnvironment().forEach(program::env);
            return program;
        }

        Result git(Path in, String... args) {
            try {
                Files.createDirectories(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            List<String> command = new ArrayList<>(List.of("git"));
            command.addAll(List.of(args));
            return run(withSsh(Program.of(command).in(in).env("GIT_SSH_COMMAND", login.sshCommand())
                    .env("GIT_TERMINAL_PROMPT", "0").env("GIT_CONFIG_NOSYSTEM", "1")));
        }

        /** An exec request: the command's output and status, the console's, or the shell's refusal (exit 1). */
        void assertCommand(Result r, boolean showsMessages) {
            switch (shell) {
                case BASH -> {
                    assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
                    assertThat(r.stdout()).as(r.toString()).contains("matrix-" + name);
                }
                case CONSOLE -> {
                    assertThat(r.exitCode()).as(r.toString()).isZero();
                    assertThat(r.stdout()).as(r.toString()).contains(shell.user).contains("console");
                }
                default -> {
                    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
                    assertRefused(r, showsMessages);
                }
            }
        }

        /** An interactive login: the shell (exit 4 as typed), the console (its banner, then exit), or the refusal. */
        void assertInteractive(Result r, boolean showsMessages) {
            switch (shell) {
                case BASH -> {
                    assertThat(r.exitCode()).as(r.toString()).isEqualTo(4);
                    assertThat(r.stdout()).as(r.toString()).contains("in-a-shell");
                }
                case CONSOLE -> {
                    assertThat(r.exitCode()).as(r.toString()).isZero();
                    assertThat(r.stdout()).as(r.toString()).contains("Portcullis admin console").contains("console");
                }
                default -> {
                    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
                    assertRefused(r, showsMessages);
                }
            }
        }

        /**
         * Refused: the client failed; where it shows what the server said ({@code showsMessages}), it showed why;
         * and nothing of the cell's landed in the home.
         */
        void assertRefused(Result r, boolean showsMessages) {
            assertThat(r.exitCode()).as(r.toString()).isNotZero();
            String why = shell.transfersFiles() ? shell.programRefusal() : NologinShell.MESSAGE;
            if (showsMessages) {
                assertThat(r.stdout() + r.stderr()).as(r.toString()).contains(why);
            }
            assertThat(landed()).as(r.toString()).doesNotExist();
        }

        /** Up and down where the shell transfers files, both copies the same as the source; refused elsewhere. */
        void assertTransfer(Result up, Result down, Path source, boolean showsMessages) {
            if (!shell.transfersFiles()) {
                assertRefused(up, showsMessages);
                assertThat(back()).doesNotExist();
                return;
            }
            assertThat(up.exitCode()).as(up.toString()).isZero();
            assertThat(down.exitCode()).as(down.toString()).isZero();
            assertLanded(source);
        }

        void assertLanded(Path source) {
            assertThat(TestFiles.sha256(landed())).as(name + " in the home").isEqualTo(TestFiles.sha256(source));
            assertThat(TestFiles.sha256(back())).as(name + " downloaded").isEqualTo(TestFiles.sha256(source));
        }
    }
}
