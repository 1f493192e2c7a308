package io.portcullis.connections;

/**
 * The remote offered a host key other than the pinned one: someone may be in between, or the remote's key
 * was replaced. Never accepted silently; the message names both fingerprints and the way to re-pin.
 */
public class HostKeyChangedException extends ConnectionException {

    private final RemoteHostKey pinned;
    private final RemoteHostKey offered;

    HostKeyChangedException(Connection connection, RemoteHostKey pinned, RemoteHostKey offered) {
        super("REMOTE HOST KEY CHANGED for connection '" + connection.name() + "' (" + connection.host() + ":"
                + connection.port() + ")!\n"
                + "  pinned:  " + pinned + "\n"
                + "  offered: " + offered + "\n"
                + "Someone may be intercepting the connection, or the remote's host key was regenerated. Nothing was"
                + " sent and the keypair was not used. If the change is expected, pin the new key with"
                + " 'ssh connections discover-host-key " + connection.name() + "'.");
        this.pinned = pinned;
        this.offered = offered;
    }

    public RemoteHostKey pinned() {
        return pinned;
    }

    public RemoteHostKey offered() {
        return offered;
    }
}
