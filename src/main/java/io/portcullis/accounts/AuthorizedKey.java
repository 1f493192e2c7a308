package io.portcullis.accounts;

import java.security.PublicKey;
import java.security.interfaces.DSAPublicKey;
import java.security.interfaces.RSAPublicKey;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;

/** A parsed, checked authorized_keys line: "type base64 [comment]" (SPEC §4, SSH public keys). */
public record AuthorizedKey(String keyType, String publicKey, String comment, String fingerprint) {

    private static final int MAX_LINE = 16 * 1024;

    public static AuthorizedKey parse(String line) {
        String text = line == null ? "" : line.strip();
        if (text.isEmpty() || text.length() > MAX_LINE || text.contains("\n") || text.contains("\r")) {
            throw new AccountException("key: give one authorized_keys line, like 'ssh-ed25519 AAAA... comment'");
        }
        AuthorizedKeyEntry entry;
        PublicKey key;
        try {
            entry = AuthorizedKeyEntry.parseAuthorizedKeyEntry(text);
            if (entry == null) {
                throw new IllegalArgumentException("empty");
            }
            key = entry.resolvePublicKey(null, PublicKeyEntryResolver.FAILING);
        } catch (Exception e) {
            throw new AccountException("key: not a public key line (" + e.getMessage() + "); give it as"
                    + " 'ssh-ed25519 AAAA... comment', as in ~/.ssh/id_ed25519.pub");
        }
        if (key == null) {
            throw new AccountException("key: unsupported key type '" + entry.getKeyType() + "'; use ssh-ed25519,"
                    + " ecdsa-sha2-nistp256/384/521 or ssh-rsa (2048 bits or more)");
        }
        if (entry.getLoginOptions() != null && !entry.getLoginOptions().isEmpty()) {
            throw new AccountException("key: authorized_keys options (" + String.join(",", entry.getLoginOptions().keySet())
                    + ") are not supported; give only 'type base64 [comment]'");
        }
        if (key instanceof DSAPublicKey) {
            throw new AccountException("key: DSA keys are insecure and refused; use ssh-ed25519");
        }
        if (key instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() < 2048) {
            throw new AccountException("key: RSA keys shorter than 2048 bits are refused; use ssh-ed25519 or a longer key");
        }
        String comment = entry.getComment() == null ? "" : entry.getComment().strip();
        if (comment.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new AccountException("key: the comment must not hold control characters");
        }
        String publicKey = PublicKeyEntry.toString(key);
        return new AuthorizedKey(KeyUtils.getKeyType(key), publicKey, comment, KeyUtils.getFingerPrint(key));
    }
}
