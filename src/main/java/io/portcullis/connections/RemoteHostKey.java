package io.portcullis.connections;

import java.security.PublicKey;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;

/** A remote server's host key: its type, its SHA256 fingerprint (as ssh-keygen -lf shows) and the key itself. */
public record RemoteHostKey(String type, String fingerprint, String publicKeyLine) {

    static RemoteHostKey of(PublicKey key) {
        return new RemoteHostKey(KeyUtils.getKeyType(key), KeyUtils.getFingerPrint(key), PublicKeyEntry.toString(key));
    }

    static RemoteHostKey parse(String line) {
        return of(publicKey(line));
    }

    PublicKey publicKey() {
        return publicKey(publicKeyLine);
    }

    boolean sameKeyAs(PublicKey other) {
        return KeyUtils.compareKeys(publicKey(), other);
    }

    private static PublicKey publicKey(String line) {
        try {
            return PublicKeyEntry.parsePublicKeyEntry(line).resolvePublicKey(null, null, PublicKeyEntryResolver.FAILING);
        } catch (Exception e) {
            throw new ConnectionException("the pinned host key cannot be read; pin it again with 'ssh connections"
                    + " discover-host-key NAME'");
        }
    }

    @Override
    public String toString() {
        return type + " " + fingerprint;
    }
}
