package io.portcullis.store;

import io.portcullis.host.DataDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * Seals private keys stored in the database with AES-256-GCM under a 32-byte secret kept in
 * {@code DATA_DIR/secret.key} (mode 0600): a copy of the database alone reveals no private key.
 */
@Component
public class SecretBox {

    private static final int NONCE_BYTES = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    public SecretBox(DataDirectory dataDirectory) {
        this.key = new SecretKeySpec(loadOrCreate(dataDirectory.secretFile()), "AES");
    }

    /** Encrypts {@code plain}, binding it to {@code label} (e.g. the key type) so blobs cannot be swapped. */
    public byte[] seal(String label, byte[] plain) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            RANDOM.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            cipher.updateAAD(label.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plain);
            byte[] out = Arrays.copyOf(nonce, NONCE_BYTES + sealed.length);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal a secret", e);
        }
    }

    public byte[] open(String label, byte[] sealed) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, sealed, 0, NONCE_BYTES));
            cipher.updateAAD(label.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot open the sealed " + label + ": the secret file does not belong to"
                    + " this database (restore secret.key together with portcullis.db)", e);
        }
    }

    private static byte[] loadOrCreate(Path file) {
        try {
            if (!Files.exists(file)) {
                byte[] secret = new byte[32];
                RANDOM.nextBytes(secret);
                Set<PosixFilePermission> owner = PosixFilePermissions.fromString("rw-------");
                try {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(owner));
                    Files.write(file, secret);
                    return secret;
                } catch (FileAlreadyExistsException raced) {
                    // another start created it first; read theirs
                }
            }
            byte[] secret = Files.readAllBytes(file);
            if (secret.length != 32) {
                throw new IllegalStateException(file + " must hold exactly 32 bytes; restore it from the backup it"
                        + " came with");
            }
            return secret;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the secret file " + file, e);
        }
    }
}
