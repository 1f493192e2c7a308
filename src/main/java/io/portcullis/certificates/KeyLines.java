package io.portcullis.certificates;

import io.portcullis.audit.LogText;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;

/**
 * A file of public keys, one {@code type base64 [comment]} a line, blank lines and lines starting with
 * {@code #} allowed: TrustedUserCAKeys, and RevokedKeys when it is not a KRL (sshd reads both with
 * authfile.c's sshkey_in_file). A line that is no key is kept as a problem naming its number.
 */
record KeyLines(List<Line> keys, List<String> problems) {

    /** A key and the line it is on. */
    record Line(PublicKey key, int number) {
    }

    static KeyLines parse(String text) {
        List<Line> keys = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                keys.add(new Line(PublicKeyEntry.parsePublicKeyEntry(line).resolvePublicKey(null, null,
                        PublicKeyEntryResolver.FAILING), i + 1));
            } catch (Exception e) {
                problems.add("line " + (i + 1) + " is not a public key ('" + LogText.capped(line, 60) + "'): "
                        + "each line must be 'type base64 [comment]', as in a .pub file");
            }
        }
        return new KeyLines(List.copyOf(keys), List.copyOf(problems));
    }
}
