package io.portcullis.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.portcullis.host.ProcessIdentity;
import io.portcullis.testing.OpenSsh;
import io.portcullis.testing.RunningAppliance;
import io.portcullis.testing.SystemdUnit;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Debian package as an administrator meets it (issue 17): {@code dpkg -i} on this machine, the
 * unit's ExecStart run as systemd would run it (systemd is not PID 1 here, nor in CI), a login with
 * OpenSSH using the first admin password where docs/install.md says it is, SIGTERM, then
 * {@code dpkg -r} keeps the data and {@code dpkg --purge} deletes it. Needs root and dpkg; it
 * refuses to run where a portcullis package or /var/lib/portcullis is already there, and removes
 * what it installed however it ends. The host's own sshd is never touched.
 */
class PackageIT {

    static final Path UNIT = Path.of("/usr/lib/systemd/system/portcullis.service");
    static final Path DATA = Path.of("/var/lib/portcullis");
    static final Path CONF = Path.of("/etc/portcullis/portcullis.conf");

    @TempDir
    Path tmp;

    @Test
    void installRunAsSystemdWouldLogInStopRemoveAndPurge() throws Exception {
        assumeTrue(ProcessIdentity.isRoot(), "installing a package needs root; run the tests as root (CI does)");
        assumeTrue(onPath("dpkg"), "dpkg is not installed: not a Debian machine, nothing to install the package with");
        assumeTrue(!run("dpkg-query", "-W", "-f=${Status}", "portcullis").out().contains("ok installed"),
                "a portcullis package is already installed on this machine; this test will not replace it");
        assumeTrue(!Files.exists(DATA), DATA + " already exists; this test will not touch data it did not make");
        Path deb = newestDeb();

        Process service = null;
        try {
            Result install = run("dpkg", "-i", deb.toString());
            assertThat(install.status()).as(install.out()).isZero();
            assertThat(Files.isExecutable(Path.of("/usr/bin/portcullis"))).isTrue();
            assertThat(Path.of("/usr/share/portcullis/portcullis.jar")).isRegularFile();
            assertThat(Files.readString(CONF)).contains("#syslog.endpoint = ");
            // the machine settings are root's alone, as the appliance keeps its own copy (issue 12)
            assertThat(Files.getPosixFilePermissions(CONF)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            assertThat(run("dpkg-query", "--showformat=${Conffiles}", "-W", "portcullis").out()).contains(CONF.toString());
            assertThat(Files.getPosixFilePermissions(DATA)).isEqualTo(PosixFilePermissions.fromString("rwx--x--x"));
            // postinst made the start-up cache for the newest JDK: the jar extracted and an archive trained
            try (Stream<Path> archives = Files.find(DATA.resolve("cache"), 2,
                    (p, a) -> p.toString().endsWith(".jsa") || p.toString().endsWith(".aot"))) {
                assertThat(archives.toList()).as("cache in " + DATA.resolve("cache")).hasSize(1);
            }

            if (onPath("systemd-analyze")) {
                Result verify = run("systemd-analyze", "verify", UNIT.toString());
                assertThat(verify.out()).as("systemd-analyze verify " + UNIT).isEmpty();
                assertThat(verify.status()).isZero();
            }

            SystemdUnit unit = SystemdUnit.read(UNIT);
            assertThat(unit.value("Restart")).contains("on-failure");
            unit.makeDirectories();
            // The one change to ExecStart: a free port, since other tests use the default 2222.
            int port = RunningAppliance.freePort();
            ProcessBuilder pb = unit.processBuilder(List.of("--ssh-port", Integer.toString(port)));
            // stdout into a file that JOURNAL_STREAM names, as systemd's journal stream would be
            Path journal = Files.createFile(tmp.resolve("journal"));
            pb.redirectOutput(journal.toFile()).redirectError(ProcessBuilder.Redirect.appendTo(journal.toFile()));
            pb.environment().put("JOURNAL_STREAM", Files.getAttribute(journal, "unix:dev") + ":"
                    + Files.getAttribute(journal, "unix:ino"));
            service = pb.start();

            awaitLine(journal, "<6>ssh listening on 0.0.0.0:" + port, service);
            String lines = Files.readString(journal);
            assertThat(lines).as("warnings carry the journal's warning priority").contains("<4>no administrator password was set");
            assertThat(Files.readString(DATA.resolve("logs/portcullis.log"))).contains("ssh listening on 0.0.0.0:" + port);

            Path initial = DATA.resolve("initial-admin-password");
            assertThat(Files.getPosixFilePermissions(initial)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            String password = Files.readString(initial).strip();
            OpenSsh.Result login = OpenSsh.to(port, "admin").password(password).exec("services list");
            assertThat(login.exitCode()).as(login.toString()).isZero();
            assertThat(login.stdout()).contains("ssh");
            // a login shell started through setpriv inside the unit's bounding set and no_new_privs
            OpenSsh.Result add = OpenSsh.to(port, "admin").password(password)
                    .exec("accounts users add pkgcheck --shell sh --password pkg-check-password-1");
            assertThat(add.exitCode()).as(add.toString()).isZero();
            OpenSsh.Result shell = OpenSsh.to(port, "pkgcheck").password("pkg-check-password-1")
                    .exec("id -u; grep NoNewPrivs /proc/self/status");
            assertThat(shell.exitCode()).as(shell.toString()).isZero();
            assertThat(shell.stdout()).doesNotStartWith("0\n").contains("NoNewPrivs:\t1");

            new ProcessBuilder("kill", "-TERM", Long.toString(service.pid())).inheritIO().start().waitFor();
            assertThat(service.waitFor(60, TimeUnit.SECONDS)).as(Files.readString(journal)).isTrue();
            assertThat(service.exitValue()).as(Files.readString(journal)).isZero();

            Result remove = run("dpkg", "-r", "portcullis");
            assertThat(remove.status()).as(remove.out()).isZero();
            assertThat(Path.of("/usr/bin/portcullis")).doesNotExist();
            assertThat(UNIT).doesNotExist();
            assertThat(DATA.resolve("portcullis.db")).as("remove keeps the data").isRegularFile();
            assertThat(DATA.resolve("home/pkgcheck")).isDirectory();
            assertThat(CONF).as("remove keeps the conffile").isRegularFile();

            Result purge = run("dpkg", "--purge", "portcullis");
            assertThat(purge.status()).as(purge.out()).isZero();
            assertThat(DATA).as("purge deletes the data").doesNotExist();
            assertThat(CONF.getParent()).doesNotExist();
        } finally {
            if (service != null && service.isAlive()) {
                service.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
            run("dpkg", "--purge", "portcullis");
            deleteTree(DATA);
        }
    }

    @Test
    void unitPassesSystemdAnalyzeVerifyAndTheCheckCatchesATypo() throws Exception {
        assumeTrue(onPath("systemd-analyze"), "systemd-analyze is not installed (package systemd)");
        // A root of our own: systemd-analyze needs the targets the unit names, and the ExecStart and
        // ExecReload binaries (/bin/kill, as on Debian's merged /usr).
        Path root = tmp.resolve("root");
        Path units = Files.createDirectories(root.resolve("usr/lib/systemd/system"));
        Files.createDirectories(root.resolve("usr/bin"));
        Files.copy(Path.of("src/deb/bin/portcullis"), root.resolve("usr/bin/portcullis"));
        Files.copy(Path.of("/bin/kill"), root.resolve("usr/bin/kill"));
        Files.createSymbolicLink(root.resolve("bin"), Path.of("usr/bin"));
        for (Path dir : List.of(Path.of("/usr/lib/systemd/system"), Path.of("/lib/systemd/system"))) {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> targets = Files.list(dir)) {
                    for (Path t : targets.filter(p -> p.toString().endsWith(".target")).toList()) {
                        Files.copy(t, units.resolve(t.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
        String unit = Files.readString(Path.of("src/deb/systemd/portcullis.service"));
        Path file = units.resolve("portcullis.service");

        Files.writeString(file, unit);
        Result verify = run("systemd-analyze", "--root=" + root, "verify", file.toString());
        assertThat(verify.out()).as("systemd-analyze verify of src/deb/systemd/portcullis.service").isEmpty();
        assertThat(verify.status()).isZero();

        // systemd-analyze exits 0 on a misspelt option and only says so: the check is "no output"
        Files.writeString(file, unit.replace("NoNewPrivileges=yes", "NoNewPrivilege=yes"));
        assertThat(run("systemd-analyze", "--root=" + root, "verify", file.toString()).out())
                .contains("Unknown key 'NoNewPrivilege'");
    }

    private static Path newestDeb() throws IOException {
        Path target = io.portcullis.testing.ApplianceProcess.jar().getParent();
        try (Stream<Path> debs = Files.list(target)) {
            return debs.filter(p -> p.getFileName().toString().matches("portcullis_.*_all\\.deb"))
                    .max(Comparator.comparing(p -> p.toFile().lastModified()))
                    .orElseThrow(() -> new AssertionError("no portcullis_*_all.deb in " + target + "; mvn package makes it"));
        }
    }

    private static void awaitLine(Path file, String line, Process process) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (Instant.now().isBefore(deadline)) {
            String text = Files.readString(file);
            if (text.lines().anyMatch(l -> l.equals(line))) {
                return;
            }
            if (!process.isAlive()) {
                throw new AssertionError("the service exited with " + process.exitValue() + " before '" + line + "':\n" + text);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no line '" + line + "' within 120 s:\n" + Files.readString(file));
    }

    record Result(int status, String out) {
    }

    private static Result run(String... command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
        pb.environment().put("SYSTEMD_LOG_COLOR", "0");
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish within 300 s");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return Files.isExecutable(Path.of("/usr/sbin", program)) || Files.isExecutable(Path.of("/sbin", program));
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        List<Path> all = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.forEach(all::add);
        }
        all.sort(Comparator.reverseOrder());
        for (Path p : all) {
            Files.deleteIfExists(p);
        }
    }
}
