package io.portcullis.ssh.cipher;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Poly1305 in plain Java with the accumulator in two 64-bit limbs and a small third one (h = h0 + h1·2^64 +
 * h2·2^128), as OpenSSL's scalar x86-64 code does: eight 64×64→128-bit products per 16-byte block, each
 * through {@link Math#multiplyHigh} (a single instruction on HotSpot). Carries and the final reduction are
 * computed without branches, so its time does not depend on the key or the data.
 */
final class JavaPoly1305 implements Poly1305 {

    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int BLOCK = 16;

    private long r0;
    private long r1;
    /** r1 + r1/4, i.e. 5·r1/4: r1·2^128 ≡ s1 (mod 2^130 − 5), exact because clamping clears r1's low two bits. */
    private long s1;
    private long pad0;
    private long pad1;
    private long h0;
    private long h1;
    private long h2;
    private final byte[] partial = new byte[BLOCK];
    private int partialLength;

    @Override
    public void init(byte[] key, int offset) {
        r0 = (long) LONG_LE.get(key, offset) & 0x0ffffffc0fffffffL;
        r1 = (long) LONG_LE.get(key, offset + 8) & 0x0ffffffc0ffffffcL;
        s1 = r1 + (r1 >>> 2);
        pad0 = (long) LONG_LE.get(key, offset + 16);
        pad1 = (long) LONG_LE.get(key, offset + 24);
        h0 = 0;
        h1 = 0;
        h2 = 0;
        partialLength = 0;
    }

    @Override
    public void update(byte[] data, int offset, int length) {
        if (partialLength > 0) {
            int take = Math.min(BLOCK - partialLength, length);
            System.arraycopy(data, offset, partial, partialLength, take);
            partialLength += take;
            offset += take;
            length -= take;
            if (partialLength < BLOCK) {
                return;
            }
            blocks(partial, 0, BLOCK, 1);
            partialLength = 0;
        }
        int whole = length & ~(BLOCK - 1);
        if (whole > 0) {
            blocks(data, offset, whole, 1);
        }
        if (whole < length) {
            System.arraycopy(data, offset + whole, partial, 0, length - whole);
            partialLength = length - whole;
        }
    }

    @Override
    public void finish(byte[] out, int offset) {
        if (partialLength > 0) {
            // the last, short block: its bytes, then 0x01, then zeros, and no 2^128 bit
            partial[partialLength] = 1;
            for (int i = partialLength + 1; i < BLOCK; i++) {
                partial[i] = 0;
            }
            blocks(partial, 0, BLOCK, 0);
            partialLength = 0;
        }
        long a0 = h0;
        long a1 = h1;
        long a2 = h2;
        // h < 5·2^128 here; fold what is above 2^130, then h < 2^130 and h mod p is h or h − p = h + 5 − 2^130
        long c = (a2 >>> 2) * 5;
        a2 &= 3;
        long t = a0 + c;
        long carry = carry(a0, c, t);
        a0 = t;
        t = a1 + carry;
        carry = carry(a1, carry, t);
        a1 = t;
        a2 += carry;
        long g0 = a0 + 5;
        carry = carry(a0, 5, g0);
        long g1 = a1 + carry;
        carry = carry(a1, carry, g1);
        long g2 = a2 + carry;
        long useG = -(g2 >>> 2); // all ones when h + 5 reached 2^130
        a0 = (a0 & ~useG) | (g0 & useG);
        a1 = (a1 & ~useG) | (g1 & useG);
        long tag0 = a0 + pad0;
        carry = carry(a0, pad0, tag0);
        long tag1 = a1 + pad1 + carry;
        LONG_LE.set(out, offset, tag0);
        LONG_LE.set(out, offset + 8, tag1);
        h0 = 0;
        h1 = 0;
        h2 = 0;
    }

    /** Adds each 16-byte block (plus {@code hibit}·2^128) to h and multiplies by r, partly reduced mod 2^130 − 5. */
    private void blocks(byte[] data, int offset, int length, long hibit) {
        long a0 = h0;
        long a1 = h1;
        long a2 = h2;
        final long k0 = r0;
        final long k1 = r1;
        final long k5 = s1;
        for (int end = offset + length; offset < end; offset += BLOCK) {
            long m0 = (long) LONG_LE.get(data, offset);
            long m1 = (long) LONG_LE.get(data, offset + 8);
            long t = a0 + m0;
            long carry = carry(a0, m0, t);
            a0 = t;
            t = a1 + m1;
            long carry1 = carry(a1, m1, t);
            long u = t + carry;
            carry1 |= carry(t, carry, u);
            a1 = u;
            a2 += carry1 + hibit;

            // d0 = a0·r0 + a1·s1, d1 = a0·r1 + a1·r0 + a2·s1, d2 = a2·r0 (each product of a1, a0 < 2^64 by r < 2^61)
            long lo = a0 * k0;
            long hi = unsignedHigh(a0, k0);
            long p = a1 * k5;
            t = lo + p;
            hi += unsignedHigh(a1, k5) + carry(lo, p, t);
            long d0 = t;
            long d0hi = hi;

            lo = a0 * k1;
            hi = unsignedHigh(a0, k1);
            p = a1 * k0;
            t = lo + p;
            hi += unsignedHigh(a1, k0) + carry(lo, p, t);
            lo = t;
            p = a2 * k5; // a2 < 8: fits in 64 bits
            t = lo + p;
            hi += carry(lo, p, t);
            lo = t;
            t = lo + d0hi;
            hi += carry(lo, d0hi, t);
            long d1 = t;
            long d2 = a2 * k0 + hi;

            // fold 2^130 and above back in: 2^130 ≡ 5
            a0 = d0;
            a1 = d1;
            a2 = d2 & 3;
            long c = (d2 & ~3L) + (d2 >>> 2);
            t = a0 + c;
            carry = carry(a0, c, t);
            a0 = t;
            t = a1 + carry;
            carry = carry(a1, carry, t);
            a1 = t;
            a2 += carry;
        }
        h0 = a0;
        h1 = a1;
        h2 = a2;
    }

    /** The high 64 bits of the unsigned product a·b, for 0 ≤ b < 2^63. */
    private static long unsignedHigh(long a, long b) {
        return Math.multiplyHigh(a, b) + ((a >> 63) & b);
    }

    /** The carry out of sum = x + y (unsigned), without a branch. */
    private static long carry(long x, long y, long sum) {
        return ((x & y) | ((x | y) & ~sum)) >>> 63;
    }
}
