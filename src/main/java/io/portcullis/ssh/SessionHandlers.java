package io.portcullis.ssh;

import io.portcullis.accounts.Accounts;
import io.portcullis.accounts.User;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.command.CommandFactory;
import org.apache.sshd.server.shell.ShellFactory;
import org.springframework.stereotype.Component;

/**
 * Routes each shell and exec request to the {@link AccountShell} of the account's configured shell,
 * read at the moment of the request so an administrator's change applies to the next session.
 */
@Component
public class SessionHandlers implements ShellFactory, CommandFactory {

    private final Accounts accounts;
    private final List<AccountShell> shells;

    public SessionHandlers(Accounts accounts, List<AccountShell> shells) {
        this.accounts = accounts;
        this.shells = shells;
    }

    @Override
    public Command createShell(ChannelSession channel) {
        User user = accounts.require(channel.getSession().getUsername());
        return shellOf(user).map(s -> s.interactive(channel, user)).orElseGet(() -> new Greeting(user.username()));
    }

    @Override
    public Command createCommand(ChannelSession channel, String command) {
        User user = accounts.require(channel.getSession().getUsername());
        return shellOf(user).map(s -> s.exec(channel, user, command)).orElseGet(() -> new Greeting(user.username()));
    }

    private java.util.Optional<AccountShell> shellOf(User user) {
        return shells.stream().filter(s -> s.handles(user.shell())).findFirst();
    }

    /**
     * Placeholder until the console and user-shell issues land (issue 2, item 8): prints one line and
     * exits 0 for any shell kind that has no {@link AccountShell} yet.
     */
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
