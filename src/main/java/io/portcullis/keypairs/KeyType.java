package io.portcullis.keypairs;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.sshd.common.keyprovider.KeyPairProvider;

/** The key types {@code ssh keypairs generate} makes, with the sizes each allows. */
public enum KeyType {
    ED25519(List.of(256), 256),
    ECDSA(List.of(256, 384, 521), 256),
    RSA(List.of(), 3072);

    static final int RSA_MIN_BITS = 2048;
    static final int RSA_MAX_BITS = 16384;

    private final List<Integer> sizes;
    private final int defaultBits;

    KeyType(List<Integer> sizes, int defaultBits) {
        this.sizes = sizes;
        this.defaultBits = defaultBits;
    }

    public static List<String> names() {
        return Arrays.stream(values()).map(t -> t.name().toLowerCase(Locale.ROOT)).toList();
    }

    public static KeyType of(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new KeypairException("unknown key type '" + name + "'; choose one of " + String.join(", ", names()));
        }
    }

    /** The bits asked for, or the type's default; a size the type does not have is refused with the choices. */
    int bits(Integer asked) {
        int bits = asked == null ? defaultBits : asked;
        if (this == RSA) {
            if (bits < RSA_MIN_BITS || bits > RSA_MAX_BITS) {
                throw new KeypairException("--bits " + bits + " for rsa: give " + RSA_MIN_BITS + " to " + RSA_MAX_BITS
                        + " (3072 if unsure)");
            }
        } else if (!sizes.contains(bits)) {
            throw new KeypairException("--bits " + bits + " for " + name().toLowerCase(Locale.ROOT) + ": give "
                    + String.join(" or ", sizes.stream().map(String::valueOf).toList())
                    + (this == ED25519 ? " (ed25519 keys have one size; leave --bits out)" : ""));
        }
        return bits;
    }

    /** MINA's name for a key of this type and size. */
    String sshKeyType(int bits) {
        return switch (this) {
            case ED25519 -> KeyPairProvider.SSH_ED25519;
            case ECDSA -> "ecdsa-sha2-nistp" + bits;
            case RSA -> KeyPairProvider.SSH_RSA;
        };
    }
}
