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
 * nothing here ever sees a password.
 */
@Component
public class AuditLog {

    private static final Logger log = LoggerFactory.getLogger("io.portcullis.audit");

    /** Who did something and from where: a username and remote address, or {@code console}/{@code local}. */
    public record Actor(String name, String address) {
        public static final Actor LOCAL_CONSOLE = new Actor("console", "local");
        public static final Actor SYSTEM = new Actor("system", "local");
    }

    private final AuditRepository repository;

    public AuditLog(AuditRepository repository) {
        this.repository = repository;
    }

    public void record(Actor actor, String kind, String action, String detail, String outcome) {
        log.info("audit {} {}@{} {} {} [{}]", kind, actor.name(), actor.address(), action, detail, outcome);
        repository.insert(Instant.now(), actor.name(), actor.address(), kind, action, detail, outcome);
    }

    public void change(Actor actor, String action, String detail) {
        record(actor, "change", action, detail, "ok");
    }

    public List<AuditEntry> find(Optional<String> actor, Optional<String> kind, Optional<Instant> since, int limit) {
        return repository.find(actor, kind, since, limit);
    }
}
