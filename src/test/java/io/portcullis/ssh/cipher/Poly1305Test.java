package io.portcullis.ssh.cipher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Both Poly1305s against RFC 8439's vectors (§2.5.2 and the edge cases of Appendix A.3, which end next to
 * 2^130 − 5) and against the definition itself computed with BigInteger, on random and all-ones inputs fed in
 * random pieces.
 */
class Poly1305Test {

    private static final HexFormat HEX = HexFormat.of();
    private static final BigInteger P = BigInteger.ONE.shiftLeft(130).subtract(BigInteger.valueOf(5));

    /** key (r ‖ s), message, tag: RFC 8439 §2.5.2 and Appendix A.3. */
    static final String[][] VECTORS = {
        {"85d6be7857556d337f4452fe42d506a80103808afb0db2fd4abff6af4149f51b",
            HEX.formatHex("Cryptographic Forum Research Group".getBytes(StandardCharsets.US_ASCII)),
            "a8061dc1305136c6c22b8baf0c0127a9"},
        {"0000000000000000000000000000000000000000000000000000000000000000", "00".repeat(64),
            "00000000000000000000000000000000"},
        {"0200000000000000000000000000000000000000000000000000000000000000", "ff".repeat(16),
            "03000000000000000000000000000000"},
        {"02000000000000000000000000000000ffffffffffffffffffffffffffffffff", "02" + "00".repeat(15),
            "03000000000000000000000000000000"},
        {"0100000000000000000000000000000000000000000000000000000000000000",
            "ff".repeat(16) + "f0" + "ff".repeat(15) + "11" + "00".repeat(15), "05000000000000000000000000000000"},
        {"0100000000000000000000000000000000000000000000000000000000000000",
            "ff".repeat(16) + "fb" + "fe".repeat(15) + "01".repeat(16), "00000000000000000000000000000000"},
        {"0200000000000000000000000000000000000000000000000000000000000000", "fd" + "ff".repeat(15),
            "faffffffffffffffffffffffffffffff"},
        {"0100000000000000040000000000000000000000000000000000000000000000",
            "e33594d7505e43b90000000000000000" + "3394d7505e4379cd0100000000000000" + "00".repeat(16)
                + "01000000000000000000000000000000", "14000000000000005500000000000000"},
        {"0100000000000000040000000000000000000000000000000000000000000000",
            "e33594d7505e43b90000000000000000" + "3394d7505e4379cd0100000000000000" + "00".repeat(16),
            "13000000000000000000000000000000"},
    };

    static List<Supplier<Poly1305>> implementations() {
        List<Supplier<Poly1305>> all = new ArrayList<>(List.of(JavaPoly1305::new));
        if (JdkPoly1305.unavailableBecause().isEmpty()) {
            all.add(JdkPoly1305::new);
        }
        return all;
    }

    @Test
    void theReferenceAgreesWithTheRfc() {
        for (String[] v : VECTORS) {
            assertThat(HEX.formatHex(reference(HEX.parseHex(v[0]), HEX.parseHex(v[1])))).isEqualTo(v[2]);
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void rfcVectors(boolean jdk) {
        Poly1305 poly = make(jdk);
        byte[] tag = new byte[16];
        for (String[] v : VECTORS) {
            byte[] message = HEX.parseHex(v[1]);
            poly.init(HEX.parseHex(v[0]), 0);
            poly.update(message, 0, message.length);
            poly.finish(tag, 0);
            assertThat(HEX.formatHex(tag)).as(v[1]).isEqualTo(v[2]);
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void matchesTheDefinitionOnRandomAndExtremeInputs(boolean jdk) {
        Poly1305 poly = make(jdk);
        Random random = new Random(1305);
        byte[] tag = new byte[16];
        for (int i = 0; i < 3000; i++) {
            byte[] key = new byte[32];
            int length = i < 2000 ? random.nextInt(300) : random.nextInt(40000);
            byte[] message = new byte[length];
            switch (i % 4) {
                case 0 -> { random.nextBytes(key); random.nextBytes(message); }
                case 1 -> { java.util.Arrays.fill(key, (byte) 0xff); java.util.Arrays.fill(message, (byte) 0xff); }
                case 2 -> { java.util.Arrays.fill(key, (byte) 0xff); random.nextBytes(message); }
                default -> { random.nextBytes(key); java.util.Arrays.fill(message, (byte) 0xff); }
            }
            poly.init(key, 0);
            for (int at = 0; at < length; ) { // in random pieces, so partial blocks are joined
                int piece = Math.min(length - at, random.nextInt(70));
                poly.update(message, at, piece);
                at += piece;
            }
            poly.finish(tag, 0);
            assertThat(tag).as("message %d, %d bytes", i, length).isEqualTo(reference(key, message));
        }
    }

    /**
     * With r = 1 the accumulator after a block is the block itself, so the next block can be chosen to make
     * every carry happen: h0 + m0 overflows while h1 + m1 is exactly 2^64 − 1 (a carry chain random data hits
     * once in 2^64 blocks), and the same with the 2^128 bit and an all-ones s for the final sum. A third, zero
     * block brings what reached bit 130 back into the tag's 128 bits (the tag would hide a lost carry there).
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void carriesRunThroughEveryLimb(boolean jdk) {
        Poly1305 poly = make(jdk);
        byte[] tag = new byte[16];
        java.nio.ByteBuffer message = java.nio.ByteBuffer.allocate(48).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (long[] v : new long[][] {
            {0x8000_0000_0000_0000L, 0x0123_4567_89ab_cdefL, 0x8000_0000_0000_0000L, ~0x0123_4567_89ab_cdefL},
            {-1L, -1L, 1L, -1L},
            {-1L, -2L, 1L, 0L},
            {-5L, -1L, 4L, -1L}}) {
            message.clear();
            for (long word : v) {
                message.putLong(word);
            }
            for (String s : new String[] {"00".repeat(16), "ff".repeat(16)}) {
                byte[] key = HEX.parseHex("01" + "00".repeat(15) + s);
                poly.init(key, 0);
                poly.update(message.array(), 0, 48);
                poly.finish(tag, 0);
                assertThat(tag).as(java.util.Arrays.toString(v) + " s=" + s)
                        .isEqualTo(reference(key, message.array()));
            }
        }
    }

    private static Poly1305 make(boolean jdk) {
        if (jdk) {
            assumeTrue(JdkPoly1305.unavailableBecause().isEmpty(),
                    () -> "the JDK's Poly1305 is not reachable: " + JdkPoly1305.unavailableBecause().get());
            return new JdkPoly1305();
        }
        return new JavaPoly1305();
    }

    /** RFC 8439 §2.5.1 read literally: h = (h + block‖01)·r mod p for each block, tag = (h + s) mod 2^128. */
    static byte[] reference(byte[] key, byte[] message) {
        BigInteger r = le(key, 0, 16).and(new BigInteger("0ffffffc0ffffffc0ffffffc0fffffff", 16));
        BigInteger s = le(key, 16, 16);
        BigInteger h = BigInteger.ZERO;
        for (int at = 0; at < message.length; at += 16) {
            int n = Math.min(16, message.length - at);
            BigInteger block = le(message, at, n).add(BigInteger.ONE.shiftLeft(8 * n));
            h = h.add(block).multiply(r).mod(P);
        }
        BigInteger t = h.add(s).mod(BigInteger.ONE.shiftLeft(128));
        byte[] out = new byte[16];
        for (int i = 0; i < 16; i++) {
            out[i] = t.shiftRight(8 * i).byteValue();
        }
        return out;
    }

    private static BigInteger le(byte[] b, int offset, int length) {
        byte[] be = new byte[length + 1];
        for (int i = 0; i < length; i++) {
            be[length - i] = b[offset + i];
        }
        return new BigInteger(be);
    }
}
