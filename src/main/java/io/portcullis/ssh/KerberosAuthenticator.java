package io.portcullis.ssh;

import io.portcullis.accounts.Accounts;
import io.portcullis.accounts.User;
import io.portcullis.audit.AuditLog;
import io.portcullis.settings.KerberosConf;
import io.portcullis.settings.SshConfiguration;
import io.portcullis.settings.SshSetting;
import java.util.List;
import java.util.Optional;
import javax.security.auth.login.LoginException;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.server.auth.gss.CredentialHelper;
import org.apache.sshd.server.auth.gss.GSSAuthenticator;
import org.apache.sshd.server.auth.gss.UserAuthGSSFactory;
import org.apache.sshd.server.session.ServerSession;
import org.ietf.jgss.GSSCredential;
import org.ietf.jgss.GSSException;
import org.ietf.jgss.GSSManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * {@code gssapi-with-mic} logins (SPEC §3, Allow Kerberos Authentication): the client's principal
 * {@code name@REALM} is the account {@code name} only when REALM is {@code kerberos.realm} and the
 * account is the one the client asked for; the account then passes the same rules as any other login
 * ({@link LoginPolicy#refuseAccount}). The client's ticket is checked by the JDK against the keytab
 * named in {@code portcullis.conf}.
 */
@Component
public class KerberosAuthenticator extends GSSAuthenticator {

    public static final String METHOD_NAME = UserAuthGSSFactory.NAME;

    private static final Logger log = LoggerFactory.getLogger(KerberosAuthenticator.class);
    private static final String UNKNOWN_USER = "unknown user";

    /** The account named in this session's gssapi-with-mic request; MINA allows no other in the session. */
    private static final AttributeKey<String> REQUESTED_USER = new AttributeKey<>();

    private final KerberosConf kerberos;
    private final Accounts accounts;
    private final SshConfiguration configuration;
    private final AuditLog audit;

    public KerberosAuthenticator(KerberosConf kerberos, Accounts accounts, SshConfiguration configuration,
                                 AuditLog audit) {
        this.kerberos = kerberos;
        this.accounts = accounts;
        this.configuration = configuration;
        this.audit = audit;
    }

    /** The setting is read at every attempt, so turning it off applies to the next login. */
    @Override
    public boolean validateInitialUser(ServerSession session, String user) {
        session.setAttribute(REQUESTED_USER, user);
        if (!kerberosAllowed()) {
            refuse(session, user, "kerberos-auth is off", false);
            return false;
        }
        return true;
    }

    /** A saved row that no longer reads counts as off; services start reports it. */
    boolean kerberosAllowed() {
        try {
            return configuration.saved().get(SshSetting.KERBEROS_AUTH);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Read from the keytab at every attempt, so a replaced keytab applies at once; a keytab that cannot be
     * used fails this login with a log line, never the session.
     */
    @Override
    public GSSCredential getGSSCredential(GSSManager manager) {
        // the JDK only finds a missing or keyless keytab when the ticket arrives; say it plainly first
        List<String> problems = kerberos.problems();
        if (!problems.isEmpty()) {
            log.warn("Kerberos login refused: {}", String.join("; ", problems));
            return null;
        }
        try {
            String keytab = kerberos.keytab().orElseThrow().toString();
            return CredentialHelper.creds(manager, kerberos.servicePrincipal(), keytab);
        } catch (LoginException | GSSException | RuntimeException e) {
            log.warn("Kerberos login refused: the keytab {} has no usable key for {} ({}); put the appliance's keytab"
                    + " there or turn kerberos-auth off", kerberos.keytab().orElseThrow(), kerberos.servicePrincipal(),
                    String.valueOf(e.getMessage()).strip());
            return null;
        }
    }

    @Override
    public boolean validateIdentity(ServerSession session, String identity) {
        String requested = session.getAttribute(REQUESTED_USER);
        Optional<String> refusal = refusal(identity, requested, session);
        if (refusal.isPresent()) {
            refuse(session, requested, refusal.get(), refusal.get().endsWith(UNKNOWN_USER));
            return false;
        }
        session.setAttribute(AccountAuthenticator.METHOD, METHOD_NAME + " " + identity);
        AccountAuthenticator.loggedInWithoutKey(session);
        return true;
    }

    private Optional<String> refusal(String identity, String requested, ServerSession session) {
        int at = identity.lastIndexOf('@');
        String name = at < 0 ? identity : identity.substring(0, at);
        String realm = at < 0 ? "" : identity.substring(at + 1);
        if (!realm.equals(kerberos.realm().orElse(null))) {
            return Optional.of("principal " + identity + " is not of realm " + kerberos.realm().orElse("(none)"));
        }
        if (requested == null || !name.equals(requested)) {
            return Optional.of("principal " + identity + " may not log in as " + requested);
        }
        Optional<User> user = accounts.find(name);
        if (user.isEmpty()) {
            return Optional.of("principal " + identity + ": " + UNKNOWN_USER);
        }
        return LoginPolicy.refuseAccount(user.get(), configuration.loginRules(), SshSessions.address(session))
                .map(reason -> "principal " + identity + ": " + reason);
    }

    /** A ticket the JDK would not accept: this login is refused, the reason goes to the log and audit. */
    void refuseTicket(ServerSession session, String user, String reason) {
        log.warn("Kerberos login of {} from {} refused: the ticket was not accepted ({}); the client may need a new"
                + " ticket (kinit), or the keytab a current key for {}", user, SshSessions.address(session), reason,
                kerberos.servicePrincipal());
        refuse(session, user, "ticket not accepted: " + reason, false);
    }

    /**
     * Audited, and counted against the source address like a wrong password or an unknown user
     * (PerSourcePenalties); the answer is not delayed, since MINA asks for it synchronously here.
     */
    private void refuse(ServerSession session, String user, String reason, boolean unknownUser) {
        audit.record(SshSessions.actor(session, user), "login", METHOD_NAME, reason, "refused");
        PenaltyGate.attemptFailed(session, unknownUser);
    }
}
