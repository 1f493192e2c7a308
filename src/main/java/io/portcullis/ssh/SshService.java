package io.portcullis.ssh;

import io.portcullis.accounts.Accounts;
import io.portcullis.host.ProcessIdentity;
import io.portcullis.services.ManagedService;
import io.portcullis.services.ServiceException;
import io.portcullis.settings.SshConfiguration;
import io.portcullis.settings.SshSetting;
import io.portcullis.settings.SshSettings;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.server.session.ServerSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The SSH service. Like OpenSSH, a stop or restart only closes the listener: sessions that are
 * established keep running on the server instance that accepted them (kept in {@code draining})
 * until they end, while a restart binds a new instance assembled from the saved settings.
 */
@Component
public class SshService implements ManagedService {

    private static final Logger log = LoggerFactory.getLogger(SshService.class);

    private final SshConfiguration configuration;
    private final SshServerAssembly assembly;
    private final List<ApplianceSshServer> draining = new CopyOnWriteArrayList<>();
    private final Accounts accounts;
    private ApplianceSshServer listening;
    private SshSettings effective;

    /** {@code accounts}: its notes on the host (names published, ids the host shares) go in services list. */
    public SshService(SshConfiguration configuration, SshServerAssembly assembly, Accounts accounts) {
        this.accounts = accounts;
        this.configuration = configuration;
        this.assembly = assembly;
    }

    @Override
    public String name() {
        return "ssh";
    }

    @Override
    public synchronized boolean isRunning() {
        return listening != null;
    }

    /** The settings the listening server was assembled from, if it is running. */
    public synchronized Optional<SshSettings> effective() {
        return Optional.ofNullable(effective);
    }

    @Override
    public synchronized void start() {
        if (listening != null) {
            return;
        }
        SshSettings settings = validatedSettings();
        listening = bind(settings);
        effective = settings;
        listeners().forEach(l -> log.info("ssh listening on {}", l));
        warnings().forEach(w -> log.warn("ssh: {}", w));
    }

    @Override
    public synchronized void stop(boolean disconnect) {
        if (listening != null) {
            unbind(listening);
            draining.add(listening);
            listening = null;
            effective = null;
        }
        if (disconnect) {
            for (ApplianceSshServer server : draining) {
                close(server, "The SSH service was stopped by an administrator");
            }
            draining.clear();
        }
        pruneDrained();
    }

    @Override
    public synchronized void restart() {
        SshSettings settings = validatedSettings();
        ApplianceSshServer previous = listening;
        if (previous != null) {
            unbind(previous);
        }
        try {
            boolean samePort = previous != null && effective != null && effective.sameAs(settings, SshSetting.TCP_PORT);
            listening = samePort ? bindAfterOwnListener(settings) : bind(settings);
            effective = settings;
        } catch (ServiceException e) {
            if (previous != null) {
                rebind(previous);
            }
            throw e;
        }
        if (previous != null) {
            draining.add(previous);
        }
        pruneDrained();
        listeners().forEach(l -> log.info("ssh listening on {}", l));
        warnings().forEach(w -> log.warn("ssh: {}", w));
    }

    /** What the running service cannot do as its settings say; shown by services start/restart/list. */
    @Override
    public List<String> warnings() {
        return listening == null ? List.of() : configuration.warnings();
    }

    @Override
    public synchronized List<String> listeners() {
        if (listening == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (SocketAddress address : listening.getBoundAddresses()) {
            out.add(address instanceof InetSocketAddress inet ? describe(inet) : address.toString());
        }
        out.sort(null);
        return out;
    }

    /** The wildcard listener (IPv4 and IPv6) is shown as OpenSSH users know it: {@code 0.0.0.0:PORT}. */
    private static String describe(InetSocketAddress address) {
        String host = address.getAddress().isAnyLocalAddress() ? "0.0.0.0" : address.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    /** Every authenticated and unauthenticated session on the listening and draining servers. */
    public synchronized List<ServerSession> sessions() {
        List<ServerSession> sessions = new ArrayList<>();
        if (listening != null) {
            listening.getActiveSessions().forEach(s -> sessions.add((ServerSession) s));
        }
        draining.forEach(server -> server.getActiveSessions().forEach(s -> sessions.add((ServerSession) s)));
        return sessions;
    }

    @Override
    public int sessionCount() {
        return sessions().size();
    }

    @Override
    public List<String> notes() {
        List<String> notes = new ArrayList<>();
        notes.add(ProcessIdentity.isRoot()
                ? "login shells run as each account's own uid/gid"
                : "login shells run as the appliance's user '" + ProcessIdentity.username()
                        + "' (start Portcullis as root to run them as each account)");
        notes.addAll(accounts.hostNotes());
        return notes;
    }

    @Override
    public synchronized void shutdown(String message) {
        if (listening != null) {
            unbind(listening);
            draining.add(listening);
            listening = null;
            effective = null;
        }
        for (ApplianceSshServer server : draining) {
            close(server, message);
        }
        draining.clear();
    }

    private SshSettings validatedSettings() {
        List<String> problems = configuration.problemsStoppingStart();
        if (!problems.isEmpty()) {
            throw new ServiceException("the saved SSH settings have problems; fix them with 'ssh set' and start again:\n  "
                    + String.join("\n  ", problems));
        }
        return configuration.savedOrDefaults();
    }

    /**
     * Binds right after our own listener closed: the kernel may take a moment to let go of the
     * address (seen under load with sessions still open on it), so a bind refused then is tried again
     * for up to two seconds before it counts as the port being taken.
     */
    private ApplianceSshServer bindAfterOwnListener(SshSettings settings) {
        for (int attempt = 1; ; attempt++) {
            try {
                return bind(settings);
            } catch (ServiceException e) {
                if (attempt >= 20 || !(e.getCause() instanceof BindException
                        || e.getCause() != null && e.getCause().getCause() instanceof BindException)) {
                    throw e;
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private ApplianceSshServer bind(SshSettings settings) {
        ApplianceSshServer server = assembly.assemble(settings);
        try {
            server.start();
            return server;
        } catch (IOException | RuntimeException e) {
            try {
                server.stop(true);
            } catch (IOException ignored) {
                // nothing was accepted on it
            }
            throw new ServiceException(describeBindFailure(settings, e), e);
        }
    }

    private static String describeBindFailure(SshSettings settings, Exception e) {
        Throwable cause = e;
        while (cause.getCause() != null && !(cause instanceof BindException)) {
            cause = cause.getCause();
        }
        String where = "port " + settings.get(SshSetting.TCP_PORT);
        if (cause instanceof BindException) {
            String reason = String.valueOf(cause.getMessage());
            if (reason.toLowerCase().contains("permission")) {
                return "cannot listen on " + where + ": permission denied (ports below 1024 need root or"
                        + " CAP_NET_BIND_SERVICE); choose a port of 1024 or more with 'ssh set --tcp-port N'";
            }
            return "cannot listen on " + where + ": " + reason + " (another program may be using it); choose another"
                    + " port with 'ssh set --tcp-port N' or stop that program";
        }
        return "cannot listen on " + where + ": " + e.getMessage();
    }

    private static void unbind(ApplianceSshServer server) {
        server.closeListener();
    }

    private void rebind(ApplianceSshServer server) {
        try {
            server.reopenListener();
        } catch (IOException e) {
            log.error("could not put the previous ssh listener back: {}", e.getMessage());
        }
    }

    /** Servers whose last session ended have nothing left to serve. */
    private void pruneDrained() {
        for (ApplianceSshServer server : draining) {
            if (server.getActiveSessions().isEmpty()) {
                close(server, "");
                draining.remove(server);
            }
        }
    }

    private static void close(ApplianceSshServer server, String message) {
        for (var session : server.getActiveSessions()) {
            try {
                if (!message.isEmpty()) {
                    session.disconnect(SshConstants.SSH2_DISCONNECT_BY_APPLICATION, message);
                }
            } catch (IOException | RuntimeException e) {
                // the client went away first
            }
        }
        try {
            server.stop(true);
        } catch (IOException e) {
            log.warn("ssh server did not stop cleanly: {}", e.toString());
        }
    }
}
