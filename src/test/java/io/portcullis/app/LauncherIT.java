package io.portcullis.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.testing.ApplianceProcess;
import io.portcullis.testing.RunningAppliance;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The package's launcher, src/deb/bin/portcullis, on the built jar: which Java it picks, its --help,
 * and the start-up cache in DATA_DIR/cache (made, used, never fatal when refused, remade for a new jar).
 */
class LauncherIT {

    static final Path LAUNCHER = Path.of("src/deb/bin/portcullis").toAbsolutePath();

    @TempDir
    Path tmp;

    @Test
    void helpIsTheJarsWithWhatTheLauncherAdds() throws Exception {
        Run help = run(Map.of(), "--help");
        assertThat(help.status()).as(help.out()).isZero();
        assertThat(help.out()).contains("--data-dir DIR", "--conf FILE", "Launcher (/usr/bin/portcullis)",
                "--make-cache", "PORTCULLIS_JAVA", "DATA_DIR/cache");
    }

    @Test
    void picksTheNewestJavaOf17OrLater() throws Exception {
        Path newest = fakeJdk("jdk-99", "99.0.1");
        Path old = fakeJdk("jdk-11", "11.0.2");
        Run picked = run(Map.of("JAVA_HOME", newest.toString()), "--version");
        assertThat(picked.out()).contains("fake java 99:").contains("-jar");
        // older than 17: never picked, even when it is the one JAVA_HOME names
        Run notOld = run(Map.of("JAVA_HOME", old.toString()), "--version");
        assertThat(notOld.out()).doesNotContain("fake java 11").contains("portcullis ");
        Run pinned = run(Map.of("PORTCULLIS_JAVA", old.resolve("bin/java").toString()), "--version");
        assertThat(pinned.status()).isEqualTo(1);
        assertThat(pinned.out()).contains("is not a Java 17 or later");
    }

    @Test
    void theStartUpCacheIsMadeUsedNeverFatalAndRemadeForANewJar() throws Exception {
        Path jar = Files.copy(ApplianceProcess.jar(), tmp.resolve("portcullis.jar"));
        Path data = Files.createDirectories(tmp.resolve("data"));
        RunningAppliance.withConf(data);
        Map<String, String> env = Map.of("PORTCULLIS_JAR", jar.toString());
        int port = RunningAppliance.freePort();

        Run made = run(env, "--data-dir", data.toString(), "--make-cache");
        assertThat(made.status()).as(made.out()).isZero();
        Path archive = onlyArchive(data);
        Path app = archive.getParent();
        assertThat(app.resolve("portcullis.jar")).isRegularFile();
        assertThat(Files.getPosixFilePermissions(data.resolve("cache"))).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        // the training run listened nowhere and left no data directory behind
        try (Stream<Path> left = Files.list(data.resolve("cache"))) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".train"));
        }

        Process appliance = start(env, data, port);
        try {
            awaitPort(port, appliance);
            // the JVM mapped the archive: it is in use, not merely named on the command line
            assertThat(Files.readString(Path.of("/proc/" + appliance.pid() + "/maps"))).contains(archive.toString());
        } finally {
            stop(appliance);
        }

        // a refused archive (garbage in it) is ignored by the JVM, and the appliance starts
        Files.write(archive, "not an archive".repeat(1000).getBytes(StandardCharsets.UTF_8));
        appliance = start(env, data, port);
        try {
            awaitPort(port, appliance);
        } finally {
            stop(appliance);
        }

        // a new jar: extracted and trained again, the old extraction removed at the next start
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(60)));
        appliance = start(env, data, port);
        try {
            awaitPort(port, appliance);
        } finally {
            stop(appliance);
        }
        assertThat(app).doesNotExist();
        assertThat(onlyArchive(data).getParent()).isNotEqualTo(app);
    }

    private Path fakeJdk(String name, String version) throws IOException {
        Path home = Files.createDirectories(tmp.resolve(name).resolve("bin"));
        Files.writeString(home.getParent().resolve("release"), "JAVA_VERSION=\"" + version + "\"\n");
        Path java = home.resolve("java");
        Files.writeString(java, "#!/bin/sh\necho \"fake java " + version.split("\\.")[0] + ": $*\"\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return home.getParent();
    }

    private static Path onlyArchive(Path data) throws IOException {
        try (Stream<Path> archives = Files.find(data.resolve("cache"), 2,
                (p, a) -> p.toString().endsWith(".jsa") || p.toString().endsWith(".aot"))) {
            List<Path> all = archives.toList();
            assertThat(all).hasSize(1);
            return all.get(0);
        }
    }

    private Process start(Map<String, String> env, Path data, int port) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(LAUNCHER.toString(), "--data-dir", data.toString(), "--ssh-port",
                Integer.toString(port), "--no-console");
        pb.environment().putAll(env);
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(tmp.resolve("out").toFile()));
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        return pb.start();
    }

    private void awaitPort(int port, Process process) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (Instant.now().isBefore(deadline)) {
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    throw new AssertionError("exited with " + process.exitValue() + ":\n" + Files.readString(tmp.resolve("out")));
                }
                Thread.sleep(100);
            }
        }
        throw new AssertionError("not listening within 120 s:\n" + Files.readString(tmp.resolve("out")));
    }

    private void stop(Process process) throws Exception {
        new ProcessBuilder("kill", "-TERM", Long.toString(process.pid())).start().waitFor();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        assertThat(process.exitValue()).as(Files.readString(tmp.resolve("out"))).isZero();
    }

    record Run(int status, String out) {
    }

    private Run run(Map<String, String> env, String... args) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Stream.concat(Stream.of(LAUNCHER.toString()), Stream.of(args)).toList());
        pb.environment().put("PORTCULLIS_JAR", ApplianceProcess.jar().toString());
        pb.environment().putAll(env);
        pb.redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out);
    }
}
