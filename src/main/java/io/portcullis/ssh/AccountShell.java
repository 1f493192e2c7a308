package io.portcullis.ssh;

import io.portcullis.accounts.User;
import java.util.Optional;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;

/**
 * What one kind of account shell (SPEC §4, Shells) does with a session's interactive and exec
 * requests. Each kind is a Spring bean; {@link SessionHandlers} picks the one that handles the
 * account's configured shell at the moment of the request. SFTP and SCP are served by the appliance
 * itself for every kind unless {@link #refuseFileTransfer} says otherwise.
 */
public interface AccountShell {

    /** Whether this handles accounts whose configured shell is {@code shell} (e.g. "console", "bash"). */
    boolean handles(String shell);

    /** {@code ssh host} (with or without a PTY). */
    Command interactive(ChannelSession channel, User user);

    /** {@code ssh host COMMAND}; scp requests never get here unless this shell refuses file transfer. */
    Command exec(ChannelSession channel, User user, String command);

    /** Whether a PTY may be allocated for this kind of shell; restricted shells get none. */
    default boolean allowsTerminal() {
        return true;
    }

    /** Whether what this shell runs can use a forwarded agent ({@code SSH_AUTH_SOCK}); only real login shells can. */
    default boolean usesForwardedAgent() {
        return false;
    }

    /** Whether an interactive session on a terminal shows the message of the day first (PrintMotd). */
    default boolean printsMotd() {
        return false;
    }

    /** What the session audit keeps of an exec request's command line: all of it, unless it may hold a secret. */
    default String audited(String command) {
        return command;
    }

    /**
     * Whether SFTP and scp show the home at its real path, as this shell sees it (a login shell: its
     * {@code pwd}, absolute paths and tools such as rclone's {@code md5sum} over exec agree with file
     * transfer), rather than as "/" (scponly and the console, which have no paths of their own).
     */
    default boolean showsHomeAtItsPath() {
        return false;
    }

    /** What to answer an sftp or scp request with instead of serving it; empty serves it. */
    default Optional<Command> refuseFileTransfer(ChannelSession channel, User user) {
        return Optional.empty();
    }
}
