package io.portcullis.ssh;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.sshd.common.io.IoSession;
import org.apache.sshd.common.util.buffer.Buffer;

/**
 * What one connection has queued for a peer and not yet written, so that a peer that never reads cannot
 * fill the heap with replies (SERVICE_REQUEST or keepalive floods; MINA's write queue has no bound).
 * Past {@link #SUSPEND_AT} bytes handed to the socket the connection stops reading from the peer until
 * they drain to {@link #RESUME_AT}: back-pressure, as TCP itself would give. Packets MINA holds back
 * during a key exchange are not in that count (reading must go on for the exchange to end); everything
 * queued, those included, past {@link #DISCONNECT_AT} closes the connection.
 */
final class OutboundBacklog {

    /** Channel data is bounded by the peer's window (2 MiB in OpenSSH), most of which sits in the kernel. */
    static final long SUSPEND_AT = 1024 * 1024;
    static final long RESUME_AT = 256 * 1024;
    static final long DISCONNECT_AT = 16 * 1024 * 1024;
    /** The heap a queued packet holds besides its bytes: its future and queue entry. */
    static final int PER_PACKET = 160;

    private final IoSession io;
    private final AtomicLong onSocket = new AtomicLong();
    private final AtomicLong queued = new AtomicLong();
    private final AtomicBoolean suspended = new AtomicBoolean();

    OutboundBacklog(IoSession io) {
        this.io = io;
    }

    /** A packet's share of the heap while it waits: its whole buffer, not just the bytes in it. */
    static long cost(Buffer buffer) {
        return (long) buffer.capacity() + PER_PACKET;
    }

    /** A packet given to MINA to send, now or after a key exchange; false once too much is queued. */
    boolean queued(long cost) {
        return queued.addAndGet(cost) <= DISCONNECT_AT;
    }

    void sent(long cost) {
        queued.addAndGet(-cost);
    }

    /** A packet handed to the socket's write queue. */
    void onSocket(long cost) {
        if (onSocket.addAndGet(cost) > SUSPEND_AT && suspended.compareAndSet(false, true)) {
            io.suspendRead();
            // it may have drained meanwhile, with nobody left to resume
            if (onSocket.get() <= RESUME_AT && suspended.compareAndSet(true, false)) {
                io.resumeRead();
            }
        }
    }

    void writtenFromSocket(long cost) {
        if (onSocket.addAndGet(-cost) <= RESUME_AT && suspended.compareAndSet(true, false)) {
            io.resumeRead();
        }
    }
}
