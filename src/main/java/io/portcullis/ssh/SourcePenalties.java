package io.portcullis.ssh;

import io.portcullis.settings.sshdconfig.PenaltyRules;
import jakarta.annotation.PreDestroy;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Per-source penalties (SPEC §9, OpenSSH's {@code PerSourcePenalties}): each failed connection adds
 * to its source address's penalty; once the penalty reaches the rules' minimum, connections from that
 * address are refused until it runs out. Other addresses are never affected, so probing usernames
 * from one address cannot lock {@code admin} out from another. The table outlives server restarts.
 */
@Component
public class SourcePenalties {

    /** What a connection did wrong, each with its own penalty. */
    public enum Offence {
        AUTH_FAIL, INVALID_USER, NO_AUTH, GRACE_EXCEEDED
    }

    /** A source's accrued penalty: refused while active and not yet expired. */
    private record Penalty(Instant expires, boolean active) {
    }

    private final Map<InetAddress, Penalty> table = new ConcurrentHashMap<>();
    private final Clock clock;
    /** Delayed answers to wrong passwords: one daemon thread, so a delay never holds an I/O thread. */
    private final ScheduledExecutorService delays = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "login-failure-delay");
        t.setDaemon(true);
        return t;
    });

    @Autowired
    public SourcePenalties() {
        this(Clock.systemUTC());
    }

    SourcePenalties(Clock clock) {
        this.clock = clock;
    }

    /** How much the offence adds under these rules. */
    public static Duration amount(Offence offence, PenaltyRules rules) {
        return switch (offence) {
            case AUTH_FAIL -> rules.authFail();
            case INVALID_USER -> rules.invalidUser();
            case NO_AUTH -> rules.noAuth();
            case GRACE_EXCEEDED -> rules.graceExceeded();
        };
    }

    /**
     * Adds the offence's penalty to the source. A penalty already enforced is extended; one not yet
     * enforced grows until it reaches {@code min}. Never beyond {@code max} from now.
     *
     * @return true when this offence made the source's penalty enforced
     */
    public boolean penalise(InetAddress source, Offence offence, PenaltyRules rules) {
        return penalise(source, amount(offence, rules), rules);
    }

    /** {@link #penalise(InetAddress, Offence, PenaltyRules)} by an amount. */
    public boolean penalise(InetAddress source, Duration add, PenaltyRules rules) {
        if (!rules.enabled() || add.isZero() || add.isNegative()) {
            return false;
        }
        Instant now = clock.instant();
        if (!table.containsKey(source) && table.size() >= rules.maxSources()) {
            table.values().removeIf(p -> !p.expires().isAfter(now));
            if (table.size() >= rules.maxSources()) {
                return false; // overflow:permissive: a flood of sources must not lock everyone out
            }
        }
        boolean[] activated = new boolean[1];
        table.compute(source, (address, old) -> {
            Instant base = old == null || !old.expires().isAfter(now) ? now : old.expires();
            Instant expires = base.plus(add);
            Instant cap = now.plus(rules.max());
            if (expires.isAfter(cap)) {
                expires = cap;
            }
            boolean active = (old != null && old.active() && old.expires().isAfter(now))
                    || Duration.between(now, expires).compareTo(rules.min()) >= 0;
            activated[0] = active && (old == null || !old.active() || !old.expires().isAfter(now));
            return new Penalty(expires, active);
        });
        return activated[0];
    }

    /** How long connections from the source are still refused, if they are. */
    public Optional<Duration> refusal(InetAddress source) {
        Penalty p = table.get(source);
        Instant now = clock.instant();
        if (p == null || !p.active() || !p.expires().isAfter(now)) {
            return Optional.empty();
        }
        return Optional.of(Duration.between(now, p.expires()));
    }

    void schedule(Runnable answer, Duration delay) {
        delays.schedule(answer, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        delays.shutdownNow();
    }

    /** How many sources are tracked now; for the table's bound in tests. */
    int tracked() {
        return table.size();
    }
}
