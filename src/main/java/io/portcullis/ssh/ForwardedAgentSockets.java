package io.portcullis.ssh;

import io.portcullis.accounts.Accounts;
import io.portcullis.accounts.User;
import io.portcullis.host.ProcessIdentity;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.sshd.agent.SshAgent;
import org.apache.sshd.agent.SshAgentFactory;
import org.apache.sshd.agent.SshAgentServer;
import org.apache.sshd.common.FactoryManager;
import org.apache.sshd.common.PropertyResolverUtils;
import org.apache.sshd.common.channel.ChannelFactory;
import org.apache.sshd.common.session.ConnectionService;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.core.CoreModuleProperties;
import org.springframework.stereotype.Component;

/**
 * Agent forwarding on the server side ({@code ssh -A}): once {@link ForwardingPolicy} has allowed a
 * connection's {@code auth-agent-req@openssh.com}, MINA asks this for the connection's one
 * {@link ForwardedAgentSocket}, given to the account. MINA's own Unix implementation needs Tomcat's APR
 * native library; this one uses the JDK's Unix-domain sockets.
 */
@Component
public class ForwardedAgentSockets implements SshAgentFactory {

    private final Accounts accounts;

    public ForwardedAgentSockets(Accounts accounts) {
        this.accounts = accounts;
    }

    /** None: a client may never open an agent channel to the server; only the server opens them, to the client. */
    @Override
    public List<ChannelFactory> getChannelForwardingFactories(FactoryManager manager) {
        return List.of();
    }

    /** The appliance's own outgoing connections use no agent. */
    @Override
    public SshAgent createClient(Session session, FactoryManager manager) {
        return null;
    }

    @Override
    public SshAgentServer createServer(ConnectionService service) throws IOException {
        Session session = service.getSession();
        User user = accounts.require(session.getUsername());
        // the channel the client is asked to open answers the request it sent: the IETF draft's or OpenSSH's
        String requested = PropertyResolverUtils.getString(session, CoreModuleProperties.AGENT_FORWARDING_TYPE);
        String channelType = CoreModuleProperties.AGENT_FORWARDING_TYPE_IETF.equals(requested)
                ? "auth-agent" : "auth-agent@openssh.com";
        Optional<ForwardedAgentSocket.Owner> owner = ProcessIdentity.isRoot()
                ? Optional.of(new ForwardedAgentSocket.Owner(user.uid(), user.primaryGroup().gid()))
                : Optional.empty();
        return ForwardedAgentSocket.open(service, channelType, user.username(),
                Path.of(System.getProperty("java.io.tmpdir")), owner);
    }
}
