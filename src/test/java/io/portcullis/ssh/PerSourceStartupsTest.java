package io.portcullis.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.testing.OpenSsh;
import io.portcullis.testing.RunningAppliance;
import io.portcullis.testing.StartedAppliance;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, item 9: 98 connections held open, unauthenticated, from one address (127.0.0.8) do not
 * lock admins out from another (127.0.0.9): by default one address may hold at most half of
 * MaxStartups' start (5 of 10), so the others never reach the point where MaxStartups drops
 * connections.
 */
class PerSourceStartupsTest {

    static final int HELD = 98;
    @StartedAppliance
    static RunningAppliance appliance;

    @Test
    void heldConnectionsFromOneAddressDoNotKeepAdminsOut() throws Exception {
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < HELD; i++) {
                Socket s = new Socket();
                s.bind(new InetSocketAddress("127.0.0.8", 0));
                s.connect(new InetSocketAddress("127.0.0.1", appliance.port()), 10_000);
                held.add(s);
            }
            for (int i = 0; i < 10; i++) {
                OpenSsh.Result admin = appliance.admin().option("BindAddress=127.0.0.9").exec("services list");
                assertThat(admin.exitCode()).as("admin login %d from another address: %s", i, admin).isZero();
            }
            assertThat(held.stream().filter(PerSourceStartupsTest::closedByServer).count())
                    .as("connections from 127.0.0.8 the server refused: all but MaxStartups' start (10)")
                    .isGreaterThanOrEqualTo(HELD - 10);
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }

    private static boolean closedByServer(Socket s) {
        try {
            // refused ones were closed long before (while the admins logged in); a kept one waits this out
            s.setSoTimeout(1_000);
            byte[] buffer = new byte[256];
            // a connection the server kept gets its identification line and nothing more
            int n = s.getInputStream().read(buffer);
            return n < 0 || s.getInputStream().read(buffer) < 0;
        } catch (IOException e) {
            return !(e instanceof java.net.SocketTimeoutException);
        }
    }
}
