package io.portcullis.shells;

import io.portcullis.accounts.LoginShells;
import io.portcullis.accounts.User;
import io.portcullis.ssh.AccountShell;
import io.portcullis.ssh.RefusalCommand;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.springframework.stereotype.Component;

/**
 * The {@code scponly} shell: SFTP and scp only, both served in-process (scp requests are checked by
 * {@link io.portcullis.files.ScponlyCommandFilter} before they get here). Interactive logins and every
 * other command are refused with exit 1, and no program is ever started for the account.
 */
@Component
public class ScponlyShell implements AccountShell {

    public static final String MESSAGE = "This account is restricted to scp and sftp.";

    @Override
    public boolean handles(String shell) {
        return shell.equals(LoginShells.SCPONLY);
    }

    @Override
    public Command interactive(ChannelSession channel, User user) {
        return new RefusalCommand(MESSAGE);
    }

    @Override
    public Command exec(ChannelSession channel, User user, String command) {
        return new RefusalCommand(MESSAGE);
    }

    @Override
    public boolean allowsTerminal() {
        return false;
    }
}
