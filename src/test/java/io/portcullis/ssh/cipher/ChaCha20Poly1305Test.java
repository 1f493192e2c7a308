package io.portcullis.ssh.cipher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portcullis.ssh.cipher.ChaCha20Poly1305.Backends;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.SshException;
import org.apache.sshd.common.cipher.ChaCha20Cipher;
import org.apache.sshd.common.cipher.Cipher;
import org.apache.sshd.common.cipher.Cipher.Mode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Our chacha20-poly1305@openssh.com against RFC 8439's ChaCha20 vectors and, packet by packet, against MINA
 * SSHD's ChaCha20Cipher (which interoperates with OpenSSH): the same bytes out for the same key and sequence
 * number, each opening what the other sealed, length first as MINA's decoder reads it; and refusing any packet
 * with a flipped bit. Every combination of parts (the JDK's or the Java ChaCha20 and Poly1305) is checked.
 */
class ChaCha20Poly1305Test {

    private static final HexFormat HEX = HexFormat.of();

    static List<Backends> backends() {
        List<Backends> all = new ArrayList<>(List.of(new Backends(false, false), new Backends(true, false)));
        if (JdkPoly1305.unavailableBecause().isEmpty()) {
            all.add(new Backends(false, true));
            all.add(new Backends(true, true));
        }
        return all;
    }

    @Test
    void javaAndJdkChaCha20MatchRfc8439() throws Exception {
        // §2.4.2 (counter 1) and A.1 #1 / #2 (all-zero key and nonce, counters 0 and 1)
        byte[] key = HEX.parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
        byte[] text = ("Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, "
                + "sunscreen would be it.").getBytes(StandardCharsets.US_ASCII);
        String expected = "6e2e359a2568f98041ba0728dd0d6981e97e7aec1d4360c20a27afccfd9fae0bf91b65c5524733ab8f593dabcd62b3"
                + "571639d624e65152ab8f530c359f0861d807ca0dbf500d6a6156a38e088a22b65e52bc514d16ccf806818ce91ab7793736"
                + "5af90bbf74a35be6b40b8eedf2785e42874d";
        byte[] java = text.clone();
        new ChaCha20(key, 0).xor(0x0000004a00000000L, 1, java, 0, java.length);
        byte[] jdk = text.clone();
        new JdkChaCha20(key, 0, true).xor(0x0000004a00000000L, 1, jdk, 0, jdk.length);
        assertThat(HEX.formatHex(java)).isEqualTo(expected);
        assertThat(HEX.formatHex(jdk)).isEqualTo(expected);

        byte[] zeroKey = new byte[32];
        byte[] block = new byte[64];
        new ChaCha20(zeroKey, 0).keystream(0, 0, block, 0, 16);
        assertThat(HEX.formatHex(block)).isEqualTo("76b8e0ada0f13d90405d6ae55386bd28bdd219b8a08ded1aa836efcc8b770dc7"
                + "da41597c5157488d7724e03fb8d84a376a43b8f41518a11cc387b669b2ee6586");
        new ChaCha20(zeroKey, 0).keystream(0, 1, block, 0, 16);
        assertThat(HEX.formatHex(block)).isEqualTo("9f07e7be5551387a98ba977c732d080dcb0f29a048e3656912c6533e32ee7aed"
                + "29b721769ce64e43d57133b074d839d531ed1f28510afb45ace10a1f4b794d6f");
        assertThat(ChaCha20Poly1305Factory.SelfCheck.chaCha20(false)).isEmpty();
        assertThat(ChaCha20Poly1305Factory.SelfCheck.chaCha20(true)).isEmpty();
        assertThat(ChaCha20Poly1305Factory.SelfCheck.poly1305(false)).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("backends")
    void sealsExactlyAsMinaAndEachOpensTheOther(Backends backends) throws Exception {
        Random random = new Random(20 + (backends.jdkChaCha20() ? 1 : 0) + (backends.jdkPoly1305() ? 2 : 0));
        for (int connection = 0; connection < 12; connection++) {
            byte[] key = new byte[64];
            random.nextBytes(key);
            // sequence numbers from 0, anywhere, and just before the 32-bit wrap (which both must cross alike)
            long start = switch (connection % 3) {
                case 0 -> 0;
                case 1 -> random.nextInt() & 0xffff_ffffL;
                default -> 0xffff_ffffL - random.nextInt(20);
            };
            Cipher oursOut = init(new ChaCha20Poly1305(backends), Mode.Encrypt, key, start);
            Cipher minaOut = init(new ChaCha20Cipher(), Mode.Encrypt, key, start);
            Cipher oursIn = init(new ChaCha20Poly1305(backends), Mode.Decrypt, key, start);
            Cipher minaIn = init(new ChaCha20Cipher(), Mode.Decrypt, key, start);
            for (int packet = 0; packet < 40; packet++) {
                int length = switch (packet % 5) {
                    case 0 -> 8 + 8 * random.nextInt(8);
                    case 1 -> 8 * random.nextInt(4200);
                    case 2 -> 32768 + 8 * random.nextInt(10);
                    case 3 -> 1 + random.nextInt(100);
                    default -> 16 * (1 + random.nextInt(300));
                };
                byte[] plain = packet(random, length);
                byte[] ours = plain.clone();
                oursOut.updateWithAAD(ours, 0, 4, length);
                byte[] mina = plain.clone();
                minaOut.updateWithAAD(mina, 0, 4, length);
                assertThat(ours).as("packet %d of %d bytes from seq %d", packet, length, start).isEqualTo(mina);

                // what MINA sealed, opened by ours as MINA's decoder does: the length first, then the rest
                assertThat(open(oursIn, mina.clone(), length)).isEqualTo(plain);
                assertThat(open(minaIn, ours.clone(), length)).isEqualTo(plain);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void refusesAPacketWithAnyFlippedBit(Backends backends) throws Exception {
        Random random = new Random(5);
        byte[] key = new byte[64];
        random.nextBytes(key);
        int length = 1000;
        byte[] plain = packet(random, length);
        Cipher sealer = init(new ChaCha20Poly1305(backends), Mode.Encrypt, key, 7);
        byte[] sealed = plain.clone();
        sealer.updateWithAAD(sealed, 0, 4, length);
        // every bit of the length, of the tag, and some of the payload
        List<Integer> bits = new ArrayList<>();
        for (int bit = 0; bit < 32; bit++) {
            bits.add(bit);
        }
        for (int bit = 0; bit < 128; bit++) {
            bits.add(8 * (4 + length) + bit);
        }
        for (int i = 0; i < 200; i++) {
            bits.add(32 + random.nextInt(8 * length));
        }
        for (int bit : bits) {
            byte[] tampered = sealed.clone();
            tampered[bit / 8] ^= (byte) (1 << (bit % 8));
            Cipher opener = init(new ChaCha20Poly1305(backends), Mode.Decrypt, key, 7);
            opener.updateAAD(tampered, 0, 4);
            byte[] before = tampered.clone();
            assertThatThrownBy(() -> opener.update(tampered, 4, length)).as("bit %d", bit)
                    .isInstanceOfSatisfying(SshException.class, e -> {
                        assertThat(e.getDisconnectCode()).isEqualTo(SshConstants.SSH2_DISCONNECT_MAC_ERROR);
                        assertThat(e.getMessage()).isEqualTo("Corrupted MAC on input");
                    });
            // refused before any of the payload was decrypted
            assertThat(tampered).isEqualTo(before);
        }
        // the untouched packet opens, and under the wrong sequence number it does not
        assertThat(open(init(new ChaCha20Poly1305(backends), Mode.Decrypt, key, 7), sealed.clone(), length))
                .isEqualTo(plain);
        Cipher wrongSeq = init(new ChaCha20Poly1305(backends), Mode.Decrypt, key, 8);
        byte[] replayed = sealed.clone();
        wrongSeq.updateAAD(replayed, 0, 4); // decrypts to garbage: the length is keyed by the sequence number too
        assertThatThrownBy(() -> wrongSeq.update(replayed, 4, length)).isInstanceOf(SshException.class);
    }

    @Test
    void refusesToWrapTheSequenceNumberUnderOneKey() throws Exception {
        // only the first 2^32 packets of a key are sealed; a full wrap would repeat the first nonce
        Cipher cipher = init(new ChaCha20Poly1305(new Backends(false, false)), Mode.Encrypt, new byte[64], 5);
        java.lang.reflect.Field seq = ChaCha20Poly1305.class.getDeclaredField("seq");
        seq.setAccessible(true);
        seq.setLong(cipher, 4);
        byte[] packet = new byte[4 + 8 + 16];
        cipher.updateWithAAD(packet, 0, 4, 8); // seq 4, the last before 5 comes round again
        assertThatThrownBy(() -> cipher.updateWithAAD(packet.clone(), 0, 4, 8))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("wrapped");
    }

    @Test
    void theFactoryServesTheNameMinaNegotiates() {
        ChaCha20Poly1305Factory factory = ChaCha20Poly1305Factory.INSTANCE;
        assertThat(factory.getName()).isEqualTo("chacha20-poly1305@openssh.com");
        assertThat(factory.isSupported()).isTrue();
        assertThat(factory.create()).isInstanceOf(ChaCha20Poly1305.class);
        assertThat(ChaCha20Poly1305Factory.backends()).isPresent();
        Cipher mina = new ChaCha20Cipher();
        Cipher ours = factory.create();
        assertThat(List.of(ours.getIVSize(), ours.getAuthenticationTagSize(), ours.getCipherBlockSize(),
                ours.getKdfSize(), ours.getKeySize())).isEqualTo(List.of(mina.getIVSize(), mina.getAuthenticationTagSize(),
                mina.getCipherBlockSize(), mina.getKdfSize(), mina.getKeySize()));
        assertThat(ours.getAlgorithm()).startsWith("ChaCha");
    }

    private static byte[] packet(Random random, int length) {
        byte[] p = new byte[4 + length + 16];
        random.nextBytes(p);
        p[0] = (byte) (length >>> 24);
        p[1] = (byte) (length >>> 16);
        p[2] = (byte) (length >>> 8);
        p[3] = (byte) length;
        Arrays.fill(p, 4 + length, p.length, (byte) 0);
        return p;
    }

    /** As MINA's decoder: the length, checked, then the payload (tag checked), then the tag area is left alone. */
    private static byte[] open(Cipher cipher, byte[] sealed, int length) throws Exception {
        cipher.updateAAD(sealed, 0, 4);
        int decoded = ((sealed[0] & 0xff) << 24) | ((sealed[1] & 0xff) << 16) | ((sealed[2] & 0xff) << 8) | (sealed[3] & 0xff);
        assertThat(decoded).isEqualTo(length);
        cipher.update(sealed, 4, length);
        Arrays.fill(sealed, 4 + length, sealed.length, (byte) 0);
        return sealed;
    }

    private static Cipher init(Cipher cipher, Mode mode, byte[] key, long seq) throws Exception {
        byte[] iv = new byte[8];
        for (int i = 0; i < 8; i++) {
            iv[i] = (byte) (seq >>> (56 - 8 * i));
        }
        cipher.init(mode, key, iv);
        return cipher;
    }
}
