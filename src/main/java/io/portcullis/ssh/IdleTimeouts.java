package io.portcullis.ssh;

import io.portcullis.settings.ChannelTimeouts;
import io.portcullis.settings.sshdconfig.TimeFormat;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.channel.Channel;
import org.apache.sshd.common.channel.ChannelListener;
import org.apache.sshd.common.forward.TcpipClientChannel;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.forward.TcpipServerChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * sshd_config's {@code ChannelTimeout} and {@code UnusedConnectionTimeout}, with OpenSSH 9.x's meaning: a
 * channel with no data either way for its type's interval is closed (with {@code global}, every channel of
 * a connection once none of them has had data for that long); a logged-in connection that has had no
 * channel open for the unused interval is disconnected. Forwarding listeners ({@code ssh -R}) are not
 * channels and keep nothing open, as in OpenSSH. Each connection is looked at a few times per shortest
 * interval, by the server's scheduler; the state is the connection's own.
 */
final class IdleTimeouts implements SessionListener, ChannelListener {

    private static final Logger log = LoggerFactory.getLogger(IdleTimeouts.class);
    private static final AttributeKey<Connection> CONNECTION = new AttributeKey<>();

    private final ChannelTimeouts channelTimeouts;
    private final Optional<Duration> unused;
    private final long periodMillis;

    IdleTimeouts(ChannelTimeouts channelTimeouts, Optional<Duration> unused) {
        this.channelTimeouts = channelTimeouts;
        this.unused = unused;
        long shortest = channelTimeouts.pairs().stream().map(ChannelTimeouts.Pair::interval).filter(d -> !d.isZero())
                .mapToLong(Duration::toMillis).min().orElse(Long.MAX_VALUE);
        shortest = Math.min(shortest, unused.map(Duration::toMillis).orElse(Long.MAX_VALUE));
        this.periodMillis = Math.max(100, Math.min(5_000, shortest / 4));
    }

    /** Whether there is anything to time out. */
    static boolean needed(ChannelTimeouts channelTimeouts, Optional<Duration> unused) {
        return !channelTimeouts.isNone() || unused.isPresent();
    }

    @Override
    public void sessionEvent(Session session, Event event) {
        if (event != Event.Authenticated || !(session instanceof LiveServerSession live)) {
            return;
        }
        Connection connection = new Connection(live);
        session.setAttribute(CONNECTION, connection);
        if (!channelTimeouts.isNone()) {
            live.watchChannelData(connection);
        }
        connection.check = session.getFactoryManager().getScheduledExecutorService().scheduleWithFixedDelay(
                () -> look(connection), periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void sessionClosed(Session session) {
        Connection connection = session.getAttribute(CONNECTION);
        if (connection != null && connection.check != null) {
            connection.check.cancel(false);
        }
    }

    @Override
    public void channelOpenSuccess(Channel channel) {
        Connection connection = channel.getSession().getAttribute(CONNECTION);
        if (connection != null) {
            connection.opened(channel, type(channel));
        }
    }

    @Override
    public void channelClosed(Channel channel, Throwable reason) {
        Connection connection = channel.getSession().getAttribute(CONNECTION);
        if (connection != null) {
            connection.closed(channel);
        }
    }

    /** The channel's type as ChannelTimeout names it. */
    static String type(Channel channel) {
        if (channel instanceof ChannelSession) {
            return "session";
        }
        if (channel instanceof TcpipServerChannel tcpip) {
            return tcpip.getTcpipChannelType().getName();
        }
        if (channel instanceof TcpipClientChannel tcpip) {
            return tcpip.getTcpipChannelType().getName();
        }
        if (channel instanceof AgentRelayChannel) {
            return "agent-connection";
        }
        return channel.getClass().getSimpleName();
    }

    private void look(Connection connection) {
        try {
            long now = System.nanoTime();
            for (Open open : connection.byLocal.values()) {
                channelTimeouts.forType(open.type).filter(t -> now - open.lastData > t.toNanos())
                        .ifPresent(t -> close(connection, open, "ChannelTimeout " + open.type + "="
                                + TimeFormat.format(t)));
            }
            channelTimeouts.global().filter(t -> !connection.byLocal.isEmpty() && now - connection.lastData > t.toNanos())
                    .ifPresent(t -> connection.byLocal.values().forEach(open -> close(connection, open,
                            "ChannelTimeout global=" + TimeFormat.format(t))));
            if (unused.isPresent() && connection.byLocal.isEmpty() && now - connection.emptySince > unused.get().toNanos()) {
                String why = "no channel open for " + TimeFormat.format(unused.get()) + " (UnusedConnectionTimeout)";
                log.info("closing the connection of {} from {}: {}", connection.session.getUsername(),
                        SshSessions.address(connection.session), why);
                connection.check.cancel(false);
                connection.session.disconnect(SshConstants.SSH2_DISCONNECT_BY_APPLICATION, "Closed: " + why);
            }
        } catch (Exception e) {
            // a connection that went away meanwhile; the next look, if any, sees it closed
            log.debug("idle check of {} failed: {}", connection.session, e.toString());
        }
    }

    private static void close(Connection connection, Open open, String why) {
        if (open.closing) {
            return;
        }
        open.closing = true;
        log.info("closing a {} channel of {} from {}: no data ({})", open.type, connection.session.getUsername(),
                SshSessions.address(connection.session), why);
        open.channel.close(false);
    }

    /** One logged-in connection: its open channels by our id and by the client's, and when it last had data. */
    private static final class Connection implements LiveServerSession.ChannelData {
        final LiveServerSession session;
        final Map<Long, Open> byLocal = new ConcurrentHashMap<>();
        final Map<Long, Open> byPeer = new ConcurrentHashMap<>();
        volatile long lastData = System.nanoTime();
        /** From authentication, as in OpenSSH: a client must open its first channel within the interval too. */
        volatile long emptySince = System.nanoTime();
        volatile ScheduledFuture<?> check;

        Connection(LiveServerSession session) {
            this.session = session;
        }

        void opened(Channel channel, String type) {
            Open open = new Open(channel, type);
            byLocal.put(channel.getChannelId(), open);
            byPeer.put(channel.getRecipient(), open);
            lastData = open.lastData;
        }

        void closed(Channel channel) {
            Open open = byLocal.remove(channel.getChannelId());
            if (open != null) {
                byPeer.remove(channel.getRecipient(), open);
            }
            if (byLocal.isEmpty()) {
                emptySince = System.nanoTime();
            }
        }

        @Override
        public void received(long channel) {
            touch(byLocal.get(channel));
        }

        @Override
        public void sent(long recipient) {
            touch(byPeer.get(recipient));
        }

        private void touch(Open open) {
            long now = System.nanoTime();
            if (open != null) {
                open.lastData = now;
            }
            lastData = now;
        }
    }

    private static final class Open {
        final Channel channel;
        final String type;
        volatile long lastData = System.nanoTime();
        volatile boolean closing;

        Open(Channel channel, String type) {
            this.channel = channel;
            this.type = type;
        }
    }
}
