package io.portcullis.ssh;

import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.common.SshException;
import org.apache.sshd.common.session.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The log's lines about connections that went wrong before or outside a login (a malformed packet, a
 * failed key exchange, a dropped connection): one line each, no stack trace, and at most {@link #BURST}
 * lines per source address in {@link #WINDOW}; the rest are counted and said in one line when the
 * window ends ({@code … 412 more like this from 192.0.2.7 in 60 s}), so no client can fill the log.
 */
@Component
public class ConnectionLog {

    static final int BURST = 10;
    static final Duration WINDOW = Duration.ofSeconds(60);
    /** Beyond this many addresses in one window, the others share one count. */
    static final int MAX_SOURCES = 10_000;
    static final String OTHER_SOURCES = "other addresses";

    private static final Logger log = LoggerFactory.getLogger("io.portcullis.ssh.connections");

    /** One source's window: when it began, lines written and lines left out. */
    private static final class Window {
        final Instant start;
        int written;
        int suppressed;

        Window(Instant start) {
            this.start = start;
        }
    }

    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private final Clock clock;
    private final ScheduledExecutorService summaries = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "connection-log-summaries");
        t.setDaemon(true);
        return t;
    });

    @Autowired
    public ConnectionLog() {
        this(Clock.systemUTC());
        summaries.scheduleWithFixedDelay(this::endWindows, 5, 5, TimeUnit.SECONDS);
    }

    ConnectionLog(Clock clock) {
        this.clock = clock;
    }

    /** A connection ended by an error: a client's fault (a reset, a bad packet) more often than ours. */
    void problem(Session session, Throwable t) {
        String user = session.getUsername() == null ? "" : " (" + session.getUsername() + ")";
        String line = "connection from " + session.getRemoteAddress() + user + ": " + t.getClass().getSimpleName()
                + ": " + t.getMessage();
        boolean reset = t instanceof IOException && !(t instanceof SshException);
        write(SshSessions.address(session), line, !reset);
    }

    void warn(String source, String line) {
        write(source, line, true);
    }

    private void write(String source, String line, boolean warning) {
        Instant now = clock.instant();
        String key = windows.size() >= MAX_SOURCES && !windows.containsKey(source) ? OTHER_SOURCES : source;
        boolean[] writeIt = new boolean[1];
        windows.compute(key, (k, w) -> {
            if (w != null && !now.isBefore(w.start.plus(WINDOW))) {
                summarise(k, w);
                w = null;
            }
            Window window = w == null ? new Window(now) : w;
            if (window.written < BURST) {
                window.written++;
                writeIt[0] = true;
            } else {
                window.suppressed++;
            }
            return window;
        });
        if (writeIt[0]) {
            if (warning) {
                log.warn("{}", line);
            } else {
                log.info("{}", line);
            }
        }
    }

    /** Ends the windows that are over, writing what each left out. */
    void endWindows() {
        endWindows(clock.instant());
    }

    private void endWindows(Instant now) {
        for (Iterator<Map.Entry<String, Window>> it = windows.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Window> e = it.next();
            Window w = e.getValue();
            if (!now.isBefore(w.start.plus(WINDOW)) && windows.remove(e.getKey(), w)) {
                summarise(e.getKey(), w);
            }
        }
    }

    private static void summarise(String source, Window w) {
        if (w.suppressed > 0) {
            log.warn("… {} more like this from {} in {} s", w.suppressed, source, WINDOW.toSeconds());
        }
    }

    @PreDestroy
    void stop() {
        endWindows(Instant.MAX);
        summaries.shutdownNow();
    }
}
