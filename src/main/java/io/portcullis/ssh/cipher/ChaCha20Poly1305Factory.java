package io.portcullis.ssh.cipher;

import io.portcullis.ssh.cipher.ChaCha20Poly1305.Backends;
import java.lang.management.ManagementFactory;
import java.util.HexFormat;
import java.util.Optional;
import com.sun.management.HotSpotDiagnosticMXBean;
import org.apache.sshd.common.cipher.ChaCha20Cipher;
import org.apache.sshd.common.cipher.Cipher;
import org.apache.sshd.common.cipher.CipherFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code chacha20-poly1305@openssh.com} for the server's cipher list, in place of MINA SSHD's pure-Java one.
 * On first use it picks, once per JVM, the ChaCha20 and Poly1305 to use for payloads of 256 bytes or more:
 * the JDK's where HotSpot compiles them to vector code (its intrinsics: ChaCha20 from JDK 20, Poly1305 from
 * JDK 21), this package's plain Java ones otherwise (as fast as or faster than the JDK's without intrinsics,
 * and faster for small packets everywhere; bench/README.md has the figures), and never one that fails its
 * known-answer self-check (RFC 8439). Should even the Java ones fail, it serves MINA's own implementation.
 */
public final class ChaCha20Poly1305Factory extends ChaCha20Poly1305Sizes implements CipherFactory {

    public static final ChaCha20Poly1305Factory INSTANCE = new ChaCha20Poly1305Factory();

    private static final Logger log = LoggerFactory.getLogger(ChaCha20Poly1305Factory.class);

    private ChaCha20Poly1305Factory() {
    }

    /** Chosen when the first cipher is made, not when the class loads: start-up pays nothing for it. */
    private static final class Chosen {
        static final Optional<Backends> BACKENDS = choose();
    }

    /** What this JVM uses; empty when MINA's implementation serves instead. */
    public static Optional<String> backends() {
        return Chosen.BACKENDS.map(Backends::toString);
    }

    @Override
    public Cipher create() {
        return Chosen.BACKENDS.<Cipher>map(ChaCha20Poly1305::new).orElseGet(ChaCha20Cipher::new);
    }

    static Optional<Backends> choose() {
        Optional<String> javaFault = SelfCheck.chaCha20(false).or(() -> SelfCheck.poly1305(false));
        if (javaFault.isPresent()) {
            log.error("{}: the Java implementation failed its self-check ({}); using MINA SSHD's instead",
                    ChaCha20Poly1305.NAME, javaFault.get());
            return Optional.empty();
        }
        boolean jdkChaCha20 = hasChaCha20Intrinsic() && usable("the JDK's ChaCha20", SelfCheck.chaCha20(true));
        boolean jdkPoly1305 = hasPoly1305Intrinsic()
                && JdkPoly1305.unavailableBecause().map(why -> {
                    log.info("{}: the JDK's Poly1305 is not reachable ({}); using the Java one", ChaCha20Poly1305.NAME,
                            why);
                    return false;
                }).orElse(true)
                && usable("the JDK's Poly1305", SelfCheck.poly1305(true));
        Backends chosen = new Backends(jdkChaCha20, jdkPoly1305);
        log.info("{}: {}", ChaCha20Poly1305.NAME, chosen);
        return Optional.of(chosen);
    }

    private static boolean usable(String what, Optional<String> fault) {
        fault.ifPresent(f -> log.error("{}: {} failed its self-check ({}); using the Java one", ChaCha20Poly1305.NAME,
                what, f));
        return fault.isEmpty();
    }

    /*
     * HotSpot's own switches (UseChaCha20Intrinsics, UsePoly1305Intrinsics) are diagnostic flags, hidden from
     * the management API, so their conditions are read instead: the JDK release that brought the intrinsic,
     * and the vector unit it needs (x86-64: AVX for ChaCha20, AVX-512 for Poly1305; AArch64: always). The x86
     * Poly1305 intrinsic also wants AVX-512 IFMA, which no flag shows: on the first AVX-512 CPUs (Skylake-SP)
     * a JDK 21+ would pick the JDK's slower plain Poly1305, correct but slower than ours.
     */
    static boolean hasChaCha20Intrinsic() {
        return Runtime.version().feature() >= 20 && (aarch64() || useAvx() >= 1);
    }

    static boolean hasPoly1305Intrinsic() {
        return Runtime.version().feature() >= 21 && (aarch64() || useAvx() >= 3);
    }

    private static boolean aarch64() {
        return "aarch64".equals(System.getProperty("os.arch"));
    }

    /** HotSpot's UseAVX (0 to 3), 0 where it cannot be read (another JVM, another architecture). */
    private static int useAvx() {
        try {
            HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            return hotspot == null ? 0 : Integer.parseInt(hotspot.getVMOption("UseAVX").getValue());
        } catch (RuntimeException | LinkageError e) {
            return 0;
        }
    }

    @Override
    public String getName() {
        return ChaCha20Poly1305.NAME;
    }

    @Override
    public boolean isSupported() {
        return true; // ours, or MINA's should ours fail its self-check
    }

    @Override
    public String toString() {
        return ChaCha20Poly1305.NAME;
    }

    /** RFC 8439's test vectors, run on an implementation before anything relies on it. */
    static final class SelfCheck {
        private static final HexFormat HEX = HexFormat.of();

        private SelfCheck() {
        }

        /** §2.4.2: key 00..1f, nonce 000000000000004a00000000, counter 1, "Ladies and Gentlemen...". */
        static Optional<String> chaCha20(boolean jdk) {
            try {
                byte[] key = HEX.parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
                byte[] data = ("Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the "
                        + "future, sunscreen would be it.").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                long nonce = 0x0000004a00000000L;
                if (jdk) {
                    new JdkChaCha20(key, 0, true).xor(nonce, 1, data, 0, data.length);
                } else {
                    new ChaCha20(key, 0).xor(nonce, 1, data, 0, data.length);
                }
                String expected = "6e2e359a2568f98041ba0728dd0d6981e97e7aec1d4360c20a27afccfd9fae0bf91b65c5524733ab"
                        + "8f593dabcd62b3571639d624e65152ab8f530c359f0861d807ca0dbf500d6a6156a38e088a22b65e52bc514d"
                        + "16ccf806818ce91ab77937365af90bbf74a35be6b40b8eedf2785e42874d";
                return HEX.formatHex(data).equals(expected) ? Optional.empty() : Optional.of("wrong keystream");
            } catch (Exception | LinkageError e) {
                return Optional.of(e.toString());
            }
        }

        /** §2.5.2: "Cryptographic Forum Research Group", fed in two uneven pieces to cover the partial block. */
        static Optional<String> poly1305(boolean jdk) {
            try {
                byte[] key = HEX.parseHex("85d6be7857556d337f4452fe42d506a80103808afb0db2fd4abff6af4149f51b");
                byte[] message = "Cryptographic Forum Research Group".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                Poly1305 poly = jdk ? new JdkPoly1305() : new JavaPoly1305();
                byte[] tag = new byte[Poly1305.TAG_LENGTH];
                for (int round = 0; round < 2; round++) { // twice: a reused instance must start afresh
                    poly.init(key, 0);
                    poly.update(message, 0, 5);
                    poly.update(message, 5, message.length - 5);
                    poly.finish(tag, 0);
                    if (!HEX.formatHex(tag).equals("a8061dc1305136c6c22b8baf0c0127a9")) {
                        return Optional.of("wrong tag");
                    }
                }
                return Optional.empty();
            } catch (Exception | LinkageError e) {
                return Optional.of(e.toString());
            }
        }
    }
}
