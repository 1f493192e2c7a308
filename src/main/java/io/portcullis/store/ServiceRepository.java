package io.portcullis.store;

import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The services table: last state and Start Automatically per service. */
@Repository
public class ServiceRepository {

    /** A service's stored state. */
    public record ServiceRecord(String name, boolean running, boolean startAutomatically) {
    }

    private final JdbcClient db;

    public ServiceRepository(JdbcClient db) {
        this.db = db;
    }

    public List<ServiceRecord> findAll() {
        return db.sql("SELECT name, running, start_automatically FROM services ORDER BY name")
                .query((rs, row) -> new ServiceRecord(rs.getString(1), rs.getBoolean(2), rs.getBoolean(3))).list();
    }

    public Optional<ServiceRecord> find(String name) {
        return db.sql("SELECT name, running, start_automatically FROM services WHERE name = ?").param(name)
                .query((rs, row) -> new ServiceRecord(rs.getString(1), rs.getBoolean(2), rs.getBoolean(3))).optional();
    }

    public void setRunning(String name, boolean running) {
        db.sql("UPDATE services SET running = ? WHERE name = ?").params(running, name).update();
    }

    public void setStartAutomatically(String name, boolean enabled) {
        db.sql("UPDATE services SET start_automatically = ? WHERE name = ?").params(enabled, name).update();
    }
}
