package io.portcullis.ssh;

import io.portcullis.accounts.Accounts;
import io.portcullis.audit.AuditLog;
import io.portcullis.conf.CurrentConf;
import io.portcullis.directory.DirectoryUsers;
import io.portcullis.files.FileTransfers;
import io.portcullis.keypairs.HostKeys;
import io.portcullis.settings.ChannelTimeouts;
import io.portcullis.settings.SshSetting;
import io.portcullis.settings.SshSettings;
import io.portcullis.settings.sshdconfig.AuxParameters;
import io.portcullis.settings.sshdconfig.AuxParametersParser;
import io.portcullis.settings.sshdconfig.PatternList;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.ServerBuilder;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.UserAuthFactory;
import org.apache.sshd.server.auth.WelcomeBannerPhase;
import org.apache.sshd.server.auth.password.UserAuthPasswordFactory;
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
    private final SessionFileSystems fileSystems;
    private final SourcePenalties penalties;
    private final CurrentConf conf;
    private final KerberosAuthenticator kerberosAuthenticator;
    private final ForwardedAgentSockets agentSockets;
    private final ConnectionLog connectionLog;
    private final DirectoryUsers directory;
    private final Accounts accounts;

    public SshServerAssembly(HostKeys hostKeys, AccountAuthenticator authenticator, SessionHandlers sessionHandlers,
                             AuditLog audit, ForwardingPolicy forwardingPolicy, SessionFileSystems fileSystems,
                             SourcePenalties penalties, CurrentConf conf, KerberosAuthenticator kerberosAuthenticator,
                             ForwardedAgentSockets agentSockets, ConnectionLog connectionLog, DirectoryUsers directory,
                             Accounts accounts) {
        this.directory = directory;
        this.accounts = accounts;
        this.hostKeys = hostKeys;
        this.authenticator = authenticator;
        this.kerberosAuthenticator = kerberosAuthenticator;
        this.sessionHandlers = sessionHandlers;
        this.audit = audit;
        this.forwardingPolicy = forwardingPolicy;
        this.fileSystems = fileSystems;
        this.penalties = penalties;
        this.conf = conf;
        this.agentSockets = agentSockets;
        this.connectionLog = connectionLog;
    }

    /** A server for these (validated) settings, not yet listening. */
    public ApplianceSshServer assemble(SshSettings settings) {
        AuxParameters aux = AuxParametersParser.parse(settings.get(SshSetting.AUX_PARAMS), Algorithms.SUPPORTED);
        ApplianceSshServer server = (ApplianceSshServer) ServerBuilder.builder().factory(ApplianceSshServer::new).build();
        initListener(server, settings);
        initHostKeys(server);
        Algorithms algorithms = Algorithms.of(settings, aux);
        initAlgorithms(server, algorithms);
        initUserAuth(server, algorithms);
        initLimits(server, aux);
        initBanner(server, aux);
        initConnectionThrottle(server, aux);
        initChannels(server, aux);
        initIdleTimeouts(server, settings);
        initFileTransfer(server);
        initThroughput(server);
        initSessionAudit(server);
        initDirectoryHomes(server);
        return server;
    }

    private void initListener(SshServer server, SshSettings settings) {
        server.setPort(settings.get(SshSetting.TCP_PORT));
        List<String> addresses = bindAddresses(settings.get(SshSetting.BIND_INTERFACES));
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

    /**
     * Public key first (certificates judged by the authenticator alone, see {@link CertificateUserAuth}), then
     * password, then gssapi-with-mic (Kerberos); keyboard-interactive is not offered
     * (password covers it). Kerberos is offered to a connection only while kerberos-auth is on, read as
     * each connection arrives, so turning it on or off applies to the next login as the other who-may-log-in
     * settings do.
     */
    private void initUserAuth(SshServer server, Algorithms algorithms) {
        List<UserAuthFactory> withoutKerberos = List.of(
                CertificateUserAuth.factory(new ArrayList<>(algorithms.pubkeyAcceptedAlgorithms())),
                UserAuthPasswordFactory.INSTANCE);
        List<UserAuthFactory> withKerberos = new ArrayList<>(withoutKerberos);
        withKerberos.add(KerberosUserAuth.factory(kerberosAuthenticator));
        server.setUserAuthFactories(withKerberos);
        server.setPasswordAuthenticator(authenticator);
        server.setPublickeyAuthenticator(authenticator);
        server.setGSSAuthenticator(kerberosAuthenticator);
        server.setKeyboardInteractiveAuthenticator(null);
        server.setHostBasedAuthenticator(null);
        server.addSessionListener(new SessionListener() {
            @Override
            public void sessionCreated(Session session) {
                if (!kerberosAuthenticator.kerberosAllowed() && session instanceof ServerSession s) {
                    s.setUserAuthFactories(withoutKerberos);
                }
            }
        });
    }

    /**
     * LoginGraceTime, MaxAuthTries and ClientAlive* with OpenSSH's meaning (MaxSessions is counted by
     * {@link AccountChannel}); like OpenSSH
     * there is no idle timeout unless the client-alive probes go unanswered.
     */
    private void initLimits(SshServer server, AuxParameters aux) {
        Duration grace = aux.loginGraceTimeOrDefault();
        CoreModuleProperties.AUTH_TIMEOUT.set(server, grace.isZero() ? Duration.ofDays(365) : grace);
        CoreModuleProperties.MAX_AUTH_REQUESTS.set(server, aux.maxAuthTriesOrDefault());
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

    /**
     * PerSourcePenalties, MaxStartups and PerSourceMaxStartups: connections from a penalised source, and
     * unauthenticated ones beyond start:rate:full or beyond the per-source limit (sources being
     * PerSourceNetBlockSize blocks, for penalties too), are dropped before the handshake. Exempt are the addresses in
     * PerSourcePenaltyExemptList and in portcullis.conf's {@code ssh.penalty-exempt-list} (the
     * machine's own monitoring, which no administrator's edit of the auxiliary parameters should drop), the
     * latter read at each check so that a reload of portcullis.conf applies at once.
     */
    private void initConnectionThrottle(SshServer server, AuxParameters aux) {
        List<String> auxExempt = aux.perSourcePenaltyExemptList().patterns();
        Supplier<PatternList> exempt = () -> {
            List<String> all = new ArrayList<>(auxExempt);
            all.addAll(conf.get().ssh().penaltyExemptList());
            return new PatternList(all);
        };
        PenaltyGate gate = new PenaltyGate(penalties, aux.perSourcePenaltiesOrDefault(), exempt,
                aux.perSourceNetBlockSizeOrDefault(), audit);
        server.addSessionListener(gate);
        UnauthenticatedConnections throttle = new UnauthenticatedConnections(aux.maxStartupsOrDefault(),
                aux.perSourceStartupsOrDefault(), aux.perSourceNetBlockSizeOrDefault(), gate, connectionLog);
        server.addSessionListener(throttle);
        server.setSessionFactory(throttle.sessionFactory(server));
    }

    /**
     * Session channels held to the account's shell ({@link AccountChannel}), at most MaxSessions per
     * connection, and direct-tcpip only as far
     * as {@link ForwardingPolicy} allows; no X11 or tun channels. Agent forwarding ({@code ssh -A}): the
     * policy (MINA's agent forwarding filter is the forwarding filter) decides per request, and
     * {@link ForwardedAgentSockets} gives a granted connection its socket. The only subsystem is sftp.
     * At most {@code ssh.max-channels-per-connection} channels of any type are open on one connection (as
     * portcullis.conf says when the connection logs in). User authentication looks a directory user up
     * before its first request ({@link DirectoryUserAuthService}).
     */
    private void initChannels(SshServer server, AuxParameters aux) {
        server.setServiceFactories(List.of(DirectoryUserAuthService.factory(directory),
                ChannelLimitedConnectionService.factory(() -> conf.get().ssh().maxChannelsPerConnection())));
        server.setChannelFactories(List.of(AccountChannel.factory(sessionHandlers, aux.maxSessionsOrDefault()),
                DirectTcpipFactory.INSTANCE));
        server.setForwardingFilter(forwardingPolicy);
        server.setAgentFactory(agentSockets);
        server.setShellFactory(sessionHandlers);
        server.setCommandFactory(sessionHandlers);
        server.setSubsystemFactories(List.of(sessionHandlers.sftpSubsystem()));
    }

    /**
     * ChannelTimeout and UnusedConnectionTimeout ({@link IdleTimeouts}): channels without data, and logged-in
     * connections without a channel, are closed after their intervals; neither is watched when both are none.
     */
    private void initIdleTimeouts(SshServer server, SshSettings settings) {
        ChannelTimeouts channels = settings.get(SshSetting.CHANNEL_TIMEOUT);
        Optional<Duration> unused = settings.get(SshSetting.UNUSED_CONNECTION_TIMEOUT);
        if (IdleTimeouts.needed(channels, unused)) {
            IdleTimeouts timeouts = new IdleTimeouts(channels, unused);
            server.addSessionListener(timeouts);
            server.addChannelListener(timeouts);
        }
    }

    /**
     * SFTP and SCP see each account's home (or its Match ChrootDirectory), jailed; SFTP reads as much per
     * request as OpenSSH's client asks.
     * Their operations are logged by a listener each channel gets from {@link TransferLogs} when it starts
     * (see {@link SessionHandlers}): the SFTP Log Level and Facility are read then, so that a change applies
     * to the next session without a restart; the syslog endpoint is the machine's ({@code portcullis.conf}).
     */
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

    /** A directory user's home is made at its first login, before any channel needs it (issue 18). */
    private void initDirectoryHomes(SshServer server) {
        server.addSessionListener(new SessionListener() {
            @Override
            public void sessionEvent(Session session, Event event) {
                if (event == Event.Authenticated && session instanceof ServerSession s) {
                    accounts.find(s.getUsername()).ifPresent(accounts::createDirectoryHome);
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
