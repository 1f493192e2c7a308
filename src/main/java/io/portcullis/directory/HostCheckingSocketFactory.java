package io.portcullis.directory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * TLS sockets on which the JDK checks, during the handshake, that the directory's certificate names the
 * host it was asked for (endpoint identification "LDAPS": subject alternative names, an address only by an
 * iPAddress entry), for ldaps:// and for StartTLS alike. The LDAP SDK's own host name check took a
 * certificate naming only another DNS name for 127.0.0.1, so it is not relied on.
 */
final class HostCheckingSocketFactory extends SSLSocketFactory {

    private final SSLSocketFactory tls;

    HostCheckingSocketFactory(SSLSocketFactory tls) {
        this.tls = tls;
    }

    private static Socket checked(Socket socket) {
        if (socket instanceof SSLSocket ssl) {
            SSLParameters parameters = ssl.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("LDAPS");
            ssl.setSSLParameters(parameters);
        }
        return socket;
    }

    @Override
    public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
        return checked(tls.createSocket(s, host, port, autoClose));
    }

    @Override
    public Socket createSocket() throws IOException {
        return checked(tls.createSocket());
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return checked(tls.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return checked(tls.createSocket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return checked(tls.createSocket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return checked(tls.createSocket(address, port, localAddress, localPort));
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return tls.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return tls.getSupportedCipherSuites();
    }
}
