package io.portcullis.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.testing.ApplianceProcess;
import io.portcullis.testing.OpenSsh;
import io.portcullis.testing.RunningAppliance;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built jar as an operator runs it: first run, flags, bad start-up input and SIGTERM. */
class StartupIT {

    static final Duration START = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    @Test
    void firstRunWritesTheInitialAdminPasswordAndSigtermExitsZero() throws Exception {
        Path data = tmp.resolve("data");
        int port = RunningAppliance.freePort();
        try (ApplianceProcess app = ApplianceProcess.start("--data-dir", data.toString(), "--ssh-port",
                Integer.toString(port), "--no-console")) {
            app.awaitLine(l -> l.contains("audit service system@local start ssh"), START);
            assertThat(app.stdout()).anyMatch(l -> l.endsWith("ssh listening on 0.0.0.0:" + port));
            assertThat(app.stdout()).anyMatch(l -> l.contains("ssh host key 256 SHA256:") && l.endsWith("(ED25519)"));
            assertThat(app.stdout()).anyMatch(l -> l.contains("data directory " + data.toAbsolutePath()));
            assertThat(Files.readString(data.resolve("portcullis.conf"))).contains("#syslog.endpoint = ");

            Path initial = data.resolve("initial-admin-password");
            assertThat(Files.getPosixFilePermissions(initial)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            String password = Files.readString(initial).strip();
            assertThat(password).hasSizeGreaterThanOrEqualTo(16);
            assertThat(app.stdout()).anyMatch(l -> l.contains(initial.toString()));
            assertThat(app.output()).doesNotContain(password);
            assertThat(Files.readString(data.resolve("logs/portcullis.log"))).doesNotContain(password);

            OpenSsh.Result login = OpenSsh.to(port, "admin").password(password).exec("services list");
            assertThat(login.exitCode()).as(login.toString()).isZero();

            app.terminate();
            assertThat(app.waitForExit(Duration.ofSeconds(30))).as(app.output()).isZero();
        }
        // the real defaults publish in the host's /run/userdb (the one test that does with builtin names), and
        // SIGTERM takes every record of this data directory away again
        try (var records = Files.list(java.nio.file.Path.of("/run/userdb"))) {
            assertThat(records.filter(f -> f.toString().endsWith(".user") && contains(f, data.toAbsolutePath().toString())))
                    .isEmpty();
        } catch (java.nio.file.NoSuchFileException none) {
            // nothing was ever published on this host
        }
        // the next start keeps the generated password and its file; setting one from a file removes it
        Path pw = tmp.resolve("pw");
        Files.writeString(pw, "chosen-password\n");
        try (ApplianceProcess app = ApplianceProcess.start("--data-dir", data.toString(), "--no-console",
                "--admin-password-file", pw.toString())) {
            app.awaitLine(l -> l.contains("ssh listening on"), START);
            assertThat(data.resolve("initial-admin-password")).doesNotExist();
            OpenSsh.Result login = OpenSsh.to(port, "admin").password("chosen-password").exec("services list");
            assertThat(login.exitCode()).as(login.toString()).isZero();
            app.terminate();
            assertThat(app.waitForExit(Duration.ofSeconds(30))).as(app.output()).isZero();
            assertThat(app.stdout()).as(app.output()).anyMatch(l -> l.contains("shutting down"));
        }
    }

    @Test
    void sigtermClosesOpenSessionsWithAMessage() throws Exception {
        Path data = RunningAppliance.withConf(tmp.resolve("data"));
        Path pw = tmp.resolve("pw");
        Files.writeString(pw, "admin-password-1\n");
        int port = RunningAppliance.freePort();
        try (ApplianceProcess app = ApplianceProcess.start("--data-dir", data.toString(), "--ssh-port",
                Integer.toString(port), "--admin-password-file", pw.toString(), "--no-console")) {
            app.awaitLine(l -> l.contains("ssh listening on"), START);
            // a session that stays open until the server closes it
            Process client = new ProcessBuilder("sshpass", "-p", "admin-password-1", "ssh", "-p", Integer.toString(port),
                    "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR",
                    "-o", "PubkeyAuthentication=no", "-N", "admin@127.0.0.1").redirectErrorStream(true).start();
            Thread.sleep(2500);
            assertThat(client.isAlive()).isTrue();
            app.terminate();
            assertThat(app.waitForExit(Duration.ofSeconds(30))).as(app.output()).isZero();
            assertThat(client.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(new String(client.getInputStream().readAllBytes())).contains("Portcullis is shutting down");
        }
    }

    @Test
    void helpAndVersionExitZero() throws Exception {
        try (ApplianceProcess help = ApplianceProcess.start("--help")) {
            assertThat(help.waitForExit(START)).isZero();
            assertThat(String.join("\n", help.stdout())).contains("--data-dir DIR", "--conf FILE", "--admin-password-file FILE",
                    "--ssh-port N", "--console-device PATH", "--no-console", "--version", "DATA_DIR/portcullis.conf");
        }
        try (ApplianceProcess version = ApplianceProcess.start("--version")) {
            assertThat(version.waitForExit(START)).isZero();
            assertThat(version.stdout()).singleElement().asString().startsWith("portcullis ");
        }
    }

    @Test
    void unknownFlagIsOneLineAndExitTwoWithNothingWritten() throws Exception {
        Path data = tmp.resolve("never");
        try (ApplianceProcess app = ApplianceProcess.start("--data-dir", data.toString(), "--bogus")) {
            assertThat(app.waitForExit(START)).isEqualTo(2);
            assertThat(app.stderr()).containsExactly("portcullis: unknown option '--bogus'; run with --help to list the options");
        }
        assertThat(data).doesNotExist();
    }

    @Test
    void unreadablePasswordFileIsRefusedBeforeAnythingIsWritten() throws Exception {
        Path data = tmp.resolve("never");
        try (ApplianceProcess app = ApplianceProcess.start("--data-dir", data.toString(), "--admin-password-file",
                tmp.resolve("missing").toString())) {
            assertThat(app.waitForExit(START)).isEqualTo(2);
            assertThat(app.stderr()).singleElement().asString()
                    .startsWith("portcullis: --admin-password-file " + tmp.resolve("missing") + ": cannot read it");
        }
        Path shortPassword = tmp.resolve("short");
        Files.writeString(shortPassword, "abc\n");
        try (ApplianceProcess app = ApplianceProcess.start("--data-dir", data.toString(), "--admin-password-file",
                shortPassword.toString())) {
            assertThat(app.waitForExit(START)).isEqualTo(2);
            assertThat(app.stderr()).singleElement().asString().contains("at least 8 characters");
        }
        assertThat(data).doesNotExist();
    }

    @Test
    void portInUseIsRefusedBeforeAnythingIsWritten() throws Exception {
        Path data = tmp.resolve("never");
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("0.0.0.0", 0));
            try (ApplianceProcess app = ApplianceProcess.start("--data-dir", data.toString(), "--ssh-port",
                    Integer.toString(taken.getLocalPort()))) {
                assertThat(app.waitForExit(START)).isEqualTo(2);
                assertThat(app.stderr()).singleElement().asString()
                        .startsWith("portcullis: --ssh-port " + taken.getLocalPort() + ": cannot listen there");
            }
        }
        assertThat(data).doesNotExist();
    }

    @Test
    void storedPortInUseAtBootStopsTheApplianceWithAReason() throws Exception {
        Path data = RunningAppliance.withConf(tmp.resolve("data"));
        int port = RunningAppliance.freePort();
        try (ApplianceProcess first = ApplianceProcess.start("--data-dir", data.toString(), "--ssh-port",
                Integer.toString(port), "--no-console")) {
            first.awaitLine(l -> l.contains("ssh listening on"), START);
            first.terminate();
            assertThat(first.waitForExit(Duration.ofSeconds(30))).isZero();
        }
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("0.0.0.0", port));
            try (ApplianceProcess second = ApplianceProcess.start("--data-dir", data.toString(), "--no-console")) {
                assertThat(second.waitForExit(START)).isEqualTo(1);
                assertThat(second.output()).contains("cannot listen on port " + port);
                assertThat(second.stderr()).last().asString().startsWith("portcullis: could not start: service ssh did not start");
            }
        }
    }

    @Test
    void unusableDataDirectoryIsOneLineAndExitTwo() throws Exception {
        Path file = tmp.resolve("a-file");
        Files.writeString(file, "not a directory");
        try (ApplianceProcess app = ApplianceProcess.start("--data-dir", file.resolve("data").toString())) {
            assertThat(app.waitForExit(START)).isEqualTo(2);
            assertThat(app.stderr()).singleElement().asString()
                    .startsWith("portcullis: data directory " + file.resolve("data") + " is not usable");
        }
        try (ApplianceProcess app = ApplianceProcess.start("--data-dir", file.toString())) {
            assertThat(app.waitForExit(START)).isEqualTo(2);
            assertThat(app.stderr()).singleElement().asString().contains("is not usable");
        }
    }

    @Test
    void badLineInPortcullisConfIsOneLineAndExitTwoBeforeTheDatabaseIsMade() throws Exception {
        Path data = tmp.resolve("data");
        Files.createDirectories(data);
        Files.writeString(data.resolve("portcullis.conf"), "# mine\nsyslog.endpoint = 127.0.0.1\n");
        try (ApplianceProcess app = ApplianceProcess.start("--data-dir", data.toString(), "--no-console")) {
            assertThat(app.waitForExit(START)).isEqualTo(2);
            assertThat(app.stderr()).singleElement().asString()
                    .startsWith("portcullis: " + data.toAbsolutePath().resolve("portcullis.conf") + " line 2: ")
                    .contains("HOST:PORT");
        }
        assertThat(data.resolve("portcullis.db")).doesNotExist();
    }

    @Test
    void confFlagIsTheFileReadAndTheDataDirectoryGetsNoCopy() throws Exception {
        Path data = tmp.resolve("data");
        Path conf = tmp.resolve("etc-portcullis.conf");
        Files.writeString(conf, "# the package's file\nsyslog.endpoint = nowhere\n");
        try (ApplianceProcess app = ApplianceProcess.start("--data-dir", data.toString(), "--conf", conf.toString(),
                "--no-console")) {
            assertThat(app.waitForExit(START)).isEqualTo(2);
            assertThat(app.stderr()).singleElement().asString()
                    .startsWith("portcullis: " + conf.toAbsolutePath() + " line 2: ").contains("HOST:PORT");
        }
        Files.writeString(conf, "ssh.penalty-exempt-list = 127.0.0.1\naccounts.userdb-dir = none\n");
        int port = RunningAppliance.freePort();
        try (ApplianceProcess app = ApplianceProcess.start("--data-dir", data.toString(), "--conf", conf.toString(),
                "--ssh-port", Integer.toString(port), "--no-console")) {
            app.awaitLine(l -> l.contains("ssh listening on"), START);
            assertThat(data.resolve("portcullis.conf")).doesNotExist();
            app.terminate();
            assertThat(app.waitForExit(Duration.ofSeconds(30))).as(app.output()).isZero();
        }
    }

    private static boolean contains(Path file, String text) {
        try {
            return Files.readString(file).contains(text);
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
