package io.portcullis.ssh;

import io.portcullis.accounts.Accounts;
import io.portcullis.accounts.AuthorizedKeysFile;
import io.portcullis.accounts.KeyOptions;
import io.portcullis.accounts.PrincipalsFile;
import io.portcullis.accounts.User;
import io.portcullis.audit.LogText;
import io.portcullis.certificates.CertificateFiles;
import io.portcullis.certificates.CertificateFiles.Loaded;
import io.portcullis.certificates.CidrList;
import io.portcullis.certificates.KeyBlob;
import io.portcullis.certificates.RevokedKeys;
import io.portcullis.certificates.TrustedCaKeys;
import io.portcullis.host.ProcessIdentity;
import io.portcullis.settings.sshdconfig.AuxFile;
import io.portcullis.settings.sshdconfig.AuxParameters;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.apache.sshd.common.signature.BuiltinSignatures;
import org.apache.sshd.common.signature.Signature;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * OpenSSH user certificates, judged as sshd judges them (auth2-pubkey.c, user_cert_trusted_ca): not revoked
 * (RevokedKeys: the certificate, its key, its CA), signed by a CA that TrustedUserCAKeys lists with an algorithm
 * of OpenSSH's CASignatureAlgorithms, a user certificate inside its validity window, with a principal list that
 * names the user (or, with AuthorizedPrincipalsFile, a principal the account's file lists), and only critical
 * options sshd knows: {@code force-command} and {@code source-address} are honoured; {@code verify-required} is
 * refused, since FIDO user verification is not checked here. What the session may then do comes from the
 * certificate's extensions and the principals line's options together, the stricter winning.
 */
@Component
public class UserCertificates {

    private static final Logger log = LoggerFactory.getLogger(UserCertificates.class);

    /** OpenSSH's CASignatureAlgorithms default, less ML-DSA, which MINA cannot verify; no SHA-1 {@code ssh-rsa}. */
    static final List<BuiltinSignatures> CA_SIGNATURE_ALGORITHMS = List.of(BuiltinSignatures.ed25519,
            BuiltinSignatures.nistp256, BuiltinSignatures.nistp384, BuiltinSignatures.nistp521,
            BuiltinSignatures.sk_ssh_ed25519, BuiltinSignatures.sk_ecdsa_sha2_nistp256, BuiltinSignatures.rsaSHA512,
            BuiltinSignatures.rsaSHA256);

    /** The longest key ID the audit keeps; ssh-keygen sets no limit. */
    private static final int MAX_KEY_ID_BYTES = 256;

    /** What a judged certificate comes to. */
    public sealed interface Verdict permits Accepted, Refused {
    }

    /** The session's restrictions, and the certificate as the audit names it. */
    public record Accepted(KeyOptions options, String description) implements Verdict {
    }

    public record Refused(String reason) implements Verdict {
    }

    private final CertificateFiles files;
    private final Accounts accounts;
    /** What was last logged about each account's principals file: a problem is logged once, not at every login. */
    private final Map<String, String> reported = new ConcurrentHashMap<>();

    public UserCertificates(CertificateFiles files, Accounts accounts) {
        this.files = files;
        this.accounts = accounts;
    }

    /** How the audit names a certificate: its key ID (quoted, escaped), serial, CA and key. */
    public static String describe(OpenSshCertificate cert) {
        // quotes and backslashes first, so that the escapes of controls stay readable as such
        String id = LogText.capped(cert.getId().replace("\\", "\\\\").replace("\"", "\\\""), MAX_KEY_ID_BYTES);
        return "certificate ID \"" + id + "\" serial " + Long.toUnsignedString(cert.getSerial()) + " CA "
                + KeyBlob.fingerprint(cert.getCaPubKey()) + " key " + KeyBlob.fingerprint(cert);
    }

    /**
     * Why RevokedKeys refuses a plain key, if it does. A file that cannot be used costs certificates only (see
     * {@link #judge}); plain keys, which an administrator manages here, go on meanwhile, and the file is logged.
     */
    public Optional<String> revocation(PublicKey key, AuxParameters aux) {
        Optional<AuxFile> file = aux.revokedKeys();
        if (file.isEmpty()) {
            return Optional.empty();
        }
        return files.revokedKeys(file.get().path()).contents().flatMap(r -> r.revocation(key))
                .map(r -> "revoked by RevokedKeys " + file.get().path() + ": " + r);
    }

    public Verdict judge(User user, OpenSshCertificate cert, String address, AuxParameters aux) {
        return refusal(cert, aux).<Verdict>map(Refused::new).orElseGet(() -> authorise(user, cert, address, aux));
    }

    /** What holds whoever the certificate is for: revocation, the CA and its signature, type, validity. */
    Optional<String> refusal(OpenSshCertificate cert, AuxParameters aux) {
        if (aux.trustedUserCaKeys().isEmpty()) {
            return Optional.of("certificates are not accepted: no TrustedUserCAKeys in the auxiliary parameters");
        }
        if (aux.revokedKeys().isPresent()) {
            Path file = aux.revokedKeys().get().path();
            Loaded<RevokedKeys> revoked = files.revokedKeys(file);
            if (revoked.contents().isEmpty()) {
                return Optional.of("RevokedKeys " + file + " cannot be used (" + String.join("; ", revoked.problems())
                        + "), so no certificate is accepted until it is mended");
            }
            Optional<String> reason = revoked.contents().get().revocation(cert);
            if (reason.isPresent()) {
                return Optional.of("revoked by RevokedKeys " + file + ": " + reason.get());
            }
        }
        Optional<String> signature = badSignature(cert);
        if (signature.isPresent()) {
            return signature;
        }
        Path caFile = aux.trustedUserCaKeys().get().path();
        Loaded<TrustedCaKeys> trusted = files.trustedCaKeys(caFile);
        if (trusted.contents().isEmpty()) {
            return Optional.of("TrustedUserCAKeys " + caFile + " cannot be used (" + String.join("; ", trusted.problems())
                    + ")");
        }
        if (!trusted.contents().get().trusts(cert.getCaPubKey())) {
            return Optional.of("signed by CA " + KeyBlob.fingerprint(cert.getCaPubKey()) + " ("
                    + KeyUtils.getKeyType(cert.getCaPubKey()) + "), which TrustedUserCAKeys " + caFile + " does not list");
        }
        if (cert.getType() != OpenSshCertificate.Type.USER) {
            return Optional.of("a host certificate, not a user certificate");
        }
        long now = Instant.now().getEpochSecond();
        if (Long.compareUnsigned(now, cert.getValidAfter()) < 0) {
            return Optional.of("certificate not yet valid (valid from " + time(cert.getValidAfter()) + ")");
        }
        if (Long.compareUnsigned(now, cert.getValidBefore()) >= 0) {
            return Optional.of("certificate expired (valid until " + time(cert.getValidBefore()) + ")");
        }
        if (cert.getPrincipals() == null || cert.getPrincipals().isEmpty()) {
            return Optional.of("certificate has an empty principal list (made without ssh-keygen -n); it names no one"
                    + " who may use it");
        }
        return Optional.empty();
    }

    /** The CA's signature over the certificate, with an algorithm CASignatureAlgorithms allows for its key. */
    private static Optional<String> badSignature(OpenSshCertificate cert) {
        String algorithm = cert.getSignatureAlgorithm();
        BuiltinSignatures factory = BuiltinSignatures.fromFactoryName(algorithm);
        if (factory == null || !CA_SIGNATURE_ALGORITHMS.contains(factory) || !factory.isSupported()) {
            return Optional.of("signed with " + LogText.capped(algorithm, 64) + ", which CASignatureAlgorithms does not"
                    + " allow");
        }
        PublicKey ca = cert.getCaPubKey();
        if (!KeyUtils.getKeyType(ca).equals(KeyUtils.getCanonicalKeyType(algorithm))) {
            return Optional.of("signed with " + algorithm + " by a " + KeyUtils.getKeyType(ca) + " CA key");
        }
        try {
            Signature verifier = factory.create();
            verifier.initVerifier(null, ca);
            verifier.update(null, cert.getMessage());
            if (verifier.verify(null, cert.getSignature())) {
                return Optional.empty();
            }
        } catch (Exception e) {
            // a signature that does not even parse is as bad as one that does not verify
        }
        return Optional.of("the CA's signature does not verify: the certificate is forged or damaged");
    }

    /** Who it is for, and what the session may do. */
    private Verdict authorise(User user, OpenSshCertificate cert, String address, AuxParameters aux) {
        KeyOptions line = KeyOptions.NONE;
        Optional<String> where = Optional.empty();
        if (aux.authorizedPrincipalsFile().isPresent()) {
            PrincipalsFile.Reading reading = principals(user, aux.authorizedPrincipalsFile().get());
            Optional<PrincipalsFile.Principal> match = reading.first(cert.getPrincipals());
            if (match.isEmpty()) {
                return new Refused("no principal of the certificate (" + principals(cert) + ") is listed in "
                        + reading.file());
            }
            line = match.get().options();
            where = Optional.of(reading.file() + ":" + match.get().line());
        } else if (!cert.getPrincipals().contains(user.username())) {
            return new Refused(user.username() + " is not a principal of the certificate (" + principals(cert) + ")");
        }
        Optional<String> command = Optional.empty();
        Map<String, Integer> seen = new HashMap<>();
        for (OpenSshCertificate.CertificateOption option : cert.getCriticalOptions()) {
            String name = option.getName();
            if (seen.merge(name, 1, Integer::sum) > 1) {
                return new Refused("critical option " + LogText.capped(name, 64) + " appears twice");
            }
            switch (name) {
                case OpenSshCertificate.FORCE_COMMAND -> command = Optional.of(option.getData());
                case OpenSshCertificate.SOURCE_ADDRESS -> {
                    Optional<String> refused = sourceAddress(option.getData(), address);
                    if (refused.isPresent()) {
                        return new Refused(refused.get());
                    }
                }
                case OpenSshCertificate.VERIFY_REQUIRED -> {
                    return new Refused("critical option verify-required (FIDO user verification) is not supported here");
                }
                default -> {
                    return new Refused("unknown critical option '" + LogText.capped(name, 64) + "'");
                }
            }
        }
        Set<String> extensions = cert.getExtensionsMap().keySet();
        if (command.isPresent() && line.command().isPresent() && !command.get().equals(line.command().get())) {
            return new Refused("the certificate's force-command and command= of " + where.orElse("") + " differ");
        }
        KeyOptions options = new KeyOptions(line.from(),
                line.portForwarding() && extensions.contains("permit-port-forwarding"),
                line.agentForwarding() && extensions.contains("permit-agent-forwarding"),
                line.pty() && extensions.contains("permit-pty"),
                command.or(line::command), line.permitOpen(), line.permitListen(), line.expiry(),
                "certificate" + where.map(w -> " via " + w).orElse(""));
        return new Accepted(options, describe(cert) + where.map(w -> " (" + w + ")").orElse(""));
    }

    private static Optional<String> sourceAddress(String list, String address) {
        try {
            if (CidrList.parse(list).contains(address)) {
                return Optional.empty();
            }
            return Optional.of("source-address " + LogText.capped(list, 200) + " does not include " + address);
        } catch (IllegalArgumentException e) {
            return Optional.of("source-address is invalid: " + LogText.capped(e.getMessage(), 200));
        }
    }

    /** The account's AuthorizedPrincipalsFile, read as its authorized_keys is; its problems logged once. */
    private PrincipalsFile.Reading principals(User user, String entry) {
        Path home = accounts.homeOf(user);
        PrincipalsFile.Reading reading = PrincipalsFile.read(AuthorizedKeysFile.expand(entry, home, user.username()),
                home, user.uid(), Set.of((int) ProcessIdentity.uid()));
        String problems = String.join("; ", reading.problems());
        String key = user.username() + " " + reading.file();
        if (!problems.equals(reported.getOrDefault(key, ""))) {
            reported.put(key, problems);
            if (!problems.isEmpty()) {
                log.warn("authorized principals of {}: {}", user.username(), problems);
            }
        }
        return reading;
    }

    private static String principals(OpenSshCertificate cert) {
        List<String> names = new ArrayList<>();
        for (String p : cert.getPrincipals()) {
            if (names.size() == 8) {
                names.add("... " + (cert.getPrincipals().size() - 8) + " more");
                break;
            }
            names.add(LogText.capped(p, 64));
        }
        return String.join(", ", names);
    }

    /** A validity bound as ssh-keygen -L shows it, in UTC; OpenSSH's 0xffffffffffffffff is forever. */
    private static String time(long seconds) {
        if (seconds < 0 || seconds > Instant.MAX.getEpochSecond()) {
            return "forever";
        }
        return Instant.ofEpochSecond(seconds).toString();
    }
}
