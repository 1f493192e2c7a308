package io.portcullis.app;

import io.portcullis.app.StartupOptions.UsageException;
import io.portcullis.host.JournalStream;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.context.ConfigurableApplicationContext;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * {@code java -jar portcullis.jar}: parses the flags, checks the data directory, starts the appliance
 * and waits until SIGTERM or the local console's Shut down, then exits 0; SIGHUP reads portcullis.conf again.
 */
public final class Portcullis {

    private Portcullis() {
    }

    public static void main(String[] args) {
        StartupOptions options;
        try {
            options = StartupOptions.parse(List.of(args));
        } catch (UsageException e) {
            fail(e.getMessage());
            return;
        }
        if (options.help()) {
            System.out.print(StartupOptions.USAGE);
            System.exit(0);
        }
        if (options.version()) {
            System.out.println("portcullis " + version());
            System.exit(0);
        }
        Appliance.Launch launch;
        try {
            launch = Appliance.prepare(options);
        } catch (UsageException e) {
            fail(e.getMessage());
            return;
        }
        // SIGHUP is systemctl reload: portcullis.conf read again (ConfReload). Never the JVM's default exit,
        // also not for a local console's terminal that hangs up (the menu reopens its device). One that comes
        // before the appliance has started is applied once it has: the file may have changed since it was read.
        AtomicReference<Appliance> started = new AtomicReference<>();
        AtomicBoolean reloadRequested = new AtomicBoolean();
        Signal.handle(new Signal("HUP"), signal -> {
            Appliance running = started.get();
            if (running != null) {
                running.reloadConf();
            } else {
                reloadRequested.set(true);
            }
        });
        // SIGTERM is an orderly stop, not an error: close sessions with a message, flush, exit 0. The
        // port listens before start returns, so a SIGTERM then (systemctl stop right after start) must
        // be that stop too, not the JVM's default exit 143: one handler, set before start, for both.
        CountDownLatch stopRequested = new CountDownLatch(1);
        SignalHandler stop = signal -> {
            stopRequested.countDown();
            Appliance running = started.get();
            if (running != null) {
                running.requestShutdown();
            }
        };
        Signal.handle(new Signal("TERM"), stop);
        Signal.handle(new Signal("INT"), stop);
        ConfigurableApplicationContext context;
        try {
            context = Appliance.start(launch);
        } catch (RuntimeException e) {
            System.err.println(errorPrefix() + "portcullis: could not start: " + rootMessage(e));
            System.exit(1);
            return;
        }
        Appliance appliance = context.getBean(Appliance.class);
        started.set(appliance);
        if (reloadRequested.get()) {
            appliance.reloadConf();
        }
        if (stopRequested.getCount() == 0) {
            appliance.requestShutdown();
        }
        appliance.awaitShutdownRequest();
        context.close();
        System.exit(0);
    }

    static String version() {
        String v = Portcullis.class.getPackage().getImplementationVersion();
        return v == null ? "development build" : v;
    }

    private static void fail(String message) {
        System.err.println(errorPrefix() + "portcullis: " + message);
        System.exit(2);
    }

    /** The journal files a line without a prefix at the unit's default priority (info); these are errors. */
    private static String errorPrefix() {
        return JournalStream.connected(JournalStream.STDERR) ? "<3>" : "";
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t instanceof IOException || t.getMessage() != null ? t.getMessage() : t.toString();
    }
}
