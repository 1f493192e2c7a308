package io.portcullis.testing;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Debian's OpenSSH {@code sshd} run by a test: its own config, host key and authorized keys in a temp
 * directory, on a free loopback port, in the foreground, stopped by PID. Logins are by key only, as
 * root, with {@code internal-sftp}.
 */
public final class OpenSshServer implements AutoCloseable {

    public static final Path SSHD = Path.of("/usr/sbin/sshd");

    private final Process process;
    private final int port;
    private final Path authorizedKeys;
    private final Path hostKeyPublic;

    private Path logFile;

    /** What sshd said, for an assertion's description. */
    public String log() {
        try {
            return Files.readString(logFile);
        } catch (IOException e) {
            return "(no sshd log: " + e.getMessage() + ")";
        }
    }

    private OpenSshServer(Process process, int port, Path authorizedKeys, Path hostKeyPublic) {
        this.process = process;
        this.port = port;
        this.authorizedKeys = authorizedKeys;
        this.hostKeyPublic = hostKeyPublic;
    }

    /** Fails, never skips, when sshd is missing: CI installs it (openssh-server, see .ci/run). */
    public static OpenSshServer start(Path dir) throws IOException, InterruptedException {
        return start(dir, null);
    }

    /**
     * As the host's own sshd would run with Debian's default sshd_config: PAM (UsePAM yes), passwords and keys
     * from each user's ~/.ssh/authorized_keys with StrictModes, TCP forwarding allowed.
     */
    public static OpenSshServer startLikeTheHosts(Path dir) throws IOException, InterruptedException {
        return start(dir, List.of(
                "UsePAM yes",
                "KbdInteractiveAuthentication no",
                "PasswordAuthentication yes",
                "AllowTcpForwarding yes",
                "Subsystem sftp internal-sftp",
                "LogLevel VERBOSE"));
    }

    private static OpenSshServer start(Path dir, List<String> settings) throws IOException, InterruptedException {
        if (!Files.isExecutable(SSHD)) {
            throw new IllegalStateException(SSHD + " is missing: install openssh-server (.ci/run does)");
        }
        Files.createDirectories(dir);
        // sshd insists on its privilege separation directory, which the package's service unit makes
        Files.createDirectories(Path.of("/run/sshd"));
        Path hostKey = dir.resolve("ssh_host_ed25519_key");
        Process keygen = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", hostKey.toString())
                .redirectErrorStream(true).start();
        if (keygen.waitFor() != 0) {
            throw new IOException("ssh-keygen failed: " + new String(keygen.getInputStream().readAllBytes()));
        }
        Path authorizedKeys = dir.resolve("authorized_keys");
        Files.writeString(authorizedKeys, "");
        int port = RunningAppliance.freePort();
        Path config = dir.resolve("sshd_config");
        List<String> lines = new java.util.ArrayList<>(List.of("Port " + port, "ListenAddress 127.0.0.1",
                "HostKey " + hostKey, "PidFile none"));
        lines.addAll(settings != null ? settings : List.of(
                "UsePAM no",
                "StrictModes no",
                "PermitRootLogin prohibit-password",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "AuthorizedKeysFile " + authorizedKeys,
                "Subsystem sftp internal-sftp",
                "LogLevel VERBOSE"));
        Files.writeString(config, String.join("\n", lines) + "\n");
        Process sshd = new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("sshd.log").toFile()).start();
        OpenSshServer server = new OpenSshServer(sshd, port, authorizedKeys, Path.of(hostKey + ".pub"));
        server.logFile = dir.resolve("sshd.log");
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            try (Socket probe = new Socket("127.0.0.1", port)) {
                return server;
            } catch (IOException notYet) {
                if (!sshd.isAlive() || System.nanoTime() > deadline) {
                    server.close();
                    throw new IOException("sshd did not start: " + Files.readString(dir.resolve("sshd.log")));
                }
                Thread.sleep(50);
            }
        }
    }

    public int port() {
        return port;
    }

    public void authorize(String publicKeyLine) throws IOException {
        Files.writeString(authorizedKeys, publicKeyLine.strip() + "\n", java.nio.file.StandardOpenOption.APPEND);
    }

    /** The SHA256 fingerprint of sshd's host key, as ssh-keygen -lf prints it. */
    public String hostKeyFingerprint() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ssh-keygen", "-lf", hostKeyPublic.toString()).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        return out.split(" ")[1];
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
