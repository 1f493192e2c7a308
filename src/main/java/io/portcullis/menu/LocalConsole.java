package io.portcullis.menu;

import ch.qos.logback.classic.LoggerContext;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The local console menu's own thread and device (SPEC §7): started once the appliance is up, so it
 * never holds up start-up or SSH. When the device hangs up the menu closes it and opens it again,
 * waiting longer each time it fails at once (up to {@link #LONGEST_WAIT}), so an absent device costs
 * nothing and a pty that comes back gets its menu within a second or two.
 */
@Component
public class LocalConsole {

    private static final Logger log = LoggerFactory.getLogger(LocalConsole.class);
    private static final Duration FIRST_WAIT = Duration.ofSeconds(1);
    private static final Duration LONGEST_WAIT = Duration.ofSeconds(30);
    /** A session that lasted this long was a real one: the next reopen starts from the shortest wait. */
    private static final Duration SETTLED = Duration.ofSeconds(10);

    private final ConsoleMenu menu;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile ConsoleDevice current;
    private Thread thread;

    public LocalConsole(ConsoleMenu menu) {
        this.menu = menu;
    }

    /** The terminal the appliance was started on, as the local console menu opens it. */
    public static final Path START_TERMINAL = Path.of("/dev/tty");

    /** Runs the menu on {@code device}, once the appliance is up (see the class comment); a second call does nothing. */
    public synchronized void start(Path device) {
        if (thread != null) {
            return;
        }
        log.info("local console menu on {}", device);
        thread = new Thread(() -> serve(device), "local-console-menu");
        thread.setDaemon(true);
        thread.start();
    }

    @EventListener(ContextClosedEvent.class)
    public void stop() {
        stopped.countDown();
        ConsoleDevice device = current;
        if (device != null) {
            device.close();
        }
        Thread running;
        synchronized (this) {
            running = thread;
        }
        if (running != null && running != Thread.currentThread()) {
            try {
                running.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void serve(Path path) {
        boolean startTerminal = path.equals(START_TERMINAL);
        Duration wait = FIRST_WAIT;
        boolean openFailureReported = false;
        while (!isStopped()) {
            ConsoleDevice device;
            try {
                device = ConsoleDevice.open(path, terminalType(startTerminal));
            } catch (IOException | RuntimeException e) {
                if (!openFailureReported) {
                    log.warn("cannot open the console device {} ({}); trying again, at most every {} s", path,
                            e.getMessage(), LONGEST_WAIT.toSeconds());
                    openFailureReported = true;
                }
                pause(wait);
                wait = longer(wait);
                continue;
            }
            openFailureReported = false;
            if (startTerminal) {
                stopLoggingToTerminal();
            }
            Instant opened = Instant.now();
            ConsoleMenu.Ending ending;
            current = device;
            try {
                ending = isStopped() ? ConsoleMenu.Ending.SHUTDOWN
                        : menu.run(new OperatorPrompts(device.terminal(), device::hungUp));
            } finally {
                current = null;
                device.close();
            }
            if (ending == ConsoleMenu.Ending.SHUTDOWN || isStopped()) {
                return;
            }
            wait = Duration.between(opened, Instant.now()).compareTo(SETTLED) > 0 ? FIRST_WAIT : longer(wait);
            log.info("console device {} hung up; opening it again in {} s", path, wait.toSeconds());
            pause(wait);
        }
    }

    /** A serial terminal is assumed to be a VT100; the start terminal is what TERM says. */
    private static String terminalType(boolean startTerminal) {
        String term = System.getenv("TERM");
        return startTerminal && term != null && !term.isBlank() ? term : "vt100";
    }

    private boolean isStopped() {
        return stopped.getCount() == 0;
    }

    private void pause(Duration wait) {
        try {
            stopped.await(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped.countDown();
        }
    }

    private static Duration longer(Duration wait) {
        Duration doubled = wait.multipliedBy(2);
        return doubled.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : doubled;
    }

    /**
     * The menu owns the start terminal now: log lines would scribble over it. The log file in the data
     * directory keeps every line.
     */
    private static void stopLoggingToTerminal() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender("CONSOLE");
        }
    }
}
