package io.portcullis.certificates;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.Optional;

/**
 * The RevokedKeys file, as sshd takes it (authfile.c, sshkey_check_revoked): a KRL when it starts with the KRL
 * magic, otherwise a plain list of public keys. Either way a key, a certificate and a certificate's CA are
 * refused when listed.
 */
public interface RevokedKeys {

    /** Why {@code key} (a plain key or a certificate) is revoked; empty when it is not. */
    Optional<String> revocation(PublicKey key);

    /** Throws {@link IllegalArgumentException} naming what cannot be read: sshd then refuses every key. */
    static RevokedKeys parse(byte[] content) {
        if (Krl.isKrl(content)) {
            return Krl.parse(content);
        }
        KeyLines lines = KeyLines.parse(new String(content, StandardCharsets.UTF_8));
        if (!lines.problems().isEmpty()) {
            throw new IllegalArgumentException("neither a KRL nor a list of public keys: " + lines.problems().get(0)
                    + (lines.problems().size() > 1 ? " (and " + (lines.problems().size() - 1) + " more)" : ""));
        }
        return new RevokedKeyList(lines);
    }
}
