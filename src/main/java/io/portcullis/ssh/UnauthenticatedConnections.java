package io.portcullis.ssh;

import io.portcullis.settings.sshdconfig.AuxParameters.SourceShare;
import io.portcullis.settings.sshdconfig.MaxStartups;
import io.portcullis.settings.sshdconfig.NetBlockSize;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;
import org.apache.sshd.common.io.IoSession;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.server.ServerFactoryManager;
import org.apache.sshd.server.session.ServerSessionImpl;
import org.apache.sshd.server.session.SessionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * sshd_config's {@code MaxStartups} and {@code PerSourceMaxStartups}: counts connections that have not
 * authenticated yet and drops new ones per start:rate:full, and those beyond the per-source limit from
 * one address block, before any SSH session is made for them, so a flood of half-open logins from one
 * address cannot starve real users.
 */
final class UnauthenticatedConnections implements SessionListener {

    private static final Logger log = LoggerFactory.getLogger(UnauthenticatedConnections.class);

    private final MaxStartups limit;
    /** PerSourceMaxStartups, per PerSourceNetBlockSize block of addresses. */
    private final SourceShare perSource;
    private final NetBlockSize blocks;
    private final PenaltyGate penalties;
    private final ConnectionLog connectionLog;
    private final Set<Session> pending = ConcurrentHashMap.newKeySet();
    private final RandomGenerator random = RandomGenerator.getDefault();

    UnauthenticatedConnections(MaxStartups limit, SourceShare perSource, NetBlockSize blocks, PenaltyGate penalties,
                               ConnectionLog connectionLog) {
        this.limit = limit;
        this.perSource = perSource;
        this.blocks = blocks;
        this.penalties = penalties;
        this.connectionLog = connectionLog;
    }

    /**
     * The server's session factory, refusing connections from a penalised source (with one line saying
     * why, before the SSH identification; a client shows it at most in its debug output) and those the
     * limit drops. Its sessions are {@link LiveServerSession}s.
     */
    SessionFactory sessionFactory(ServerFactoryManager server) {
        return new SessionFactory(server) {
            @Override
            protected ServerSessionImpl doCreateSession(IoSession ioSession) throws Exception {
                return new LiveServerSession(getServer(), ioSession, connectionLog);
            }

            @Override
            public void sessionCreated(IoSession ioSession) throws Exception {
                java.util.Optional<java.time.Duration> penalty = penalties.refusal(ioSession.getRemoteAddress());
                if (penalty.isPresent()) {
                    log.debug("refused connection from {}: penalised for {} s more", ioSession.getRemoteAddress(),
                            penalty.get().toSeconds());
                    byte[] line = ("Too many failed connections from this address; try again in "
                            + Math.max(1, penalty.get().toSeconds()) + " s\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                    ioSession.writeBuffer(new org.apache.sshd.common.util.buffer.ByteArrayBuffer(line));
                    ioSession.close(false);
                    return;
                }
                InetAddress block = block(ioSession.getRemoteAddress());
                Map<InetAddress, Integer> byBlock = pendingByBlock();
                int fromBlock = block == null ? 0 : byBlock.getOrDefault(block, 0);
                if (fromBlock >= perSource.limit()) {
                    connectionLog.warn(source(ioSession), "dropped connection from " + ioSession.getRemoteAddress() + ": "
                            + fromBlock + " unauthenticated connections pending from " + block.getHostAddress() + "/"
                            + (block instanceof java.net.Inet4Address ? blocks.v4() : blocks.v6())
                            + " (PerSourceMaxStartups " + perSource.limit() + ")");
                    ioSession.close(true);
                    return;
                }
                int count = byBlock.values().stream().mapToInt(n -> Math.min(n, perSource.counted())).sum();
                if (limit.drop(count, random)) {
                    connectionLog.warn(source(ioSession), "dropped connection from " + ioSession.getRemoteAddress() + ": "
                            + count + " unauthenticated connections pending (MaxStartups " + limit + ")");
                    ioSession.close(true);
                    return;
                }
                super.sessionCreated(ioSession);
            }
        };
    }

    /** Pending connections per address block; one without an address counts alone. */
    private Map<InetAddress, Integer> pendingByBlock() {
        Map<InetAddress, Integer> counts = new HashMap<>();
        int unknown = 0;
        for (Session session : pending) {
            InetAddress block = block(session.getRemoteAddress());
            if (block == null) {
                unknown++;
            } else {
                counts.merge(block, 1, Integer::sum);
            }
        }
        if (unknown > 0) {
            counts.put(null, unknown);
        }
        return counts;
    }

    private InetAddress block(SocketAddress remote) {
        return remote instanceof InetSocketAddress inet && inet.getAddress() != null ? blocks.block(inet.getAddress()) : null;
    }

    private static String source(IoSession ioSession) {
        return ioSession.getRemoteAddress() instanceof java.net.InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress().getHostAddress() : String.valueOf(ioSession.getRemoteAddress());
    }

    @Override
    public void sessionCreated(Session session) {
        pending.add(session);
    }

    @Override
    public void sessionEvent(Session session, Event event) {
        if (event == Event.Authenticated) {
            pending.remove(session);
        }
    }

    @Override
    public void sessionClosed(Session session) {
        pending.remove(session);
    }
}
