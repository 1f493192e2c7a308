package io.portcullis.keypairs;

import io.portcullis.store.HostKeyRepository.StoredHostKey;
import io.portcullis.store.HostKeyRepository;
import io.portcullis.store.SecretBox;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.session.SessionContext;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.springframework.stereotype.Component;

/**
 * The appliance's host keys (SPEC §3): generated once, kept in the database with their private parts
 * sealed, so fingerprints survive restarts and a database backup restores the appliance's identity.
 */
@Component
public class HostKeys {

    /** The host key types the appliance keeps, with their sizes. */
    public enum Type {
        ED25519(KeyPairProvider.SSH_ED25519, 256, "ED25519"),
        ECDSA(KeyPairProvider.ECDSA_SHA2_NISTP256, 256, "ECDSA"),
        RSA(KeyPairProvider.SSH_RSA, 3072, "RSA");

        final String keyType;
        final int bits;
        final String label;

        Type(String keyType, int bits, String label) {
            this.keyType = keyType;
            this.bits = bits;
            this.label = label;
        }

        public String keyType() {
            return keyType;
        }

        public String label() {
            return label;
        }

        public static Type of(String keyType) {
            for (Type t : values()) {
                if (t.keyType.equals(keyType)) {
                    return t;
                }
            }
            throw new IllegalArgumentException("unknown host key type " + keyType);
        }
    }

    /** What {@code ssh hostkeys list} and start-up print: as {@code ssh-keygen -lf} does. */
    public record Fingerprint(Type type, int bits, String sha256) {
        @Override
        public String toString() {
            return bits + " " + sha256 + " (" + type.label + ")";
        }
    }

    private final HostKeyRepository repository;
    private final SecretBox secrets;
    private final Map<Type, KeyPair> keys = new ConcurrentHashMap<>();

    public HostKeys(HostKeyRepository repository, SecretBox secrets) {
        this.repository = repository;
        this.secrets = secrets;
    }

    /** Loads the stored keys and generates any type that is missing. */
    public synchronized void loadOrGenerate() {
        for (StoredHostKey stored : repository.findAll()) {
            keys.put(Type.of(stored.keyType()), decode(stored));
        }
        for (Type type : Type.values()) {
            if (!keys.containsKey(type)) {
                regenerate(type);
            }
        }
    }

    /** Replaces the key of one type; sessions negotiated with the old key are not affected. */
    public synchronized Fingerprint regenerate(Type type) {
        try {
            KeyPair pair = KeyUtils.generateKeyPair(type.keyType, type.bits);
            ByteArrayOutputStream pem = new ByteArrayOutputStream();
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, "portcullis host key", null, pem);
            repository.save(new StoredHostKey(type.keyType, PublicKeyEntry.toString(pair.getPublic()),
                    KeyUtils.getFingerPrint(pair.getPublic()), secrets.seal(type.keyType, pem.toByteArray()), Instant.now()));
            keys.put(type, pair);
            return fingerprint(type, pair.getPublic());
        } catch (Exception e) {
            throw new IllegalStateException("cannot generate the " + type.label + " host key", e);
        }
    }

    /** A host key's private part as an OpenSSH key file, from its row sealed by this appliance (a backup). */
    public byte[] openSealed(String keyType, byte[] sealed) {
        return secrets.open(keyType, sealed);
    }

    /**
     * A restored host key's private part sealed for this appliance, once it is known to be the private half
     * of the restored row's public key; throws naming the key type otherwise.
     */
    public byte[] sealRestored(String keyType, String publicKey, byte[] keyFile) {
        if (java.util.Arrays.stream(Type.values()).noneMatch(t -> t.keyType.equals(keyType))) {
            throw new KeypairException("a host key of type '" + keyType + "', which this version does not keep");
        }
        if (!PrivateKeyText.matches(keyFile, publicKey)) {
            throw new KeypairException("the " + keyType + " host key's private part is missing or is not the one of"
                    + " its public key");
        }
        return secrets.seal(keyType, keyFile);
    }

    /**
     * After a restore: the stored keys in place of those in memory, each replaced at once so that a connection
     * meanwhile is always offered a key (a type the restore lacked is generated).
     */
    public synchronized void reload() {
        loadOrGenerate();
    }

    public List<Fingerprint> fingerprints() {
        List<Fingerprint> out = new ArrayList<>();
        keys.entrySet().stream().sorted(Map.Entry.comparingByKey(Comparator.naturalOrder()))
                .forEach(e -> out.add(fingerprint(e.getKey(), e.getValue().getPublic())));
        return out;
    }

    /** Serves the current keys to MINA; which of them are offered is decided by the signature factories. */
    public KeyPairProvider provider() {
        return new KeyPairProvider() {
            @Override
            public Iterable<KeyPair> loadKeys(SessionContext session) {
                List<KeyPair> pairs = new ArrayList<>();
                for (Type t : Type.values()) {
                    KeyPair pair = keys.get(t);
                    if (pair != null) {
                        pairs.add(pair);
                    }
                }
                return pairs;
            }
        };
    }

    private static Fingerprint fingerprint(Type type, PublicKey key) {
        return new Fingerprint(type, KeyUtils.getKeySize(key), KeyUtils.getFingerPrint(key));
    }

    private KeyPair decode(StoredHostKey stored) {
        byte[] pem = secrets.open(stored.keyType(), stored.sealedPrivateKey());
        try {
            Iterable<KeyPair> pairs = SecurityUtils.loadKeyPairIdentities(null,
                    org.apache.sshd.common.NamedResource.ofName("host-key-" + stored.keyType()), new ByteArrayInputStream(pem), null);
            return pairs.iterator().next();
        } catch (Exception e) {
            throw new IllegalStateException("the stored " + stored.keyType() + " host key cannot be read; regenerate it"
                    + " with 'ssh hostkeys regenerate'", e);
        }
    }
}
