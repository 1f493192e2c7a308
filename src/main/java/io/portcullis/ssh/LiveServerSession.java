package io.portcullis.ssh;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.sshd.common.Service;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.SshException;
import org.apache.sshd.common.future.KeyExchangeFuture;
import org.apache.sshd.common.io.IoSession;
import org.apache.sshd.common.io.IoWriteFuture;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.server.ServerFactoryManager;
import org.apache.sshd.server.session.ServerSessionImpl;
import org.apache.sshd.server.session.ServerUserAuthService;

/**
 * MINA's server session, counting what {@code ssh sessions list} shows (SPEC §3, Sessions): when it began,
 * the SSH packet bytes each way, and when the client last sent something a person or program did (data,
 * a channel or a request), so keepalive replies do not count as activity. It also holds the limits that
 * belong to the connection rather than to one of MINA's services: see {@link #startService}.
 */
public class LiveServerSession extends ServerSessionImpl {

    private final Instant started = Instant.now();
    private final AtomicLong bytesIn = new AtomicLong();
    private final AtomicLong bytesOut = new AtomicLong();
    private volatile Instant lastActivity = started;
    /** What watches each channel's data, when ChannelTimeout is set ({@link IdleTimeouts}); null otherwise. */
    private volatile ChannelData channelData;
    private final OutboundBacklog backlog;
    private final ConnectionLog connectionLog;
    /** The thread handling the client's latest message while it does; null between messages. */
    private volatile Thread reading;

    public LiveServerSession(ServerFactoryManager server, IoSession ioSession, ConnectionLog connectionLog)
            throws Exception {
        super(server, ioSession);
        this.backlog = new OutboundBacklog(ioSession);
        this.connectionLog = connectionLog;
    }

    /** Told of every data packet on a channel, each way, by the channel number the packet carries. */
    interface ChannelData {
        /** Data from the client to our channel {@code channel}. */
        void received(long channel);

        /** Data to the client's channel {@code recipient}. */
        void sent(long recipient);
    }

    void watchChannelData(ChannelData watcher) {
        this.channelData = watcher;
    }

    /** The uint32 after the message number: the recipient channel of a CHANNEL_DATA or EXTENDED_DATA. */
    private static long channelOf(Buffer buffer) {
        int at = buffer.rpos() + 1;
        return (buffer.rawByte(at) & 0xFFL) << 24 | (buffer.rawByte(at + 1) & 0xFFL) << 16
                | (buffer.rawByte(at + 2) & 0xFFL) << 8 | buffer.rawByte(at + 3) & 0xFFL;
    }

    private static boolean isData(int command) {
        return command == SshConstants.SSH_MSG_CHANNEL_DATA || command == SshConstants.SSH_MSG_CHANNEL_EXTENDED_DATA;
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
        if (isData(command) || command == SshConstants.SSH_MSG_CHANNEL_OPEN
                || command == SshConstants.SSH_MSG_CHANNEL_REQUEST) {
            lastActivity = Instant.now();
        }
        ChannelData watcher = channelData;
        if (watcher != null && isData(command) && buffer.available() >= 5) {
            watcher.received(channelOf(buffer));
        }
        if (command == SshConstants.SSH_MSG_USERAUTH_REQUEST && !isAuthenticated()) {
            // A source refused since this connection began gets no more attempts on it either.
            Optional<Duration> refused = PenaltyGate.refusedNow(this);
            if (refused.isPresent()) {
                disconnect(SshConstants.SSH2_DISCONNECT_NO_MORE_AUTH_METHODS_AVAILABLE,
                        "Too many failed logins from this address; try again in "
                                + Math.max(1, refused.get().toSeconds()) + " s");
                return;
            }
        }
        reading = Thread.currentThread();
        try {
            super.handleMessage(buffer);
        } finally {
            reading = null;
        }
    }

    /**
     * A re-key that this side starts (MINA's limits: 1 GiB, 1 hour) starts only from the thread reading the
     * client, after a message. MINA also checks after each packet written, from whichever thread wrote it:
     * when that was an SFTP or shell thread and the client's own KEXINIT crossed ours (OpenSSH's client
     * re-keys ChaCha20-Poly1305 at 1 GiB too), the negotiation ran on the writer while the reader already
     * handled the client's next key exchange message, before the exchange was initialised ("X25519 not
     * initialised"), and the connection was lost. The client keeps sending (window adjustments, requests),
     * so the limits are still looked at often.
     */
    @Override
    protected KeyExchangeFuture checkRekey() throws Exception {
        return reading == Thread.currentThread() ? super.checkRekey() : null;
    }

    /**
     * One {@code ssh-userauth} service per connection, as OpenSSH keeps one authentication context: MINA
     * makes a new one (and so a new MaxAuthTries count) for every SERVICE_REQUEST, and paramiko sends one
     * before each attempt. A repeated request is accepted and the running service goes on counting.
     */
    @Override
    public void startService(String name, Buffer buffer) throws Exception {
        Service current = currentService.getService();
        if (current instanceof ServerUserAuthService && !isAuthenticated() && name.equals(currentService.getName())) {
            return;
        }
        super.startService(name, buffer);
    }

    /**
     * What ends a connection in error gets one line of {@link ConnectionLog}; MINA's own lines about it (its
     * session logger is this class's name) quote what the client sent, once per bad packet, and are off.
     */
    @Override
    public void exceptionCaught(Throwable t) {
        if (!isClosing() && !isClosed()) {
            connectionLog.problem(this, t);
        }
        super.exceptionCaught(t);
    }

    /** Before the first key exchange a bad packet length closes the connection at once: {@link PlaintextPacketLengths}. */
    @Override
    protected void decode() throws Exception {
        if (inCipher == null && decoderState == 0) {
            PlaintextPacketLengths.check(decoderBuffer);
        }
        super.decode();
    }

    /** LoginGraceTime counts from the connection, as in OpenSSH, not from the latest SERVICE_REQUEST. */
    @Override
    public Instant resetAuthTimeout() {
        return getAuthTimeoutStart();
    }

    /** Everything sent, counted for {@code ssh sessions list} and bounded by {@link OutboundBacklog}. */
    @Override
    public IoWriteFuture writePacket(Buffer buffer) throws IOException {
        bytesOut.addAndGet(buffer.available());
        ChannelData watcher = channelData;
        if (watcher != null && buffer.available() >= 5 && isData(buffer.rawByte(buffer.rpos()) & 0xFF)) {
            watcher.sent(channelOf(buffer));
        }
        long cost = OutboundBacklog.cost(buffer);
        if (!backlog.queued(cost)) {
            backlog.sent(cost);
            close(true);
            throw new SshException("closed: the client has not read " + OutboundBacklog.DISCONNECT_AT
                    + " bytes of replies");
        }
        IoWriteFuture written;
        try {
            written = super.writePacket(buffer);
        } catch (IOException | RuntimeException e) {
            backlog.sent(cost);
            throw e;
        }
        written.addListener(f -> backlog.sent(cost));
        return written;
    }

    /** What reaches the socket's queue; past a bound this connection stops reading its client for a while. */
    @Override
    protected IoWriteFuture doWritePacket(Buffer buffer) throws IOException {
        long cost = OutboundBacklog.cost(buffer);
        backlog.onSocket(cost);
        IoWriteFuture written;
        try {
            written = super.doWritePacket(buffer);
        } catch (IOException | RuntimeException e) {
            backlog.writtenFromSocket(cost);
            throw e;
        }
        written.addListener(f -> backlog.writtenFromSocket(cost));
        return written;
    }
}
