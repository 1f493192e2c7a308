package io.portcullis.ssh;

import java.security.PublicKey;
import java.util.List;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.apache.sshd.common.signature.Signature;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;
import org.apache.sshd.server.auth.pubkey.PublickeyAuthenticator;
import org.apache.sshd.server.auth.pubkey.UserAuthPublicKey;
import org.apache.sshd.server.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.server.session.ServerSession;

/**
 * MINA's publickey method, with every certificate judged by the authenticator ({@link UserCertificates}) alone.
 * MINA would check a certificate's CA signature against PubkeyAcceptedAlgorithms instead of OpenSSH's
 * CASignatureAlgorithms, refuse {@code force-command}, and drop an expired or host certificate before the
 * authenticator sees it, each without a word in the audit: here its own checks are off, and a certificate it
 * would drop unasked goes to the authenticator, which refuses it with its reason.
 */
final class CertificateUserAuth extends UserAuthPublicKey {

    CertificateUserAuth(List<NamedFactory<Signature>> factories) {
        super(factories);
    }

    static UserAuthPublicKeyFactory factory(List<NamedFactory<Signature>> factories) {
        return new UserAuthPublicKeyFactory(factories) {
            @Override
            public UserAuthPublicKey createUserAuth(ServerSession session) {
                return new CertificateUserAuth(getSignatureFactories());
            }
        };
    }

    @Override
    public Boolean doAuth(Buffer buffer, boolean init) throws Exception {
        PublicKey key = offeredKey(buffer);
        if (key instanceof OpenSshCertificate cert
                && (cert.getType() != OpenSshCertificate.Type.USER || !OpenSshCertificate.isValidNow(cert))) {
            ServerSession session = getServerSession();
            PublickeyAuthenticator authenticator = session.getPublickeyAuthenticator();
            if (authenticator != null) {
                authenticator.authenticate(getUsername(), cert, session); // refuses it, audited, as MINA would unaudited
            }
            return Boolean.FALSE;
        }
        return super.doAuth(buffer, init);
    }

    /** The key of the request, read from a copy; null when it does not parse (MINA then refuses the request). */
    private static PublicKey offeredKey(Buffer buffer) {
        try {
            Buffer copy = new ByteArrayBuffer(buffer.array(), buffer.rpos(), buffer.available());
            copy.getBoolean();
            copy.getString();
            return new ByteArrayBuffer(copy.getBytes()).getRawPublicKey();
        } catch (Exception e) {
            return null;
        }
    }

    /** {@link UserCertificates} checks the CA's signature, with OpenSSH's CASignatureAlgorithms. */
    @Override
    protected void verifyCertificateSignature(ServerSession session, OpenSshCertificate cert) {
        // judged by the authenticator, which MINA asks next
    }

    /** {@link UserCertificates} honours force-command and source-address and refuses unknown critical options. */
    @Override
    protected void verifyCriticalOptions(ServerSession session, OpenSshCertificate cert) {
        // judged by the authenticator, which MINA asks next
    }
}
