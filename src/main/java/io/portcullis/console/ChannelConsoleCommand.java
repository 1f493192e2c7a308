package io.portcullis.console;

import org.apache.sshd.server.Environment;
import org.apache.sshd.server.channel.ChannelSession;
import io.portcullis.ssh.ChannelCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A console served on one SSH channel, on a thread of its own (MINA's {@code start} must return at once);
 * the channel's exit status is what {@link #serve} returns. Closing the channel interrupts the thread.
 */
abstract class ChannelConsoleCommand extends ChannelCommand {

    private static final Logger log = LoggerFactory.getLogger(ChannelConsoleCommand.class);

    protected final AdminConsole console;
    protected final ConsoleIdentity identity;
    private volatile Thread thread;

    ChannelConsoleCommand(AdminConsole console, ConsoleIdentity identity) {
        this.console = console;
        this.identity = identity;
    }

    /** Serves the channel until the console ends; returns the exit status. */
    abstract int serve(Environment env) throws Exception;





    @Override
    public void start(ChannelSession channel, Environment env) {
        Thread t = new Thread(() -> {
            int status = ConsoleSession.FAILED;
            try {
                status = serve(env);
            } catch (Exception e) {
                log.warn("console {}: session ended by an error: {}", identity.describe(), e.toString());
            } finally {
                exit.onExit(status);
            }
        }, "console " + identity.describe());
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    @Override
    public void destroy(ChannelSession channel) {
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }
}
