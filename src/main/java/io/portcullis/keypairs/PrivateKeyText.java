package io.portcullis.keypairs;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.signature.BuiltinSignatures;
import org.apache.sshd.common.signature.Signature;
import org.apache.sshd.common.util.security.SecurityUtils;

/**
 * Reads an unencrypted private key in OpenSSH or PEM form (SPEC §5, import) and derives its public part.
 * An encrypted key, a public key or anything else is refused with what to do; the key text itself never
 * appears in a message.
 */
final class PrivateKeyText {

    /** Far more than a 16384-bit RSA key needs. */
    static final int MAX_BYTES = 64 * 1024;

    private PrivateKeyText() {
    }

    /**
     * Whether {@code keyFile} is the private half of {@code publicKeyLine} ("type base64", as stored): a
     * restored private key must be, or its row would offer one key and sign with another.
     */
    static boolean matches(byte[] keyFile, String publicKeyLine) {
        try {
            KeyPair pair = read(new String(keyFile, StandardCharsets.UTF_8));
            return KeyUtils.compareKeys(pair.getPublic(), Keypairs.parsePublicKey(publicKeyLine));
        } catch (KeypairException e) {
            return false;
        }
    }

    static KeyPair read(String text) {
        if (text.isBlank()) {
            throw new KeypairException("no private key given: name a file with --private-key-file PATH, or send the"
                    + " key on standard input");
        }
        if (text.length() > MAX_BYTES) {
            throw new KeypairException("the private key is longer than " + MAX_BYTES + " bytes; give one key file");
        }
        if (text.contains("ENCRYPTED")) {
            throw encrypted();
        }
        if (!text.contains("PRIVATE KEY-----")) {
            throw new KeypairException("this is not a private key in OpenSSH or PEM form (a '-----BEGIN ... PRIVATE"
                    + " KEY-----' block)" + (text.strip().startsWith("ssh-") || text.strip().startsWith("ecdsa-")
                    ? "; it looks like a public key: import the private key, its public part is derived" : ""));
        }
        AtomicBoolean askedForPassphrase = new AtomicBoolean();
        FilePasswordProvider noPassphrase = (session, resource, retry) -> {
            askedForPassphrase.set(true);
            return null;
        };
        List<KeyPair> pairs = new ArrayList<>();
        try {
            Iterable<KeyPair> loaded = SecurityUtils.loadKeyPairIdentities(null, NamedResource.ofName("imported key"),
                    new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), noPassphrase);
            if (loaded != null) {
                loaded.forEach(pairs::add);
            }
        } catch (Exception e) {
            if (askedForPassphrase.get()) {
                throw encrypted();
            }
            throw new KeypairException("the private key cannot be read (" + e.getClass().getSimpleName()
                    + "); give an unencrypted OpenSSH or PEM private key of type ed25519, ecdsa or rsa");
        }
        if (askedForPassphrase.get()) {
            throw encrypted();
        }
        if (pairs.size() != 1 || pairs.get(0).getPrivate() == null || pairs.get(0).getPublic() == null) {
            throw new KeypairException("the text holds " + pairs.size() + " usable private keys; give exactly one");
        }
        KeyPair pair = pairs.get(0);
        requireMatchingHalves(pair);
        return pair;
    }

    /** A file whose public half was swapped for another key's would otherwise be stored as a broken pair. */
    static void requireMatchingHalves(KeyPair pair) {
        try {
            String keyType = KeyUtils.getKeyType(pair);
            BuiltinSignatures factory = keyType.equals(org.apache.sshd.common.keyprovider.KeyPairProvider.SSH_RSA)
                    ? BuiltinSignatures.rsaSHA256 : BuiltinSignatures.fromFactoryName(keyType);
            if (factory == null) {
                throw new KeypairException("keys of type " + keyType + " are not supported; use ed25519, ecdsa or rsa");
            }
            byte[] challenge = "portcullis keypair check".getBytes(StandardCharsets.UTF_8);
            Signature signer = factory.create();
            signer.initSigner(null, pair.getPrivate());
            signer.update(null, challenge);
            byte[] signature = signer.sign(null);
            Signature verifier = factory.create();
            verifier.initVerifier(null, pair.getPublic());
            verifier.update(null, challenge);
            if (!verifier.verify(null, signature)) {
                throw mismatch();
            }
        } catch (KeypairException e) {
            throw e;
        } catch (Exception e) {
            throw mismatch();
        }
    }

    private static KeypairException mismatch() {
        return new KeypairException("the private and public parts of this key do not belong together; nothing was"
                + " imported: export the key again from where it was made");
    }

    private static KeypairException encrypted() {
        return new KeypairException("the private key is encrypted with a passphrase, which the appliance cannot"
                + " keep; remove the passphrase from a copy (ssh-keygen -p -N '' -f COPY) and import that copy");
    }
}
