package io.portcullis.services;

import io.portcullis.audit.AuditLog;
import io.portcullis.audit.AuditLog.Actor;
import io.portcullis.store.ServiceRepository;
import io.portcullis.store.ServiceRepository.ServiceRecord;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** The appliance's services by name: start, stop, restart, enable, disable, with their stored state. */
@Component
public class Services {

    private static final Logger log = LoggerFactory.getLogger(Services.class);

    /** One row of {@code services list}; {@code warnings}: what the running service does less than configured. */
    public record Status(String name, boolean running, boolean startAutomatically, List<String> listeners,
                         int sessions, List<String> notes, List<String> warnings) {
    }

    private final Map<String, ManagedService> services = new LinkedHashMap<>();
    private final ServiceRepository repository;
    private final AuditLog audit;

    public Services(List<ManagedService> all, ServiceRepository repository, AuditLog audit) {
        all.forEach(s -> services.put(s.name(), s));
        this.repository = repository;
        this.audit = audit;
    }

    public List<String> names() {
        return List.copyOf(services.keySet());
    }

    public ManagedService require(String name) {
        ManagedService service = services.get(name);
        if (service == null) {
            throw new ServiceException("no service named '" + name + "'; services: " + String.join(", ", names()));
        }
        return service;
    }

    public List<Status> list() {
        return services.values().stream().map(s -> {
            boolean auto = repository.find(s.name()).map(ServiceRecord::startAutomatically).orElse(false);
            return new Status(s.name(), s.isRunning(), auto, s.listeners(), s.sessionCount(), s.notes(), s.warnings());
        }).toList();
    }

    /**
     * At boot: start every service marked Start Automatically. One failing, for whatever reason, is logged
     * with its reason and does not stop the others or the appliance's start.
     */
    public List<String> startAutomatic() {
        List<String> failed = new java.util.ArrayList<>();
        for (ManagedService service : services.values()) {
            boolean auto = repository.find(service.name()).map(ServiceRecord::startAutomatically).orElse(false);
            if (auto) {
                try {
                    start(Actor.SYSTEM, service.name());
                } catch (ServiceException e) {
                    log.error("{} service did not start: {}", service.name(), e.getMessage());
                    failed.add(service.name());
                } catch (RuntimeException e) {
                    log.error("{} service did not start: {}", service.name(), e.toString(), e);
                    audit.record(Actor.SYSTEM, "service", "start " + service.name(), e.toString(), "failed");
                    failed.add(service.name());
                }
            }
        }
        return failed;
    }

    public void start(Actor actor, String name) {
        ManagedService service = require(name);
        try {
            service.start();
        } catch (ServiceException e) {
            audit.record(actor, "service", "start " + name, e.getMessage(), "failed");
            throw e;
        }
        repository.setRunning(name, true);
        audit.record(actor, "service", "start " + name, String.join(" ", service.listeners()), "ok");
    }

    public void stop(Actor actor, String name, boolean disconnect) {
        ManagedService service = require(name);
        service.stop(disconnect);
        repository.setRunning(name, false);
        audit.record(actor, "service", "stop " + name, disconnect ? "sessions disconnected" : "sessions kept", "ok");
    }

    public void restart(Actor actor, String name) {
        ManagedService service = require(name);
        try {
            service.restart();
        } catch (ServiceException e) {
            audit.record(actor, "service", "restart " + name, e.getMessage(), "failed");
            throw e;
        }
        repository.setRunning(name, true);
        audit.record(actor, "service", "restart " + name, String.join(" ", service.listeners()), "ok");
    }

    public void setStartAutomatically(Actor actor, String name, boolean enabled) {
        require(name);
        repository.setStartAutomatically(name, enabled);
        audit.record(actor, "service", (enabled ? "enable " : "disable ") + name, "", "ok");
    }

    public void shutdown(String message) {
        for (ManagedService service : services.values()) {
            try {
                service.shutdown(message);
            } catch (RuntimeException e) {
                log.warn("{} service did not stop cleanly: {}", service.name(), e.toString());
            }
        }
    }
}
