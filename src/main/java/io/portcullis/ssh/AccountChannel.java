package io.portcullis.ssh;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.sshd.agent.SshAgent;
import org.apache.sshd.client.future.DefaultOpenFuture;
import org.apache.sshd.client.future.OpenFuture;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.channel.exception.SshChannelOpenException;
import org.apache.sshd.common.session.helpers.AbstractConnectionService;
import org.apache.sshd.common.channel.Channel;
import org.apache.sshd.common.channel.ChannelFactory;
import org.apache.sshd.common.channel.PtyMode;
import org.apache.sshd.common.channel.RequestHandler.Result;
import org.apache.sshd.common.io.IoWriteFuture;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.server.channel.ChannelSession;

/**
 * A {@code session} channel held to the account's shell before any command runs: restricted shells never
 * get a PTY allocated, and only {@code LANG} and {@code LC_*} are accepted from the client's environment (as
 * OpenSSH's {@code AcceptEnv LANG LC_*}), so {@code LD_PRELOAD}, {@code BASH_ENV} or {@code PATH} never
 * reach anything. It also counts the bytes each way for the session audit.
 */
public class AccountChannel extends ChannelSession {

    /** The terminal the client asked for with a pty-req, if it did. */
    public record Terminal(String term, int columns, int rows) {
    }

    private final SessionHandlers handlers;
    private final int maxSessions;
    private final AtomicLong bytesIn = new AtomicLong();
    private final AtomicLong bytesOut = new AtomicLong();
    private volatile Terminal terminal;
    private volatile String agentSocket;
    private volatile String originalCommand;
    private volatile String kind = "";
    /** A PTY request of an account whose shell never gets one, answered without allocating anything. */
    private volatile boolean terminalWithheld;
    /** Counted against MaxSessions: opened, and not closing yet. */
    private volatile boolean counted;

    AccountChannel(SessionHandlers handlers, int maxSessions) {
        this.handlers = handlers;
        this.maxSessions = maxSessions;
    }

    /** The {@code session} channel type, made of {@link AccountChannel}s, at most {@code maxSessions} per connection. */
    static ChannelFactory factory(SessionHandlers handlers, int maxSessions) {
        return new ChannelFactory() {
            @Override
            public String getName() {
                return "session";
            }

            @Override
            public Channel createChannel(Session session) {
                return new AccountChannel(handlers, maxSessions);
            }
        };
    }

    public static boolean acceptsEnv(String name) {
        return name.equals("LANG") || name.startsWith("LC_");
    }

    /** What became of a PTY request, for the session audit: "pty", "pty requested, none given" or "no pty". */
    public String terminalOutcome() {
        return terminal != null ? "pty" : terminalWithheld ? "pty requested, none given" : "no pty";
    }

    public java.util.Optional<Terminal> terminal() {
        return java.util.Optional.ofNullable(terminal);
    }

    /**
     * The forwarded agent's socket when the client asked for agent forwarding and it was granted; never
     * taken from an environment variable the client sent.
     */
    public java.util.Optional<String> agentSocket() {
        return java.util.Optional.ofNullable(agentSocket);
    }

    /** The command the client asked for when a key's command= ran instead (SSH_ORIGINAL_COMMAND). */
    public java.util.Optional<String> originalCommand() {
        return java.util.Optional.ofNullable(originalCommand);
    }

    void originalCommand(String command) {
        this.originalCommand = command;
    }

    /** What runs on the channel (console, shell, exec, sftp, scp), once a request chose it; empty before. */
    public String kind() {
        return kind;
    }

    void kind(String what) {
        this.kind = what;
    }

    public long bytesIn() {
        return bytesIn.get();
    }

    public long bytesOut() {
        return bytesOut.get();
    }

    /**
     * MaxSessions as OpenSSH counts it: open {@code session} channels of this connection, this one included;
     * forwarding channels do not count. Beyond it the open is refused as administratively prohibited.
     */
    @Override
    protected OpenFuture doInit(Buffer buffer) {
        long others = service instanceof AbstractConnectionService connection
                ? connection.getChannels().stream().filter(c -> c != this && c instanceof AccountChannel a && a.counted)
                        .count()
                : 0;
        if (others >= maxSessions) {
            DefaultOpenFuture refused = new DefaultOpenFuture(this, this);
            refused.setException(new SshChannelOpenException(getChannelId(),
                    SshConstants.SSH_OPEN_ADMINISTRATIVELY_PROHIBITED,
                    "MaxSessions " + maxSessions + " reached: close a session on this connection first"));
            return refused;
        }
        counted = true;
        return super.doInit(buffer);
    }

    @Override
    protected void preClose() {
        counted = false;
        super.preClose();
    }

    /**
     * The exit status goes out before EOF, after the output. PuTTY's plink (and any client that closes the
     * channel once both sides sent EOF) answers EOF with a close at once, and MINA sends nothing on a channel
     * the peer closed: with EOF first, the status was lost now and then and plink exited 0. OpenSSH's sshd
     * holds its close until the status is sent, so its clients always get it; sending it first does the same.
     */
    @Override
    protected void closeShell(int exitValue, boolean closeImmediately) throws IOException {
        if (!isClosing()) {
            flushQuietly(out);
            flushQuietly(err);
            try {
                sendExitStatus(exitValue);
            } catch (IOException e) {
                // the client closed the channel meanwhile: nothing more can reach it, but the channel must still end
                log.debug("exit status {} not sent: {}", exitValue, e.toString());
            }
        }
        super.closeShell(exitValue, closeImmediately);
    }

    private static void flushQuietly(java.io.OutputStream stream) {
        if (stream == null) {
            return;
        }
        try {
            stream.flush();
        } catch (IOException e) {
            // the stream or the channel is closed already; the status is still worth sending
        }
    }

    @Override
    protected Result handlePtyReqParsed(String term, int columns, int rows, int width, int height,
                                        Map<PtyMode, Integer> modes) throws IOException {
        if (!AccountAuthenticator.keyOptions(getSession()).pty()) {
            // no-pty or restrict on the key it logged in with: as OpenSSH, the request fails, the session goes on
            return Result.ReplyFailure;
        }
        if (!handlers.allowsTerminal(getSession().getUsername())) {
            // Answered but nothing is allocated: all a restricted account can get is a refusal or in-process
            // SFTP/SCP. OpenSSH's client treats a refused PTY as fatal under -t and -tt: it would quit with
            // 255 before the refusal message is shown.
            terminalWithheld = true;
            return Result.ReplySuccess;
        }
        Result result = super.handlePtyReqParsed(term, columns, rows, width, height, modes);
        terminal = new Terminal(term, columns, rows);
        return result;
    }

    /**
     * {@code ssh -A}: granted as {@link ForwardingPolicy} says (MINA asks it), with the connection's
     * socket remembered for the login shell. A socket that cannot be made fails the request, not the channel.
     */
    @Override
    protected Result handleAgentForwardingParsed(String requestType) throws IOException {
        Result result;
        try {
            result = super.handleAgentForwardingParsed(requestType);
        } catch (IOException e) {
            log.warn("agent forwarding for {} refused: cannot create its socket: {}", getSession().getUsername(),
                    e.toString());
            return Result.ReplyFailure;
        }
        if (result == Result.ReplySuccess) {
            agentSocket = getEnvironment().getEnv().get(SshAgent.SSH_AUTHSOCKET_ENV_NAME);
        }
        return result;
    }

    @Override
    protected Result handleEnvParsed(String name, String value) throws IOException {
        return acceptsEnv(name) ? super.handleEnvParsed(name, value) : Result.ReplyFailure;
    }

    @Override
    protected void doWriteData(byte[] data, int off, long len) throws IOException {
        bytesIn.addAndGet(len);
        super.doWriteData(data, off, len);
    }

    @Override
    protected void doWriteExtendedData(byte[] data, int off, long len) throws IOException {
        bytesIn.addAndGet(len);
        super.doWriteExtendedData(data, off, len);
    }

    /** Counts the payload of outgoing data messages: command, recipient, [type,] length, data. */
    @Override
    public IoWriteFuture writePacket(Buffer buffer) throws IOException {
        byte command = buffer.rawByte(buffer.rpos());
        if (command == SshConstants.SSH_MSG_CHANNEL_DATA) {
            bytesOut.addAndGet(Math.max(0, buffer.available() - 9));
        } else if (command == SshConstants.SSH_MSG_CHANNEL_EXTENDED_DATA) {
            bytesOut.addAndGet(Math.max(0, buffer.available() - 13));
        }
        return super.writePacket(buffer);
    }
}
