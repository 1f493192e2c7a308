package io.portcullis.ssh.cipher;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The ChaCha20 block function (RFC 8439 §2.3) in plain Java, for one 256-bit key, with the 96-bit nonce
 * {@code 00000000 ‖ n} (n a 64-bit big-endian number, as OpenSSH's 64-bit IV is): the few keystream words a
 * packet's length and its Poly1305 key need, and whole streams where the JDK has no faster ChaCha20.
 */
final class ChaCha20 {

    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int C0 = 0x61707865;
    private static final int C1 = 0x3320646e;
    private static final int C2 = 0x79622d32;
    private static final int C3 = 0x6b206574;

    private final int[] key = new int[8];
    private final int[] block = new int[16];

    ChaCha20(byte[] keyBytes, int offset) {
        for (int i = 0; i < 8; i++) {
            key[i] = (int) INT_LE.get(keyBytes, offset + 4 * i);
        }
    }

    /** Writes the first {@code words} 32-bit words of keystream block {@code counter} to {@code out} (little-endian). */
    void keystream(long nonce, int counter, byte[] out, int offset, int words) {
        block(nonce, counter);
        for (int i = 0; i < words; i++) {
            INT_LE.set(out, offset + 4 * i, block[i]);
        }
    }

    /** The first keystream word of block {@code counter}, as a little-endian int (4 bytes of keystream). */
    int firstWord(long nonce, int counter) {
        block(nonce, counter);
        return block[0];
    }

    /** XORs {@code data[offset..offset+length)} with the keystream starting at block {@code counter}. */
    void xor(long nonce, int counter, byte[] data, int offset, int length) {
        while (length >= 64) {
            block(nonce, counter++);
            for (int i = 0; i < 16; i++) {
                int at = offset + 4 * i;
                INT_LE.set(data, at, (int) INT_LE.get(data, at) ^ block[i]);
            }
            offset += 64;
            length -= 64;
        }
        if (length > 0) {
            block(nonce, counter);
            for (int i = 0; i < length; i++) {
                data[offset + i] ^= (byte) (block[i >>> 2] >>> (8 * (i & 3)));
            }
        }
    }

    private void block(long nonce, int counter) {
        int k0 = key[0], k1 = key[1], k2 = key[2], k3 = key[3], k4 = key[4], k5 = key[5], k6 = key[6], k7 = key[7];
        int n1 = Integer.reverseBytes((int) (nonce >>> 32));
        int n2 = Integer.reverseBytes((int) nonce);
        int x0 = C0, x1 = C1, x2 = C2, x3 = C3;
        int x4 = k0, x5 = k1, x6 = k2, x7 = k3, x8 = k4, x9 = k5, x10 = k6, x11 = k7;
        int x12 = counter, x13 = 0, x14 = n1, x15 = n2;
        for (int i = 0; i < 10; i++) {
            x0 += x4; x12 = Integer.rotateLeft(x12 ^ x0, 16); x8 += x12; x4 = Integer.rotateLeft(x4 ^ x8, 12);
            x0 += x4; x12 = Integer.rotateLeft(x12 ^ x0, 8); x8 += x12; x4 = Integer.rotateLeft(x4 ^ x8, 7);
            x1 += x5; x13 = Integer.rotateLeft(x13 ^ x1, 16); x9 += x13; x5 = Integer.rotateLeft(x5 ^ x9, 12);
            x1 += x5; x13 = Integer.rotateLeft(x13 ^ x1, 8); x9 += x13; x5 = Integer.rotateLeft(x5 ^ x9, 7);
            x2 += x6; x14 = Integer.rotateLeft(x14 ^ x2, 16); x10 += x14; x6 = Integer.rotateLeft(x6 ^ x10, 12);
            x2 += x6; x14 = Integer.rotateLeft(x14 ^ x2, 8); x10 += x14; x6 = Integer.rotateLeft(x6 ^ x10, 7);
            x3 += x7; x15 = Integer.rotateLeft(x15 ^ x3, 16); x11 += x15; x7 = Integer.rotateLeft(x7 ^ x11, 12);
            x3 += x7; x15 = Integer.rotateLeft(x15 ^ x3, 8); x11 += x15; x7 = Integer.rotateLeft(x7 ^ x11, 7);

            x0 += x5; x15 = Integer.rotateLeft(x15 ^ x0, 16); x10 += x15; x5 = Integer.rotateLeft(x5 ^ x10, 12);
            x0 += x5; x15 = Integer.rotateLeft(x15 ^ x0, 8); x10 += x15; x5 = Integer.rotateLeft(x5 ^ x10, 7);
            x1 += x6; x12 = Integer.rotateLeft(x12 ^ x1, 16); x11 += x12; x6 = Integer.rotateLeft(x6 ^ x11, 12);
            x1 += x6; x12 = Integer.rotateLeft(x12 ^ x1, 8); x11 += x12; x6 = Integer.rotateLeft(x6 ^ x11, 7);
            x2 += x7; x13 = Integer.rotateLeft(x13 ^ x2, 16); x8 += x13; x7 = Integer.rotateLeft(x7 ^ x8, 12);
            x2 += x7; x13 = Integer.rotateLeft(x13 ^ x2, 8); x8 += x13; x7 = Integer.rotateLeft(x7 ^ x8, 7);
            x3 += x4; x14 = Integer.rotateLeft(x14 ^ x3, 16); x9 += x14; x4 = Integer.rotateLeft(x4 ^ x9, 12);
            x3 += x4; x14 = Integer.rotateLeft(x14 ^ x3, 8); x9 += x14; x4 = Integer.rotateLeft(x4 ^ x9, 7);
        }
        int[] b = block;
        b[0] = x0 + C0; b[1] = x1 + C1; b[2] = x2 + C2; b[3] = x3 + C3;
        b[4] = x4 + k0; b[5] = x5 + k1; b[6] = x6 + k2; b[7] = x7 + k3;
        b[8] = x8 + k4; b[9] = x9 + k5; b[10] = x10 + k6; b[11] = x11 + k7;
        b[12] = x12 + counter; b[13] = x13; b[14] = x14 + n1; b[15] = x15 + n2;
    }
}
