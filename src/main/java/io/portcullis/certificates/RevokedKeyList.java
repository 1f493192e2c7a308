package io.portcullis.certificates;

import java.security.PublicKey;
import java.util.Optional;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.OpenSshCertificate;

/**
 * A RevokedKeys file that lists public keys: sshkey_in_file with its public parts compared (a listed
 * certificate revokes its key, a listed key every certificate of it) and the presented certificate's CA too.
 */
record RevokedKeyList(KeyLines lines) implements RevokedKeys {

    @Override
    public Optional<String> revocation(PublicKey key) {
        for (KeyLines.Line line : lines.keys()) {
            PublicKey listed = plain(line.key());
            if (KeyUtils.compareKeys(listed, plain(key))) {
                return Optional.of("key listed on line " + line.number());
            }
            if (key instanceof OpenSshCertificate cert && KeyUtils.compareKeys(listed, cert.getCaPubKey())) {
                return Optional.of("its CA " + KeyBlob.fingerprint(cert.getCaPubKey()) + " is listed on line "
                        + line.number());
            }
        }
        return Optional.empty();
    }

    private static PublicKey plain(PublicKey key) {
        return key instanceof OpenSshCertificate cert ? cert.getCertPubKey() : key;
    }
}
