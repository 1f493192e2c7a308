package io.portcullis.ssh;

import java.io.IOException;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.server.SshServer;

/**
 * MINA's server with its listener exposed, so the SSH service can close and reopen the listener while
 * established sessions carry on (OpenSSH's restart semantics).
 */
public class ApplianceSshServer extends SshServer {

    private List<SocketAddress> lastBound = List.of();

    /** Stops accepting new connections; sessions already accepted are untouched. */
    public void closeListener() {
        if (acceptor != null) {
            lastBound = new ArrayList<>(acceptor.getBoundAddresses());
            acceptor.unbind();
        }
    }

    /** Re-opens the addresses {@link #closeListener()} closed, after a failed restart. */
    public void reopenListener() throws IOException {
        if (acceptor != null && !lastBound.isEmpty()) {
            acceptor.bind(lastBound);
        }
    }
}
