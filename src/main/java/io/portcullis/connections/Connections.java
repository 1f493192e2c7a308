package io.portcullis.connections;

import io.portcullis.accounts.AccountRules;
import io.portcullis.audit.AuditLog;
import io.portcullis.audit.AuditLog.Actor;
import io.portcullis.keypairs.Keypairs;
import io.portcullis.store.ConnectionRepository;
import io.portcullis.store.ConnectionRepository.StoredConnection;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Connections to other SSH servers (SPEC §5): where, as whom, with which keypair, and the remote host key
 * pinned after an administrator saw it. {@link #test} never accepts a key other than the pinned one.
 */
@Component
public class Connections {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._:-]{1,253}");
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._][A-Za-z0-9._@-]{0,63}");
    public static final int DEFAULT_PORT = 22;
    public static final int DEFAULT_TIMEOUT = 10;
    public static final int MAX_TIMEOUT = 300;

    /** What {@link #test} reports of a remote that let the keypair in. */
    public record TestResult(String serverVersion, Optional<String> banner, RemoteHostKey hostKey, long loginMillis,
                             long roundTripMillis) {
    }

    private final ConnectionRepository repository;
    private final Keypairs keypairs;
    private final AuditLog audit;

    public Connections(ConnectionRepository repository, Keypairs keypairs, AuditLog audit) {
        this.repository = repository;
        this.keypairs = keypairs;
        this.audit = audit;
    }

    public List<Connection> list() {
        return repository.findAll().stream().map(Connections::shown).toList();
    }

    public List<String> names() {
        return repository.findAll().stream().map(StoredConnection::name).toList();
    }

    public Connection require(String name) {
        return repository.find(name).map(Connections::shown).orElseThrow(() -> new ConnectionException(
                "no connection named '" + AccountRules.printable(name) + "'; 'ssh connections list' shows them"));
    }

    public Connection add(Actor actor, String name, String host, int port, String username, String keypair,
                          int connectTimeoutSeconds) {
        if (!NAME.matcher(name).matches()) {
            throw new ConnectionException("connection name '" + AccountRules.printable(name) + "': use 1-64 letters,"
                    + " digits, '.', '_' or '-', starting with a letter or digit");
        }
        if (repository.find(name).isPresent()) {
            throw new ConnectionException("a connection named '" + name + "' exists already; choose another name or"
                    + " delete it first");
        }
        if (!HOST.matcher(host).matches()) {
            throw new ConnectionException("--host '" + AccountRules.printable(host) + "': give a host name or an IP"
                    + " address");
        }
        if (port < 1 || port > 65535) {
            throw new ConnectionException("--port " + port + ": give 1 to 65535");
        }
        if (!USERNAME.matcher(username).matches()) {
            throw new ConnectionException("--username '" + AccountRules.printable(username) + "': give the remote"
                    + " account's name (letters, digits, '.', '_', '-', '@')");
        }
        if (keypairs.find(keypair).isEmpty()) {
            throw new ConnectionException("--keypair '" + AccountRules.printable(keypair) + "': no such keypair; make"
                    + " one with 'ssh keypairs generate NAME' or 'ssh keypairs import NAME'");
        }
        if (connectTimeoutSeconds < 1 || connectTimeoutSeconds > MAX_TIMEOUT) {
            throw new ConnectionException("--connect-timeout " + connectTimeoutSeconds + ": give 1 to " + MAX_TIMEOUT
                    + " seconds");
        }
        StoredConnection stored = new StoredConnection(name, host, port, username, keypair, "", connectTimeoutSeconds,
                Instant.now());
        repository.insert(stored);
        Connection made = shown(stored);
        audit.change(actor, "ssh connections add " + name, made.destination() + " keypair=" + keypair
                + " connect-timeout=" + connectTimeoutSeconds);
        return made;
    }

    public void delete(Actor actor, String name) {
        Connection connection = require(name);
        repository.delete(name);
        audit.change(actor, "ssh connections delete " + name, connection.destination());
    }

    /** Fetches the remote's host key without pinning it. */
    public RemoteHostKey discoverHostKey(Actor actor, String name) {
        Connection connection = require(name);
        try {
            RemoteHostKey key = new ConnectionProbe(connection).discover();
            audit.record(actor, "connection", "ssh connections discover-host-key " + name, key.toString(), "ok");
            return key;
        } catch (ConnectionException e) {
            audit.record(actor, "connection", "ssh connections discover-host-key " + name, firstLine(e), "failed");
            throw e;
        }
    }

    public void pinHostKey(Actor actor, String name, RemoteHostKey key) {
        Connection connection = require(name);
        repository.pinHostKey(name, key.publicKeyLine());
        audit.change(actor, "ssh connections pin-host-key " + name, connection.hostKey()
                .map(old -> "was " + old + ", now ").orElse("") + key);
    }

    /** Logs in with the keypair against the pinned host key; a changed key fails with both fingerprints. */
    public TestResult test(Actor actor, String name) {
        Connection connection = require(name);
        RemoteHostKey pinned = connection.hostKey().orElseThrow(() -> new ConnectionException("connection '" + name
                + "' has no pinned host key yet; run 'ssh connections discover-host-key " + name + "' first"));
        String action = "ssh connections test " + name;
        try {
            ConnectionProbe.Success ok = new ConnectionProbe(connection).test(pinned, keypairs.keyPair(
                    connection.keypair()), connection.keypair());
            audit.record(actor, "connection", action, connection.destination() + " " + ok.serverVersion(), "ok");
            return new TestResult(ok.serverVersion(), ok.banner(), ok.hostKey(), ok.loginMillis(), ok.roundTripMillis());
        } catch (HostKeyChangedException e) {
            audit.record(actor, "connection", action, "host key changed: pinned " + e.pinned() + ", offered "
                    + e.offered(), "refused");
            throw e;
        } catch (ConnectionException e) {
            audit.record(actor, "connection", action, firstLine(e), "failed");
            throw e;
        }
    }

    private static String firstLine(RuntimeException e) {
        return String.valueOf(e.getMessage()).lines().findFirst().orElse("");
    }

    private static Connection shown(StoredConnection c) {
        Optional<RemoteHostKey> key = c.remoteHostKey().isEmpty() ? Optional.empty()
                : Optional.of(RemoteHostKey.parse(c.remoteHostKey()));
        return new Connection(c.name(), c.host(), c.port(), c.username(), c.keypair(), key, c.connectTimeoutSeconds(),
                c.createdAt());
    }
}
