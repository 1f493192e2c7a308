package io.portcullis.ssh;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import org.apache.sshd.client.channel.AbstractClientChannel;
import org.apache.sshd.common.Closeable;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.channel.ChannelOutputStream;

/**
 * One connection to a {@link ForwardedAgentSocket}, carried to the client's agent over an
 * {@code auth-agent@openssh.com} channel that the server opens back to the client. Bytes are relayed as
 * they come, both ways; the agent protocol itself is never parsed, so nothing of it is kept or logged.
 */
final class AgentRelayChannel extends AbstractClientChannel {

    private final SocketChannel socket;

    AgentRelayChannel(String channelType, SocketChannel socket) {
        super(channelType);
        this.socket = socket;
    }

    @Override
    protected void doOpen() throws IOException {
        invertedIn = new ChannelOutputStream(this, getRemoteWindow(), log, SshConstants.SSH_MSG_CHANNEL_DATA, true);
    }

    /** Copies what the local program writes to the socket into the channel until either side ends. */
    void relayFromSocket() {
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

    /** The client's agent answered: hand it to the local program (agent replies are small; the socket takes them). */
    @Override
    protected void doWriteData(byte[] data, int off, long len) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(data, off, (int) len);
        while (buffer.hasRemaining()) {
            socket.write(buffer);
        }
        getLocalWindow().release(len);
    }

    @Override
    protected void doWriteExtendedData(byte[] data, int off, long len) throws IOException {
        // an agent channel carries no stderr; drop it but keep the window open
        getLocalWindow().release(len);
    }

    /** The client's agent end closed its side: the local program reads end-of-file. */
    @Override
    public void handleEof() throws IOException {
        super.handleEof();
        try {
            socket.shutdownOutput();
        } catch (IOException e) {
            // the program already closed its end
        }
    }

    @Override
    protected Closeable getInnerCloseable() {
        return builder()
                .close(super.getInnerCloseable())
                .run(toString(), this::closeSocket)
                .build();
    }

    private void closeSocket() {
        try {
            socket.close();
        } catch (IOException e) {
            // already gone
        }
    }
}
