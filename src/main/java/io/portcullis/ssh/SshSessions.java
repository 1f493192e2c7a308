package io.portcullis.ssh;

import io.portcullis.audit.AuditLog.Actor;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import org.apache.sshd.common.session.Session;

/** Small facts about a MINA session that several handlers need. */
public final class SshSessions {

    private SshSessions() {
    }

    /** The remote address without the port, as the audit log records it. */
    public static String address(Session session) {
        SocketAddress remote = session.getRemoteAddress();
        if (remote instanceof InetSocketAddress inet) {
            return inet.getAddress() != null ? inet.getAddress().getHostAddress() : inet.getHostString();
        }
        return String.valueOf(remote);
    }

    public static Actor actor(Session session, String username) {
        return new Actor(username == null ? "" : username, address(session));
    }
}
