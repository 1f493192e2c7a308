package io.portcullis.ssh;

import io.portcullis.accounts.Accounts;
import io.portcullis.accounts.KeyOptions;
import io.portcullis.accounts.LoginShells;
import io.portcullis.accounts.User;
import io.portcullis.host.ProcessIdentity;
import io.portcullis.settings.LoginRules;
import io.portcullis.settings.SshConfiguration;
import io.portcullis.settings.SshSetting;
import java.util.Optional;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.util.net.SshdSocketAddress;
import org.apache.sshd.server.forward.ForwardingFilter;
import org.springframework.stereotype.Component;

/**
 * Who may forward what (SPEC §3 "Allow TCP Port Forwarding", §4 Shells). TCP forwarding ({@code ssh -L},
 * {@code -R}, {@code -W}) follows the saved setting for accounts with a login shell or the console and is
 * never allowed for {@code scponly} or {@code nologin}; agent forwarding ({@code ssh -A}) follows
 * AllowAgentForwarding for accounts with a login shell; X11 forwarding is not offered at all.
 * Decided at each request from the account and the saved settings, so changes apply at once.
 */
@Component
public class ForwardingPolicy implements ForwardingFilter {

    private final Accounts accounts;
    private final SshConfiguration configuration;
    private final SessionHandlers sessionHandlers;

    public ForwardingPolicy(Accounts accounts, SshConfiguration configuration, SessionHandlers sessionHandlers) {
        this.accounts = accounts;
        this.configuration = configuration;
        this.sessionHandlers = sessionHandlers;
    }

    /** The shells that may never forward anything, whatever the settings say. */
    public static boolean isRestricted(User user) {
        return user.shell().equals(LoginShells.SCPONLY) || user.shell().equals(LoginShells.NOLOGIN);
    }

    /** A Match block's AllowTcpForwarding overrides the setting for the accounts and addresses it matches. */
    public static boolean allowsTcpForwarding(User user, LoginRules rules, String address) {
        return !isRestricted(user) && MatchedSettings.of(rules.aux(), user, address).allowTcpForwarding()
                .orElse(rules.settings().get(SshSetting.TCP_FORWARDING));
    }

    /**
     * AllowAgentForwarding (global only, default yes as in OpenSSH), for accounts whose shell can use an
     * agent: a login shell, not the console, scponly or nologin, nor a Match-made SFTP-only session. Only
     * when the appliance runs as root: otherwise every login shell runs as the appliance's one user, and
     * any account could use another's agent through its socket.
     */
    public static boolean allowsAgentForwarding(User user, boolean shellUsesAgent, LoginRules rules, String address,
                                                boolean applianceIsRoot) {
        return applianceIsRoot && shellUsesAgent && !isRestricted(user) && rules.aux().allowAgentForwardingOrDefault()
                && !MatchedSettings.of(rules.aux(), user, address).sftpOnly();
    }

    /** X11Forwarding is "no" only (SPEC §3). */
    public static boolean allowsX11Forwarding(User user) {
        return false;
    }

    private Optional<User> user(Session session) {
        return accounts.find(session.getUsername());
    }

    @Override
    public boolean canForwardAgent(Session session, String requestType) {
        return AccountAuthenticator.keyOptions(session).agentForwarding() && user(session).map(u -> allowsAgentForwarding(u, sessionHandlers.usesForwardedAgent(u),
                configuration.loginRules(), SshSessions.address(session), ProcessIdentity.isRoot())).orElse(false);
    }

    @Override
    public boolean canForwardX11(Session session, String requestType) {
        return user(session).map(ForwardingPolicy::allowsX11Forwarding).orElse(false);
    }

    @Override
    public boolean canListen(SshdSocketAddress address, Session session) {
        KeyOptions key = AccountAuthenticator.keyOptions(session);
        return key.portForwarding() && permits(key.permitListen(), address) && mayForward(session);
    }

    @Override
    public boolean canConnect(Type type, SshdSocketAddress address, Session session) {
        KeyOptions key = AccountAuthenticator.keyOptions(session);
        return key.portForwarding() && permits(key.permitOpen(), address) && mayForward(session);
    }

    /** permitopen / permitlisten: none means any; else one {@code host:port} (either may be {@code *}) must match. */
    static boolean permits(java.util.List<String> allowed, SshdSocketAddress address) {
        if (allowed.isEmpty()) {
            return true;
        }
        for (String entry : allowed) {
            int colon = entry.lastIndexOf(':');
            String host = colon < 0 ? "*" : entry.substring(0, colon).replaceAll("^\\[|]$", "");
            String port = entry.substring(colon + 1);
            if ((host.equals("*") || host.equalsIgnoreCase(address.getHostName()))
                    && (port.equals("*") || port.equals(Integer.toString(address.getPort())))) {
                return true;
            }
        }
        return false;
    }

    private boolean mayForward(Session session) {
        return user(session).map(u -> allowsTcpForwarding(u, configuration.loginRules(), SshSessions.address(session)))
                .orElse(false);
    }
}
