package io.portcullis.store;

import io.portcullis.audit.AuditEntry;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The audit table. */
@Repository
public class AuditRepository {

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
    public List<AuditEntry> find(Optional<String> actor, Optional<String> kind, Optional<Instant> since, int limit) {
        StringBuilder sql = new StringBuilder("SELECT id, at, actor, address, kind, action, detail, outcome FROM audit WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        actor.ifPresent(a -> { sql.append(" AND actor = ?"); params.add(a); });
        kind.ifPresent(k -> { sql.append(" AND kind = ?"); params.add(k); });
        since.ifPresent(s -> { sql.append(" AND at >= ?"); params.add(AT.format(s)); });
        sql.append(" ORDER BY id DESC LIMIT ?");
        params.add(limit);
        return db.sql(sql.toString()).params(params)
                .query((rs, row) -> new AuditEntry(rs.getLong(1), Instant.parse(rs.getString(2)), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8)))
                .list();
    }
}
