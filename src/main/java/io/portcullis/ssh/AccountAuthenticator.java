package io.portcullis.ssh;

import io.portcullis.accounts.Accounts;
import io.portcullis.accounts.PasswordHasher;
import io.portcullis.accounts.User;
import io.portcullis.audit.AuditLog;
import io.portcullis.store.UserRepository;
import java.security.PublicKey;
import java.util.Optional;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.server.auth.AsyncAuthException;
import org.apache.sshd.server.auth.password.PasswordAuthenticator;
import org.apache.sshd.server.auth.pubkey.PublickeyAuthenticator;
import org.apache.sshd.server.session.ServerSession;
import org.springframework.stereotype.Component;

/**
 * Password and public-key logins against the accounts (SPEC §3, §4). Every attempt reads the saved
 * settings, so policy changes apply to the next login. An unknown user, a wrong password and a
 * refused account all cost one Argon2 verification and get the same answer.
 */
@Component
public class AccountAuthenticator implements PasswordAuthenticator, PublickeyAuthenticator {

    /** How the session authenticated, for the login audit line. */
    public static final AttributeKey<String> METHOD = new AttributeKey<>();

    private final Accounts accounts;
    private final UserRepository users;
    private final PasswordHasher hasher;
    private final SshConfiguration configuration;
    private final AuditLog audit;
    private final SourcePenalties penalties;

    public AccountAuthenticator(Accounts accounts, UserRepository users, PasswordHasher hasher,
                                SshConfiguration configuration, AuditLog audit, SourcePenalties penalties) {
        this.accounts = accounts;
        this.users = users;
        this.hasher = hasher;
        this.configuration = configuration;
        this.audit = audit;
        this.penalties = penalties;
    }

    @Override
    public boolean authenticate(String username, String password, ServerSession session) {
        Optional<User> user = accounts.find(username);
        boolean matches = hasher.verifyOrBurn(password, user.flatMap(User::passwordHash).orElse(null));
        Optional<String> refusal = user.isEmpty() ? Optional.of("unknown user")
                : LoginPolicy.refusePassword(user.get(), configuration.loginRules(), SshSessions.address(session));
        if (refusal.isEmpty() && !matches) {
            refusal = Optional.of("wrong password");
        }
        if (refusal.isPresent()) {
            audit.record(SshSessions.actor(session, username), "login", "password", refusal.get(), "refused");
            return refuseAfter(PenaltyGate.attemptFailed(session, user.isEmpty()));
        }
        session.setAttribute(METHOD, "password");
        return true;
    }

    /**
     * Answers a wrong password after the delay without holding an I/O thread: MINA finishes the
     * request when the asynchronous answer is set.
     */
    private boolean refuseAfter(java.time.Duration delay) {
        if (delay.isZero()) {
            return false;
        }
        AsyncAuthException later = new AsyncAuthException();
        penalties.schedule(() -> later.setAuthed(false), delay);
        throw later;
    }

    @Override
    public boolean authenticate(String username, PublicKey key, ServerSession session) {
        Optional<User> user = accounts.find(username);
        if (user.isEmpty()) {
            audit.record(SshSessions.actor(session, username), "login", "publickey " + KeyUtils.getFingerPrint(key),
                    "unknown user", "refused");
            PenaltyGate.keyRefused(session, true);
            return false;
        }
        Optional<String> refusal = LoginPolicy.refuseAccount(user.get(), configuration.loginRules(),
                SshSessions.address(session));
        if (refusal.isPresent()) {
            audit.record(SshSessions.actor(session, username), "login", "publickey", refusal.get(), "refused");
            PenaltyGate.keyRefused(session, false);
            return false;
        }
        for (String stored : users.publicKeys(username)) {
            try {
                PublicKey candidate = PublicKeyEntry.parsePublicKeyEntry(stored).resolvePublicKey(null, null, org.apache.sshd.common.config.keys.PublicKeyEntryResolver.FAILING);
                if (KeyUtils.compareKeys(candidate, key)) {
                    session.setAttribute(METHOD, "publickey " + KeyUtils.getFingerPrint(key));
                    return true;
                }
            } catch (Exception e) {
                // a key that no longer parses never matches; it stays listed for the administrator to remove
            }
        }
        audit.record(SshSessions.actor(session, username), "login", "publickey " + KeyUtils.getFingerPrint(key),
                "key not authorized for this account", "refused");
        PenaltyGate.keyRefused(session, false);
        return false;
    }
}
