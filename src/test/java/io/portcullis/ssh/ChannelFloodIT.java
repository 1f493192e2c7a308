package io.portcullis.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.conf.ApplianceConf;
import io.portcullis.testing.ApplianceProcess;
import io.portcullis.testing.OpenSsh;
import io.portcullis.testing.RunningAppliance;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelDirectTcpip;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.util.net.SshdSocketAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, item 7: one connection opening 3,000 direct-tcpip channels gets at most
 * ssh.max-channels-per-connection (256) of them, each further one refused with the reason while the
 * connection goes on; and the appliance raises its open-files soft limit to the hard one at start and
 * logs both. Run on the jar, whose descriptors are counted in /proc.
 */
class ChannelFloodIT {

    static final int CHANNELS = 3000;

    @TempDir
    Path tmp;

    private ApplianceProcess start(List<String> launcher, List<String> jvmOptions, int port) throws Exception {
        return ApplianceProcess.serve(tmp.resolve("data-" + port), port, launcher, jvmOptions);
    }

    @Test
    void oneConnectionGetsAtMostTheChannelLimitAndGoesOn() throws Exception {
        int port = RunningAppliance.freePort();
        try (ApplianceProcess app = start(List.of(), List.of(), port);
             ServerSocket sink = new ServerSocket(0, 4096, InetAddress.getLoopbackAddress())) {
            List<Socket> accepted = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                while (!sink.isClosed()) {
                    try {
                        accepted.add(sink.accept());
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            OpenSsh.Result on = OpenSsh.to(port, "admin").password(RunningAppliance.ADMIN_PASSWORD)
                    .exec("ssh set --tcp-forwarding true");
            assertThat(on.exitCode()).as(on.toString()).isZero();

            long fdsBefore = descriptors(app.pid());
            SshClient client = SshClient.setUpDefaultClient();
            client.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
            client.start();
            int opened = 0;
            List<String> refusals = new ArrayList<>();
            try (ClientSession session = client.connect("admin", "127.0.0.1", port).verify(Duration.ofSeconds(10))
                    .getSession()) {
                session.addPasswordIdentity(RunningAppliance.ADMIN_PASSWORD);
                session.auth().verify(Duration.ofSeconds(10));
                List<ChannelDirectTcpip> channels = new ArrayList<>();
                for (int i = 0; i < CHANNELS; i++) {
                    ChannelDirectTcpip channel = session.createDirectTcpipChannel(new SshdSocketAddress("127.0.0.1", 0),
                            new SshdSocketAddress("127.0.0.1", sink.getLocalPort()));
                    try {
                        channel.open().verify(Duration.ofSeconds(30));
                        channels.add(channel);
                        opened++;
                    } catch (IOException e) {
                        refusals.add(String.valueOf(e.getMessage()));
                    }
                }
                long fdsDuring = descriptors(app.pid());
                System.out.printf("%d direct-tcpip channels asked for on one connection: %d opened, %d refused;"
                        + " descriptors of the appliance %d before, %d with them open%n", CHANNELS, opened,
                        refusals.size(), fdsBefore, fdsDuring);
                assertThat(opened).isEqualTo(ApplianceConf.Ssh.DEFAULT_MAX_CHANNELS);
                assertThat(refusals).hasSize(CHANNELS - opened)
                        .allSatisfy(r -> assertThat(r).contains("channels open, the most the server allows"));
                assertThat(fdsDuring - fdsBefore).as("descriptors held by one connection")
                        .isLessThanOrEqualTo(ApplianceConf.Ssh.DEFAULT_MAX_CHANNELS + 32);

                for (ChannelDirectTcpip channel : channels.subList(0, 10)) {
                    channel.close(false).await(Duration.ofSeconds(10));
                }
                String listed = session.executeRemoteCommand("services list");
                assertThat(listed).contains("ssh");
            } finally {
                client.stop();
                accepted.forEach(s -> {
                    try {
                        s.close();
                    } catch (IOException e) {
                        // closing anyway
                    }
                });
            }
            app.terminate();
        }
    }

    @Test
    void theOpenFilesSoftLimitIsRaisedToTheHardOneAndLogged() throws Exception {
        int port = RunningAppliance.freePort();
        // -XX:-MaxFDLimit: HotSpot leaves the soft limit as it found it, so the appliance's own raise shows
        try (ApplianceProcess app = start(List.of("prlimit", "--nofile=1024:8192", "--"), List.of("-XX:-MaxFDLimit"),
                port)) {
            assertThat(app.stdout()).as(app.output()).anyMatch(l -> l.contains("open files: limit raised from 1024 to 8192"));
            String limits = Files.readString(Path.of("/proc/" + app.pid() + "/limits"));
            assertThat(limits).containsPattern("Max open files\\s+8192\\s+8192");
            app.terminate();
        }
    }

    private static long descriptors(long pid) throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            return fds.count();
        }
    }
}
