package io.portcullis.certificates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portcullis.testing.CertificateAuthority;
import io.portcullis.testing.TestKeys;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Known answers from the real ssh-keygen: each KRL is written by {@code ssh-keygen -k} at test time, and for
 * every key and certificate what {@link Krl} says must be what {@code ssh-keygen -Q} says of the same file,
 * as well as what the test expects. Then the lists krl.c refuses, made by hand.
 */
class KrlTest {

    @TempDir
    static Path tmp;
    static CertificateAuthority ca;
    static CertificateAuthority otherCa;
    static int made;

    @BeforeAll
    static void authorities() {
        ca = CertificateAuthority.create(tmp.resolve("ca"), "ca", "ed25519");
        otherCa = CertificateAuthority.create(tmp.resolve("ca"), "other-ca", "ecdsa");
    }

    static Path key(String type) {
        return TestKeys.generate(tmp.resolve("keys"), "k" + (++made), type);
    }

    static Path cert(CertificateAuthority by, String id, long serial) {
        return by.sign(key("ed25519"), id, "-n", "alice", "-V", "+1h", "-z", Long.toUnsignedString(serial));
    }

    static PublicKey read(Path file) {
        try {
            return PublicKeyEntry.parsePublicKeyEntry(Files.readString(file).strip()).resolvePublicKey(null, null,
                    PublicKeyEntryResolver.FAILING);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Path spec(String text) {
        return CertificateAuthority.write(tmp.resolve("spec" + (++made)), text);
    }

    static Krl parse(Path krl) throws IOException {
        return Krl.parse(Files.readAllBytes(krl));
    }

    /** What Krl says of {@code file} equals what ssh-keygen -Q says, and is {@code revoked}; its reason, or "". */
    static String agrees(Path krl, Path file, boolean revoked) throws IOException {
        Optional<String> reason = parse(krl).revocation(read(file));
        assertThat(CertificateAuthority.revokedPerSshKeygen(krl, file)).as("ssh-keygen -Q of " + file).isEqualTo(revoked);
        assertThat(reason.isPresent()).as(file + ": " + reason).isEqualTo(revoked);
        return reason.orElse("");
    }

    @Test
    void serialsAsListsRangesAndBitmaps() throws IOException {
        StringBuilder text = new StringBuilder("serial: 5\nserial: 9\nserial: 1000-2000\n");
        for (int s = 10_000; s <= 10_400; s += 3) {
            text.append("serial: ").append(s).append('\n'); // scattered: ssh-keygen writes a bitmap
        }
        text.append("serial: 0xfffffffffffffff0-0xffffffffffffffff\n");
        Path krl = ca.krl(tmp.resolve("serials.krl"), List.of("-z", "42"), spec(text.toString()));
        assertThat(parse(krl).version()).isEqualTo(42);
        for (long serial : new long[] {5, 9, 1000, 1500, 2000, 10_000, 10_003, 10_399, -1L, -16L}) {
            assertThat(agrees(krl, cert(ca, "s" + serial, serial), true))
                    .contains("certificate serial " + Long.toUnsignedString(serial) + " revoked");
        }
        for (long serial : new long[] {1, 6, 999, 2001, 10_001, 10_002, 10_401, -17L}) {
            agrees(krl, cert(ca, "s" + serial, serial), false);
        }
        agrees(krl, cert(otherCa, "other CA, same serial", 5), false);
        agrees(krl, cert(ca, "no serial", 0), false);

        // far apart: ssh-keygen writes a serial list
        Path sparse = ca.krl(tmp.resolve("sparse.krl"), List.of(), spec("serial: 5\nserial: 70000000\nserial: 90000000000\n"));
        for (long serial : new long[] {5, 70_000_000, 90_000_000_000L}) {
            agrees(sparse, cert(ca, "s" + serial, serial), true);
        }
        agrees(sparse, cert(ca, "s6", 6), false);
    }

    @Test
    void keyIdsForOneCaAndForAnyCa() throws IOException {
        Path krl = ca.krl(tmp.resolve("ids.krl"), List.of(), spec("id: stolen laptop\nid: ex-employee\n"));
        assertThat(agrees(krl, cert(ca, "stolen laptop", 0), true)).contains("certificate key ID revoked");
        agrees(krl, cert(ca, "ex-employee", 77), true);
        agrees(krl, cert(otherCa, "stolen laptop", 0), false);
        agrees(krl, cert(ca, "stolen laptop 2", 0), false);
        agrees(krl, cert(otherCa, "ex-employee", 3), false);
    }

    @Test
    void plainKeysExplicitlyAndByFingerprintWhateverTheirType() throws IOException {
        for (String type : List.of("ed25519", "ecdsa", "rsa")) {
            Path explicit = key(type);
            Path sha1 = key(type);
            Path sha256 = key(type);
            Path hash = key(type);
            Path file = key(type);
            Path kept = key(type);
            String fingerprint = org.apache.sshd.common.config.keys.KeyUtils.getFingerPrint(read(Path.of(hash + ".pub")));
            Path krl = CertificateAuthority.krlOfKeys(tmp.resolve(type + ".krl"), spec(
                    "key: " + TestKeys.publicLine(explicit) + "\nsha1: " + TestKeys.publicLine(sha1)
                            + "\nsha256: " + TestKeys.publicLine(sha256) + "\nhash: " + fingerprint + "\n"),
                    Path.of(file + ".pub"));
            assertThat(agrees(krl, Path.of(explicit + ".pub"), true)).contains("key revoked");
            assertThat(agrees(krl, Path.of(sha1 + ".pub"), true)).contains("SHA1 fingerprint");
            assertThat(agrees(krl, Path.of(sha256 + ".pub"), true)).contains("SHA256 fingerprint");
            assertThat(agrees(krl, Path.of(hash + ".pub"), true)).contains("SHA256 fingerprint");
            agrees(krl, Path.of(file + ".pub"), true);
            agrees(krl, Path.of(kept + ".pub"), false);
            // a certificate of a revoked key is revoked with it
            agrees(krl, ca.sign(sha256, "of a revoked key", "-n", "alice", "-V", "+1h"), true);
            agrees(krl, ca.sign(kept, "of a kept key", "-n", "alice", "-V", "+1h"), false);
        }
    }

    @Test
    void aRevokedCaRevokesItsCertificatesAndCertificateFilesRevokeBySerialOrKeyId() throws IOException {
        Path byCa = CertificateAuthority.krlOfKeys(tmp.resolve("ca.krl"), otherCa.publicKey());
        assertThat(agrees(byCa, cert(otherCa, "any", 12), true)).contains("its CA ");
        agrees(byCa, cert(ca, "any", 12), false);

        Path withSerial = cert(ca, "given as a file", 31);
        Path withoutSerial = cert(ca, "given as a file too", 0);
        Path krl = ca.krl(tmp.resolve("certs.krl"), List.of(), withSerial, withoutSerial);
        agrees(krl, withSerial, true);
        agrees(krl, cert(ca, "same serial", 31), true);
        agrees(krl, withoutSerial, true);
        agrees(krl, cert(ca, "given as a file too", 0), true);
        agrees(krl, cert(ca, "other", 32), false);
    }

    // ---- what krl.c refuses, written by hand -----------------------------------------------------------

    /** A KRL with the given sections after a valid header. */
    static byte[] krl(int formatVersion, byte[]... sections) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(Krl.MAGIC);
        out.writeInt(formatVersion);
        out.writeLong(1);
        out.writeLong(1_700_000_000L);
        out.writeLong(0);
        string(out, new byte[0]);
        string(out, "hand-made".getBytes(StandardCharsets.UTF_8));
        for (byte[] section : sections) {
            out.write(section);
        }
        return bytes.toByteArray();
    }

    static byte[] section(int type, byte[]... strings) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        DataOutputStream b = new DataOutputStream(body);
        for (byte[] s : strings) {
            b.write(s);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeByte(type);
        string(out, body.toByteArray());
        return bytes.toByteArray();
    }

    static byte[] string(byte[] value) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        string(new DataOutputStream(bytes), value);
        return bytes.toByteArray();
    }

    static void string(DataOutputStream out, byte[] value) throws IOException {
        out.writeInt(value.length);
        out.write(value);
    }

    static byte[] u64(long... values) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        for (long v : values) {
            out.writeLong(v);
        }
        return bytes.toByteArray();
    }

    /** A certificates section for any CA holding one subsection. */
    static byte[] anyCa(int subsection, byte[] data) throws IOException {
        return section(1, string(new byte[0]), string(new byte[0]), section(subsection, data));
    }

    static byte[] extension(String name, boolean critical) throws IOException {
        return concat(string(name.getBytes(StandardCharsets.UTF_8)), new byte[] {(byte) (critical ? 1 : 0)},
                string(new byte[0]));
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    @Test
    void whatKrlCRefusesMakesTheListUnusable() throws IOException {
        List<byte[]> bad = new ArrayList<>();
        bad.add(krl(2));
        bad.add(krl(1, section(9)));
        bad.add(krl(1, anyCa(0x20, u64(0))));
        bad.add(krl(1, anyCa(0x21, u64(9, 3))));
        bad.add(krl(1, anyCa(0x2f, new byte[0])));
        bad.add(krl(1, section(255, extension("future@openssh.com", true))));
        bad.add(krl(1, anyCa(0x39, extension("future@openssh.com", true))));
        bad.add(krl(1, section(3, string(new byte[19]))));
        bad.add(krl(1, section(2, string(new byte[5]), new byte[] {1})));
        byte[] whole = krl(1, anyCa(0x20, u64(4)));
        bad.add(java.util.Arrays.copyOf(whole, whole.length - 1));
        for (byte[] content : bad) {
            assertThatThrownBy(() -> Krl.parse(content)).as(java.util.HexFormat.of().formatHex(content))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> Krl.parse(krl(1, anyCa(0x20, u64(0))))).hasMessageContaining("serial 0");
        assertThatThrownBy(() -> Krl.parse(krl(3))).hasMessageContaining("KRL format version 3 is not supported");
    }

    /**
     * Key IDs for every CA (an empty CA key, which this ssh-keygen will not write without -s), optional
     * extensions and a signature section, which sshd skips.
     */
    @Test
    void keyIdsForAnyCaOptionalExtensionsAndSignatures() throws IOException {
        byte[] content = krl(1, section(255, extension("future@openssh.com", false)),
                anyCa(0x39, extension("later@openssh.com", false)), anyCa(0x23, string("gone".getBytes())),
                concat(section(4, string(new byte[] {1, 2, 3})), string(new byte[] {4, 5})));
        Krl krl = Krl.parse(content);
        assertThat(krl.revocation(read(cert(ca, "gone", 3)))).hasValue("certificate key ID revoked for any CA");
        assertThat(krl.revocation(read(cert(otherCa, "gone", 0)))).hasValue("certificate key ID revoked for any CA");
        assertThat(krl.revocation(read(cert(otherCa, "kept", 3)))).isEmpty();
    }
}
