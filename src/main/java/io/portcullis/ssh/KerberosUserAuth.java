package io.portcullis.ssh;

import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.server.auth.UserAuth;
import org.apache.sshd.server.auth.UserAuthFactory;
import org.apache.sshd.server.auth.gss.UserAuthGSS;
import org.apache.sshd.server.auth.gss.UserAuthGSSFactory;
import org.apache.sshd.server.session.ServerSession;
import org.ietf.jgss.GSSException;

/**
 * MINA SSHD's {@code gssapi-with-mic} exchange, with a ticket the keytab cannot decrypt (a stale ticket
 * after the key was changed, another service's ticket) turned into an audited refusal of that login
 * instead of MINA's generic warning.
 */
final class KerberosUserAuth extends UserAuthGSS {

    private final KerberosAuthenticator authenticator;

    private KerberosUserAuth(KerberosAuthenticator authenticator) {
        this.authenticator = authenticator;
    }

    static UserAuthFactory factory(KerberosAuthenticator authenticator) {
        return new UserAuthGSSFactory() {
            @Override
            public UserAuth createUserAuth(ServerSession session) {
                return new KerberosUserAuth(authenticator);
            }
        };
    }

    @Override
    protected Boolean doAuth(Buffer buffer, boolean initial) throws Exception {
        try {
            return super.doAuth(buffer, initial);
        } catch (GSSException e) {
            authenticator.refuseTicket(getServerSession(), getUsername(), e.getMajorString()
                    + (e.getMinorString() == null ? "" : ": " + e.getMinorString()));
            return Boolean.FALSE;
        }
    }
}
