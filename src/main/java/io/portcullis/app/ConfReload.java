package io.portcullis.app;

import io.portcullis.audit.AuditLog;
import io.portcullis.audit.AuditLog.Actor;
import io.portcullis.conf.ApplianceConf;
import io.portcullis.conf.CurrentConf;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * {@code systemctl reload portcullis} (SIGHUP): {@code portcullis.conf} read again, whole. A file that does
 * not parse changes nothing, and the log names its line; otherwise what a running appliance can take is put
 * in force at once ({@link CurrentConf}: the next login, connection, account or log line reads it), and
 * the log says which keys changed and which of them wait for a restart ({@link ApplianceConfFile#AT_RESTART}).
 */
@Component
class ConfReload {

    private static final Logger log = LoggerFactory.getLogger(ConfReload.class);

    /** What one reload did: the keys put in force, those that wait for a restart, or why nothing changed. */
    record Outcome(List<String> applied, List<String> atRestart, String refusal) {
        boolean refused() {
            return refusal != null;
        }
    }

    private final Appliance.Launch launch;
    private final CurrentConf current;
    private final AuditLog audit;

    ConfReload(Appliance.Launch launch, CurrentConf current, AuditLog audit) {
        this.launch = launch;
        this.current = current;
        this.audit = audit;
    }

    /** Two signals close together are two reloads one after the other, never one half-applied over another. */
    synchronized Outcome reload() {
        ApplianceConf next;
        try {
            next = ApplianceConfFile.loadFor(launch.options(), launch.dataDirectory().root());
        } catch (ApplianceConfFile.ConfException e) {
            log.error("reload: {} was not applied, the running configuration is kept: {}", current.get().source(),
                    e.getMessage());
            audit.record(Actor.SYSTEM, "service", "reload " + ApplianceConf.FILE_NAME, e.getMessage(), "refused");
            return new Outcome(List.of(), List.of(), e.getMessage());
        }
        ApplianceConf running = current.get();
        Map<String, String> before = ApplianceConfFile.values(running);
        Map<String, String> after = ApplianceConfFile.values(next);
        List<String> applied = new ArrayList<>();
        List<String> atRestart = new ArrayList<>();
        for (Map.Entry<String, String> key : after.entrySet()) {
            String was = before.get(key.getKey());
            if (was.equals(key.getValue())) {
                continue;
            }
            String change = key.getKey() + " " + was + " -> " + key.getValue();
            (ApplianceConfFile.AT_RESTART.contains(key.getKey()) ? atRestart : applied).add(change);
        }
        current.replace(ApplianceConfFile.liveParts(running, next));
        if (applied.isEmpty() && atRestart.isEmpty()) {
            log.info("reload: {} read again, nothing changed", next.source());
        } else {
            log.info("reload: {} read again; applied: {}; needs a restart of the appliance: {}", next.source(),
                    applied.isEmpty() ? "nothing" : String.join(", ", applied),
                    atRestart.isEmpty() ? "nothing" : String.join(", ", atRestart));
        }
        if (!atRestart.isEmpty()) {
            log.warn("reload: {} keep their running values until the appliance restarts (systemctl restart portcullis)",
                    String.join(", ", atRestart.stream().map(c -> c.substring(0, c.indexOf(' '))).toList()));
        }
        audit.record(Actor.SYSTEM, "service", "reload " + ApplianceConf.FILE_NAME,
                "applied: " + (applied.isEmpty() ? "nothing" : String.join(", ", applied))
                        + (atRestart.isEmpty() ? "" : "; at restart: " + String.join(", ", atRestart)), "ok");
        return new Outcome(applied, atRestart, null);
    }
}
