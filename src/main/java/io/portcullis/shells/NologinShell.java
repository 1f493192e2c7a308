package io.portcullis.shells;

import io.portcullis.accounts.LoginShells;
import io.portcullis.accounts.User;
import io.portcullis.ssh.RefusalCommand;
import java.util.Optional;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.springframework.stereotype.Component;

/** The {@code nologin} shell: every shell, exec, sftp and scp request gets the same refusal, exit 1. */
@Component
public class NologinShell extends RestrictedShell {

    public static final String MESSAGE = "This account is currently not available.";

    public NologinShell() {
        super(LoginShells.NOLOGIN, MESSAGE);
    }

    @Override
    public Optional<Command> refuseFileTransfer(ChannelSession channel, User user) {
        return Optional.of(new RefusalCommand(message()));
    }
}
