package io.portcullis.ssh;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.agent.SshAgentServer;
import org.apache.sshd.common.session.ConnectionService;
import org.apache.sshd.core.CoreModuleProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Unix-domain socket ({@code SSH_AUTH_SOCK}) through which one connection's forwarded agent is
 * reached, as OpenSSH's sshd makes it: in a fresh directory of mode 0700 that, like the socket, belongs
 * to the account, so only the account (and root) can connect. Each connection to it is relayed to the
 * client over its own {@link AgentRelayChannel}. Closing it (MINA does when the SSH connection ends)
 * removes the socket and its directory.
 */
final class ForwardedAgentSocket implements SshAgentServer {

    /** Who the socket and its directory are given to, when the appliance can give files away (runs as root). */
    record Owner(int uid, int gid) {
    }

    private static final Logger log = LoggerFactory.getLogger(ForwardedAgentSocket.class);
    /**
     * Agent requests are short; a program holding more connections than this at once gets the extra
     * ones closed, so no account can make the appliance start threads without end.
     */
    static final int MAX_CONCURRENT_RELAYS = 16;
    private static final String SOCKET_NAME = "agent";

    private final ConnectionService service;
    private final String channelType;
    private final String username;
    private final Path directory;
    /**
     * The directory as opened while it was still the appliance's: the socket is removed through it, never
     * through a path the account could by then have redirected with a symbolic link.
     */
    private final SecureDirectoryStream<Path> directoryHandle;
    private final Path socketPath;
    private final ServerSocketChannel listener;
    private final AtomicBoolean open = new AtomicBoolean(true);
    private final AtomicInteger relays = new AtomicInteger();

    private ForwardedAgentSocket(ConnectionService service, String channelType, String username, Path directory,
                                 SecureDirectoryStream<Path> directoryHandle, ServerSocketChannel listener) {
        this.service = service;
        this.channelType = channelType;
        this.username = username;
        this.directory = directory;
        this.directoryHandle = directoryHandle;
        this.socketPath = directory.resolve(SOCKET_NAME);
        this.listener = listener;
    }

    /**
     * A listening socket in a new directory under {@code parent}; {@code channelType} is what the client
     * is asked to open for each connection ({@code auth-agent@openssh.com} for OpenSSH clients).
     */
    static ForwardedAgentSocket open(ConnectionService service, String channelType, String username, Path parent,
                                     Optional<Owner> owner) throws IOException {
        Path directory = Files.createTempDirectory(parent, "portcullis-agent-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        ServerSocketChannel listener = null;
        DirectoryStream<Path> handle = null;
        try {
            handle = Files.newDirectoryStream(directory);
            if (!(handle instanceof SecureDirectoryStream)) {
                throw new IOException("this file system cannot remove files relative to an open directory");
            }
            Path socket = directory.resolve(SOCKET_NAME);
            listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            listener.bind(UnixDomainSocketAddress.of(socket));
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
            if (owner.isPresent()) {
                // the socket first: the directory stays the appliance's (0700) until everything in it is the account's
                giveTo(socket, owner.get());
                giveTo(directory, owner.get());
            }
        } catch (IOException | RuntimeException e) {
            if (listener != null) {
                listener.close();
            }
            if (handle != null) {
                handle.close();
            }
            // nothing was given to the account yet, so these paths are still the appliance's own
            Files.deleteIfExists(directory.resolve(SOCKET_NAME));
            Files.deleteIfExists(directory);
            throw e;
        }
        ForwardedAgentSocket socket = new ForwardedAgentSocket(service, channelType, username, directory,
                (SecureDirectoryStream<Path>) handle, listener);
        socket.startAccepting();
        return socket;
    }

    private static void giveTo(Path path, Owner owner) throws IOException {
        Files.setAttribute(path, "unix:uid", owner.uid(), LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(path, "unix:gid", owner.gid(), LinkOption.NOFOLLOW_LINKS);
    }

    private void startAccepting() {
        Thread thread = new Thread(this::acceptConnections, "agent-socket-" + username);
        thread.setDaemon(true);
        thread.start();
    }

    private void acceptConnections() {
        while (open.get()) {
            SocketChannel connection;
            try {
                connection = listener.accept();
            } catch (IOException e) {
                return; // closed with the SSH connection
            }
            if (relays.incrementAndGet() > MAX_CONCURRENT_RELAYS) {
                relays.decrementAndGet();
                closeQuietly(connection);
                continue;
            }
            Thread relay = new Thread(() -> relay(connection), "agent-relay-" + username);
            relay.setDaemon(true);
            relay.start();
        }
    }

    private void relay(SocketChannel connection) {
        try {
            AgentRelayChannel channel = new AgentRelayChannel(channelType, connection);
            service.registerChannel(channel);
            channel.open().verify(CoreModuleProperties.CHANNEL_OPEN_TIMEOUT.getRequired(service.getSession()));
            channel.relay("agent-relay-out-" + username);
        } catch (IOException | RuntimeException e) {
            // e.g. the client has no agent after all and refuses the channel: the program sees the socket close
            log.debug("agent relay for {} ended: {}", username, e.toString());
            closeQuietly(connection);
        } finally {
            relays.decrementAndGet();
        }
    }

    @Override
    public String getId() {
        return socketPath.toString();
    }

    @Override
    public boolean isOpen() {
        return open.get();
    }

    @Override
    public void close() throws IOException {
        if (!open.getAndSet(false)) {
            return;
        }
        try {
            listener.close();
        } finally {
            removeSocketAndDirectory();
        }
    }

    /**
     * As OpenSSH: the socket, then the directory if the account left nothing else in it. The directory's
     * entry lies in the (sticky) temporary directory, and deleting an entry never follows a link in it.
     */
    private void removeSocketAndDirectory() throws IOException {
        try (directoryHandle) {
            directoryHandle.deleteFile(Path.of(SOCKET_NAME));
        } catch (NoSuchFileException e) {
            // the account removed it already
        }
        try {
            Files.deleteIfExists(directory);
        } catch (DirectoryNotEmptyException e) {
            log.info("left {} in place: the account {} put files in it", directory, username);
        }
    }

    private static void closeQuietly(SocketChannel connection) {
        try {
            connection.close();
        } catch (IOException e) {
            // nothing left to close
        }
    }
}
