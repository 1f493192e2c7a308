package io.portcullis.ssh;

import io.portcullis.ssh.sshdconfig.MaxStartups;
import java.io.IOException;
import java.net.SocketAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;
import org.apache.sshd.common.io.IoAcceptor;
import org.apache.sshd.common.io.IoServiceEventListener;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts connections that have not authenticated yet and drops new ones per {@code MaxStartups}
 * (start:rate:full), so a flood of half-open logins cannot starve real users.
 */
final class UnauthenticatedConnections implements SessionListener, IoServiceEventListener {

    private static final Logger log = LoggerFactory.getLogger(UnauthenticatedConnections.class);

    private final MaxStartups limit;
    private final Set<Session> pending = ConcurrentHashMap.newKeySet();
    private final RandomGenerator random = RandomGenerator.getDefault();

    UnauthenticatedConnections(MaxStartups limit) {
        this.limit = limit;
    }

    @Override
    public void connectionAccepted(IoAcceptor acceptor, SocketAddress local, SocketAddress remote, SocketAddress service)
            throws IOException {
        int count = pending.size();
        if (limit.drop(count, random)) {
            log.warn("dropped connection from {}: {} unauthenticated connections pending (MaxStartups {})", remote,
                    count, limit);
            throw new IOException("MaxStartups " + limit + " reached");
        }
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
