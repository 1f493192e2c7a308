package io.portcullis.testing;

import io.portcullis.accounts.Accounts;
import io.portcullis.accounts.UserChanges;
import io.portcullis.app.Appliance;
import io.portcullis.conf.ApplianceConf;
import io.portcullis.app.StartupOptions;
import io.portcullis.audit.AuditLog.Actor;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The real appliance started in this JVM on a free loopback port with its own data directory, for
 * end-to-end tests that talk to it with OpenSSH clients.
 */
public final class RunningAppliance implements AutoCloseable {

    public static final String ADMIN_PASSWORD = "correct horse battery";
    /** The password of the accounts {@link #addUser} creates. */
    public static final String USER_PASSWORD = "s3cret-password";

    /**
     * Test appliances publish their accounts in their own data directory, never in the host's /run/userdb,
     * where several of them would meet; the tests of real name resolution set it themselves.
     */
    public static final String PRIVATE_USERDB = "accounts.userdb-dir = test-userdb\n";

    /**
     * Tests log in from 127.0.0.1 again and again, many of them failing on purpose; per-source penalties
     * would refuse the next test's logins. SourcePenaltiesTest uses other addresses.
     */
    static final String LOOPBACK_EXEMPT = "ssh.penalty-exempt-list = 127.0.0.1\n";

    private final Path dataDir;
    private final int port;
    private final Path consoleDevice;
    private final boolean withAdminPassword;
    private ConfigurableApplicationContext context;

    private RunningAppliance(Path dataDir, int port, Path consoleDevice, boolean withAdminPassword) {
        this.dataDir = dataDir;
        this.port = port;
        this.consoleDevice = consoleDevice;
        this.withAdminPassword = withAdminPassword;
    }

    /** Starts with {@code admin}'s password set to {@link #ADMIN_PASSWORD}. */
    public static RunningAppliance start(Path dataDir, String... extraArgs) {
        return startOn(dataDir, freePort(), extraArgs);
    }

    public static RunningAppliance startOn(Path dataDir, int port, String... extraArgs) {
        RunningAppliance appliance = new RunningAppliance(dataDir, port, null, true);
        appliance.boot(extraArgs);
        return appliance;
    }

    /**
     * Starts with the local console menu on {@code device} (see {@link OperatorTerminal}), or with no
     * console when it is null; with {@code withAdminPassword} false, {@code admin} has no password, as
     * on a first run without --admin-password-file.
     */
    public static RunningAppliance startWithConsole(Path dataDir, Path device, boolean withAdminPassword) {
        RunningAppliance appliance = new RunningAppliance(dataDir, freePort(), device, withAdminPassword);
        appliance.boot();
        return appliance;
    }

    private void boot(String... extraArgs) {
        try {
            Files.createDirectories(dataDir);
            Path conf = dataDir.resolve(ApplianceConf.FILE_NAME);
            if (!Files.exists(conf)) {
                withConf(dataDir);
            }
            List<String> args = new ArrayList<>(List.of("--data-dir", dataDir.toString(), "--ssh-port",
                    Integer.toString(port)));
            if (withAdminPassword) {
                Path passwordFile = dataDir.resolveSibling(dataDir.getFileName() + "-admin-password");
                Files.writeString(passwordFile, ADMIN_PASSWORD + "\n");
                args.addAll(List.of("--admin-password-file", passwordFile.toString()));
            }
            if (consoleDevice != null) {
                args.addAll(List.of("--console-device", consoleDevice.toString()));
            } else {
                args.add("--no-console");
            }
            args.addAll(List.of(extraArgs));
            context = Appliance.start(Appliance.prepare(StartupOptions.parse(args)));
        } catch (Exception e) {
            throw new IllegalStateException("appliance did not start", e);
        }
    }

    /**
     * Writes {@code DATA_DIR/portcullis.conf} for a test: the loopback exemption unless a line names another
     * list, these lines, and the private userdb directory unless a line names another.
     */
    public static Path withConf(Path dataDir, String... lines) throws IOException {
        return writeConf(dataDir, true, List.of(lines));
    }

    static Path writeConf(Path dataDir, boolean exemptLoopback, List<String> lines) throws IOException {
        Files.createDirectories(dataDir);
        StringBuilder text = new StringBuilder();
        if (exemptLoopback && lines.stream().noneMatch(l -> l.startsWith("ssh.penalty-exempt-list"))) {
            text.append(LOOPBACK_EXEMPT);
        }
        for (String line : lines) {
            text.append(line).append('\n');
        }
        if (lines.stream().noneMatch(l -> l.startsWith("accounts.userdb-dir"))) {
            text.append(PRIVATE_USERDB);
        }
        Files.writeString(dataDir.resolve(ApplianceConf.FILE_NAME), text.toString());
        return dataDir;
    }

    /** Stops and starts again on the same data directory and port, as a reboot would. */
    public void restart(String... extraArgs) {
        close();
        boot(extraArgs);
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    public OpenSsh ssh(String user) {
        return new OpenSsh(port, user);
    }

    /** Adds an account with {@link #USER_PASSWORD} and the given shell, as an administrator would. */
    public RunningAppliance addUser(String username, String shell) {
        bean(Accounts.class).add(new Actor("test", "local"), username,
                UserChanges.NONE.withPassword(USER_PASSWORD).withShell(shell));
        return this;
    }

    /** OpenSSH clients logging in as an account made by {@link #addUser}. */
    public OpenSsh user(String username) {
        return ssh(username).password(USER_PASSWORD);
    }

    public Path home(String username) {
        Accounts accounts = bean(Accounts.class);
        return accounts.homeOf(accounts.require(username));
    }

    /** The whole log file so far. */
    public String log() {
        try {
            return Files.readString(dataDir.resolve("logs/portcullis.log"));
        } catch (IOException e) {
            return "";
        }
    }

    /** Waits (up to 20 s) for a log line holding {@code text}, and returns the log; fails with it otherwise. */
    public String awaitLog(String text) {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            String log = log();
            if (log.contains(text)) {
                return log;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("no log line with '" + text + "' in:\n" + log());
    }

    /**
     * The SHA-256 fingerprint of the ED25519 host key, bare base64 without padding (what PuTTY's
     * {@code -hostkey SHA256:...} and curl's {@code --hostpubsha256} compare against).
     */
    public String hostKeySha256() {
        return bean(io.portcullis.keypairs.HostKeys.class).fingerprints().stream()
                .filter(f -> f.type() == io.portcullis.keypairs.HostKeys.Type.ED25519).findFirst().orElseThrow()
                .sha256().replaceFirst("^SHA256:", "").replaceAll("=+$", "");
    }

    /** A known_hosts file naming this appliance's host keys, for clients that check them (rclone, lftp's ssh). */
    public Path knownHosts(Path file) {
        StringBuilder lines = new StringBuilder();
        try {
            for (java.security.KeyPair pair : bean(io.portcullis.keypairs.HostKeys.class).provider().loadKeys(null)) {
                lines.append("[127.0.0.1]:").append(port).append(' ')
                        .append(org.apache.sshd.common.config.keys.PublicKeyEntry.toString(pair.getPublic())).append('\n');
            }
            Files.createDirectories(file.getParent());
            return Files.writeString(file, lines.toString());
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public OpenSsh admin() {
        return ssh("admin").password(ADMIN_PASSWORD);
    }

    /** Runs a console command as {@code admin} over ssh, and fails the test (naming it) unless it exits 0. */
    public OpenSsh.Result adminSucceeds(String command) {
        OpenSsh.Result r = admin().exec(command);
        org.assertj.core.api.Assertions.assertThat(r.exitCode()).as(command + "\n" + r).isZero();
        return r;
    }

    /** Runs a console command as {@code admin}, and fails the test unless the console refuses it with these parts. */
    public OpenSsh.Result adminRefused(String command, String... parts) {
        return Refusals.assertRefused(command, admin().exec(command), parts);
    }

    @Override
    public void close() {
        if (context != null) {
            context.close();
            context = null;
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
