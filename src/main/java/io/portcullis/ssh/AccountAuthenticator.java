package io.portcullis.ssh;

import io.portcullis.accounts.Accounts;
import io.portcullis.accounts.AuthorizedKeysFile;
import io.portcullis.accounts.KeyOptions;
import io.portcullis.accounts.LoginShells;
import io.portcullis.accounts.PasswordHasher;
import io.portcullis.accounts.User;
import io.portcullis.audit.AuditLog;
import io.portcullis.settings.LoginRules;
import io.portcullis.settings.SshConfiguration;
import io.portcullis.settings.sshdconfig.AddressPattern;
import io.portcullis.settings.sshdconfig.PatternList;
import java.security.PublicKey;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.server.auth.AsyncAuthException;
import org.apache.sshd.server.auth.password.PasswordAuthenticator;
import org.apache.sshd.server.auth.pubkey.PublickeyAuthenticator;
import org.apache.sshd.server.session.ServerSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Password and public-key logins against the accounts (SPEC §3, §4). Every attempt reads the saved
 * settings, so policy changes apply to the next login. An unknown user, a wrong password and a
 * refused account all cost one Argon2 verification and get the same answer. Keys come from the database
 * and from the account's own AuthorizedKeysFile; a key of the file brings its options to the session
 * ({@link #keyOptions}), which the channel, forwarding and command handling obey. A certificate is judged by
 * {@link UserCertificates} and brings its own options; RevokedKeys refuses any key it lists.
 */
@Component
public class AccountAuthenticator implements PasswordAuthenticator, PublickeyAuthenticator {

    private static final Logger log = LoggerFactory.getLogger(AccountAuthenticator.class);

    /** How the session authenticated, for the login audit line. */
    public static final AttributeKey<String> METHOD = new AttributeKey<>();
    /** The options of the authorized_keys line the session logged in with; absent for every other login. */
    private static final AttributeKey<KeyOptions> KEY_OPTIONS = new AttributeKey<>();

    private final Accounts accounts;
    private final PasswordHasher hasher;
    private final SshConfiguration configuration;
    private final AuditLog audit;
    private final SourcePenalties penalties;
    private final UserCertificates certificates;
    private final DirectoryPasswordLogin directoryPasswords;
    /** What was last logged about each account's own key files: a problem is logged once, not at every login. */
    private final Map<String, String> reported = new ConcurrentHashMap<>();

    public AccountAuthenticator(Accounts accounts, PasswordHasher hasher,
                                SshConfiguration configuration, AuditLog audit, SourcePenalties penalties,
                                UserCertificates certificates, DirectoryPasswordLogin directoryPasswords) {
        this.certificates = certificates;
        this.directoryPasswords = directoryPasswords;
        this.accounts = accounts;
        this.hasher = hasher;
        this.configuration = configuration;
        this.audit = audit;
        this.penalties = penalties;
    }

    /** What the key the session logged in with allows; everything for a database key, a password or Kerberos. */
    public static KeyOptions keyOptions(Session session) {
        KeyOptions options = session.getAttribute(KEY_OPTIONS);
        return options == null ? KeyOptions.NONE : options;
    }

    /** A login by another method drops the options of a key the client only offered. */
    static void loggedInWithoutKey(Session session) {
        session.removeAttribute(KEY_OPTIONS);
    }

    @Override
    public boolean authenticate(String username, String password, ServerSession session) {
        Optional<User> user = accounts.find(username);
        if (user.isPresent() && user.get().fromDirectory()) {
            return directoryPasswords.authenticate(user.get(), password, session);
        }
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
        loggedInWithoutKey(session);
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

    /**
     * MINA asks this once when the client offers a key and again with its signature; each answer records the
     * options of the key it accepted, so the session keeps those of the key it finally signed with.
     */
    @Override
    public boolean authenticate(String username, PublicKey key, ServerSession session) {
        Optional<User> user = accounts.find(username);
        if (user.isEmpty()) {
            audit.record(SshSessions.actor(session, username), "login", "publickey " + KeyUtils.getFingerPrint(key),
                    "unknown user", "refused");
            PenaltyGate.keyRefused(session, true);
            return false;
        }
        String address = SshSessions.address(session);
        LoginRules rules = configuration.loginRules();
        Optional<String> refusal = LoginPolicy.refuseAccount(user.get(), rules, address);
        if (refusal.isPresent()) {
            return refuse(session, username, "publickey", refusal.get());
        }
        if (key instanceof OpenSshCertificate cert) {
            return certificate(session, user.get(), cert, address, rules);
        }
        Optional<String> revoked = certificates.revocation(key, rules.aux());
        if (revoked.isPresent()) {
            return refuse(session, username, "publickey " + KeyUtils.getFingerPrint(key), revoked.get());
        }
        for (String stored : accounts.publicKeys(username)) {
            if (same(stored, key)) {
                session.setAttribute(METHOD, "publickey " + KeyUtils.getFingerPrint(key));
                session.setAttribute(KEY_OPTIONS, KeyOptions.NONE);
                return true;
            }
        }
        for (AuthorizedKeysFile.Reading reading : accounts.homeKeys(user.get(), rules.aux().authorizedKeysFileOrDefault())) {
            report(username, reading);
            for (AuthorizedKeysFile.FileKey candidate : reading.keys()) {
                if (same(candidate.key().publicKey(), key)) {
                    String where = reading.file() + ":" + candidate.line();
                    Optional<String> refused = refuseOptions(user.get(), candidate.options(), address);
                    if (refused.isPresent()) {
                        return refuse(session, username, "publickey " + KeyUtils.getFingerPrint(key) + " (" + where + ")",
                                refused.get());
                    }
                    session.setAttribute(METHOD, "publickey " + KeyUtils.getFingerPrint(key) + " (" + where + ")");
                    session.setAttribute(KEY_OPTIONS, candidate.options());
                    return true;
                }
            }
        }
        return refuse(session, username, "publickey " + KeyUtils.getFingerPrint(key), "key not authorized for this account");
    }

    /** A certificate as {@link UserCertificates} judges it, then its options as a key's are. */
    private boolean certificate(ServerSession session, User user, OpenSshCertificate cert, String address,
                                LoginRules rules) {
        String method = "publickey " + UserCertificates.describe(cert);
        UserCertificates.Verdict verdict = certificates.judge(user, cert, address, rules.aux());
        if (verdict instanceof UserCertificates.Refused refused) {
            return refuse(session, user.username(), method, refused.reason());
        }
        UserCertificates.Accepted accepted = (UserCertificates.Accepted) verdict;
        Optional<String> refused = refuseOptions(user, accepted.options(), address);
        if (refused.isPresent()) {
            return refuse(session, user.username(), "publickey " + accepted.description(), refused.get());
        }
        session.setAttribute(METHOD, "publickey " + accepted.description());
        session.setAttribute(KEY_OPTIONS, accepted.options());
        return true;
    }

    /** from=, expiry-time=, and command= for an account that may run no command at all. */
    static Optional<String> refuseOptions(User user, KeyOptions options, String address) {
        if (options.expiry().isPresent() && Instant.now().isAfter(options.expiry().get())) {
            return Optional.of("key expired (expiry-time)");
        }
        if (options.from().isPresent() && !AddressPattern.listMatches(PatternList.parse(options.from().get()), address)) {
            return Optional.of("key not allowed from " + address + " (from=\"" + options.from().get() + "\")");
        }
        if (options.command().isPresent()
                && (user.shell().equals(LoginShells.SCPONLY) || user.shell().equals(LoginShells.NOLOGIN))) {
            return Optional.of("a key with command= cannot serve a " + user.shell() + " account, which runs no command");
        }
        return Optional.empty();
    }

    private boolean refuse(ServerSession session, String username, String method, String reason) {
        audit.record(SshSessions.actor(session, username), "login", method, reason, "refused");
        PenaltyGate.keyRefused(session, false);
        return false;
    }

    /** One log line for what is wrong with an account's key file, again only when that changes. */
    private void report(String username, AuthorizedKeysFile.Reading reading) {
        String problems = String.join("; ", reading.problems());
        String key = username + " " + reading.file();
        if (!problems.equals(reported.getOrDefault(key, ""))) {
            reported.put(key, problems);
            if (!problems.isEmpty()) {
                log.warn("authorized keys of {}: {}", username, problems);
            }
        }
    }

    private static boolean same(String stored, PublicKey key) {
        try {
            PublicKey candidate = PublicKeyEntry.parsePublicKeyEntry(stored).resolvePublicKey(null, null,
                    PublicKeyEntryResolver.FAILING);
            return KeyUtils.compareKeys(candidate, key);
        } catch (Exception e) {
            // a key that no longer parses never matches; it stays listed for the administrator to remove
            return false;
        }
    }
}
