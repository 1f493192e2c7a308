package io.portcullis.shells;

import io.portcullis.accounts.Accounts;
import io.portcullis.accounts.User;
import io.portcullis.ssh.AccountShell;
import java.util.Optional;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.springframework.stereotype.Component;

/** Accounts whose shell is a login shell listed in /etc/shells (bash, sh, zsh, ...), by name or path. */
@Component
public class FullLoginShell implements AccountShell {

    private final Accounts accounts;
    private final PseudoTerminals terminals;

    public FullLoginShell(Accounts accounts, PseudoTerminals terminals) {
        this.accounts = accounts;
        this.terminals = terminals;
    }

    @Override
    public boolean handles(String shell) {
        return accounts.shells().executable(shell).isPresent();
    }

    @Override
    public Command interactive(ChannelSession channel, User user) {
        return command(user, Optional.empty());
    }

    /** As OpenSSH: login shells on a terminal get the message of the day; the admin console has its own banner. */
    @Override
    public boolean printsMotd() {
        return true;
    }

    /** Its programs (ssh, git, ssh-add) reach the client's agent through SSH_AUTH_SOCK. */
    @Override
    public boolean usesForwardedAgent() {
        return true;
    }

    /** The shell sees the home at its real path; so do its SFTP and scp, as with OpenSSH. */
    @Override
    public boolean showsHomeAtItsPath() {
        return true;
    }

    @Override
    public Command exec(ChannelSession channel, User user, String command) {
        return command(user, Optional.of(command));
    }

    private Command command(User user, Optional<String> command) {
        String executable = accounts.shells().executable(user.shell()).orElseThrow();
        return new LoginShellCommand(terminals, user, accounts.homeOf(user).toString(), executable, command);
    }
}
