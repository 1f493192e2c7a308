package io.portcullis.backup;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code .pcb} file of {@code system config export}: a header, then the contents sealed with AES-256-GCM
 * under a key derived from the passphrase (PBKDF2-HMAC-SHA256). Everything is authenticated: the header is
 * the cipher's associated data, so a truncated, edited or hand-made file is refused, and each way it can be
 * wrong is told apart before anything is decrypted where it can be (truncation, a newer format or schema,
 * an edited header), then by a key check (the wrong passphrase) and the cipher's tag (edited contents).
 *
 * <p>Layout, big-endian: magic {@code 89 'P' 'C' 'B' 0D 0A 1A 0A} (as PNG's: a transfer that mangles line
 * ends or the eighth bit shows), format version (u16), database schema version (u32), creation time (epoch
 * seconds, i64), KDF id (u8, 1 = PBKDF2-HMAC-SHA256), iterations (u32), salt (16), GCM nonce (12), sealed
 * length (u64), producer (u16 length + UTF-8), SHA-256 of all that, HMAC-SHA256 of all that under the
 * passphrase's check key; then the sealed contents. The KDF gives 64 bytes: the cipher key, then the check key.
 */
public final class BackupFile {

    static final byte[] MAGIC = {(byte) 0x89, 'P', 'C', 'B', '\r', '\n', 0x1a, '\n'};
    static final int FORMAT = 1;
    static final int KDF_PBKDF2_SHA256 = 1;
    /** OWASP's figure for PBKDF2-HMAC-SHA256 (2023). */
    static final int ITERATIONS = 600_000;
    /** What a file may ask for: fewer would be weak, more would make a hand-made file hold the appliance up. */
    static final int MIN_ITERATIONS = 100_000;
    static final int MAX_ITERATIONS = 10_000_000;
    /** More than any configuration needs; a larger file is refused before it is read whole. */
    public static final int MAX_BYTES = 64 * 1024 * 1024;

    private static final int SALT = 16;
    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;
    private static final int DIGEST = 32;
    /** Up to the producer's length. */
    private static final int FIXED = 8 + 2 + 4 + 8 + 1 + 4 + SALT + NONCE + 8 + 2;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What the header says; readable without the passphrase. */
    public record Header(int format, int schemaVersion, Instant created, int iterations, String producer) {
    }

    /** A file opened with its passphrase: its header and its contents. */
    public record Opened(Header header, byte[] contents) {
    }

    private BackupFile() {
    }

    /** Seals {@code contents}; the result is the whole file. */
    public static byte[] seal(byte[] contents, char[] passphrase, int schemaVersion, String producer) {
        return seal(contents, passphrase, schemaVersion, producer, ITERATIONS);
    }

    static byte[] seal(byte[] contents, char[] passphrase, int schemaVersion, String producer, int iterations) {
        byte[] salt = random(SALT);
        byte[] nonce = random(NONCE);
        Keys keys = Keys.derive(passphrase, salt, iterations);
        try {
            ByteArrayOutputStream header = new ByteArrayOutputStream();
            DataOutputStream h = new DataOutputStream(header);
            h.write(MAGIC);
            h.writeShort(FORMAT);
            h.writeInt(schemaVersion);
            h.writeLong(Instant.now().getEpochSecond());
            h.writeByte(KDF_PBKDF2_SHA256);
            h.writeInt(iterations);
            h.write(salt);
            h.write(nonce);
            h.writeLong(contents.length + TAG_BITS / 8);
            byte[] name = producer.getBytes(StandardCharsets.UTF_8);
            h.writeShort(name.length);
            h.write(name);
            h.write(sha256(header.toByteArray()));
            h.write(keys.check(header.toByteArray()));
            byte[] aad = header.toByteArray();
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.cipher, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad);
            byte[] sealed = cipher.doFinal(contents);
            byte[] file = Arrays.copyOf(aad, aad.length + sealed.length);
            System.arraycopy(sealed, 0, file, aad.length, sealed.length);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal the backup", e);
        }
    }

    /** The header, checked: everything that can be known wrong without the passphrase is refused here. */
    public static Header header(byte[] file, int currentSchema) {
        return parse(file, currentSchema).header;
    }

    /** Checks and opens a whole file; each refusal says what is wrong with it. */
    public static Opened open(byte[] file, char[] passphrase, int currentSchema) {
        Parsed parsed = parse(file, currentSchema);
        Keys keys = Keys.derive(passphrase, parsed.salt, parsed.header.iterations());
        byte[] aad = Arrays.copyOf(file, parsed.aadLength);
        byte[] expected = keys.check(Arrays.copyOf(file, parsed.aadLength - DIGEST));
        if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(file, parsed.aadLength - DIGEST, parsed.aadLength))) {
            throw new BackupException("wrong passphrase: this backup was sealed with another one; give the passphrase"
                    + " it was exported with");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, keys.cipher, new GCMParameterSpec(TAG_BITS, parsed.nonce));
            cipher.updateAAD(aad);
            return new Opened(parsed.header, cipher.doFinal(file, parsed.aadLength, file.length - parsed.aadLength));
        } catch (AEADBadTagException e) {
            throw new BackupException("its contents were changed after it was made (they fail their authentication);"
                    + " use an unaltered copy of the file 'system config export' wrote");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot open the backup", e);
        }
    }

    private record Parsed(Header header, byte[] salt, byte[] nonce, int aadLength) {
    }

    private static Parsed parse(byte[] file, int currentSchema) {
        if (file.length == 0) {
            throw new BackupException("the file is empty; give a file made by 'system config export' (was the export"
                    + " redirected to it, and did it succeed?)");
        }
        if (!startsWithMagic(file)) {
            if (file.length >= 4 && file[0] == MAGIC[0] && file[1] == 'P' && file[2] == 'C' && file[3] == 'B') {
                throw new BackupException("the file was changed in transit as if it were text (its line ends or"
                        + " eighth bits were converted); copy it again as binary");
            }
            throw new BackupException(file.length < MAGIC.length && isPrefixOfMagic(file)
                    ? "truncated: it has only " + file.length + " bytes; copy the whole file again"
                    : "not a Portcullis configuration backup (it does not begin with one's signature); give a file"
                    + " made by 'system config export'");
        }
        if (file.length < FIXED) {
            throw truncated("inside its header (" + file.length + " bytes)");
        }
        ByteBuffer b = ByteBuffer.wrap(file);
        b.position(MAGIC.length);
        int format = Short.toUnsignedInt(b.getShort());
        int schema = b.getInt();
        long created = b.getLong();
        int kdf = Byte.toUnsignedInt(b.get());
        int iterations = b.getInt();
        byte[] salt = new byte[SALT];
        b.get(salt);
        byte[] nonce = new byte[NONCE];
        b.get(nonce);
        long sealedLength = b.getLong();
        int nameLength = Short.toUnsignedInt(b.getShort());
        if (format > FORMAT) {
            throw new BackupException("made by a newer Portcullis (backup format " + format + "; this one reads format "
                    + FORMAT + "); upgrade this appliance first, then import it");
        }
        int aadLength = FIXED + nameLength + 2 * DIGEST;
        if (file.length < aadLength) {
            throw truncated("inside its header (" + file.length + " bytes)");
        }
        byte[] digest = Arrays.copyOfRange(file, FIXED + nameLength, FIXED + nameLength + DIGEST);
        if (!MessageDigest.isEqual(digest, sha256(Arrays.copyOf(file, FIXED + nameLength)))) {
            throw new BackupException("its header was edited or damaged (its checksum does not match): not as"
                    + " 'system config export' made it; use an unaltered copy");
        }
        String producer = new String(file, FIXED, nameLength, StandardCharsets.UTF_8);
        if (format < 1 || kdf != KDF_PBKDF2_SHA256 || iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS
                || schema < 1 || sealedLength < TAG_BITS / 8) {
            throw new BackupException("its header names a format, key derivation or size that 'system config export'"
                    + " never writes: the file was made by hand or by another program; give one it made");
        }
        if (schema > currentSchema) {
            throw new BackupException("made by a newer Portcullis (" + producer + ", database schema " + schema
                    + "); this appliance has schema " + currentSchema + ": upgrade it first, then import the backup");
        }
        long whole = aadLength + sealedLength;
        if (file.length < whole) {
            throw truncated("after " + file.length + " of its " + whole + " bytes");
        }
        if (file.length > whole) {
            throw new BackupException("it has " + (file.length - whole) + " bytes after its end: not as 'system config"
                    + " export' made it; use an unaltered copy");
        }
        return new Parsed(new Header(format, schema, Instant.ofEpochSecond(created), iterations, producer), salt, nonce,
                aadLength);
    }

    private static BackupException truncated(String where) {
        return new BackupException("truncated: the file ends " + where + "; copy the whole file again");
    }

    private static boolean startsWithMagic(byte[] file) {
        return file.length >= MAGIC.length && Arrays.equals(file, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
    }

    private static boolean isPrefixOfMagic(byte[] file) {
        return Arrays.equals(file, 0, file.length, MAGIC, 0, file.length);
    }

    private static byte[] random(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The two keys a passphrase gives for one salt: the cipher's, and the one that checks the passphrase. */
    private record Keys(SecretKeySpec cipher, SecretKeySpec checking) {

        static Keys derive(char[] passphrase, byte[] salt, int iterations) {
            PBEKeySpec spec = new PBEKeySpec(passphrase, salt, iterations, 512);
            try {
                byte[] both = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
                Keys keys = new Keys(new SecretKeySpec(both, 0, 32, "AES"), new SecretKeySpec(both, 32, 32, "HmacSHA256"));
                Arrays.fill(both, (byte) 0);
                return keys;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot derive the backup's key", e);
            } finally {
                spec.clearPassword();
            }
        }

        byte[] check(byte[] header) {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(checking);
                return mac.doFinal(header);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
