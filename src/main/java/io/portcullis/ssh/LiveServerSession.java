package io.portcullis.ssh;

import java.io.IOException;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.io.IoSession;
import org.apache.sshd.common.io.IoWriteFuture;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.server.ServerFactoryManager;
import org.apache.sshd.server.session.ServerSessionImpl;

/**
 * MINA's server session, counting what {@code ssh sessions list} shows (SPEC §3, Sessions): when it began,
 * the SSH packet bytes each way, and when the client last sent something a person or program did (data,
 * a channel or a request), so keepalive replies do not count as activity.
 */
public class LiveServerSession extends ServerSessionImpl {

    private final Instant started = Instant.now();
    private final AtomicLong bytesIn = new AtomicLong();
    private final AtomicLong bytesOut = new AtomicLong();
    private volatile Instant lastActivity = started;

    public LiveServerSession(ServerFactoryManager server, IoSession ioSession) throws Exception {
        super(server, ioSession);
    }

    public Instant started() {
        return started;
    }

    public Instant lastActivity() {
        return lastActivity;
    }

    public long bytesIn() {
        return bytesIn.get();
    }

    public long bytesOut() {
        return bytesOut.get();
    }

    @Override
    protected void handleMessage(Buffer buffer) throws Exception {
        bytesIn.addAndGet(buffer.available());
        int command = buffer.available() > 0 ? buffer.rawByte(buffer.rpos()) & 0xFF : -1;
        if (command == SshConstants.SSH_MSG_CHANNEL_DATA || command == SshConstants.SSH_MSG_CHANNEL_EXTENDED_DATA
                || command == SshConstants.SSH_MSG_CHANNEL_OPEN || command == SshConstants.SSH_MSG_CHANNEL_REQUEST) {
            lastActivity = Instant.now();
        }
        super.handleMessage(buffer);
    }

    @Override
    public IoWriteFuture writePacket(Buffer buffer) throws IOException {
        bytesOut.addAndGet(buffer.available());
        return super.writePacket(buffer);
    }
}
