package io.portcullis.audit;

import io.portcullis.store.AuditRepository;
import io.portcullis.store.AuditRepository.Retention;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Keeps the audit table within its retention (a count and an age) on a thread of its own, in small
 * batches: a login that writes its audit line never waits for a prune to finish, only, at most, for one
 * short batch to release the database.
 */
@Component
class AuditPruner implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AuditPruner.class);
    /** Rows per DELETE: small enough that one batch holds the write lock for milliseconds. */
    private static final int BATCH = 500;
    /** After this many new entries a prune is due, so a flood of refused logins cannot outgrow the limit. */
    private static final int WRITES_PER_PRUNE = 1000;
    private static final Duration PERIOD = Duration.ofMinutes(10);

    private final AuditRepository repository;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "audit pruner");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger writesSincePrune = new AtomicInteger();
    private final AtomicBoolean queued = new AtomicBoolean();

    AuditPruner(AuditRepository repository) {
        this.repository = repository;
        thread.scheduleWithFixedDelay(this::pruneSafely, 1, PERIOD.toMinutes(), TimeUnit.MINUTES);
    }

    /** Called for each new entry; at most queues a prune, never runs one on the caller's thread. */
    void written() {
        if (writesSincePrune.incrementAndGet() >= WRITES_PER_PRUNE) {
            soon();
        }
    }

    /** Queues a prune unless one is queued already. */
    void soon() {
        if (queued.compareAndSet(false, true)) {
            thread.execute(this::pruneSafely);
        }
    }

    private void pruneSafely() {
        queued.set(false);
        writesSincePrune.set(0);
        try {
            Retention retention = repository.retention();
            Instant before = Instant.now().minus(Duration.ofDays(retention.maxAgeDays()));
            int total = 0;
            int deleted;
            do {
                deleted = repository.pruneBatch(before, retention.maxEntries(), BATCH);
                total += deleted;
                Thread.yield();
            } while (deleted == BATCH && !Thread.currentThread().isInterrupted());
            if (total > 0) {
                log.info("audit: pruned {} entries beyond the retention of {} entries or {} days", total,
                        retention.maxEntries(), retention.maxAgeDays());
            }
        } catch (RuntimeException e) {
            log.warn("audit: pruning failed, will try again: {}", e.toString());
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
