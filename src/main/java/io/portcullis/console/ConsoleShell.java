package io.portcullis.console;

import io.portcullis.accounts.LoginShells;
import io.portcullis.accounts.User;
import io.portcullis.ssh.AccountShell;
import io.portcullis.ssh.LiveSessions;
import io.portcullis.ssh.SshSessions;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The {@code console} account shell (SPEC §4): the admin console for members of admins and
 * readonly-admins (anyone else is refused at login by the login policy), one console per channel.
 */
@Component
class ConsoleShell implements AccountShell {

    /**
     * Looked up per session: the console's commands act on the SSH service, whose server routes sessions
     * here, so a direct reference would be a dependency cycle.
     */
    private final ObjectProvider<AdminConsole> console;

    ConsoleShell(ObjectProvider<AdminConsole> console) {
        this.console = console;
    }

    @Override
    public boolean handles(String shell) {
        return LoginShells.CONSOLE.equals(shell);
    }

    @Override
    public Command interactive(ChannelSession channel, User user) {
        return new InteractiveChannelConsole(console.getObject(), identity(channel, user));
    }

    @Override
    public Command exec(ChannelSession channel, User user, String command) {
        return new ExecChannelConsole(console.getObject(), identity(channel, user), command);
    }

    /** A console line may carry a password (--password): the audit keeps it as the console logs it, masked. */
    @Override
    public String audited(String command) {
        return console.getObject().describeForAudit(command);
    }

    private static ConsoleIdentity identity(ChannelSession channel, User user) {
        return ConsoleIdentity.sshAccount(SshSessions.actor(channel.getSession(), user.username()), user.username(),
                LiveSessions.idOf(channel.getSession()));
    }
}
