package io.portcullis.shells;

import io.portcullis.accounts.User;
import io.portcullis.host.ProcessIdentity;
import io.portcullis.ssh.AccountChannel.Terminal;
import io.portcullis.ssh.AccountChannel;
import io.portcullis.ssh.ChannelCommand;
import io.portcullis.ssh.RefusalCommand;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.Signal;
import org.apache.sshd.server.channel.ChannelSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One login shell process for one channel: {@code SHELL -l} for {@code ssh host}, {@code SHELL -c CMD}
 * for {@code ssh host CMD}; on a PTY ({@link PseudoTerminals}) when the client asked for one, else on pipes with stdout
 * and stderr kept apart. Runs in the account's home with a clean environment, as the account when the
 * appliance is root, and reports the process's exit status.
 */
final class LoginShellCommand extends ChannelCommand {

    private static final Logger log = LoggerFactory.getLogger(LoginShellCommand.class);
    /** When the client sent a 0x0 size (sshpass does), the classic terminal size. */
    private static final int DEFAULT_COLUMNS = 80;
    private static final int DEFAULT_ROWS = 24;
    /** How long output may still drain after the shell exited (a background job can hold it open). */
    private static final long DRAIN_MILLIS = 5_000;

    private final PseudoTerminals terminals;
    private final User user;
    private final String home;
    private final String shell;
    private final Optional<String> command;
    private volatile Process process;

    LoginShellCommand(PseudoTerminals terminals, User user, String home, String shell, Optional<String> command) {
        this.terminals = terminals;
        this.user = user;
        this.home = home;
        this.shell = shell;
        this.command = command;
    }

    @Override
    public void start(ChannelSession channel, Environment env) throws IOException {
        Optional<Terminal> terminal = channel instanceof AccountChannel account ? account.terminal() : Optional.empty();
        Optional<String> agentSocket = channel instanceof AccountChannel account ? account.agentSocket()
                : Optional.empty();
        List<String> argv = command.map(c -> List.of(shell, "-c", c)).orElse(List.of(shell, "-l"));
        List<String> commandLine;
        try {
            commandLine = AccountIdentity.command(user, argv, ProcessIdentity.isRoot(), AccountIdentity.setpriv());
        } catch (IllegalStateException e) {
            fail(e.getMessage());
            return;
        }
        Map<String, String> environment = ShellEnvironment.of(user.username(), user.uid(), home, shell,
                terminal.map(Terminal::term), env.getEnv(), agentSocket);
        if (channel instanceof AccountChannel account) {
            account.originalCommand().ifPresent(original -> environment.put("SSH_ORIGINAL_COMMAND", original));
        }
        try {
            if (terminal.isPresent()) {
                startOnTerminal(commandLine, environment, terminal.get(), env);
            } else {
                startOnPipes(commandLine, environment);
            }
        } catch (IOException e) {
            log.warn("cannot start the login shell of {}: {}", user.username(), e.toString());
            fail("cannot start the shell " + shell + ": " + e.getMessage() + "; ask an administrator to check the"
                    + " account's shell");
        }
    }

    private void startOnTerminal(List<String> commandLine, Map<String, String> environment, Terminal terminal,
                                 Environment env) throws IOException {
        PseudoTerminals.TerminalProcess pty = terminals.start(commandLine, environment, home,
                terminal.columns() > 0 ? terminal.columns() : DEFAULT_COLUMNS,
                terminal.rows() > 0 ? terminal.rows() : DEFAULT_ROWS);
        process = pty.process();
        env.addSignalListener((channel, signal) -> resize(pty, env), Signal.WINCH);
        Thread output = pump("shell-out-" + user.username(), pty.process().getInputStream(), out);
        pumpInput(pty.process().getOutputStream(), false);
        awaitExit(pty.process(), List.of(output));
    }

    private static void resize(PseudoTerminals.TerminalProcess pty, Environment env) {
        try {
            int columns = Integer.parseInt(env.getEnv().getOrDefault(Environment.ENV_COLUMNS, "0"));
            int rows = Integer.parseInt(env.getEnv().getOrDefault(Environment.ENV_LINES, "0"));
            if (columns > 0 && rows > 0) {
                pty.resize(columns, rows);
            }
        } catch (NumberFormatException e) {
            // a malformed size: nothing to resize
        }
    }

    private void startOnPipes(List<String> commandLine, Map<String, String> environment) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(commandLine).directory(new java.io.File(home));
        builder.environment().clear();
        builder.environment().putAll(environment);
        Process started = builder.start();
        process = started;
        Thread output = pump("shell-out-" + user.username(), started.getInputStream(), out);
        Thread errors = pump("shell-err-" + user.username(), started.getErrorStream(), err);
        pumpInput(started.getOutputStream(), true);
        awaitExit(started, List.of(output, errors));
    }

    /** Client input to the shell; on pipes the client's EOF closes the shell's stdin (so {@code cat} ends). */
    private void pumpInput(OutputStream toShell, boolean closeOnEof) {
        Thread thread = new Thread(() -> {
            try {
                in.transferTo(new FlushingStream(toShell));
            } catch (IOException e) {
                // the shell or the channel went away; the exit path reports what matters
            } finally {
                if (closeOnEof) {
                    closeQuietly(toShell);
                }
            }
        }, "shell-in-" + user.username());
        thread.setDaemon(true);
        thread.start();
    }

    private static Thread pump(String name, InputStream from, OutputStream to) {
        Thread thread = new Thread(() -> {
            try {
                byte[] buffer = new byte[8192];
                int n;
                while ((n = from.read(buffer)) >= 0) {
                    to.write(buffer, 0, n);
                    to.flush();
                }
            } catch (IOException e) {
                // EOF of a PTY shows as EIO; a closed channel ends the copy too
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private void awaitExit(Process started, List<Thread> outputs) {
        Thread waiter = new Thread(() -> {
            int status;
            try {
                status = started.waitFor();
                for (Thread output : outputs) {
                    output.join(DRAIN_MILLIS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                status = 1;
            }
            flushQuietly(out);
            flushQuietly(err);
            exit.onExit(status);
        }, "shell-wait-" + user.username());
        waiter.setDaemon(true);
        waiter.start();
    }

    private void fail(String message) {
        RefusalCommand.refuse(err, exit, message);
    }

    /** The channel closed: the shell and everything on its terminal get a hang-up, as with OpenSSH. */
    @Override
    public void destroy(ChannelSession channel) {
        Process running = process;
        if (running != null && running.isAlive()) {
            running.destroy();
        }
    }

    private static void flushQuietly(OutputStream stream) {
        try {
            stream.flush();
        } catch (IOException e) {
            // the client is gone
        }
    }

    private static void closeQuietly(OutputStream stream) {
        try {
            stream.close();
        } catch (IOException e) {
            // already closed with the process
        }
    }

    /** Keystrokes must reach the shell at once, not when a buffer fills. */
    private static final class FlushingStream extends OutputStream {
        private final OutputStream target;

        FlushingStream(OutputStream target) {
            this.target = target;
        }

        @Override
        public void write(int b) throws IOException {
            target.write(b);
            target.flush();
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            target.write(b, off, len);
            target.flush();
        }
    }
}
