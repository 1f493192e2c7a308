package io.portcullis.ssh;

import io.portcullis.accounts.Accounts;
import io.portcullis.accounts.LoginShells;
import io.portcullis.accounts.User;
import io.portcullis.files.FileTransfers;
import io.portcullis.files.ScponlyCommandFilter;
import io.portcullis.host.DataDirectory;
import io.portcullis.settings.SshConfiguration;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.command.CommandFactory;
import org.apache.sshd.server.shell.ShellFactory;
import org.apache.sshd.server.subsystem.SubsystemFactory;
import org.springframework.stereotype.Component;

/**
 * Routes each shell, exec and subsystem request to the {@link AccountShell} of the account's configured
 * shell, read at the moment of the request so an administrator's change applies to the next session.
 * SFTP and scp are served in-process by {@link FileTransfers} for every shell that does not refuse file
 * transfer; an scp request is checked by {@link ScponlyCommandFilter} whatever the shell, so no account
 * ever starts an external scp. Every request is audited by {@link SessionAudit}; the operations inside an
 * SFTP or scp channel are logged per the SFTP Log Level by the channel's log from {@link TransferLogs}.
 */
@Component
public class SessionHandlers implements ShellFactory, CommandFactory {

    private final Accounts accounts;
    private final AccountShells shells;
    private final FileTransfers transfers;
    private final SessionAudit audit;
    private final SshConfiguration configuration;
    private final DataDirectory dataDirectory;
    private final TransferLogs transferLogs;

    public SessionHandlers(Accounts accounts, AccountShells shells, FileTransfers transfers, SessionAudit audit,
                           SshConfiguration configuration, DataDirectory dataDirectory, TransferLogs transferLogs) {
        this.dataDirectory = dataDirectory;
        this.accounts = accounts;
        this.shells = shells;
        this.transfers = transfers;
        this.audit = audit;
        this.configuration = configuration;
        this.transferLogs = transferLogs;
    }

    @Override
    public Command createShell(ChannelSession channel) {
        User user = accounts.require(channel.getSession().getUsername());
        Command command = sftpOnly(channel, user)
                .or(() -> actsAsHostIds(user, !isConsole(user)))
                .or(() -> forcedCommand(channel, user, null))
                .or(() -> shellOf(user).map(s -> withMotd(channel, s, s.interactive(channel, user))))
                .orElseGet(() -> unusableShell(user));
        markKind(channel, isConsole(user) ? "console" : "shell");
        audit.record(channel, "shell", channel instanceof AccountChannel a ? a.terminalOutcome() : "no pty",
                outcome(command));
        return command;
    }

    @Override
    public Command createCommand(ChannelSession channel, String command) {
        User user = accounts.require(channel.getSession().getUsername());
        Optional<AccountShell> shell = shellOf(user);
        Command handler;
        String kind;
        Optional<Command> sftpOnly = sftpOnly(channel, user);
        Optional<Command> forced = forcedCommand(channel, user, command);
        if (forced.isPresent()) {
            kind = "exec";
            handler = sftpOnly.or(() -> actsAsHostIds(user, !isConsole(user))).orElse(forced.get());
        } else if (ScponlyCommandFilter.isScp(command)) {
            kind = "scp";
            handler = inProtocol(sftpOnly.or(() -> actsAsHostIds(user, true))
                    .or(() -> shell.flatMap(s -> s.refuseFileTransfer(channel, user)))
                    .orElseGet(() -> scp(channel, command)), RefusalCommand::inScp);
        } else {
            kind = "exec";
            handler = sftpOnly.or(() -> actsAsHostIds(user, !isConsole(user)))
                    .or(() -> shell.map(s -> s.exec(channel, user, command)))
                    .orElseGet(() -> unusableShell(user));
        }
        markKind(channel, kind.equals("exec") && isConsole(user) ? "console" : kind);
        // The whole command line, but as the shell allows: a console line's --password is masked.
        audit.record(channel, kind, kind.equals("scp") ? command
                : shell.map(s -> s.audited(command)).orElseGet(() -> programOf(command)), outcome(handler));
        return handler;
    }

    /** The {@code sftp} subsystem; any other subsystem name is refused by MINA as unknown. */
    public SubsystemFactory sftpSubsystem() {
        return new SubsystemFactory() {
            @Override
            public String getName() {
                return "sftp";
            }

            @Override
            public Command createSubsystem(ChannelSession channel) throws IOException {
                User user = accounts.require(channel.getSession().getUsername());
                Optional<String> forced = AccountAuthenticator.keyOptions(channel.getSession()).command();
                Optional<Command> refusal = actsAsHostIds(user, true)
                        .or(() -> forced.filter(c -> !c.equals(INTERNAL_SFTP)).map(c -> new RefusalCommand(
                                "This login may only run its forced command (command= of its key, force-command"
                                        + " of its certificate).")))
                        .or(() -> shellOf(user).flatMap(s -> s.refuseFileTransfer(channel, user)));
                Command handler = refusal.isPresent() ? inProtocol(refusal.get(), RefusalCommand::inSftp)
                        : transfers.sftp(channel, transferLogs.forChannel(channel, "sftp"));
                markKind(channel, "sftp");
                audit.record(channel, "sftp", "", outcome(handler));
                return handler;
            }
        };
    }

    /** Whether the account's shell may have a PTY; unknown accounts may not. */
    public boolean allowsTerminal(String username) {
        return accounts.find(username).flatMap(this::shellOf).map(AccountShell::allowsTerminal).orElse(false);
    }

    /** Whether the account's shell can use a forwarded agent (see {@link ForwardingPolicy}). */
    public boolean usesForwardedAgent(User user) {
        return shellOf(user).map(AccountShell::usesForwardedAgent).orElse(false);
    }

    /**
     * PrintMotd (default yes): {@code DATA_DIR/motd}, when there is one, before an interactive login shell
     * on a terminal, as OpenSSH shows /etc/motd.
     */
    private Command withMotd(ChannelSession channel, AccountShell shell, Command command) {
        boolean terminal = channel instanceof AccountChannel a && a.terminal().isPresent();
        if (!terminal || !shell.printsMotd() || !configuration.savedAux().printMotdOrDefault()
                || !Files.isRegularFile(dataDirectory.motd())) {
            return command;
        }
        return new MessageFirst(dataDirectory.motd(), command);
    }

    /**
     * A Match block's ForceCommand internal-sftp or ChrootDirectory leaves the session SFTP only (and scp,
     * which speaks SFTP): shells and commands are refused.
     */
    private Optional<Command> sftpOnly(ChannelSession channel, User user) {
        MatchedSettings matched = MatchedSettings.of(configuration.savedAux(), user,
                SshSessions.address(channel.getSession()));
        return matched.sftpOnly()
                ? Optional.of(new RefusalCommand("This account may only use SFTP here (sftp, or scp without -O)."))
                : Optional.empty();
    }

    private static final String INTERNAL_SFTP = "internal-sftp";

    /**
     * A key's {@code command="..."} (authorized_keys): every shell or command request runs it instead, as
     * the account's shell would run a command, with the request in SSH_ORIGINAL_COMMAND, as OpenSSH does;
     * {@code internal-sftp} leaves the session SFTP only. Accounts that run no command never log in with such
     * a key (see {@link AccountAuthenticator}).
     */
    private Optional<Command> forcedCommand(ChannelSession channel, User user, String requested) {
        Optional<String> forced = AccountAuthenticator.keyOptions(channel.getSession()).command();
        if (forced.isEmpty()) {
            return Optional.empty();
        }
        if (forced.get().equals(INTERNAL_SFTP)) {
            return Optional.of(new RefusalCommand("This login may only use SFTP (its forced command is internal-sftp)."));
        }
        if (requested != null && channel instanceof AccountChannel account) {
            account.originalCommand(requested);
        }
        return Optional.of(shellOf(user).map(s -> s.exec(channel, user, forced.get())).orElseGet(() -> unusableShell(user)));
    }

    /**
     * An account whose uid or a group the host also has (found at start, see HostConflicts) would act as the
     * host's user in a login shell, and in file transfer, which runs as the account: refused, saying what an
     * administrator must change. The admin console acts as nobody, so that it stays open to fix it from.
     */
    private Optional<Command> actsAsHostIds(User user, boolean actsAsAccount) {
        return actsAsAccount ? accounts.hostConflict(user).map(RefusalCommand::new) : Optional.empty();
    }

    /** MINA's scp for a request the filter accepts; anything else is refused with the filter's reason. */
    private Command scp(ChannelSession channel, String command) {
        ScponlyCommandFilter.Verdict verdict = ScponlyCommandFilter.check(command);
        if (verdict instanceof ScponlyCommandFilter.Accepted accepted) {
            return transfers.scp(channel, accepted.request(), transferLogs.forChannel(channel, "scp"));
        }
        return new RefusalCommand("scp: " + ((ScponlyCommandFilter.Refused) verdict).reason());
    }

    /** A refusal of a file transfer, written where that protocol's client reads (see {@link RefusalCommand}). */
    private static Command inProtocol(Command handler, java.util.function.UnaryOperator<RefusalCommand> form) {
        return handler instanceof RefusalCommand refusal ? form.apply(refusal) : handler;
    }

    /** What {@code ssh sessions list} shows for the channel. */
    private static void markKind(ChannelSession channel, String kind) {
        if (channel instanceof AccountChannel account) {
            account.kind(kind);
        }
    }

    private static boolean isConsole(User user) {
        return LoginShells.CONSOLE.equals(user.shell());
    }

    private static String programOf(String command) {
        String first = command.strip().split("\\s+", 2)[0];
        return first.length() > 64 ? first.substring(0, 64) + "..." : first;
    }

    private static String outcome(Command command) {
        return command instanceof RefusalCommand ? "refused" : "started";
    }

    private Optional<AccountShell> shellOf(User user) {
        return shells.of(user);
    }

    /**
     * A shell that no longer exists on this machine (e.g. removed from /etc/shells since the account
     * was made): refused with what to do, never run.
     */
    private static Command unusableShell(User user) {
        return new RefusalCommand("The shell '" + user.shell() + "' of this account is not available on this"
                + " appliance; ask an administrator to choose another with 'accounts users edit " + user.username()
                + " --shell ...'.");
    }
}
