package io.portcullis.shells;

import io.portcullis.accounts.LoginShells;
import io.portcullis.accounts.User;
import io.portcullis.ssh.AccountShell;
import io.portcullis.ssh.RefusalCommand;
import java.util.Optional;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.springframework.stereotype.Component;

/** The {@code nologin} shell: every shell, exec, sftp and scp request gets the same refusal, exit 1. */
@Component
public class NologinShell implements AccountShell {

    public static final String MESSAGE = "This account is currently not available.";

    @Override
    public boolean handles(String shell) {
        return shell.equals(LoginShells.NOLOGIN);
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

    @Override
    public Optional<Command> refuseFileTransfer(ChannelSession channel, User user) {
        return Optional.of(new RefusalCommand(MESSAGE));
    }
}
