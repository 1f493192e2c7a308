package io.portcullis.ssh;

import io.portcullis.audit.AuditLog;
import io.portcullis.audit.AuditLog.Actor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.channel.Channel;
import org.apache.sshd.common.session.ConnectionService;
import org.apache.sshd.server.session.ServerSession;
import org.springframework.stereotype.Component;

/** {@code ssh sessions list|kill} (SPEC §3, Sessions): every live session of the SSH service, and closing one. */
@Component
public class LiveSessions {

    /** What the client is told when an administrator closes its session. */
    public static final String KILL_MESSAGE = "Session closed by administrator";

    private final SshService service;
    private final AuditLog audit;

    public LiveSessions(SshService service, AuditLog audit) {
        this.service = service;
        this.audit = audit;
    }

    public List<LiveSession> list() {
        Instant now = Instant.now();
        List<LiveSession> out = new ArrayList<>();
        for (ServerSession session : service.sessions()) {
            if (session.isOpen()) {
                out.add(describe(session, now));
            }
        }
        out.sort(Comparator.comparingLong(LiveSession::id));
        return out;
    }

    public List<String> ids() {
        return list().stream().map(s -> Long.toString(s.id())).toList();
    }

    public Optional<LiveSession> find(long id) {
        return list().stream().filter(s -> s.id() == id).findFirst();
    }

    /** Sends SSH_MSG_DISCONNECT with {@link #KILL_MESSAGE} and closes the session. */
    public LiveSession kill(Actor actor, long id) {
        ServerSession session = service.sessions().stream().filter(s -> idOf(s) == id && s.isOpen()).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no live session with id " + id
                        + "; 'ssh sessions list' shows them"));
        LiveSession described = describe(session, Instant.now());
        try {
            session.disconnect(SshConstants.SSH2_DISCONNECT_BY_APPLICATION, KILL_MESSAGE);
        } catch (IOException | RuntimeException e) {
            session.close(true);
        }
        audit.change(actor, "ssh sessions kill " + id, described.user() + "@" + described.address() + ":"
                + described.port() + " " + String.join(",", described.kinds()));
        return described;
    }

    /** The id {@code ssh sessions list} shows; also how a console knows which session is its own. */
    public static long idOf(org.apache.sshd.common.session.Session session) {
        return session.getIoSession().getId();
    }

    private static LiveSession describe(ServerSession session, Instant now) {
        int port = session.getRemoteAddress() instanceof InetSocketAddress inet ? inet.getPort() : 0;
        TreeSet<String> kinds = new TreeSet<>();
        ConnectionService connections = null;
        try {
            connections = session.getService(ConnectionService.class);
        } catch (RuntimeException notYet) {
            // still logging in: no channels yet
        }
        if (connections instanceof org.apache.sshd.common.session.helpers.AbstractConnectionService service) {
            for (Channel channel : service.getChannels()) {
                if (channel instanceof AccountChannel account) {
                    if (!account.kind().isEmpty()) {
                        kinds.add(account.kind());
                    }
                } else {
                    kinds.add("forward");
                }
            }
        }
        String user = session.isAuthenticated() && session.getUsername() != null ? session.getUsername() : "-";
        if (session instanceof LiveServerSession live) {
            return new LiveSession(idOf(session), user, SshSessions.address(session), port, List.copyOf(kinds),
                    live.started(), Duration.between(live.lastActivity(), now), live.bytesIn(), live.bytesOut(),
                    session.isAuthenticated());
        }
        return new LiveSession(idOf(session), user, SshSessions.address(session), port, List.copyOf(kinds), now,
                Duration.ZERO, 0, 0, session.isAuthenticated());
    }
}
