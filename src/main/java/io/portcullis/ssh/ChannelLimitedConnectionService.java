package io.portcullis.ssh;

import java.io.IOException;
import java.util.function.IntSupplier;
import org.apache.sshd.common.Service;
import org.apache.sshd.common.ServiceFactory;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.SshException;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.server.session.AbstractServerSession;
import org.apache.sshd.server.session.ServerConnectionService;
import org.apache.sshd.server.session.ServerConnectionServiceFactory;

/**
 * MINA's {@code ssh-connection} service with a bound on the channels one connection has open at once
 * (portcullis.conf's {@code ssh.max-channels-per-connection}): every forwarded TCP connection holds a
 * descriptor of the one process all connections share, so one client could otherwise take them all.
 * One more is refused as administratively prohibited with the reason; the connection goes on. (MINA's
 * own MAX_CONCURRENT_CHANNELS fails the whole connection instead.)
 */
final class ChannelLimitedConnectionService extends ServerConnectionService {

    private final int maxChannels;

    private ChannelLimitedConnectionService(AbstractServerSession session, int maxChannels) throws SshException {
        super(session);
        this.maxChannels = maxChannels;
    }

    /** {@code maxChannels} is read as each connection starts its service: a reload applies to the next one. */
    static ServiceFactory factory(IntSupplier maxChannels) {
        return new ServerConnectionServiceFactory() {
            @Override
            public Service create(Session session) throws IOException {
                ChannelLimitedConnectionService service =
                        new ChannelLimitedConnectionService((AbstractServerSession) session,
                                maxChannels.getAsInt());
                service.addPortForwardingEventListenerManager(this);
                return service;
            }
        };
    }

    @Override
    protected void channelOpen(Buffer buffer) throws Exception {
        if (getChannels().size() >= maxChannels) {
            int start = buffer.rpos();
            String type = buffer.getString();
            long sender = buffer.getUInt();
            buffer.rpos(start);
            sendChannelOpenFailure(buffer, sender, SshConstants.SSH_OPEN_ADMINISTRATIVELY_PROHIBITED,
                    type + " refused: this connection has " + maxChannels + " channels open, the most the server"
                            + " allows (ssh.max-channels-per-connection); close some or use another connection", "");
            return;
        }
        super.channelOpen(buffer);
    }
}
