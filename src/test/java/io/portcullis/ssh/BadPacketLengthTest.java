package io.portcullis.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.testing.RunningAppliance;
import io.portcullis.testing.StartedAppliance;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 13, item 6: a packet length the server cannot take, before any key exchange, closes the
 * connection at once (as OpenSSH does), instead of holding it and its MaxStartups slot until
 * LoginGraceTime (120 s).
 */
class BadPacketLengthTest {

    /** Far below LoginGraceTime's 120 s, far above what closing takes. */
    static final int WAIT_MILLIS = 30_000;
    @StartedAppliance
    static RunningAppliance appliance;

    @ParameterizedTest
    @ValueSource(longs = {0, 0xFFFFFFFFL, 256 * 1024 + 1, 4})
    void theServerClosesAtOnce(long length) throws Exception {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress("127.0.0.14", 0));
            socket.connect(new InetSocketAddress("127.0.0.1", appliance.port()), 10_000);
            socket.setSoTimeout(WAIT_MILLIS);
            OutputStream out = socket.getOutputStream();
            out.write("SSH-2.0-badlength_1.0\r\n".getBytes(StandardCharsets.US_ASCII));
            out.write(ByteBuffer.allocate(Integer.BYTES).putInt((int) length).array());
            out.write(new byte[12]);
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] chunk = new byte[4096];
            try {
                while (in.read(chunk) >= 0) {
                    // the server's identification and key exchange offer, then end of stream
                }
            } catch (SocketTimeoutException e) {
                throw new AssertionError("length " + length + ": still open after " + WAIT_MILLIS + " ms");
            } catch (java.net.SocketException reset) {
                // closed by the server, with our unread bytes reset: closed all the same
            }
        }
        assertThat(appliance.admin().exec("services list").exitCode()).isZero();
    }
}
