package io.portcullis.files;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.channel.Channel;
import org.apache.sshd.common.channel.RemoteWindow;
import org.apache.sshd.common.io.IoOutputStream;
import org.apache.sshd.common.io.IoWriteFuture;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.common.util.closeable.AbstractCloseable;

/**
 * A channel's data written from the calling thread straight into the connection, as many packets as the
 * peer's window allows, each encrypted and queued for the socket at once.
 *
 * <p>MINA's SFTP server writes its replies through {@code BufferedIoOutputStream} and
 * {@code ChannelAsyncOutputStream}, which keep one packet of the channel in flight: the next 32 KiB is
 * encrypted and sent only when the socket has taken the previous one, by the NIO thread that saw it done.
 * A 1 GiB download thus waited for one thread hand-off per packet and ran at 0.6 of OpenSSH's rate while
 * the server's CPU was mostly idle. Here the SFTP thread itself waits for the window (the peer's
 * back-pressure, as {@code ChannelOutputStream} does for a shell's output), encrypts and queues; the
 * connection's write queue keeps the order, and MINA blocks this thread during a key exchange, as it does
 * every thread that pumps channel data.
 */
final class ChannelDataWriter extends AbstractCloseable implements IoOutputStream {

    /** How long one wait for the window lasts before the channel's state is looked at again. */
    private static final Duration WINDOW_WAIT = Duration.ofSeconds(30);
    /** Channel id, length: what a CHANNEL_DATA message carries before its bytes. */
    private static final int DATA_HEADER = 8;

    private final Channel channel;

    ChannelDataWriter(Channel channel) {
        this.channel = channel;
    }

    /**
     * Sends all of {@code buffer}'s readable bytes; it returns once they are queued for the socket, so the
     * caller may reuse the buffer. The future is the last packet's write.
     */
    @Override
    public synchronized IoWriteFuture writeBuffer(Buffer buffer) throws IOException {
        if (isClosing()) {
            throw new EOFException("the channel's output is closed");
        }
        RemoteWindow window = channel.getRemoteWindow();
        Session session = channel.getSession();
        IoWriteFuture last = null;
        do {
            int length = (int) Math.min(buffer.available(), Math.min(window.getPacketSize(), awaitSpace(window)));
            Buffer packet = session.createBuffer(SshConstants.SSH_MSG_CHANNEL_DATA, length + DATA_HEADER);
            packet.putUInt(channel.getRecipient());
            packet.putUInt(length);
            packet.putRawBytes(buffer.array(), buffer.rpos(), length);
            buffer.rpos(buffer.rpos() + length);
            window.consume(length);
            last = channel.writePacket(packet);
        } while (buffer.available() > 0);
        return last;
    }

    /** Waits until the peer's window has room; a closing channel ends the wait with an exception. */
    private long awaitSpace(RemoteWindow window) throws IOException {
        while (true) {
            try {
                return window.waitForSpace(WINDOW_WAIT);
            } catch (SocketTimeoutException e) {
                // a peer that reads slowly is not an error: its channel's timeouts decide when it has been idle
                if (isClosing() || !channel.isOpen()) {
                    throw new EOFException("the channel closed while waiting for the peer's window");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for the peer's window");
            }
        }
    }
}
