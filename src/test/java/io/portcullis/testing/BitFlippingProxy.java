package io.portcullis.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A TCP relay on loopback for one connection to {@code 127.0.0.1:target}, which inverts one bit of what the
 * client sends, at a chosen byte offset of the stream (past the key exchange, so it lands in an encrypted
 * packet): a man in the middle tampering with the traffic.
 */
public final class BitFlippingProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final int target;
    private final long flipAt;
    private final AtomicBoolean flipped = new AtomicBoolean();
    private final Thread acceptor;
    private volatile Socket client;
    private volatile Socket server;

    public BitFlippingProxy(int target, long flipAt) throws IOException {
        this.target = target;
        this.flipAt = flipAt;
        listener = new ServerSocket();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        acceptor = new Thread(this::relay, "bit-flipping-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Whether the bit was flipped, i.e. the client sent at least {@code flipAt + 1} bytes. */
    public boolean flipped() {
        return flipped.get();
    }

    private void relay() {
        try {
            client = listener.accept();
            server = new Socket(InetAddress.getLoopbackAddress(), target);
            Thread back = new Thread(() -> pump(server, client, false), "bit-flipping-proxy-back");
            back.setDaemon(true);
            back.start();
            pump(client, server, true);
        } catch (IOException e) {
            // closed by the test
        }
    }

    private void pump(Socket from, Socket to, boolean tamper) {
        byte[] buffer = new byte[16384];
        long offset = 0;
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (tamper && offset <= flipAt && flipAt < offset + n) {
                    buffer[(int) (flipAt - offset)] ^= 0x10;
                    flipped.set(true);
                }
                offset += n;
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            // one side closed: close the other
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        if (client != null) {
            closeQuietly(client);
        }
        if (server != null) {
            closeQuietly(server);
        }
    }
}
