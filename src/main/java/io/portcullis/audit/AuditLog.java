package io.portcullis.audit;

import io.portcullis.store.AuditRepository;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Writes the audit table and the log (SPEC §8). Callers pass details with secrets already masked;
 * nothing here ever sees a password. Old entries are pruned by {@link AuditPruner}, off the caller's thread.
 */
@Component
public class AuditLog {

    private static final Logger log = LoggerFactory.getLogger("io.portcullis.audit");

    /** The fewest entries and days a retention may keep, so a typo cannot wipe the log. */
    public static final int MIN_ENTRIES = 100;
    public static final int MIN_DAYS = 1;

    /** Who did something and from where: a username and remote address, or {@code console}/{@code local}. */
    public record Actor(String name, String address) {
        public static final Actor LOCAL_CONSOLE = new Actor("console", "local");
        public static final Actor SYSTEM = new Actor("system", "local");
    }

    private final AuditRepository repository;
    private final AuditPruner pruner;

    AuditLog(AuditRepository repository, AuditPruner pruner) {
        this.repository = repository;
        this.pruner = pruner;
    }

    /** The most an entry's action and detail keep; the longest legitimate detail is a 64 KiB aux-params change. */
    static final int MAX_ACTION_BYTES = 1024;
    static final int MAX_DETAIL_BYTES = 96 * 1024;

    public void record(Actor actor, String kind, String action, String detail, String outcome) {
        Entry e = new Entry(actor, kind, action, detail, outcome);
        log.info("audit {} {}@{} {} {} [{}]", e.kind, e.name, e.address, e.action, e.detail, e.outcome);
        insert(e);
    }

    /**
     * One entry, every field escaped and capped once, here, for both the table and the log (the user
     * name at {@link LogText#MAX_USER_BYTES}: a client may send any name it likes).
     */
    private record Entry(String name, String address, String kind, String action, String detail, String outcome) {
        Entry(Actor actor, String kind, String action, String detail, String outcome) {
            this(LogText.capped(actor.name(), LogText.MAX_USER_BYTES), LogText.capped(actor.address(), 128),
                    LogText.capped(kind, 64), LogText.capped(action, MAX_ACTION_BYTES),
                    LogText.capped(detail, MAX_DETAIL_BYTES), LogText.capped(outcome, 64));
        }
    }

    private void insert(Entry e) {
        repository.insert(Instant.now(), e.name, e.address, e.kind, e.action, e.detail, e.outcome);
        pruner.written();
    }

    /**
     * An entry whose line the caller has written to the log itself, in its own form (SFTP and scp
     * operations, with their syslog facility): only the table gets it here, so the log has it once.
     */
    public void recordInTableOnly(Actor actor, String kind, String action, String detail, String outcome) {
        insert(new Entry(actor, kind, action, detail, outcome));
    }

    public void change(Actor actor, String action, String detail) {
        record(actor, "change", action, detail, "ok");
    }

    public List<AuditEntry> find(Optional<String> actor, Optional<String> kind, Optional<Instant> since, int limit) {
        return repository.find(actor, kind, since, limit).stream().map(e -> new AuditEntry(e.id(), e.at(), e.actor(),
                e.address(), e.kind(), e.action(), e.detail(), e.outcome())).toList();
    }

    /** How many entries, and how many days of them, are kept (SPEC §8). */
    public record Retention(int maxEntries, int maxAgeDays) {
    }

    public Retention retention() {
        AuditRepository.Retention stored = repository.retention();
        return new Retention(stored.maxEntries(), stored.maxAgeDays());
    }

    /** Saves a retention (checked against the minimums) and prunes to it in the background. */
    public void setRetention(Actor actor, Retention retention) {
        if (retention.maxEntries() < MIN_ENTRIES || retention.maxAgeDays() < MIN_DAYS) {
            throw new IllegalArgumentException("the audit log keeps at least " + MIN_ENTRIES + " entries and "
                    + MIN_DAYS + " day; give --max-entries " + MIN_ENTRIES + " or more and --max-age-days "
                    + MIN_DAYS + " or more");
        }
        repository.saveRetention(new AuditRepository.Retention(retention.maxEntries(), retention.maxAgeDays()));
        change(actor, "audit retention set", "max-entries=" + retention.maxEntries() + " max-age-days="
                + retention.maxAgeDays());
        pruner.soon();
    }
}
