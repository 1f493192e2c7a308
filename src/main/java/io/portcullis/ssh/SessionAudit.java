package io.portcullis.ssh;

import io.portcullis.audit.AuditLog;
import io.portcullis.audit.LogText;
import org.apache.sshd.server.channel.ChannelSession;
import org.springframework.stereotype.Component;

/**
 * Audits each shell, exec, sftp and scp session (SPEC §8): a line when it starts, and one when its
 * channel closes with the bytes received from and sent to the client. SFTP and scp sessions are of kind
 * {@code transfer}, so {@code audit list --kind transfer} shows every file transfer; the others are
 * {@code session}.
 */
@Component
public class SessionAudit {

    /** A whole command line, as OpenSSH's log keeps one (1 KiB); a pasted blob does not fill the audit table. */
    static final int MAX_DETAIL_BYTES = 1024;

    private final AuditLog audit;

    public SessionAudit(AuditLog audit) {
        this.audit = audit;
    }

    /** Records the start now and the end when the channel closes; {@code outcome} is "started" or "refused". */
    public void record(ChannelSession channel, String kind, String detail, String outcome) {
        String username = channel.getSession().getUsername();
        AuditLog.Actor actor = SshSessions.actor(channel.getSession(), username);
        String shortDetail = LogText.capped(detail, MAX_DETAIL_BYTES);
        String auditKind = kind.equals("sftp") || kind.equals("scp") ? "transfer" : "session";
        audit.record(actor, auditKind, kind + " start", shortDetail, outcome);
        channel.addCloseFutureListener(closed -> {
            String bytes = channel instanceof AccountChannel counted
                    ? "bytes in=" + counted.bytesIn() + " out=" + counted.bytesOut() : "";
            audit.record(actor, auditKind, kind + " end", bytes, "ended");
        });
    }
}
