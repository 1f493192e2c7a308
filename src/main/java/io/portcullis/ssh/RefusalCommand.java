package io.portcullis.ssh;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;

/** Answers a request that the account's shell does not allow: one line on stderr, exit status 1. */
public final class RefusalCommand extends ChannelCommand {

    private final String message;

    public RefusalCommand(String message) {
        this.message = message;
    }





    @Override
    public void start(ChannelSession channel, Environment env) {
        refuse(err, exit, message);
    }

    /** Writes {@code message} as one line to {@code err} and ends with exit status 1. */
    public static void refuse(OutputStream err, ExitCallback exit, String message) {
        try {
            err.write((message + "\r\n").getBytes(StandardCharsets.UTF_8));
            err.flush();
        } catch (IOException e) {
            // the client went away; the exit status is all that is left to send
        }
        exit.onExit(1, message);
    }

    @Override
    public void destroy(ChannelSession channel) {
    }
}
