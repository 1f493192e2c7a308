package io.portcullis.audit;

import io.portcullis.conf.CurrentConf;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Sends syslog lines as RFC 5424 datagrams over UDP to {@code syslog.endpoint} of
 * {@code DATA_DIR/portcullis.conf}, or nowhere when it is not set. The endpoint is read for each line, so a
 * configuration put in force meanwhile ({@link CurrentConf}) takes the next one.
 *
 * <p>Sending must never slow or break a transfer: callers only put the line in a bounded queue and go
 * on; one daemon thread resolves the endpoint's name and sends. A full queue, a name that does not
 * resolve, or a socket that cannot take the datagram drops the line. Such trouble is logged once
 * (and once more when lines get through again), never once per line.
 */
@Component
public class SyslogSender implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(SyslogSender.class);
    private static final String APP_NAME = "portcullis";
    /** Enough for a burst of small-file transfers while the sender thread waits for a slow name lookup. */
    private static final int QUEUE_LENGTH = 4096;
    /** How long a failed name lookup is trusted before the endpoint is looked up again. */
    private static final Duration RETRY_LOOKUP_AFTER = Duration.ofSeconds(30);

    private final CurrentConf conf;
    private final BlockingQueue<SyslogMessage> queue = new ArrayBlockingQueue<>(QUEUE_LENGTH);
    private final String procId = Long.toString(ProcessHandle.current().pid());
    private volatile boolean dropping;
    private Thread sender;

    public SyslogSender(CurrentConf conf) {
        this.conf = conf;
    }

    private Optional<InetSocketAddress> endpoint() {
        return conf.get().syslog().endpoint();
    }

    /** Whether lines go anywhere at all. */
    public boolean enabled() {
        return endpoint().isPresent();
    }

    /** Queues one line; returns at once, whatever the endpoint does. */
    public void send(int facility, int severity, String msgId, String text) {
        if (endpoint().isEmpty()) {
            return;
        }
        startSender();
        SyslogMessage message = new SyslogMessage(facility, severity, Instant.now(), null, APP_NAME, procId, msgId,
                text);
        if (!queue.offer(message)) {
            trouble("its queue of " + QUEUE_LENGTH + " lines is full");
        }
    }

    private synchronized void startSender() {
        if (sender == null) {
            sender = new Thread(this::sendQueued, "syslog-sender");
            sender.setDaemon(true);
            sender.start();
        }
    }

    @Override
    public synchronized void destroy() {
        if (sender != null) {
            sender.interrupt();
            sender = null;
        }
    }

    private void sendQueued() {
        InetSocketAddress unresolved = null;
        String hostname = localHostname();
        InetSocketAddress target = null;
        Instant lookupFailedAt = null;
        try (DatagramChannel channel = DatagramChannel.open()) {
            // non-blocking: a full socket buffer makes send() return 0 instead of waiting
            channel.configureBlocking(false);
            while (!Thread.currentThread().isInterrupted()) {
                SyslogMessage queued = queue.take();
                Optional<InetSocketAddress> now = endpoint();
                if (now.isEmpty()) {
                    continue;
                }
                if (!now.get().equals(unresolved)) {
                    unresolved = now.get();
                    target = null;
                    lookupFailedAt = null;
                }
                if (target == null && (lookupFailedAt == null
                        || Instant.now().isAfter(lookupFailedAt.plus(RETRY_LOOKUP_AFTER)))) {
                    try {
                        target = new InetSocketAddress(InetAddress.getByName(unresolved.getHostString()),
                                unresolved.getPort());
                    } catch (UnknownHostException e) {
                        lookupFailedAt = Instant.now();
                        trouble("the name " + unresolved.getHostString() + " does not resolve");
                    }
                }
                if (target == null) {
                    continue;
                }
                SyslogMessage message = queued.withHostname(hostname);
                try {
                    if (channel.send(ByteBuffer.wrap(message.toBytes()), target) == 0) {
                        trouble("the socket buffer is full");
                    } else {
                        recovered();
                    }
                } catch (java.nio.channels.ClosedByInterruptException e) {
                    return;
                } catch (IOException e) {
                    trouble(e.toString());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            log.warn("syslog: cannot open a UDP socket ({}); SFTP lines are not sent to {}", e.getMessage(),
                    endpoint().map(SyslogSender::describe).orElse("syslog"));
        }
    }

    private void trouble(String why) {
        if (!dropping) {
            dropping = true;
            log.warn("syslog: dropping SFTP lines for {}: {}; they are still in the log file and the audit table."
                    + " Check syslog.endpoint in {}", endpoint().map(SyslogSender::describe).orElse("syslog"), why,
                    conf.get().source());
        }
    }

    private void recovered() {
        if (dropping) {
            dropping = false;
            log.info("syslog: sending SFTP lines to {} again", endpoint().map(SyslogSender::describe).orElse("syslog"));
        }
    }

    private static String describe(InetSocketAddress address) {
        return address.getHostString() + ":" + address.getPort();
    }

    /** Looked up on the sender thread: a slow resolver must not hold up the caller. */
    private static String localHostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
