package io.portcullis.ssh;

import io.portcullis.audit.AuditLog.Actor;
import io.portcullis.audit.AuditLog;
import io.portcullis.settings.sshdconfig.AddressPattern;
import io.portcullis.settings.sshdconfig.NetBlockSize;
import io.portcullis.settings.sshdconfig.PatternList;
import io.portcullis.settings.sshdconfig.PenaltyRules;
import io.portcullis.ssh.SourcePenalties.Offence;
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
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;

/**
 * One server's view of the per-source penalties: its rules and exempt addresses (from the auxiliary
 * parameters and {@code portcullis.conf}), the connection gate that refuses penalised sources, and
 * the session listener that charges each refused password as it happens and a connection closed
 * without logging in when it closes.
 */
final class PenaltyGate implements SessionListener {

    private static final Logger log = LoggerFactory.getLogger(PenaltyGate.class);

    /** Failed login attempts on this connection; an unknown user name counts as worse. */
    private static final AttributeKey<Integer> FAILURES = new AttributeKey<>();
    private static final AttributeKey<Boolean> INVALID_USER = new AttributeKey<>();
    private static final AttributeKey<PenaltyGate> GATE = new AttributeKey<>();
    /** What this connection has added to its source's penalty so far. */
    private static final AttributeKey<Duration> CHARGED = new AttributeKey<>();

    /** Each further wrong password on one connection waits a second longer, up to this. */
    static final Duration MAX_FAILURE_DELAY = Duration.ofSeconds(4);

    private final SourcePenalties penalties;
    private final PenaltyRules rules;
    /** Read at each check: portcullis.conf's part of it may be changed by a reload meanwhile. */
    private final Supplier<PatternList> exempt;
    private final AuditLog audit;
    /** Penalties are kept per PerSourceNetBlockSize block, as OpenSSH keeps them. */
    private final NetBlockSize blocks;

    PenaltyGate(SourcePenalties penalties, PenaltyRules rules, Supplier<PatternList> exempt, NetBlockSize blocks,
                AuditLog audit) {
        this.blocks = blocks;
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
        return penalties.refusal(blocks.block(source));
    }

    boolean isExempt(InetAddress source) {
        return AddressPattern.listMatches(exempt.get(), source.getHostAddress());
    }

    /**
     * Records a refused password (or Kerberos) attempt and charges its penalty to the source at once, so
     * a connection that never closes is counted too; says how long to wait before answering it: one
     * second per failure so far on this connection, at most {@link #MAX_FAILURE_DELAY}; none for an
     * exempt source or with penalties off.
     */
    static Duration attemptFailed(Session session, boolean invalidUser) {
        int failures = recordFailure(session, invalidUser);
        PenaltyGate gate = session.getAttribute(GATE);
        InetAddress source = source(session.getRemoteAddress());
        if (gate == null || source == null || !gate.rules.enabled() || gate.isExempt(source)) {
            return Duration.ZERO;
        }
        gate.charge(session, source, invalidUser ? Offence.INVALID_USER : Offence.AUTH_FAIL);
        return failureDelay(failures);
    }

    /**
     * Records a refused public key. Keys are not guessed, and a client offers every key of its agent in
     * turn, so a refused key is charged as OpenSSH charges it: once, when the connection fails.
     */
    static void keyRefused(Session session, boolean invalidUser) {
        recordFailure(session, invalidUser);
    }

    private static int recordFailure(Session session, boolean invalidUser) {
        int failures = session.getAttribute(FAILURES) == null ? 1 : session.getAttribute(FAILURES) + 1;
        session.setAttribute(FAILURES, failures);
        if (invalidUser) {
            session.setAttribute(INVALID_USER, Boolean.TRUE);
        }
        return failures;
    }

    /** How long the source of this connection is refused now, if it is (it may have become so since it connected). */
    static Optional<Duration> refusedNow(Session session) {
        PenaltyGate gate = session.getAttribute(GATE);
        return gate == null ? Optional.empty() : gate.refusal(session.getRemoteAddress());
    }

    private void charge(Session session, InetAddress address, Offence offence) {
        InetAddress source = blocks.block(address);
        Duration amount = SourcePenalties.amount(offence, rules);
        Duration charged = session.getAttribute(CHARGED);
        session.setAttribute(CHARGED, charged == null ? amount : charged.plus(amount));
        if (penalties.penalise(source, amount, rules)) {
            Duration left = penalties.refusal(source).orElse(Duration.ZERO);
            log.warn("refusing connections from {} for {} s: repeated failed logins (PerSourcePenalties)",
                    source.getHostAddress(), left.toSeconds());
            audit.record(new Actor("", source.getHostAddress()), "login", "penalty",
                    "source refused for " + left.toSeconds() + " s after repeated failed logins", "refused");
        }
    }

    static Duration failureDelay(int failures) {
        Duration delay = Duration.ofSeconds(Math.max(0, failures - 1));
        return delay.compareTo(MAX_FAILURE_DELAY) > 0 ? MAX_FAILURE_DELAY : delay;
    }

    @Override
    public void sessionCreated(Session session) {
        session.setAttribute(GATE, this);
    }

    /**
     * A connection closed without logging in: one that ran out of LoginGraceTime, or that made no attempt,
     * or whose refused keys were not charged yet, adds its offence now.
     */
    @Override
    public void sessionClosed(Session session) {
        InetAddress source = source(session.getRemoteAddress());
        if (session.isAuthenticated() || source == null || !rules.enabled() || isExempt(source)) {
            return;
        }
        boolean charged = session.getAttribute(CHARGED) != null;
        Offence offence;
        if (session.getTimeoutStatus() != null && session.getTimeoutStatus().getStatus() == TimeoutStatus.AuthTimeout) {
            offence = Offence.GRACE_EXCEEDED;
        } else if (charged) {
            return;
        } else if (Boolean.TRUE.equals(session.getAttribute(INVALID_USER))) {
            offence = Offence.INVALID_USER;
        } else if (session.getAttribute(FAILURES) != null) {
            offence = Offence.AUTH_FAIL;
        } else {
            offence = Offence.NO_AUTH;
        }
        charge(session, source, offence);
    }

    private static InetAddress source(SocketAddress remote) {
        return remote instanceof InetSocketAddress inet ? inet.getAddress() : null;
    }
}
