package io.portcullis.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.testing.ApplianceProcess;
import io.portcullis.testing.OpenSsh;
import io.portcullis.testing.RunningAppliance;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code systemctl reload} (issue 17): the built jar gets SIGHUP, as the unit's ExecReload sends it, after
 * portcullis.conf was edited. What can change live does (the id range of the next account, where SFTP lines
 * go as syslog), the log says what was applied and what waits for a restart, and a bad edit is refused
 * whole with its line, the running values kept.
 */
class ReloadIT {

    static final Duration START = Duration.ofSeconds(90);

    @TempDir
    Path tmp;

    @Test
    void sighupAppliesWhatItCanAndRefusesABadFileWhole() throws Exception {
        Path data = tmp.resolve("data");
        try (DatagramSocket first = syslog(); DatagramSocket second = syslog()) {
            RunningAppliance.withConf(data, "accounts.id-range = 30000-30999",
                    "syslog.endpoint = 127.0.0.1:" + first.getLocalPort());
            Path pw = tmp.resolve("pw");
            Files.writeString(pw, RunningAppliance.ADMIN_PASSWORD + "\n");
            int port = RunningAppliance.freePort();
            try (ApplianceProcess app = ApplianceProcess.start("--data-dir", data.toString(), "--ssh-port",
                    Integer.toString(port), "--no-console", "--admin-password-file", pw.toString())) {
                app.awaitLine(l -> l.contains("ssh listening on"), START);
                OpenSsh admin = OpenSsh.to(port, "admin").password(RunningAppliance.ADMIN_PASSWORD);
                admin.execOk("ssh set --sftp-log-level INFO");
                assertThat(uidOfNewUser(admin, "before")).isEqualTo(30000);
                sftpUpload(port, "before");
                assertThat(receive(first, "user before from")).isTrue();

                Files.writeString(data.resolve("portcullis.conf"), String.join("\n",
                        "ssh.penalty-exempt-list = 127.0.0.1",
                        "accounts.userdb-dir = test-userdb-elsewhere",
                        "accounts.id-range = 40000-40999",
                        "syslog.endpoint = 127.0.0.1:" + second.getLocalPort(), ""));
                hangUp(app);
                String applied = app.awaitLine(l -> l.contains("reload:") && l.contains("applied:"), START);
                assertThat(applied).contains("accounts.id-range 30000-30999 -> 40000-40999",
                        "syslog.endpoint 127.0.0.1:" + first.getLocalPort() + " -> 127.0.0.1:" + second.getLocalPort(),
                        "needs a restart of the appliance: accounts.userdb-dir " + data.resolve("test-userdb")
                                + " -> " + data.resolve("test-userdb-elsewhere"));

                assertThat(uidOfNewUser(admin, "after")).isEqualTo(40000);
                sftpUpload(port, "after");
                assertThat(receive(second, "user after from")).isTrue();

                // a bad edit: refused whole (its good line too), with the file and line, the running values kept
                Files.writeString(data.resolve("portcullis.conf"), String.join("\n",
                        "ssh.penalty-exempt-list = 127.0.0.1",
                        "syslog.endpoint = 127.0.0.1:" + first.getLocalPort(),
                        "accounts.id-range = 50000-4", ""));
                hangUp(app);
                String refused = app.awaitLine(l -> l.contains("was not applied"), START);
                assertThat(refused).contains(data.resolve("portcullis.conf") + " line 3: accounts.id-range",
                        "the running configuration is kept");
                assertThat(uidOfNewUser(admin, "kept")).isEqualTo(40001);
                sftpUpload(port, "kept");
                assertThat(receive(second, "user kept from")).isTrue();

                assertThat(admin.execOk("audit list --user system")).contains("reload portcullis.conf")
                        .contains("refused");
                app.terminate();
                assertThat(app.waitForExit(Duration.ofSeconds(30))).as(app.output()).isZero();
            }
        }
    }

    /** As {@code systemctl reload} does through the unit's {@code ExecReload=/bin/kill -HUP $MAINPID}. */
    private static void hangUp(ApplianceProcess app) throws Exception {
        Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(app.pid())).inheritIO().start();
        assertThat(kill.waitFor()).isZero();
    }

    private static int uidOfNewUser(OpenSsh admin, String name) throws Exception {
        admin.execOk("accounts users add " + name + " --password '" + RunningAppliance.USER_PASSWORD + "'");
        String json = admin.execOk("accounts users show " + name + " --json");
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(json).get("uid").asInt();
    }

    private static void sftpUpload(int port, String user) {
        OpenSsh.Result put = OpenSsh.to(port, user).password(RunningAppliance.USER_PASSWORD).sftp("mkdir d\n");
        assertThat(put.exitCode()).as(put.toString()).isZero();
    }


    private static DatagramSocket syslog() throws Exception {
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        socket.setSoTimeout(20_000);
        return socket;
    }

    /** Whether a syslog line holding {@code text} arrives within 20 s (a session sends several lines). */
    private static boolean receive(DatagramSocket socket, String text) throws Exception {
        byte[] buffer = new byte[8192];
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
            } catch (SocketTimeoutException e) {
                return false;
            }
            if (new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8).contains(text)) {
                return true;
            }
        }
        return false;
    }
}
