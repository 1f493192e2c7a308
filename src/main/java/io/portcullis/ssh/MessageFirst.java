package io.portcullis.ssh;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;

/** A command that shows a file's text (the message of the day) on the terminal before it starts. */
final class MessageFirst implements Command {

    /** A motd is a few lines; a huge file is cut rather than flooding the terminal. */
    private static final int MAX_BYTES = 64 * 1024;

    private final Path message;
    private final Command command;
    private OutputStream out;

    MessageFirst(Path message, Command command) {
        this.message = message;
        this.command = command;
    }

    @Override
    public void setInputStream(InputStream in) {
        command.setInputStream(in);
    }

    @Override
    public void setOutputStream(OutputStream out) {
        this.out = out;
        command.setOutputStream(out);
    }

    @Override
    public void setErrorStream(OutputStream err) {
        command.setErrorStream(err);
    }

    @Override
    public void setExitCallback(ExitCallback callback) {
        command.setExitCallback(callback);
    }

    @Override
    public void start(ChannelSession channel, Environment env) throws IOException {
        try (InputStream in = Files.newInputStream(message)) {
            String text = new String(in.readNBytes(MAX_BYTES), java.nio.charset.StandardCharsets.UTF_8);
            // on a terminal without the line discipline's help, lines end in CR LF
            out.write(text.replace("\r\n", "\n").replace("\n", "\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            // an unreadable motd is no reason to refuse the login
        }
        command.start(channel, env);
    }

    @Override
    public void destroy(ChannelSession channel) throws Exception {
        command.destroy(channel);
    }
}
