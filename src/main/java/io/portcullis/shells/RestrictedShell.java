package io.portcullis.shells;

import io.portcullis.accounts.User;
import io.portcullis.ssh.AccountShell;
import io.portcullis.ssh.RefusalCommand;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;

/**
 * A shell that runs nothing: interactive logins and commands get its message and exit 1, and no PTY
 * is ever allocated. What else it allows (SFTP and scp, or nothing) is up to the kind.
 */
abstract class RestrictedShell implements AccountShell {

    private final String name;
    private final String message;

    RestrictedShell(String name, String message) {
        this.name = name;
        this.message = message;
    }

    String message() {
        return message;
    }

    @Override
    public boolean handles(String shell) {
        return shell.equals(name);
    }

    @Override
    public Command interactive(ChannelSession channel, User user) {
        return new RefusalCommand(message);
    }

    @Override
    public Command exec(ChannelSession channel, User user, String command) {
        return new RefusalCommand(message);
    }

    @Override
    public boolean allowsTerminal() {
        return false;
    }
}
