package io.portcullis.ssh;

import io.portcullis.audit.AuditLog;
import io.portcullis.files.FileTransfers;
import io.portcullis.files.HomeJailFileSystemFactory;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import io.portcullis.ssh.sshdconfig.AuxParameters;
import io.portcullis.ssh.sshdconfig.AuxParametersParser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.ServerBuilder;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.WelcomeBannerPhase;
import org.apache.sshd.server.auth.password.UserAuthPasswordFactory;
import org.apache.sshd.server.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.server.forward.DirectTcpipFactory;
import org.apache.sshd.server.session.ServerSession;
import org.springframework.stereotype.Component;

/**
 * The one place that turns the saved SSH settings into an Apache MINA SSHD server. Each concern has
 * its own method; reading this class tells every policy the server applies.
 */
@Component
public class SshServerAssembly {

    public static final String VERSION = "Portcullis_0.1";

    private final HostKeys hostKeys;
    private final AccountAuthenticator authenticator;
    private final SessionHandlers sessionHandlers;
    private final AuditLog audit;
    private final ForwardingPolicy forwardingPolicy;
    private final HomeJailFileSystemFactory fileSystems;

    public SshServerAssembly(HostKeys hostKeys, AccountAuthenticator authenticator, SessionHandlers sessionHandlers,
                             AuditLog audit, ForwardingPolicy forwardingPolicy, HomeJailFileSystemFactory fileSystems) {
        this.hostKeys = hostKeys;
        this.authenticator = authenticator;
        this.sessionHandlers = sessionHandlers;
        this.audit = audit;
        this.forwardingPolicy = forwardingPolicy;
        this.fileSystems = fileSystems;
    }

    /** A server for these (validated) settings, not yet listening. */
    public ApplianceSshServer assemble(SshSettings settings) {
        AuxParameters aux = AuxParametersParser.parse(settings.auxParams(), Algorithms.SUPPORTED);
        ApplianceSshServer server = (ApplianceSshServer) ServerBuilder.builder().factory(ApplianceSshServer::new).build();
        initListener(server, settings);
        initHostKeys(server);
        Algorithms algorithms = Algorithms.of(settings, aux);
        initAlgorithms(server, algorithms);
        initUserAuth(server, algorithms);
        initLimits(server, aux);
        initBanner(server, aux);
        initConnectionThrottle(server, aux);
        initChannels(server);
        initFileTransfer(server);
        initThroughput(server);
        initSessionAudit(server);
        return server;
    }

    private void initListener(SshServer server, SshSettings settings) {
        server.setPort(settings.tcpPort());
        List<String> addresses = bindAddresses(settings.bindInterfaces());
        server.setHost(addresses.isEmpty() ? null : String.join(",", addresses));
    }

    private void initHostKeys(SshServer server) {
        server.setKeyPairProvider(hostKeys.provider());
    }

    /** Strict key exchange (the Terrapin counter-measure) is on by default in MINA SSHD 2.12 and later. */
    private void initAlgorithms(SshServer server, Algorithms algorithms) {
        server.setKeyExchangeFactories(NamedFactory.setUpTransformedFactories(false, algorithms.kex(), ServerBuilder.DH2KEX));
        server.setCipherFactories(new ArrayList<>(algorithms.ciphers()));
        server.setMacFactories(new ArrayList<>(algorithms.macs()));
        server.setSignatureFactories(new ArrayList<>(algorithms.hostKeyAlgorithms()));
        server.setCompressionFactories(new ArrayList<>(algorithms.compressions()));
        CoreModuleProperties.SERVER_IDENTIFICATION.set(server, VERSION);
    }

    /** Public key first, then password; keyboard-interactive is not offered (password covers it). */
    private void initUserAuth(SshServer server, Algorithms algorithms) {
        server.setUserAuthFactories(List.of(
                new UserAuthPublicKeyFactory(new ArrayList<>(algorithms.pubkeyAcceptedAlgorithms())),
                UserAuthPasswordFactory.INSTANCE));
        server.setPasswordAuthenticator(authenticator);
        server.setPublickeyAuthenticator(authenticator);
        server.setKeyboardInteractiveAuthenticator(null);
        server.setGSSAuthenticator(null);
        server.setHostBasedAuthenticator(null);
    }

    /**
     * LoginGraceTime, MaxAuthTries, MaxSessions and ClientAlive* with OpenSSH's meaning; like OpenSSH
     * there is no idle timeout unless the client-alive probes go unanswered.
     */
    private void initLimits(SshServer server, AuxParameters aux) {
        Duration grace = aux.loginGraceTimeOrDefault();
        CoreModuleProperties.AUTH_TIMEOUT.set(server, grace.isZero() ? Duration.ofDays(365) : grace);
        CoreModuleProperties.MAX_AUTH_REQUESTS.set(server, aux.maxAuthTriesOrDefault());
        CoreModuleProperties.MAX_CONCURRENT_CHANNELS.set(server, aux.maxSessionsOrDefault());
        CoreModuleProperties.IDLE_TIMEOUT.set(server, Duration.ZERO);
        Duration alive = aux.clientAliveIntervalOrDefault();
        if (!alive.isZero()) {
            server.addSessionListener(new ClientAliveProbes(alive, Math.max(1, aux.clientAliveCountMaxOrDefault())));
        }
    }

    /** Banner: shown before authentication, as OpenSSH does. */
    private void initBanner(SshServer server, AuxParameters aux) {
        aux.banner().filter(b -> !b.equals("none")).ifPresent(path -> {
            CoreModuleProperties.WELCOME_BANNER.set(server, java.nio.file.Path.of(path));
            CoreModuleProperties.WELCOME_BANNER_PHASE.set(server, WelcomeBannerPhase.IMMEDIATE);
        });
    }

    /** MaxStartups: unauthenticated connections beyond start:rate:full are dropped before the handshake. */
    private void initConnectionThrottle(SshServer server, AuxParameters aux) {
        UnauthenticatedConnections throttle = new UnauthenticatedConnections(aux.maxStartupsOrDefault());
        server.addSessionListener(throttle);
        server.setSessionFactory(throttle.sessionFactory(server));
    }

    /**
     * Session channels held to the account's shell ({@link AccountChannel}), and direct-tcpip only as far
     * as {@link ForwardingPolicy} allows; no agent, X11 or tun channels. The only subsystem is sftp.
     */
    private void initChannels(SshServer server) {
        server.setChannelFactories(List.of(AccountChannel.factory(sessionHandlers), DirectTcpipFactory.INSTANCE));
        server.setForwardingFilter(forwardingPolicy);
        server.setAgentFactory(null);
        server.setShellFactory(sessionHandlers);
        server.setCommandFactory(sessionHandlers);
        server.setSubsystemFactories(List.of(sessionHandlers.sftpSubsystem()));
    }

    /** SFTP and SCP see each account's home, jailed; SFTP reads as much per request as OpenSSH's client asks. */
    private void initFileTransfer(SshServer server) {
        server.setFileSystemFactory(fileSystems);
        FileTransfers.configure(server);
    }

    /**
     * Transport tuning measured with bench/run (bench/README.md has each change's effect). SFTP answers
     * one small request at a time, so a response must not wait for the client's ACK of the previous one.
     */
    private void initThroughput(SshServer server) {
        CoreModuleProperties.TCP_NODELAY.set(server, true);
    }

    private void initSessionAudit(SshServer server) {
        server.addSessionListener(new SessionListener() {
            @Override
            public void sessionEvent(Session session, Event event) {
                if (event == Event.Authenticated && session instanceof ServerSession s) {
                    String method = s.getAttribute(AccountAuthenticator.METHOD);
                    audit.record(SshSessions.actor(s, s.getUsername()), "login", method == null ? "unknown" : method,
                            "", "accepted");
                }
            }
        });
    }

    /** Every address of the chosen interfaces plus 127.0.0.1; empty means all addresses. */
    static List<String> bindAddresses(List<String> interfaces) {
        if (interfaces.isEmpty()) {
            return List.of();
        }
        Set<String> addresses = new LinkedHashSet<>();
        addresses.add("127.0.0.1");
        for (String name : interfaces) {
            try {
                NetworkInterface nic = NetworkInterface.getByName(name);
                if (nic != null) {
                    for (InetAddress address : java.util.Collections.list(nic.getInetAddresses())) {
                        if (!address.isLinkLocalAddress()) {
                            addresses.add(address.getHostAddress());
                        }
                    }
                }
            } catch (SocketException e) {
                // validated when saved and at start; an interface that vanished since just adds nothing
            }
        }
        return List.copyOf(addresses);
    }
}
