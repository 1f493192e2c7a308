package io.portcullis.ssh;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.apache.sshd.client.channel.AbstractClientChannel;
import org.apache.sshd.common.Closeable;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.channel.ChannelOutputStream;
import org.apache.sshd.core.CoreModuleProperties;

/**
 * One connection to a {@link ForwardedAgentSocket}, carried to the client's agent over an
 * {@code auth-agent@openssh.com} channel that the server opens back to the client. Bytes are relayed as
 * they come, both ways; the agent protocol itself is never parsed, so nothing of it is kept or logged.
 * What the client sends is written to the socket by a thread of this relay, never by MINA's I/O threads,
 * so a program that stops reading stalls only its own channel (its window is not given back), not the
 * appliance.
 */
final class AgentRelayChannel extends AbstractClientChannel {

    /** Agent messages are small; this much in flight from the client per relay bounds the memory it can use. */
    static final int WINDOW_BYTES = 64 * 1024;
    private static final byte[] END = new byte[0];

    private final SocketChannel socket;
    private final BlockingQueue<byte[]> toProgram = new LinkedBlockingQueue<>();

    AgentRelayChannel(String channelType, SocketChannel socket) {
        super(channelType);
        this.socket = socket;
        CoreModuleProperties.WINDOW_SIZE.set(this, (long) WINDOW_BYTES);
    }

    @Override
    protected void doOpen() throws IOException {
        invertedIn = new ChannelOutputStream(this, getRemoteWindow(), log, SshConstants.SSH_MSG_CHANNEL_DATA, true);
    }

    /**
     * Relays until either side ends: the client's data to the socket on a thread of its own, and what the
     * local program writes into the channel on the calling thread.
     */
    void relay(String threadName) {
        Thread writer = new Thread(this::relayToSocket, threadName);
        writer.setDaemon(true);
        writer.start();
        relayFromSocket();
    }

    private void relayFromSocket() {
        byte[] bytes = new byte[8192];
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        OutputStream toClient = getInvertedIn();
        try {
            int n;
            while ((n = socket.read(buffer.clear())) >= 0) {
                toClient.write(bytes, 0, n);
                toClient.flush();
            }
        } catch (IOException e) {
            // the program or the client went away; either way this relay is over
        } finally {
            close(false);
        }
    }

    /** The window is given back only once the program has taken the bytes. */
    private void relayToSocket() {
        try {
            byte[] chunk;
            while ((chunk = toProgram.take()) != END) {
                ByteBuffer buffer = ByteBuffer.wrap(chunk);
                while (buffer.hasRemaining()) {
                    socket.write(buffer);
                }
                getLocalWindow().release(chunk.length);
            }
            socket.shutdownOutput();
        } catch (IOException e) {
            close(false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The client's agent answered; MINA has already checked it against the window. */
    @Override
    protected void doWriteData(byte[] data, int off, long len) {
        toProgram.add(Arrays.copyOfRange(data, off, off + (int) len));
    }

    @Override
    protected void doWriteExtendedData(byte[] data, int off, long len) throws IOException {
        // an agent channel carries no stderr; drop it but keep the window open
        getLocalWindow().release(len);
    }

    /** The client's agent end closed its side: once the rest is written, the local program reads end-of-file. */
    @Override
    public void handleEof() throws IOException {
        super.handleEof();
        toProgram.add(END);
    }

    @Override
    protected Closeable getInnerCloseable() {
        return builder()
                .close(super.getInnerCloseable())
                .run(toString(), this::closeSocket)
                .build();
    }

    private void closeSocket() {
        toProgram.add(END);
        try {
            socket.close();
        } catch (IOException e) {
            // already gone
        }
    }
}
