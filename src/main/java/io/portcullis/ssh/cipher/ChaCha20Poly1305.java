package io.portcullis.ssh.cipher;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.SshException;
import org.apache.sshd.common.cipher.Cipher;

/**
 * OpenSSH's {@code chacha20-poly1305@openssh.com} (PROTOCOL.chacha20poly1305, cipher-chachapoly.c) for MINA
 * SSHD's packet codec. The 64-byte key is K_2 (bytes 0–31: the payload and the Poly1305 key) then K_1
 * (bytes 32–63: the packet length); the nonce is the packet's 32-bit sequence number as a 64-bit big-endian
 * number. Per packet: the length is XORed with K_1's block 0 ({@link #updateAAD}); Poly1305, keyed with the
 * first 32 bytes of K_2's block 0, authenticates the encrypted length and payload; the payload is XORed with
 * K_2's stream from block 1 ({@link #update}, which also writes or checks the tag after the payload).
 *
 * <p>MINA calls, for each packet, {@code updateAAD(buf, off, 4)} then {@code update(buf, off + 4, len)}
 * (its default {@code updateWithAAD} does both); on input it decrypts the length first, to know how much to
 * wait for, and the tag is checked before any of the payload is decrypted.
 */
public final class ChaCha20Poly1305 extends ChaCha20Poly1305Sizes implements Cipher {

    public static final String NAME = "chacha20-poly1305@openssh.com";

    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int LENGTH_BYTES = 4;

    /**
     * Below this many payload bytes the Java parts serve even where the JDK's are chosen: the JDK's cost a
     * cipher init (which computes up to 1 KiB of keystream ahead) and a Poly1305 init per packet, more than
     * the Java ones need for a few blocks (measured: JDK 25 with intrinsics, 64-byte payloads 95 MB/s against
     * 160 MB/s in Java; at 1 KiB 1,050 against 400; the lines cross near 200 bytes).
     */
    static final int JDK_FROM_PAYLOAD = 256;

    /** Which ChaCha20 and Poly1305 carry payloads of {@link #JDK_FROM_PAYLOAD} bytes or more: the JDK's, or Java. */
    record Backends(boolean jdkChaCha20, boolean jdkPoly1305) {
        @Override
        public String toString() {
            String small = jdkChaCha20 || jdkPoly1305 ? " (both in Java under " + JDK_FROM_PAYLOAD + " bytes)" : "";
            return "ChaCha20 " + (jdkChaCha20 ? "from the JDK" : "in Java") + ", Poly1305 "
                    + (jdkPoly1305 ? "from the JDK" : "in Java") + small;
        }
    }

    private final Backends backends;
    private Mode mode;
    private ChaCha20 header;
    private ChaCha20 main;
    private JdkChaCha20 jdkMain;
    private final Poly1305 javaPoly = new JavaPoly1305();
    private Poly1305 jdkPoly;
    private long seq;
    private long firstSeq;
    private boolean lengthDone;
    private boolean exhausted;
    private final byte[] polyKey = new byte[Poly1305.KEY_LENGTH];
    private final byte[] encryptedLength = new byte[LENGTH_BYTES];
    private final byte[] tag = new byte[Poly1305.TAG_LENGTH];

    ChaCha20Poly1305(Backends backends) {
        this.backends = backends;
    }

    @Override
    public void init(Mode mode, byte[] key, byte[] iv) throws Exception {
        if (key.length < 64 || iv.length < 8) {
            throw new IllegalArgumentException(NAME + " needs a 64-byte key and an 8-byte IV");
        }
        this.mode = mode;
        main = new ChaCha20(key, 0);
        header = new ChaCha20(key, 32);
        jdkMain = backends.jdkChaCha20() ? new JdkChaCha20(key, 0, mode == Mode.Encrypt) : null;
        jdkPoly = backends.jdkPoly1305() ? new JdkPoly1305() : null;
        long n = 0;
        for (int i = 0; i < 8; i++) {
            n = (n << 8) | (iv[i] & 0xff);
        }
        if ((n >>> 32) != 0) {
            throw new IllegalArgumentException(NAME + ": the IV is not an SSH packet sequence number");
        }
        seq = n;
        firstSeq = n;
        lengthDone = false;
        exhausted = false;
    }

    /** En- or decrypts the 4-byte packet length in place with K_1 (on input, before the rest has arrived). */
    @Override
    public void updateAAD(byte[] data, int offset, int length) throws Exception {
        checkReady();
        if (length != LENGTH_BYTES) {
            throw new IllegalArgumentException(NAME + " authenticates only the 4-byte packet length, not " + length);
        }
        int value = (int) INT_LE.get(data, offset);
        int crypted = value ^ header.firstWord(seq, 0);
        INT_LE.set(encryptedLength, 0, mode == Mode.Encrypt ? crypted : value);
        INT_LE.set(data, offset, crypted);
        lengthDone = true;
    }

    /**
     * Encrypts {@code data[offset..offset+length)} and writes the tag after it, or checks the tag after it
     * and then decrypts it; a wrong tag refuses the packet, which ends the connection (MAC error).
     */
    @Override
    public void update(byte[] data, int offset, int length) throws Exception {
        checkReady();
        if (!lengthDone) {
            throw new IllegalStateException(NAME + ": the packet length must be processed before the payload");
        }
        boolean large = length >= JDK_FROM_PAYLOAD;
        Poly1305 poly = large && jdkPoly != null ? jdkPoly : javaPoly;
        main.keystream(seq, 0, polyKey, 0, 8);
        poly.init(polyKey, 0);
        if (mode == Mode.Decrypt) {
            poly.update(encryptedLength, 0, LENGTH_BYTES);
            poly.update(data, offset, length);
            poly.finish(tag, 0);
            if (!sameTag(tag, data, offset + length)) {
                advance();
                throw new SshException(SshConstants.SSH2_DISCONNECT_MAC_ERROR, "Corrupted MAC on input");
            }
            payload(data, offset, length, large);
        } else {
            payload(data, offset, length, large);
            poly.update(encryptedLength, 0, LENGTH_BYTES);
            poly.update(data, offset, length);
            poly.finish(data, offset + length);
        }
        advance();
    }

    private void payload(byte[] data, int offset, int length, boolean large) throws GeneralSecurityException {
        if (large && jdkMain != null) {
            jdkMain.xor(seq, 1, data, offset, length);
        } else {
            main.xor(seq, 1, data, offset, length);
        }
    }

    private void advance() {
        seq = (seq + 1) & 0xffff_ffffL;
        lengthDone = false;
        // 2^32 packets under one key would reuse a nonce; rekeying comes long before (every 1 GiB by default)
        exhausted = seq == firstSeq;
    }

    private void checkReady() {
        if (mode == null) {
            throw new IllegalStateException(NAME + " used before init");
        }
        if (exhausted) {
            throw new IllegalStateException(NAME + ": the sequence number wrapped around without a rekey");
        }
    }

    /** Compares all 16 bytes whatever they hold, so the time taken tells nothing about the tag. */
    private static boolean sameTag(byte[] expected, byte[] data, int offset) {
        int diff = 0;
        for (int i = 0; i < Poly1305.TAG_LENGTH; i++) {
            diff |= expected[i] ^ data[offset + i];
        }
        return diff == 0;
    }

    @Override
    public String toString() {
        return "chacha20-poly1305 (" + backends + ")";
    }
}
