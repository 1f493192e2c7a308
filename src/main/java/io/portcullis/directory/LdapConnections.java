package io.portcullis.directory;

import com.unboundid.ldap.sdk.BindResult;
import com.unboundid.ldap.sdk.ExtendedResult;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import com.unboundid.ldap.sdk.extensions.StartTLSExtendedRequest;
import io.portcullis.audit.LogText;
import io.portcullis.conf.ApplianceConf;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * Connections to the directory named in portcullis.conf, always over TLS: {@code ldaps://}, or
 * {@code ldap://} with StartTLS before anything else is sent. The certificate must chain to
 * {@code ldap.ca-file} (the JDK's PKIX checks: signature, dates, constraints) and name the host of
 * {@code ldap.url} ({@link HostCheckingSocketFactory}). The CA file and the bind password file are read at every connection, so a replaced
 * file applies at once; the password is in no message. Connections are synchronous (no reader thread),
 * and every step is bounded by {@code ldap.timeout}.
 */
final class LdapConnections {

    private final ApplianceConf.Directory conf;

    LdapConnections(ApplianceConf.Directory conf) {
        this.conf = conf;
    }

    ApplianceConf.Directory conf() {
        return conf;
    }

    /** A connection bound as {@code ldap.bind-dn}, or anonymous without one. */
    LDAPConnection openForSearch() {
        LDAPConnection connection = open();
        if (conf.bindDn().isPresent()) {
            String password = bindPassword();
            try {
                bind(connection, conf.bindDn().get(), password);
            } catch (LDAPException e) {
                connection.close();
                if (e.getResultCode() == ResultCode.INVALID_CREDENTIALS) {
                    throw new DirectoryException("the directory refused the bind of " + conf.bindDn().get()
                            + " (invalid credentials): put its current password in " + conf.bindPasswordFile().get(),
                            DirectoryException.Kind.REFUSED);
                }
                throw failure("bind as " + conf.bindDn().get(), e);
            }
        }
        return connection;
    }

    /**
     * Whether {@code password} is the one of the entry {@code dn}: an LDAP simple bind on a connection of its
     * own. An empty password is refused before anything is sent, since the directory would take it for an
     * anonymous bind and answer success (RFC 4513 5.1.2).
     */
    boolean passwordMatches(String dn, String password) {
        if (password == null || password.isEmpty()) {
            return false;
        }
        try (LDAPConnection connection = open()) {
            bind(connection, dn, password);
            return true;
        } catch (LDAPException e) {
            if (e.getResultCode() == ResultCode.INVALID_CREDENTIALS) {
                return false;
            }
            throw failure("bind as " + dn, e);
        }
    }

    private void bind(LDAPConnection connection, String dn, String password) throws LDAPException {
        SimpleBindRequest request = new SimpleBindRequest(dn, password);
        request.setResponseTimeoutMillis(conf.timeout().toMillis());
        BindResult result = connection.bind(request);
        if (result.getResultCode() != ResultCode.SUCCESS) {
            throw new LDAPException(result);
        }
    }

    private LDAPConnection open() {
        LDAPConnectionOptions options = new LDAPConnectionOptions();
        int timeout = (int) Math.min(Integer.MAX_VALUE, conf.timeout().toMillis());
        options.setConnectTimeoutMillis(timeout);
        options.setResponseTimeoutMillis(timeout);
        options.setUseSynchronousMode(true);
        options.setFollowReferrals(false);
        // the SDK refuses a DN with an empty password too; passwordMatches answers it before
        options.setBindWithDNRequiresPassword(true);
        SSLSocketFactory tls = tlsSocketFactory();
        LDAPConnection connection = null;
        try {
            if (conf.url().ldaps()) {
                connection = new LDAPConnection(tls, options, conf.url().host(), conf.url().port());
            } else {
                connection = new LDAPConnection(options, conf.url().host(), conf.url().port());
                StartTLSExtendedRequest startTls = new StartTLSExtendedRequest(tls);
                startTls.setResponseTimeoutMillis(timeout);
                ExtendedResult result = connection.processExtendedOperation(startTls);
                if (result.getResultCode() != ResultCode.SUCCESS) {
                    throw new LDAPException(result);
                }
            }
            return connection;
        } catch (LDAPException e) {
            if (connection != null) {
                connection.close();
            }
            throw failure(conf.url().ldaps() ? "TLS connection" : "connection with StartTLS", e);
        }
    }

    private SSLSocketFactory tlsSocketFactory() {
        try (InputStream in = Files.newInputStream(conf.caFile())) {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509")
                    .generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new DirectoryException("ldap.ca-file " + conf.caFile() + " holds no certificate: put the PEM"
                        + " certificate of the authority that signed the directory's certificate there", DirectoryException.Kind.REFUSED);
            }
            KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
            anchors.load(null, null);
            int n = 0;
            for (Certificate certificate : certificates) {
                anchors.setCertificateEntry("ca-" + n++, certificate);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
            factory.init(anchors);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return new HostCheckingSocketFactory(context.getSocketFactory());
        } catch (IOException | GeneralSecurityException e) {
            throw new DirectoryException("ldap.ca-file " + conf.caFile() + " is not usable ("
                    + LogText.escape(String.valueOf(e.getMessage())) + "): put the PEM certificate of the authority that"
                    + " signed the directory's certificate there", DirectoryException.Kind.REFUSED);
        }
    }

    private String bindPassword() {
        try {
            List<String> lines = Files.readAllLines(conf.bindPasswordFile().orElseThrow(), StandardCharsets.UTF_8);
            String password = lines.isEmpty() ? "" : lines.get(0);
            if (password.isEmpty()) {
                throw new DirectoryException("ldap.bind-password-file " + conf.bindPasswordFile().get() + " is empty:"
                        + " its first line must be the password of " + conf.bindDn().orElse(""), DirectoryException.Kind.REFUSED);
            }
            return password;
        } catch (IOException e) {
            throw new DirectoryException("ldap.bind-password-file " + conf.bindPasswordFile().get()
                    + " cannot be read (" + LogText.escape(String.valueOf(e.getMessage())) + ")", DirectoryException.Kind.REFUSED);
        }
    }

    DirectoryException failure(String what, LDAPException e) {
        return failure(conf, what, e);
    }

    /** A failure in words, naming the directory; the SDK's message is the server's or the JDK's text, escaped. */
    static DirectoryException failure(ApplianceConf.Directory conf, String what, LDAPException e) {
        ResultCode code = e.getResultCode();
        boolean unreachable = code == ResultCode.CONNECT_ERROR || code == ResultCode.SERVER_DOWN
                || code == ResultCode.TIMEOUT || code == ResultCode.LOCAL_ERROR;
        String detail = LogText.escape(e.getDiagnosticMessage() != null ? e.getDiagnosticMessage() : e.getMessage())
                .replaceAll(",? ?ldapSDKVersion=.*$", "");
        if (detail.length() > 300) {
            detail = detail.substring(0, 300) + "...";
        }
        return new DirectoryException(conf.url() + ": " + what + " failed: " + detail + " (" + code.getName() + ")",
                unreachable ? DirectoryException.Kind.UNREACHABLE : DirectoryException.Kind.REFUSED);
    }
}
