package io.portcullis.console;

import io.portcullis.audit.AuditLog;
import io.portcullis.keypairs.HostKeys.Fingerprint;
import io.portcullis.keypairs.HostKeys;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;

/** {@code ssh hostkeys} (SPEC §3, Host keys): list the appliance's host keys and regenerate one. */
@Component
class HostKeyCommands implements CommandSet {

    private static final List<String> TYPES = Arrays.stream(HostKeys.Type.values())
            .map(t -> t.name().toLowerCase(Locale.ROOT)).toList();
    private static final Argument TYPE = Argument.choice("TYPE", "the key type: " + String.join(", ", TYPES), TYPES);

    private final HostKeys hostKeys;
    private final AuditLog audit;

    HostKeyCommands(HostKeys hostKeys, AuditLog audit) {
        this.hostKeys = hostKeys;
        this.audit = audit;
    }

    @Override
    public List<ConsoleCommand> commands() {
        return List.of(
                ConsoleCommand.reading("ssh hostkeys list", "the host keys with their SHA256 fingerprints")
                        .options(Option.JSON).does(this::list),
                ConsoleCommand.changing("ssh hostkeys regenerate", "replace one host key with a new one")
                        .argument(TYPE)
                        .options(Option.YES)
                        .details("Clients that saved the old key will warn of a changed host key and refuse to connect"
                                + " until their known_hosts is updated; established sessions are not affected.")
                        .does(this::regenerate));
    }

    private void list(Invocation in) {
        List<Fingerprint> keys = hostKeys.fingerprints();
        if (in.json()) {
            in.printJson(keys.stream().map(k -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("type", k.type().name().toLowerCase(Locale.ROOT));
                m.put("bits", k.bits());
                m.put("fingerprint", k.sha256());
                return m;
            }).toList());
            return;
        }
        TextTable table = new TextTable("TYPE", "BITS", "FINGERPRINT");
        keys.forEach(k -> table.row(k.type().name().toLowerCase(Locale.ROOT), k.bits(), k.sha256()));
        table.print(in.out());
    }

    private void regenerate(Invocation in) {
        HostKeys.Type type = HostKeys.Type.valueOf(in.get(TYPE).toUpperCase(Locale.ROOT));
        if (!in.has(Option.YES)) {
            in.ask().confirm("Clients that know the current " + type.label() + " host key will refuse to connect"
                    + " until they update known_hosts. Regenerate the " + type.label() + " host key?", "--yes");
        }
        Fingerprint fingerprint = hostKeys.regenerate(type);
        audit.change(in.actor(), "ssh hostkeys regenerate " + type.name().toLowerCase(Locale.ROOT),
                "new key " + fingerprint);
        in.out().println("new " + type.label() + " host key: " + fingerprint);
    }
}
