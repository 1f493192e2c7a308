package io.portcullis.connections;

import java.time.Instant;
import java.util.Optional;

/** A connection to another SSH server (SPEC §5), with its pinned host key once one is discovered. */
public record Connection(String name, String host, int port, String username, String keypair,
                         Optional<RemoteHostKey> hostKey, int connectTimeoutSeconds, Instant createdAt) {

    public String destination() {
        return username + "@" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
