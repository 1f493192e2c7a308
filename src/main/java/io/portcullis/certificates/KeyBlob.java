package io.portcullis.certificates;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Base64;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;

/**
 * A public key in SSH wire form without any certificate (krl.c's plain_key_blob): what a KRL lists
 * explicitly, and what its SHA1 and SHA256 fingerprint sections hash.
 */
public record KeyBlob(byte[] bytes) {

    /** The plain key of {@code key}: a certificate's certified key, a plain key itself. */
    public static KeyBlob of(PublicKey key) {
        PublicKey plain = key instanceof OpenSshCertificate cert ? cert.getCertPubKey() : key;
        ByteArrayBuffer buffer = new ByteArrayBuffer();
        buffer.putRawPublicKey(plain);
        return new KeyBlob(buffer.getCompactData());
    }

    public byte[] sha1() {
        return digest("SHA-1");
    }

    public byte[] sha256() {
        return digest("SHA-256");
    }

    /** As ssh-keygen -l and the audit name keys: {@code SHA256:} and unpadded base64. */
    public static String fingerprint(PublicKey key) {
        PublicKey plain = key instanceof OpenSshCertificate cert ? cert.getCertPubKey() : key;
        return KeyUtils.getFingerPrint(plain);
    }

    private byte[] digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm).digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is part of every JDK", e);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof KeyBlob b && Arrays.equals(bytes, b.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
