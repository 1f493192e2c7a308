package io.portcullis.certificates;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;

/**
 * An OpenSSH key revocation list (PROTOCOL.krl), every section {@code ssh-keygen -k} writes: certificates by
 * serial (lists, ranges, bitmaps) and by key ID, for one CA or for any; plain keys explicitly and by SHA1 or
 * SHA256 fingerprint. Read as krl.c reads it: anything it would refuse (another format version, an unknown
 * section, a critical extension, trailing data, serial 0) makes the list unusable, never half-read.
 * Signature sections are skipped, as sshd skips them.
 */
public final class Krl implements RevokedKeys {

    static final byte[] MAGIC = "SSHKRL\n\0".getBytes(StandardCharsets.US_ASCII);
    private static final int FORMAT_VERSION = 1;

    private static final int SECTION_CERTIFICATES = 1;
    private static final int SECTION_EXPLICIT_KEY = 2;
    private static final int SECTION_FINGERPRINT_SHA1 = 3;
    private static final int SECTION_SIGNATURE = 4;
    private static final int SECTION_FINGERPRINT_SHA256 = 5;
    private static final int SECTION_EXTENSION = 255;

    private static final int CERT_SERIAL_LIST = 0x20;
    private static final int CERT_SERIAL_RANGE = 0x21;
    private static final int CERT_SERIAL_BITMAP = 0x22;
    private static final int CERT_KEY_ID = 0x23;
    private static final int CERT_EXTENSION = 0x39;

    /** Serials {@code lo..hi}, unsigned, both included. */
    private record Range(long lo, long hi) {
        boolean contains(long serial) {
            return Long.compareUnsigned(lo, serial) <= 0 && Long.compareUnsigned(serial, hi) <= 0;
        }
    }

    /** Bit N set revokes serial {@code offset + N}. */
    private record Bitmap(long offset, BigInteger bits) {
        boolean contains(long serial) {
            long index = serial - offset;
            return Long.compareUnsigned(serial, offset) >= 0 && Long.compareUnsigned(index, bits.bitLength()) < 0
                    && bits.testBit((int) index);
        }
    }

    /** What one certificates section revokes; {@code ca} empty for every CA. */
    private record CaSection(Optional<KeyBlob> ca, List<Range> ranges, List<Bitmap> bitmaps, Set<String> keyIds) {
        boolean covers(KeyBlob signer) {
            return ca.isEmpty() || ca.get().equals(signer);
        }
    }

    private final long version;
    private final List<CaSection> certificates;
    private final Set<KeyBlob> explicit;
    private final Set<String> sha1;
    private final Set<String> sha256;

    private Krl(long version, List<CaSection> certificates, Set<KeyBlob> explicit, Set<String> sha1, Set<String> sha256) {
        this.version = version;
        this.certificates = certificates;
        this.explicit = explicit;
        this.sha1 = sha1;
        this.sha256 = sha256;
    }

    public static boolean isKrl(byte[] content) {
        return content.length >= MAGIC.length && Arrays.equals(content, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
    }

    /** The KRL's own version number ({@code ssh-keygen -z}). */
    public long version() {
        return version;
    }

    /** Throws {@link IllegalArgumentException} saying what is wrong, as krl.c would refuse it. */
    public static Krl parse(byte[] content) {
        if (!isKrl(content)) {
            throw new IllegalArgumentException("not a KRL (it does not start with SSHKRL)");
        }
        Buffer in = new ByteArrayBuffer(content, MAGIC.length, content.length - MAGIC.length);
        try {
            long format = in.getUInt();
            if (format != FORMAT_VERSION) {
                throw new IllegalArgumentException("KRL format version " + format + " is not supported (only "
                        + FORMAT_VERSION + ")");
            }
            long version = in.getLong();
            in.getLong(); // generated date
            in.getLong(); // flags, none defined
            in.getBytes(); // reserved
            cstring(in, "the comment");
            List<CaSection> certificates = new ArrayList<>();
            Set<KeyBlob> explicit = new HashSet<>();
            Set<String> sha1 = new HashSet<>();
            Set<String> sha256 = new HashSet<>();
            while (in.available() > 0) {
                int type = in.getUByte();
                Buffer section = new ByteArrayBuffer(in.getBytes());
                switch (type) {
                    case SECTION_CERTIFICATES -> certificates.add(certificates(section));
                    case SECTION_EXPLICIT_KEY -> blobs(section, 0).forEach(b -> explicit.add(new KeyBlob(b)));
                    case SECTION_FINGERPRINT_SHA1 -> blobs(section, 20).forEach(b -> sha1.add(base64(b)));
                    case SECTION_FINGERPRINT_SHA256 -> blobs(section, 32).forEach(b -> sha256.add(base64(b)));
                    case SECTION_EXTENSION -> extension(section, "KRL extension");
                    case SECTION_SIGNATURE -> {
                        // the signing key was the section's data; its signature follows as one more string
                        in.getBytes();
                        section = new ByteArrayBuffer(new byte[0]);
                    }
                    default -> throw new IllegalArgumentException("unknown KRL section type " + type);
                }
                if (section.available() > 0) {
                    throw new IllegalArgumentException("KRL section of type " + type + " has data left over");
                }
            }
            return new Krl(version, List.copyOf(certificates), Set.copyOf(explicit), Set.copyOf(sha1), Set.copyOf(sha256));
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the KRL is cut short or malformed at byte " + (MAGIC.length + in.rpos())
                    + " of " + content.length);
        }
    }

    private static CaSection certificates(Buffer section) {
        byte[] ca = section.getBytes();
        section.getBytes(); // reserved
        List<Range> ranges = new ArrayList<>();
        List<Bitmap> bitmaps = new ArrayList<>();
        Set<String> keyIds = new HashSet<>();
        while (section.available() > 0) {
            int type = section.getUByte();
            Buffer sub = new ByteArrayBuffer(section.getBytes());
            switch (type) {
                case CERT_SERIAL_LIST -> {
                    while (sub.available() > 0) {
                        long serial = sub.getLong();
                        ranges.add(range(serial, serial));
                    }
                }
                case CERT_SERIAL_RANGE -> ranges.add(range(sub.getLong(), sub.getLong()));
                case CERT_SERIAL_BITMAP -> bitmaps.add(bitmap(sub.getLong(), new BigInteger(1, sub.getMPIntAsBytes())));
                case CERT_KEY_ID -> {
                    while (sub.available() > 0) {
                        keyIds.add(cstring(sub, "a key ID"));
                    }
                }
                case CERT_EXTENSION -> extension(sub, "KRL certificate extension");
                default -> throw new IllegalArgumentException("unknown KRL certificate section type " + type);
            }
            if (sub.available() > 0) {
                throw new IllegalArgumentException("KRL certificate section of type " + type + " has data left over");
            }
        }
        return new CaSection(ca.length == 0 ? Optional.empty() : Optional.of(new KeyBlob(ca)), List.copyOf(ranges),
                List.copyOf(bitmaps), Set.copyOf(keyIds));
    }

    /** Serial 0 is what a certificate without one has: krl.c refuses to revoke it. */
    private static Range range(long lo, long hi) {
        if (lo == 0 || Long.compareUnsigned(lo, hi) > 0) {
            throw new IllegalArgumentException("KRL revokes the serial range " + Long.toUnsignedString(lo) + "-"
                    + Long.toUnsignedString(hi) + ", which is empty or includes serial 0");
        }
        return new Range(lo, hi);
    }

    private static Bitmap bitmap(long offset, BigInteger bits) {
        if (offset == 0 && bits.testBit(0)) {
            throw new IllegalArgumentException("KRL bitmap revokes serial 0");
        }
        if (bits.bitLength() > 1 && Long.compareUnsigned(offset + bits.bitLength() - 1, offset) < 0) {
            throw new IllegalArgumentException("KRL bitmap runs past the largest serial");
        }
        return new Bitmap(offset, bits);
    }

    private static List<byte[]> blobs(Buffer section, int length) {
        List<byte[]> out = new ArrayList<>();
        while (section.available() > 0) {
            byte[] blob = section.getBytes();
            if (length != 0 && blob.length != length) {
                throw new IllegalArgumentException("KRL fingerprint of " + blob.length + " bytes where " + length
                        + " belong");
            }
            out.add(blob);
        }
        return out;
    }

    /** No extension is defined: a critical one makes the list unusable, any other is skipped. */
    private static void extension(Buffer section, String what) {
        String name = cstring(section, "an extension name");
        boolean critical = section.getUByte() != 0;
        section.getBytes();
        if (critical) {
            throw new IllegalArgumentException(what + " '" + name + "' is critical and not supported");
        }
    }

    private static String cstring(Buffer in, String what) {
        byte[] bytes = in.getBytes();
        for (byte b : bytes) {
            if (b == 0) {
                throw new IllegalArgumentException("KRL has a NUL byte inside " + what);
            }
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** ssh_krl_check_key: the key or certificate, then the certificate's CA as a plain key. */
    @Override
    public Optional<String> revocation(PublicKey key) {
        Optional<String> revoked = keyRevoked(key);
        if (revoked.isEmpty() && key instanceof OpenSshCertificate cert) {
            revoked = keyRevoked(cert.getCaPubKey()).map(r -> "its CA " + KeyBlob.fingerprint(cert.getCaPubKey())
                    + " is revoked (" + r + ")");
        }
        return revoked;
    }

    private Optional<String> keyRevoked(PublicKey key) {
        KeyBlob blob = KeyBlob.of(key);
        if (sha1.contains(base64(blob.sha1()))) {
            return Optional.of("key revoked by its SHA1 fingerprint");
        }
        if (sha256.contains(base64(blob.sha256()))) {
            return Optional.of("key revoked by its SHA256 fingerprint");
        }
        if (explicit.contains(blob)) {
            return Optional.of("key revoked");
        }
        if (!(key instanceof OpenSshCertificate cert)) {
            return Optional.empty();
        }
        KeyBlob signer = KeyBlob.of(cert.getCaPubKey());
        long serial = cert.getSerial();
        for (CaSection section : certificates) {
            if (!section.covers(signer)) {
                continue;
            }
            String scope = section.ca().isPresent() ? "" : " for any CA";
            if (section.keyIds().contains(cert.getId())) {
                return Optional.of("certificate key ID revoked" + scope);
            }
            // serial 0 is no serial: such certificates are revoked by key ID only
            if (serial != 0 && (section.ranges().stream().anyMatch(r -> r.contains(serial))
                    || section.bitmaps().stream().anyMatch(b -> b.contains(serial)))) {
                return Optional.of("certificate serial " + Long.toUnsignedString(serial) + " revoked" + scope);
            }
        }
        return Optional.empty();
    }
}
