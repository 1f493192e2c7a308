package io.portcullis.audit;

import java.time.Instant;

/** One line of the audit log (SPEC §8). {@code detail} never holds a secret. */
public record AuditEntry(long id, Instant at, String actor, String address, String kind, String action, String detail,
                         String outcome) {
}
