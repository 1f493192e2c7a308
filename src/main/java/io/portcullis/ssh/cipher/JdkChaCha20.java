package io.portcullis.ssh.cipher;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.security.NoSuchProviderException;
import javax.crypto.Cipher;
import javax.crypto.spec.ChaCha20ParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The JDK's ChaCha20 (RFC 8439; HotSpot intrinsics from JDK 20) for one key, applied in place. The JDK refuses
 * to encrypt twice under one key and nonce, so each packet's stream is one init with its own nonce.
 */
final class JdkChaCha20 {

    private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private final Cipher cipher;
    private final SecretKeySpec key;
    private final int mode;
    private final byte[] nonce = new byte[12];

    JdkChaCha20(byte[] keyBytes, int offset, boolean encrypt) throws GeneralSecurityException {
        Cipher c;
        try {
            c = Cipher.getInstance("ChaCha20", "SunJCE");
        } catch (NoSuchProviderException | NoSuchAlgorithmException e) {
            c = Cipher.getInstance("ChaCha20");
        }
        cipher = c;
        key = new SecretKeySpec(keyBytes, offset, 32, "ChaCha20");
        mode = encrypt ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE;
    }

    /** XORs {@code data[offset..offset+length)} with the keystream of nonce {@code 0 ‖ n} from block {@code counter}. */
    void xor(long n, int counter, byte[] data, int offset, int length) throws GeneralSecurityException {
        LONG_BE.set(nonce, 4, n);
        cipher.init(mode, key, new ChaCha20ParameterSpec(nonce, counter));
        if (length > 0) {
            cipher.update(data, offset, length, data, offset);
        }
    }
}
