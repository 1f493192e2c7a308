package io.portcullis.ssh;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.command.CommandFactory;
import org.apache.sshd.server.shell.ShellFactory;
import org.springframework.stereotype.Component;

/**
 * What an authenticated session runs. For now (issue 2, item 8) every login is greeted in one line and
 * closed; the admin console and the user shells replace this.
 */
@Component
public class SessionHandlers implements ShellFactory, CommandFactory {

    @Override
    public Command createShell(ChannelSession channel) {
        return new Greeting(channel.getSession().getUsername());
    }

    @Override
    public Command createCommand(ChannelSession channel, String command) {
        return new Greeting(channel.getSession().getUsername());
    }

    /** Prints one line and exits 0. */
    static final class Greeting implements Command {
        private final String username;
        private OutputStream out;
        private ExitCallback exit;

        Greeting(String username) {
            this.username = username;
        }

        @Override
        public void setInputStream(java.io.InputStream in) {
        }

        @Override
        public void setOutputStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void setErrorStream(OutputStream err) {
        }

        @Override
        public void setExitCallback(ExitCallback callback) {
            this.exit = callback;
        }

        @Override
        public void start(ChannelSession channel, Environment env) throws IOException {
            out.write(("Portcullis: logged in as " + username + ".\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            exit.onExit(0);
        }

        @Override
        public void destroy(ChannelSession channel) {
        }
    }
}
