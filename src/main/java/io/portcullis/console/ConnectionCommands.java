package io.portcullis.console;

import io.portcullis.connections.Connection;
import io.portcullis.connections.Connections;
import io.portcullis.connections.RemoteHostKey;
import io.portcullis.keypairs.Keypairs;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * {@code ssh connections} (SPEC §5): connections to other SSH servers, their host keys pinned after an
 * administrator saw them, and a test login with the connection's keypair.
 */
@Component
class ConnectionCommands implements CommandSet {

    private static final Argument NAME = Argument.of("NAME", "the connection");
    private static final Argument NEW_NAME = Argument.of("NAME", "a new connection's name: letters, digits, '.', '_',"
            + " '-'");
    private static final Option<String> HOST = Option.text("host", "H", "the remote's host name or address (required)");
    private static final Option<Integer> PORT = Option.number("port", "N", "the remote's SSH port (default 22)");
    private static final Option<String> USERNAME = Option.text("username", "U", "the remote account to log in as"
            + " (required)");
    private static final Option<String> KEYPAIR = Option.text("keypair", "K", "the keypair to log in with (required)");
    private static final Option<Integer> CONNECT_TIMEOUT = Option.number("connect-timeout", "SECONDS", "how long to"
            + " wait for the remote (default 10)");

    private final Connections connections;
    private final Keypairs keypairs;

    ConnectionCommands(Connections connections, Keypairs keypairs) {
        this.connections = connections;
        this.keypairs = keypairs;
    }

    @Override
    public List<ConsoleCommand> commands() {
        ValueSource names = ValueSource.live(connections::names);
        return List.of(
                ConsoleCommand.reading("ssh connections list", "the connections to other SSH servers")
                        .options(Option.JSON).does(this::list),
                ConsoleCommand.reading("ssh connections show", "one connection with its pinned host key")
                        .argument(NAME, names).options(Option.JSON).does(this::show),
                ConsoleCommand.changing("ssh connections add", "add a connection; then discover-host-key and test it")
                        .argument(NEW_NAME)
                        .options(HOST, PORT, USERNAME)
                        .option(KEYPAIR, ValueSource.live(keypairs::names))
                        .options(CONNECT_TIMEOUT)
                        .details("Example: ssh connections add backup --host 192.0.2.10 --username backup --keypair"
                                + " backup-key")
                        .does(this::add),
                ConsoleCommand.changing("ssh connections discover-host-key", "fetch the remote's host key, show it"
                                + " and pin it once confirmed")
                        .argument(NAME, names).options(Option.YES)
                        .details("Compare the fingerprint with the one the remote's administrator sees (on a"
                                + " Portcullis: 'ssh hostkeys list') before confirming. In a script, --yes pins"
                                + " without asking.")
                        .does(this::discover),
                ConsoleCommand.changing("ssh connections test", "log in with the keypair, checking the pinned host"
                                + " key")
                        .argument(NAME, names)
                        .details("Reports the remote's version, banner and round-trip time. A host key other than"
                                + " the pinned one is a failure (exit 1), never accepted.")
                        .does(this::test),
                ConsoleCommand.changing("ssh connections delete", "delete a connection")
                        .argument(NAME, names).does(this::delete));
    }

    private static Map<String, Object> json(Connection c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", c.name());
        m.put("host", c.host());
        m.put("port", c.port());
        m.put("username", c.username());
        m.put("keypair", c.keypair());
        m.put("connectTimeout", c.connectTimeoutSeconds());
        m.put("hostKeyType", c.hostKey().map(RemoteHostKey::type).orElse(null));
        m.put("hostKeyFingerprint", c.hostKey().map(RemoteHostKey::fingerprint).orElse(null));
        m.put("createdAt", c.createdAt().toString());
        return m;
    }

    private void list(Invocation in) {
        List<Connection> all = connections.list();
        if (in.json()) {
            in.printJson(all.stream().map(ConnectionCommands::json).toList());
            return;
        }
        TextTable table = new TextTable("NAME", "DESTINATION", "KEYPAIR", "HOST KEY");
        all.forEach(c -> table.row(c.name(), c.destination(), c.keypair(),
                c.hostKey().map(RemoteHostKey::toString).orElse("not pinned")));
        table.print(in.out());
    }

    private void show(Invocation in) {
        Connection c = connections.require(in.get(NAME));
        if (in.json()) {
            in.printJson(json(c));
            return;
        }
        in.out().println("name:            " + c.name());
        in.out().println("host:            " + c.host());
        in.out().println("port:            " + c.port());
        in.out().println("username:        " + c.username());
        in.out().println("keypair:         " + c.keypair());
        in.out().println("connect timeout: " + c.connectTimeoutSeconds() + " s");
        in.out().println("host key:        " + c.hostKey().map(RemoteHostKey::toString)
                .orElse("not pinned: run 'ssh connections discover-host-key " + c.name() + "'"));
    }

    private void add(Invocation in) {
        String host = in.get(HOST).orElseThrow(() -> new UsageException("--host is required"));
        String username = in.get(USERNAME).orElseThrow(() -> new UsageException("--username is required"));
        String keypair = in.get(KEYPAIR).orElseThrow(() -> new UsageException("--keypair is required"));
        Connection c = connections.add(in.actor(), in.get(NEW_NAME), host,
                in.get(PORT).orElse(Connections.DEFAULT_PORT), username, keypair,
                in.get(CONNECT_TIMEOUT).orElse(Connections.DEFAULT_TIMEOUT));
        in.out().println("connection '" + c.name() + "' added: " + c.destination() + " with keypair " + c.keypair());
        in.out().println("next: 'ssh connections discover-host-key " + c.name() + "' to pin the remote's host key");
    }

    private void discover(Invocation in) {
        String name = in.get(NAME);
        Connection c = connections.require(name);
        RemoteHostKey key = connections.discoverHostKey(in.actor(), name);
        in.out().println("host key of " + c.host() + ":" + c.port() + ": " + key.type() + " " + key.fingerprint());
        if (c.hostKey().isPresent()) {
            boolean same = c.hostKey().get().publicKeyLine().equals(key.publicKeyLine());
            in.out().println(same ? "this is the key pinned already; nothing to change"
                    : "the pinned key is " + c.hostKey().get() + " - it would be REPLACED");
            if (same) {
                return;
            }
        }
        in.out().flush();
        if (!in.has(Option.YES)) {
            in.ask().confirm("Is this the remote's real host key? Pin it for connection '" + name + "'?", "--yes");
        }
        connections.pinHostKey(in.actor(), name, key);
        in.out().println("pinned " + key + " for connection '" + name + "'");
    }

    private void test(Invocation in) {
        String name = in.get(NAME);
        Connection c = connections.require(name);
        Connections.TestResult r = connections.test(in.actor(), name);
        in.out().println("connection '" + name + "' OK: logged in to " + c.destination() + " with keypair "
                + c.keypair());
        in.out().println("remote version: " + r.serverVersion());
        in.out().println("host key:       " + r.hostKey() + " (matches the pinned key)");
        r.banner().ifPresent(b -> in.out().println("banner:         " + b.replace("\n", "\n                ")));
        in.out().println("login time:     " + r.loginMillis() + " ms");
        in.out().println("round trip:     " + r.roundTripMillis() + " ms");
    }

    private void delete(Invocation in) {
        connections.delete(in.actor(), in.get(NAME));
        in.out().println("connection '" + in.get(NAME) + "' deleted");
    }
}
