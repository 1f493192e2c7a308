package io.portcullis.ssh.cipher;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.security.Key;
import java.security.spec.AlgorithmParameterSpec;
import java.util.Optional;
import javax.crypto.SecretKey;

/**
 * The JDK's own Poly1305 ({@code com.sun.crypto.provider.Poly1305}, which HotSpot compiles to AVX-512/AVX2
 * code on JDK 21 and later) reached through method handles. It is not a public API: it is usable only when
 * {@code java.base/com.sun.crypto.provider} is opened to this code ({@code Add-Opens} in the jar's manifest,
 * or {@code --add-opens} for tests); otherwise {@link #unavailableBecause()} says why and nothing uses it.
 */
final class JdkPoly1305 implements Poly1305 {

    private static final String CLASS = "com.sun.crypto.provider.Poly1305";
    private static final MethodHandle NEW;
    private static final MethodHandle INIT;
    private static final MethodHandle UPDATE;
    private static final MethodHandle DO_FINAL;
    private static final String UNAVAILABLE;

    static {
        MethodHandle create = null, init = null, update = null, doFinal = null;
        String unavailable = null;
        try {
            Class<?> type = Class.forName(CLASS);
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(type, MethodHandles.lookup());
            try {
                // JDK 25's can be told not to refuse an all-zero r or s, which RFC 8439 allows
                create = MethodHandles.insertArguments(
                        lookup.findConstructor(type, MethodType.methodType(void.class, boolean.class)), 0, false);
            } catch (NoSuchMethodException e) {
                create = lookup.findConstructor(type, MethodType.methodType(void.class));
            }
            create = create.asType(MethodType.methodType(Object.class));
            init = lookup.findVirtual(type, "engineInit",
                            MethodType.methodType(void.class, Key.class, AlgorithmParameterSpec.class))
                    .asType(MethodType.methodType(void.class, Object.class, Key.class, AlgorithmParameterSpec.class));
            update = lookup.findVirtual(type, "engineUpdate", MethodType.methodType(void.class, byte[].class,
                    int.class, int.class)).asType(MethodType.methodType(void.class, Object.class, byte[].class,
                    int.class, int.class));
            doFinal = lookup.findVirtual(type, "engineDoFinal", MethodType.methodType(byte[].class))
                    .asType(MethodType.methodType(byte[].class, Object.class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            unavailable = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        NEW = create;
        INIT = init;
        UPDATE = update;
        DO_FINAL = doFinal;
        UNAVAILABLE = unavailable;
    }

    private final Object poly;
    private final OneTimeKey key = new OneTimeKey();

    JdkPoly1305() {
        if (UNAVAILABLE != null) {
            throw new IllegalStateException("the JDK's Poly1305 is not reachable: " + UNAVAILABLE);
        }
        try {
            poly = (Object) NEW.invokeExact();
        } catch (Throwable e) {
            throw new IllegalStateException("the JDK's Poly1305 could not be made", e);
        }
    }

    /** Empty when this JVM lets us use it; otherwise the reason. */
    static Optional<String> unavailableBecause() {
        return Optional.ofNullable(UNAVAILABLE);
    }

    @Override
    public void init(byte[] keyBytes, int offset) {
        System.arraycopy(keyBytes, offset, key.bytes, 0, KEY_LENGTH);
        try {
            INIT.invokeExact(poly, (Key) key, (AlgorithmParameterSpec) null);
        } catch (Throwable e) {
            throw new IllegalStateException("the JDK's Poly1305 refused its key", e);
        }
    }

    @Override
    public void update(byte[] data, int offset, int length) {
        try {
            UPDATE.invokeExact(poly, data, offset, length);
        } catch (Throwable e) {
            throw new IllegalStateException("the JDK's Poly1305 failed", e);
        }
    }

    @Override
    public void finish(byte[] out, int offset) {
        byte[] tag;
        try {
            tag = (byte[]) DO_FINAL.invokeExact(poly);
        } catch (Throwable e) {
            throw new IllegalStateException("the JDK's Poly1305 failed", e);
        }
        System.arraycopy(tag, 0, out, offset, TAG_LENGTH);
    }

    /**
     * The packet's one-time key, handed over without a copy: the JDK clamps it in place and keeps nothing
     * from it but r and s, and the next packet overwrites it.
     */
    private static final class OneTimeKey implements SecretKey {
        private static final long serialVersionUID = 1L;
        private final byte[] bytes = new byte[KEY_LENGTH];

        @Override
        public String getAlgorithm() {
            return "Poly1305";
        }

        @Override
        public String getFormat() {
            return "RAW";
        }

        @Override
        public byte[] getEncoded() {
            return bytes;
        }
    }
}
