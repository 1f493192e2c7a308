package io.portcullis.ssh;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.common.util.buffer.Buffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * sshd_config's {@code ClientAliveInterval}/{@code ClientAliveCountMax}: every interval an authenticated
 * session gets a {@code keepalive@openssh.com} request that wants a reply; after CountMax probes in a
 * row go unanswered the client is gone and the session is closed. MINA's own server heartbeat only
 * sends ignore messages, which cannot tell a dead client from a quiet one.
 */
final class ClientAliveProbes implements SessionListener {

    private static final Logger log = LoggerFactory.getLogger(ClientAliveProbes.class);
    private static final String REQUEST = "keepalive@openssh.com";

    private final Duration interval;
    private final int countMax;
    private final Map<Session, ScheduledFuture<?>> probes = new ConcurrentHashMap<>();

    ClientAliveProbes(Duration interval, int countMax) {
        this.interval = interval;
        this.countMax = countMax;
    }

    @Override
    public void sessionEvent(Session session, Event event) {
        if (event != Event.Authenticated) {
            return;
        }
        AtomicInteger unanswered = new AtomicInteger();
        long millis = interval.toMillis();
        ScheduledFuture<?> task = session.getFactoryManager().getScheduledExecutorService()
                .scheduleAtFixedRate(() -> probe(session, unanswered), millis, millis, TimeUnit.MILLISECONDS);
        probes.put(session, task);
    }

    @Override
    public void sessionClosed(Session session) {
        ScheduledFuture<?> task = probes.remove(session);
        if (task != null) {
            task.cancel(false);
        }
    }

    private void probe(Session session, AtomicInteger unanswered) {
        if (unanswered.get() >= countMax) {
            log.info("closing session of {} from {}: {} client-alive probes unanswered", session.getUsername(),
                    session.getRemoteAddress(), unanswered.get());
            sessionClosed(session);
            session.close(true);
            return;
        }
        try {
            Buffer request = session.createBuffer(SshConstants.SSH_MSG_GLOBAL_REQUEST, REQUEST.length() + 16);
            request.putString(REQUEST);
            request.putBoolean(true);
            unanswered.incrementAndGet();
            // any answer, success or failure, proves the client is alive (as OpenSSH counts it)
            session.request(request, REQUEST, (cmd, reply) -> unanswered.set(0));
        } catch (Exception e) {
            log.debug("client-alive probe to {} failed: {}", session.getRemoteAddress(), e.toString());
        }
    }
}
