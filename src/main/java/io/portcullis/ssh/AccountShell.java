package io.portcullis.ssh;

import io.portcullis.accounts.User;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;

/**
 * What one kind of account shell (SPEC §4, Shells) does with a session's interactive and exec
 * requests. Each kind is a Spring bean; {@link SessionHandlers} picks the one that handles the
 * account's configured shell at the moment of the request.
 */
public interface AccountShell {

    /** Whether this handles accounts whose configured shell is {@code shell} (e.g. "console", "bash"). */
    boolean handles(String shell);

    /** {@code ssh host} (with or without a PTY). */
    Command interactive(ChannelSession channel, User user);

    /** {@code ssh host COMMAND}. */
    Command exec(ChannelSession channel, User user, String command);
}
