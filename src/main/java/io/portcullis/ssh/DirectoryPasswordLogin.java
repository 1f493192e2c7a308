package io.portcullis.ssh;

import io.portcullis.accounts.User;
import io.portcullis.audit.AuditLog;
import io.portcullis.directory.DirectoryUsers;
import io.portcullis.settings.SshConfiguration;
import java.time.Duration;
import java.util.Optional;
import org.apache.sshd.server.auth.AsyncAuthException;
import org.apache.sshd.server.session.ServerSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * A directory user's password (issue 18): the same rules as a local account's ({@link LoginPolicy}), then an
 * LDAP bind as its entry, off the I/O thread; MINA finishes the request when the answer is set. A directory
 * that does not answer refuses the login with a log line saying so (key logins of cached users go on).
 */
@Component
class DirectoryPasswordLogin {

    private static final Logger log = LoggerFactory.getLogger(DirectoryPasswordLogin.class);

    private final DirectoryUsers directory;
    private final SshConfiguration configuration;
    private final AuditLog audit;
    private final SourcePenalties penalties;

    DirectoryPasswordLogin(DirectoryUsers directory, SshConfiguration configuration, AuditLog audit,
                           SourcePenalties penalties) {
        this.directory = directory;
        this.configuration = configuration;
        this.audit = audit;
        this.penalties = penalties;
    }

    /** Never returns: the answer comes through the {@link AsyncAuthException} it throws. */
    boolean authenticate(User user, String password, ServerSession session) {
        AsyncAuthException later = new AsyncAuthException();
        Optional<String> refusal = LoginPolicy.refusePassword(user, configuration.loginRules(), SshSessions.address(session));
        if (refusal.isPresent()) {
            refuse(session, user, refusal.get(), later);
            throw later;
        }
        directory.checkPassword(user.username(), password).whenComplete((check, error) -> {
            if (check != null && check.matches()) {
                session.setAttribute(AccountAuthenticator.METHOD, "password (directory)");
                AccountAuthenticator.loggedInWithoutKey(session);
                later.setAuthed(true);
            } else if (check != null && check.failure().isPresent()) {
                log.warn("password login of the directory user {} from {} refused: the directory could not check it ({});"
                        + " key logins of cached directory users go on", user.username(), SshSessions.address(session),
                        check.failure().get());
                refuse(session, user, "directory not answering", later);
            } else {
                refuse(session, user, "wrong password", later);
            }
        });
        throw later;
    }

    private void refuse(ServerSession session, User user, String reason, AsyncAuthException later) {
        audit.record(SshSessions.actor(session, user.username()), "login", "password (directory)", reason, "refused");
        Duration delay = PenaltyGate.attemptFailed(session, false);
        if (delay.isZero()) {
            later.setAuthed(false);
        } else {
            penalties.schedule(() -> later.setAuthed(false), delay);
        }
    }
}
