package io.portcullis.ssh;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;

/**
 * Answers a request that the account's shell does not allow: one line on stderr, exit status 1. A file
 * transfer is refused in the protocol its client reads, so that every client stops at once and can say why
 * ({@link #inSftp}, {@link #inScp}); the connection stays open for other channels either way.
 */
public final class RefusalCommand extends ChannelCommand {

    /** Where the refusal is written. */
    private enum Form { TEXT, SFTP, SCP }

    /** How scp's error replies begin. */
    private static final String SCP_PREFIX = "scp: ";

    private final String message;
    private final Form form;

    public RefusalCommand(String message) {
        this(message, Form.TEXT);
    }

    private RefusalCommand(String message, Form form) {
        this.message = message;
        this.form = form;
    }

    /**
     * The refusal of an sftp subsystem: on stderr, and on stdout too, where the client reads its first SFTP
     * packet, as from OpenSSH, whose nologin runs as the subsystem's shell and prints there. Text is no SFTP
     * packet, so every client gives up at once; libssh2 (curl) would otherwise wait for one after EOF until
     * its own timeout.
     */
    public RefusalCommand inSftp() {
        return new RefusalCommand(message, Form.SFTP);
    }

    /**
     * The refusal of an scp request: scp's own error reply on stdout ({@code \1scp: message}), as OpenSSH's
     * scp server reports its errors; each scp client shows it and stops (libssh2 would otherwise take the
     * end of the channel for an empty file). The text also goes to stderr first: PuTTY's pscp, uploading,
     * gives up with "unexpected end-of-file" when it sees the EOF before it has read the reply, but it
     * always shows stderr as it arrives.
     */
    public RefusalCommand inScp() {
        return new RefusalCommand(message.startsWith(SCP_PREFIX) ? message : SCP_PREFIX + message, Form.SCP);
    }

    @Override
    public void start(ChannelSession channel, Environment env) {
        switch (form) {
            case TEXT -> refuse(err, exit, message);
            case SFTP -> {
                write(err, message + "\r\n"); // first: a client that stops at the text on stdout has shown this already
                write(out, message + "\n");
                exit.onExit(1, message);
            }
            case SCP -> {
                write(err, message.substring(SCP_PREFIX.length()) + "\r\n");
                write(out, "\u0001" + message + "\n");
                exit.onExit(1, message);
            }
        }
    }

    /** Writes {@code message} as one line to {@code err} and ends with exit status 1. */
    public static void refuse(OutputStream err, ExitCallback exit, String message) {
        write(err, message + "\r\n");
        exit.onExit(1, message);
    }

    private static void write(OutputStream stream, String text) {
        try {
            stream.write(text.getBytes(StandardCharsets.UTF_8));
            stream.flush();
        } catch (IOException e) {
            // the client went away; the exit status is all that is left to send
        }
    }

    @Override
    public void destroy(ChannelSession channel) {
    }
}
