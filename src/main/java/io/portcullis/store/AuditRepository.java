package io.portcullis.store;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The audit table, and how long its entries are kept. */
@Repository
public class AuditRepository {

    /** One stored line of the audit log. */
    public record StoredEntry(long id, Instant at, String actor, String address, String kind, String action,
                              String detail, String outcome) {
    }

    /** Fixed width, so that text order is time order in SQL comparisons. */
    private static final DateTimeFormatter AT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final JdbcClient db;

    public AuditRepository(JdbcClient db) {
        this.db = db;
    }

    public void insert(Instant at, String actor, String address, String kind, String action, String detail, String outcome) {
        db.sql("INSERT INTO audit (at, actor, address, kind, action, detail, outcome) VALUES (?, ?, ?, ?, ?, ?, ?)")
                .params(AT.format(at), actor, address, kind, action, detail, outcome)
                .update();
    }

    /** Newest first; every filter optional. */
    public List<StoredEntry> find(Optional<String> actor, Optional<String> kind, Optional<Instant> since, int limit) {
        StringBuilder sql = new StringBuilder("SELECT id, at, actor, address, kind, action, detail, outcome FROM audit WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        actor.ifPresent(a -> { sql.append(" AND actor = ?"); params.add(a); });
        kind.ifPresent(k -> { sql.append(" AND kind = ?"); params.add(k); });
        since.ifPresent(s -> { sql.append(" AND at >= ?"); params.add(AT.format(s)); });
        sql.append(" ORDER BY id DESC LIMIT ?");
        params.add(limit);
        return db.sql(sql.toString()).params(params)
                .query((rs, row) -> new StoredEntry(rs.getLong(1), Instant.parse(rs.getString(2)), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8)))
                .list();
    }

    /** How many entries, and how many days of them, are kept (SPEC §8). */
    public record Retention(int maxEntries, int maxAgeDays) {
    }

    public Retention retention() {
        return db.sql("SELECT max_entries, max_age_days FROM audit_retention WHERE id = 1")
                .query((rs, row) -> new Retention(rs.getInt(1), rs.getInt(2))).single();
    }

    public void saveRetention(Retention retention) {
        db.sql("UPDATE audit_retention SET max_entries = ?, max_age_days = ? WHERE id = 1")
                .params(retention.maxEntries(), retention.maxAgeDays()).update();
    }

    public long count() {
        return db.sql("SELECT COUNT(*) FROM audit").query(Long.class).single();
    }

    /**
     * Deletes at most {@code batch} of the oldest entries that are older than {@code before} or beyond the
     * newest {@code keep}; returns how many went. Small batches keep each write short, so logins that audit
     * meanwhile wait for the database lock only briefly.
     */
    public int pruneBatch(Instant before, int keep, int batch) {
        return db.sql("DELETE FROM audit WHERE id IN (SELECT id FROM audit WHERE at < ? OR id <= "
                        + "(SELECT COALESCE((SELECT id FROM audit ORDER BY id DESC LIMIT 1 OFFSET ?), 0)) "
                        + "ORDER BY id LIMIT ?)")
                .params(AT.format(before), keep, batch).update();
    }
}
