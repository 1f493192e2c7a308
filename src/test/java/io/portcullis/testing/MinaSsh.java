package io.portcullis.testing;

import java.io.IOException;
import java.time.Duration;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;

/**
 * A logged-in session of Apache MINA SSHD's own client, for what the OpenSSH command-line client cannot
 * do on cue (a window change at a chosen moment, SFTP extension queries).
 */
public final class MinaSsh implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final SshClient client;
    private final ClientSession session;

    private MinaSsh(SshClient client, ClientSession session) {
        this.client = client;
        this.session = session;
    }

    public static MinaSsh login(int port, String user, String password) throws IOException {
        return login(port, user, client -> { }, session -> session.addPasswordIdentity(password));
    }

    /**
     * A session of a client first set up by {@code setup} (e.g. its ciphers), authenticated with what
     * {@code identities} adds (a password, a key pair).
     */
    public static MinaSsh login(int port, String user, java.util.function.Consumer<SshClient> setup,
                                java.util.function.Consumer<ClientSession> identities) throws IOException {
        SshClient client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
        setup.accept(client);
        client.start();
        try {
            ClientSession session = client.connect(user, "127.0.0.1", port).verify(TIMEOUT).getSession();
            identities.accept(session);
            session.auth().verify(TIMEOUT);
            return new MinaSsh(client, session);
        } catch (IOException | RuntimeException e) {
            client.stop();
            throw e;
        }
    }

    public ClientSession session() {
        return session;
    }

    @Override
    public void close() throws IOException {
        try {
            session.close();
        } finally {
            client.stop();
        }
    }
}
