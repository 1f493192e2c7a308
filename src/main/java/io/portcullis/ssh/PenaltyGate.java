package io.portcullis.ssh;

import io.portcullis.audit.AuditLog;
import io.portcullis.audit.AuditLog.Actor;
import io.portcullis.ssh.SourcePenalties.Offence;
import io.portcullis.ssh.sshdconfig.AddressPattern;
import io.portcullis.ssh.sshdconfig.PatternList;
import io.portcullis.ssh.sshdconfig.PenaltyRules;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Optional;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.common.session.helpers.TimeoutIndicator.TimeoutStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One server's view of the per-source penalties: its rules and exempt addresses (from the auxiliary
 * parameters and {@code portcullis.conf}), the connection gate that refuses penalised sources, and
 * the session listener that turns a connection closed without logging in into an offence.
 */
final class PenaltyGate implements SessionListener {

    private static final Logger log = LoggerFactory.getLogger(PenaltyGate.class);

    /** Failed login attempts on this connection; an unknown user name counts as worse. */
    private static final AttributeKey<Integer> FAILURES = new AttributeKey<>();
    private static final AttributeKey<Boolean> INVALID_USER = new AttributeKey<>();
    private static final AttributeKey<PenaltyGate> GATE = new AttributeKey<>();

    /** Each further wrong password on one connection waits a second longer, up to this. */
    static final Duration MAX_FAILURE_DELAY = Duration.ofSeconds(4);

    private final SourcePenalties penalties;
    private final PenaltyRules rules;
    private final PatternList exempt;
    private final AuditLog audit;

    PenaltyGate(SourcePenalties penalties, PenaltyRules rules, PatternList exempt, AuditLog audit) {
        this.penalties = penalties;
        this.rules = rules;
        this.exempt = exempt;
        this.audit = audit;
    }

    /** How long a new connection from {@code remote} is still refused, if it is. */
    Optional<Duration> refusal(SocketAddress remote) {
        InetAddress source = source(remote);
        if (source == null || !rules.enabled() || isExempt(source)) {
            return Optional.empty();
        }
        return penalties.refusal(source);
    }

    boolean isExempt(InetAddress source) {
        return AddressPattern.listMatches(exempt, source.getHostAddress());
    }

    /**
     * Records a refused login attempt on the session and says how long to wait before answering it:
     * one second per failure so far on this connection, at most {@link #MAX_FAILURE_DELAY}; none for an
     * exempt source or with penalties off.
     */
    static Duration attemptFailed(Session session, boolean invalidUser) {
        int failures = session.getAttribute(FAILURES) == null ? 1 : session.getAttribute(FAILURES) + 1;
        session.setAttribute(FAILURES, failures);
        if (invalidUser) {
            session.setAttribute(INVALID_USER, Boolean.TRUE);
        }
        PenaltyGate gate = session.getAttribute(GATE);
        InetAddress source = source(session.getRemoteAddress());
        if (gate == null || source == null || !gate.rules.enabled() || gate.isExempt(source)) {
            return Duration.ZERO;
        }
        return failureDelay(failures);
    }

    static Duration failureDelay(int failures) {
        Duration delay = Duration.ofSeconds(Math.max(0, failures - 1));
        return delay.compareTo(MAX_FAILURE_DELAY) > 0 ? MAX_FAILURE_DELAY : delay;
    }

    @Override
    public void sessionCreated(Session session) {
        session.setAttribute(GATE, this);
    }

    @Override
    public void sessionClosed(Session session) {
        InetAddress source = source(session.getRemoteAddress());
        if (session.isAuthenticated() || source == null || !rules.enabled() || isExempt(source)) {
            return;
        }
        Offence offence;
        if (session.getTimeoutStatus() != null && session.getTimeoutStatus().getStatus() == TimeoutStatus.AuthTimeout) {
            offence = Offence.GRACE_EXCEEDED;
        } else if (Boolean.TRUE.equals(session.getAttribute(INVALID_USER))) {
            offence = Offence.INVALID_USER;
        } else if (session.getAttribute(FAILURES) != null) {
            offence = Offence.AUTH_FAIL;
        } else {
            offence = Offence.NO_AUTH;
        }
        if (penalties.penalise(source, offence, rules)) {
            Duration left = penalties.refusal(source).orElse(Duration.ZERO);
            log.warn("refusing connections from {} for {} s: repeated failed connections (PerSourcePenalties)",
                    source.getHostAddress(), left.toSeconds());
            audit.record(new Actor("", source.getHostAddress()), "login", "penalty",
                    "source refused for " + left.toSeconds() + " s after repeated failed connections", "refused");
        }
    }

    private static InetAddress source(SocketAddress remote) {
        return remote instanceof InetSocketAddress inet ? inet.getAddress() : null;
    }
}
