package io.portcullis.connections;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.auth.keyboard.UserInteraction;
import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.client.session.ClientSession.ClientSessionEvent;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.signature.BuiltinSignatures;
import org.apache.sshd.common.signature.Signature;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.core.CoreModuleProperties;

/**
 * One outgoing SSH connection made with Apache MINA SSHD's client: either to fetch the remote's host key
 * ({@link #discover}) or to log in with a keypair against the pinned host key ({@link #test}). A key that
 * differs from the pinned one ends the connection before anything is sent, and is reported with both
 * fingerprints.
 */
final class ConnectionProbe {

    /** What {@link #test} saw of a remote that let the keypair in. */
    record Success(String serverVersion, Optional<String> banner, RemoteHostKey hostKey, long loginMillis,
                   long roundTripMillis) {
    }

    private static final String KEEPALIVE = "keepalive@openssh.com";

    private final Connection connection;
    private final Duration timeout;

    ConnectionProbe(Connection connection) {
        this.connection = connection;
        this.timeout = Duration.ofSeconds(connection.connectTimeoutSeconds());
    }

    /** The remote's host key, preferring ed25519, then ECDSA, then RSA (as OpenSSH's client does). */
    RemoteHostKey discover() {
        AtomicReference<PublicKey> offered = new AtomicReference<>();
        SshClient client = client((session, address, key) -> {
            offered.set(key);
            return true;
        }, List.of(BuiltinSignatures.ed25519, BuiltinSignatures.nistp256, BuiltinSignatures.nistp384,
                BuiltinSignatures.nistp521, BuiltinSignatures.rsaSHA512, BuiltinSignatures.rsaSHA256));
        try (ClientSession session = connect(client)) {
            // The host key is checked during the key exchange; once the server waits for a login it is known.
            session.waitFor(EnumSet.of(ClientSessionEvent.WAIT_AUTH, ClientSessionEvent.CLOSED), timeout);
            if (offered.get() == null) {
                throw new ConnectionException("cannot get the host key of " + where() + ": the key exchange did not"
                        + " finish within " + timeout.toSeconds() + " s");
            }
            return RemoteHostKey.of(offered.get());
        } catch (IOException e) {
            throw failure(e);
        } finally {
            stop(client);
        }
    }

    /** Logs in with {@code keypair}, accepting only {@code pinned} as the host key. */
    Success test(RemoteHostKey pinned, KeyPair keypair, String keypairName) {
        AtomicReference<PublicKey> offered = new AtomicReference<>();
        ServerKeyVerifier onlyPinned = (session, address, key) -> {
            offered.set(key);
            return pinned.sameKeyAs(key);
        };
        AtomicReference<String> banner = new AtomicReference<>();
        SshClient client = client(onlyPinned, signaturesFor(pinned.type()));
        client.setUserInteraction(new UserInteraction() {
            @Override
            public void welcome(ClientSession session, String text, String lang) {
                banner.set(text);
            }

            @Override
            public String[] interactive(ClientSession session, String name, String instruction, String lang,
                                        String[] prompt, boolean[] echo) {
                return null;
            }

            @Override
            public String getUpdatedPassword(ClientSession session, String prompt, String lang) {
                return null;
            }
        });
        long start = System.nanoTime();
        ClientSession session = null;
        try {
            session = connect(client);
            session.addPublicKeyIdentity(keypair);
            try {
                session.auth().verify(timeout);
            } catch (IOException e) {
                if (offered.get() != null && !pinned.sameKeyAs(offered.get())) {
                    throw changed(pinned, RemoteHostKey.of(offered.get()));
                }
                if (offered.get() == null) {
                    throw failure(e);
                }
                throw new ConnectionException("the remote " + where() + " refused the login of '" + connection.username()
                        + "' with keypair '" + keypairName + "': add its public key ('ssh keypairs show " + keypairName
                        + "') to the authorized keys of '" + connection.username() + "' on the remote");
            }
            long loginMillis = (System.nanoTime() - start) / 1_000_000;
            return new Success(session.getServerVersion(), Optional.ofNullable(banner.get()).map(String::strip)
                    .filter(b -> !b.isEmpty()), RemoteHostKey.of(offered.get()), loginMillis, roundTrip(session));
        } catch (IOException e) {
            if (offered.get() != null && !pinned.sameKeyAs(offered.get())) {
                throw changed(pinned, RemoteHostKey.of(offered.get()));
            }
            throw failure(e);
        } finally {
            if (session != null) {
                session.close(true);
            }
            stop(client);
        }
    }

    /** One global request that wants a reply; success or failure, the answer is the round trip. */
    private long roundTrip(ClientSession session) throws IOException {
        Buffer request = session.createBuffer(SshConstants.SSH_MSG_GLOBAL_REQUEST, KEEPALIVE.length() + 16);
        request.putString(KEEPALIVE);
        request.putBoolean(true);
        long start = System.nanoTime();
        session.request(KEEPALIVE, request, timeout);
        return (System.nanoTime() - start) / 1_000_000;
    }

    private ConnectionException changed(RemoteHostKey pinned, RemoteHostKey now) {
        return new HostKeyChangedException(connection, pinned, now);
    }

    private SshClient client(ServerKeyVerifier verifier, List<BuiltinSignatures> hostKeyAlgorithms) {
        SshClient client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier(verifier);
        client.setSignatureFactories(new ArrayList<NamedFactory<Signature>>(hostKeyAlgorithms));
        CoreModuleProperties.IO_CONNECT_TIMEOUT.set(client, timeout);
        client.start();
        return client;
    }

    private ClientSession connect(SshClient client) throws IOException {
        return client.connect(connection.username(), connection.host(), connection.port()).verify(timeout).getSession();
    }

    /** Only the pinned key's type is asked for, so a remote with several host keys shows the one pinned. */
    private static List<BuiltinSignatures> signaturesFor(String keyType) {
        return switch (keyType) {
            case KeyPairProvider.SSH_ED25519 -> List.of(BuiltinSignatures.ed25519);
            case "ecdsa-sha2-nistp256" -> List.of(BuiltinSignatures.nistp256);
            case "ecdsa-sha2-nistp384" -> List.of(BuiltinSignatures.nistp384);
            case "ecdsa-sha2-nistp521" -> List.of(BuiltinSignatures.nistp521);
            case KeyPairProvider.SSH_RSA -> List.of(BuiltinSignatures.rsaSHA512, BuiltinSignatures.rsaSHA256,
                    BuiltinSignatures.rsa);
            default -> throw new ConnectionException("the pinned host key has the unsupported type " + keyType
                    + "; pin another with 'ssh connections discover-host-key'");
        };
    }

    private ConnectionException failure(IOException e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String reason;
        if (cause instanceof ConnectException) {
            reason = "connection refused (nothing listens on port " + connection.port() + "?)";
        } else if (cause instanceof UnknownHostException || cause instanceof UnresolvedAddressException) {
            reason = "unknown host '" + connection.host() + "'";
        } else if (String.valueOf(e.getMessage()).toLowerCase().contains("timeout")
                || String.valueOf(e.getMessage()).toLowerCase().contains("timed out")) {
            reason = "no answer within " + timeout.toSeconds() + " s";
        } else if (String.valueOf(e.getMessage()).contains("negotiate")) {
            reason = "no common algorithm (" + e.getMessage() + ")";
        } else {
            reason = String.valueOf(e.getMessage());
        }
        return new ConnectionException("cannot connect to " + where() + ": " + reason + "; check the host and port"
                + " with 'ssh connections show " + connection.name() + "'");
    }

    private String where() {
        return connection.host() + ":" + connection.port();
    }

    private static void stop(SshClient client) {
        try {
            client.stop();
        } catch (RuntimeException e) {
            // nothing of this probe is left to close
        }
    }

}
