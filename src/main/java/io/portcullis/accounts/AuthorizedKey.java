package io.portcullis.accounts;

import java.security.PublicKey;
import java.util.Base64;
import java.util.List;
import java.security.interfaces.DSAPublicKey;
import java.security.interfaces.RSAPublicKey;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;

/** A parsed, checked authorized_keys line: "type base64 [comment]" (SPEC §4, SSH public keys). */
public record AuthorizedKey(String keyType, String publicKey, String comment, String fingerprint) {

    private static final int MAX_LINE = 16 * 1024;

    /** What may start a key line; anything else is an options prefix or not a key. */
    static final List<String> TYPES = List.of("ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384",
            "ecdsa-sha2-nistp521", "ssh-rsa", "ssh-dss", "sk-ssh-ed25519@openssh.com",
            "sk-ecdsa-sha2-nistp256@openssh.com");

    /**
     * The line's fields said in our own words before the library sees them: a known type, base64 key data,
     * and the same type named inside the data (a public key blob starts with its type).
     */
    private static void checkFields(String text) {
        String[] fields = text.split("\\s+");
        String type = fields[0];
        if (!TYPES.contains(type)) {
            if (java.util.Arrays.stream(fields).skip(1).anyMatch(TYPES::contains)) {
                return; // an options prefix: refused below with the options named
            }
            throw new AccountException("key: '" + AccountRules.printable(type) + "' is not a key type; the line must"
                    + " start with one, such as ssh-ed25519, ecdsa-sha2-nistp256 or ssh-rsa, then the key data");
        }
        if (fields.length < 2) {
            throw new AccountException("key: the key data is missing after '" + type + "'; give the whole line,"
                    + " 'type base64 [comment]', as in ~/.ssh/id_ed25519.pub");
        }
        byte[] blob;
        try {
            blob = Base64.getDecoder().decode(fields[1]);
        } catch (IllegalArgumentException e) {
            throw new AccountException("key: the key data after '" + type + "' is not valid base64: it was cut short"
                    + " or a character changed; copy the whole line again from the .pub file");
        }
        String named = blobType(blob);
        if (named == null) {
            throw new AccountException("key: the key data after '" + type + "' is too short to be a key; copy the"
                    + " whole line again from the .pub file");
        }
        if (!named.equals(type)) {
            throw new AccountException("key: the line says '" + type + "' but its key data is a '"
                    + AccountRules.printable(named) + "' key; give the line as the .pub file has it");
        }
    }

    /** The type a public key blob names first (uint32 length, then the name), or null if it holds none. */
    private static String blobType(byte[] blob) {
        if (blob.length < 4) {
            return null;
        }
        long length = ((blob[0] & 0xFFL) << 24) | ((blob[1] & 0xFF) << 16) | ((blob[2] & 0xFF) << 8) | (blob[3] & 0xFF);
        if (length == 0 || length > 64 || 4 + length > blob.length) {
            return null;
        }
        return new String(blob, 4, (int) length, java.nio.charset.StandardCharsets.US_ASCII);
    }

    private static String firstWord(String text) {
        return AccountRules.printable(text.split("\\s+")[0]);
    }

    public static AuthorizedKey parse(String line) {
        String text = line == null ? "" : line.strip();
        if (text.isEmpty() || text.length() > MAX_LINE || text.contains("\n") || text.contains("\r")) {
            throw new AccountException("key: give one authorized_keys line, like 'ssh-ed25519 AAAA... comment'");
        }
        checkFields(text);
        AuthorizedKeyEntry entry;
        PublicKey key;
        try {
            entry = AuthorizedKeyEntry.parseAuthorizedKeyEntry(text);
            if (entry == null) {
                throw new IllegalArgumentException("empty");
            }
            key = entry.resolvePublicKey(null, PublicKeyEntryResolver.FAILING);
        } catch (Exception e) {
            // the fields are in order (checkFields), so what is left is inside the key data
            throw new AccountException("key: the key data after '" + firstWord(text) + "' is damaged: it does not hold"
                    + " a whole key of that type; copy the whole line again from the .pub file");
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
