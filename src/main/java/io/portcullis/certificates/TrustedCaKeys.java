package io.portcullis.certificates;

import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.OpenSshCertificate;

/**
 * The TrustedUserCAKeys file: the public keys of the certificate authorities whose user certificates are
 * accepted. sshd skips a line that is no key; so does this, and says which ({@link #problems()}), so that the
 * save refuses the file and a file spoiled since is logged.
 */
public record TrustedCaKeys(List<PublicKey> keys, List<String> problems) {

    public static TrustedCaKeys parse(String text) {
        KeyLines lines = KeyLines.parse(text);
        List<PublicKey> keys = new ArrayList<>();
        List<String> problems = new ArrayList<>(lines.problems());
        for (KeyLines.Line line : lines.keys()) {
            if (line.key() instanceof OpenSshCertificate) {
                // a CA signs with a plain key: a certificate here would never match one
                problems.add("line " + line.number() + " is a certificate, not a CA's public key: list the CA's .pub");
            } else {
                keys.add(line.key());
            }
        }
        return new TrustedCaKeys(List.copyOf(keys), List.copyOf(problems));
    }

    /** sshkey_equal: the same key type and key. */
    public boolean trusts(PublicKey ca) {
        return keys.stream().anyMatch(k -> KeyUtils.compareKeys(k, ca));
    }
}
