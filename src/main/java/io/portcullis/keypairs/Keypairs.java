package io.portcullis.keypairs;

import io.portcullis.audit.AuditLog.Actor;
import io.portcullis.audit.AuditLog;
import io.portcullis.store.ConnectionRepository;
import io.portcullis.store.KeypairRepository.StoredKeypair;
import io.portcullis.store.KeypairRepository;
import io.portcullis.store.SecretBox;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.springframework.stereotype.Component;

/**
 * The appliance's own keypairs (SPEC §5), used to log in to other SSH servers. Private parts are sealed
 * with {@link SecretBox} as host keys are, and leave this class only as a {@link KeyPair} for a connection:
 * never printed, logged, audited or put in JSON.
 */
@Component
public class Keypairs {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final KeypairRepository repository;
    private final ConnectionRepository connections;
    private final SecretBox secrets;
    private final AuditLog audit;

    public Keypairs(KeypairRepository repository, ConnectionRepository connections, SecretBox secrets, AuditLog audit) {
        this.repository = repository;
        this.connections = connections;
        this.secrets = secrets;
        this.audit = audit;
    }

    public List<Keypair> list() {
        return repository.findAll().stream().map(Keypairs::shown).toList();
    }

    public List<String> names() {
        return list().stream().map(Keypair::name).toList();
    }

    public Optional<Keypair> find(String name) {
        return repository.find(name).map(Keypairs::shown);
    }

    public Keypair require(String name) {
        return find(name).orElseThrow(() -> new KeypairException("no keypair named '" + name + "'; 'ssh keypairs list'"
                + " shows them"));
    }

    /** The connections that log in with this keypair. */
    public List<String> usedBy(String name) {
        return connections.usingKeypair(name);
    }

    public Keypair generate(Actor actor, String name, KeyType type, Integer bits) {
        checkNewName(name);
        int size = type.bits(bits);
        KeyPair pair;
        try {
            pair = KeyUtils.generateKeyPair(type.sshKeyType(size), size);
        } catch (Exception e) {
            throw new IllegalStateException("cannot generate a " + type + " key of " + size + " bits", e);
        }
        Keypair made = store(name, pair);
        audit.change(actor, "ssh keypairs generate " + name, made.type() + " " + made.bits() + " " + made.fingerprint());
        return made;
    }

    /**
     * Imports an unencrypted private key; its public part is derived. When {@code publicKeyLine} is given it
     * must be that derived key, so a mismatched pair is refused before anything is stored.
     */
    public Keypair importKey(Actor actor, String name, String privateKeyText, Optional<String> publicKeyLine) {
        checkNewName(name);
        KeyPair pair = PrivateKeyText.read(privateKeyText);
        if (publicKeyLine.isPresent()) {
            PublicKey given = parsePublicKey(publicKeyLine.get());
            if (!KeyUtils.compareKeys(given, pair.getPublic())) {
                throw new KeypairException("the public key given (" + KeyUtils.getFingerPrint(given) + ") does not"
                        + " belong to the private key (whose public key is " + KeyUtils.getFingerPrint(pair.getPublic())
                        + "); nothing was imported: give the matching pair, or leave --public-key out");
            }
        }
        Keypair made = store(name, pair);
        audit.change(actor, "ssh keypairs import " + name, made.type() + " " + made.bits() + " " + made.fingerprint());
        return made;
    }

    public void delete(Actor actor, String name) {
        Keypair keypair = require(name);
        List<String> users = usedBy(name);
        if (!users.isEmpty()) {
            throw new KeypairException("keypair '" + name + "' is used by connection" + (users.size() == 1 ? " " : "s ")
                    + String.join(", ", users) + "; delete " + (users.size() == 1 ? "it" : "them")
                    + " with 'ssh connections delete NAME' first");
        }
        repository.delete(name);
        audit.change(actor, "ssh keypairs delete " + name, keypair.type() + " " + keypair.fingerprint());
    }

    /** A keypair's private part as an OpenSSH key file, from its row sealed by this appliance (a backup). */
    public byte[] openSealed(String name, byte[] sealed) {
        return secrets.open(label(name), sealed);
    }

    /** A restored keypair's private part sealed for this appliance, once it is known to match its public key. */
    public byte[] sealRestored(String name, String publicKey, byte[] keyFile) {
        if (!PrivateKeyText.matches(keyFile, publicKey)) {
            throw new KeypairException("the keypair '" + name + "' has no private part, or not the one of its"
                    + " public key");
        }
        return secrets.seal(label(name), keyFile);
    }

    /** The whole pair, for logging in to another server with it. */
    public KeyPair keyPair(String name) {
        StoredKeypair stored = repository.find(name).orElseThrow(() -> new KeypairException("no keypair named '"
                + name + "'; 'ssh keypairs list' shows them"));
        byte[] text = secrets.open(label(name), stored.sealedPrivateKey());
        try {
            return SecurityUtils.loadKeyPairIdentities(null, NamedResource.ofName("keypair " + name),
                    new ByteArrayInputStream(text), null).iterator().next();
        } catch (Exception e) {
            throw new KeypairException("the stored keypair '" + name + "' cannot be read; delete it and generate or"
                    + " import it again");
        }
    }

    private Keypair store(String name, KeyPair pair) {
        try {
            ByteArrayOutputStream text = new ByteArrayOutputStream();
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, name + "@portcullis", null, text);
            PublicKey publicKey = pair.getPublic();
            StoredKeypair stored = new StoredKeypair(name, KeyUtils.getKeyType(publicKey), KeyUtils.getKeySize(publicKey),
                    PublicKeyEntry.toString(publicKey), KeyUtils.getFingerPrint(publicKey),
                    secrets.seal(label(name), text.toByteArray()), Instant.now());
            repository.insert(stored);
            return shown(stored);
        } catch (java.io.IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException("cannot store keypair " + name, e);
        }
    }

    private void checkNewName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new KeypairException("keypair name '" + io.portcullis.accounts.AccountRules.printable(name)
                    + "': use 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        if (repository.find(name).isPresent()) {
            throw new KeypairException("a keypair named '" + name + "' exists already; choose another name or delete"
                    + " it first");
        }
    }

    static PublicKey parsePublicKey(String line) {
        try {
            PublicKey key = PublicKeyEntry.parsePublicKeyEntry(line.strip())
                    .resolvePublicKey(null, null, PublicKeyEntryResolver.FAILING);
            if (key == null) {
                throw new IllegalArgumentException("no key");
            }
            return key;
        } catch (Exception e) {
            throw new KeypairException("--public-key: not a public key line ('type base64 [comment]', as in a .pub"
                    + " file)");
        }
    }

    /** Binds each sealed blob to its keypair, so blobs cannot be swapped between rows. */
    private static String label(String name) {
        return "keypair:" + name;
    }

    private static Keypair shown(StoredKeypair k) {
        return new Keypair(k.name(), k.keyType(), k.bits(), k.publicKey(), k.fingerprint(), k.createdAt());
    }
}
