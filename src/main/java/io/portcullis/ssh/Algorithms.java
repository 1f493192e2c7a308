package io.portcullis.ssh;

import io.portcullis.settings.SshSetting;
import io.portcullis.settings.SshSettings;
import io.portcullis.settings.WeakCipher;
import io.portcullis.settings.sshdconfig.AlgorithmSpec;
import io.portcullis.settings.sshdconfig.AuxParameters;
import io.portcullis.settings.sshdconfig.AuxParametersParser.SupportedAlgorithms;
import io.portcullis.ssh.cipher.ChaCha20Poly1305Factory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.cipher.BuiltinCiphers;
import org.apache.sshd.common.cipher.Cipher;
import org.apache.sshd.common.compression.BuiltinCompressions;
import org.apache.sshd.common.kex.BuiltinDHFactories;
import org.apache.sshd.common.mac.BuiltinMacs;
import org.apache.sshd.common.signature.BuiltinSignatures;

/**
 * The algorithm lists the server offers, in preference order (SPEC §3, Default algorithms): what
 * passes ssh-audit out of the box, plus what an administrator explicitly turned on.
 */
public record Algorithms(
        List<BuiltinDHFactories> kex,
        List<NamedFactory<Cipher>> ciphers,
        List<BuiltinMacs> macs,
        List<BuiltinSignatures> hostKeyAlgorithms,
        List<BuiltinSignatures> pubkeyAcceptedAlgorithms,
        List<BuiltinCompressions> compressions) {

    /** Post-quantum hybrids first, then curve25519; no SHA-1, no NIST curves. */
    public static final List<BuiltinDHFactories> DEFAULT_KEX = List.of(
            BuiltinDHFactories.mlkem768x25519, BuiltinDHFactories.sntrup761x25519_openssh,
            BuiltinDHFactories.sntrup761x25519, BuiltinDHFactories.curve25519, BuiltinDHFactories.curve25519_libssh);

    /**
     * AES-GCM first: the JDK's AES-GCM is hardware-accelerated everywhere, ChaCha20-Poly1305 only where the
     * JDK has its intrinsics (the client's order decides anyway). chacha20-poly1305 is served by our own
     * implementation, not MINA's ({@link #served}).
     */
    public static final List<BuiltinCiphers> DEFAULT_CIPHERS = List.of(
            BuiltinCiphers.aes128gcm, BuiltinCiphers.aes256gcm, BuiltinCiphers.cc20p1305_openssh,
            BuiltinCiphers.aes256ctr, BuiltinCiphers.aes128ctr);

    /**
     * Encrypt-then-MAC SHA-2 first, then the same MACs over the plaintext, as OpenSSH offers them: libssh2
     * 1.10 (curl, PHP's ssh2, many backup tools) has no ETM and could not connect otherwise. Clients with
     * ETM pick it (the client's order decides); ssh-audit warns about the others, and an administrator who
     * needs no such client drops them with {@code MACs -hmac-sha2-256,hmac-sha2-512}.
     */
    public static final List<BuiltinMacs> DEFAULT_MACS = List.of(BuiltinMacs.hmacsha256etm, BuiltinMacs.hmacsha512etm,
            BuiltinMacs.hmacsha256, BuiltinMacs.hmacsha512);

    /** The ECDSA host key exists but is offered only when an administrator adds it. */
    public static final List<BuiltinSignatures> DEFAULT_HOST_KEY_ALGORITHMS = List.of(
            BuiltinSignatures.ed25519, BuiltinSignatures.rsaSHA512, BuiltinSignatures.rsaSHA256);

    /**
     * User keys: OpenSSH's defaults without SHA-1 {@code ssh-rsa} and DSA, certificates first as there (MINA has
     * no FIDO certificates); a certificate is accepted only as TrustedUserCAKeys allows.
     */
    public static final List<BuiltinSignatures> DEFAULT_PUBKEY_ALGORITHMS = List.of(
            BuiltinSignatures.ed25519_cert, BuiltinSignatures.nistp256_cert, BuiltinSignatures.nistp384_cert,
            BuiltinSignatures.nistp521_cert, BuiltinSignatures.rsaSHA512_cert, BuiltinSignatures.rsaSHA256_cert,
            BuiltinSignatures.ed25519, BuiltinSignatures.sk_ssh_ed25519, BuiltinSignatures.nistp256,
            BuiltinSignatures.nistp384, BuiltinSignatures.nistp521, BuiltinSignatures.sk_ecdsa_sha2_nistp256,
            BuiltinSignatures.rsaSHA512, BuiltinSignatures.rsaSHA256);

    /** Host key algorithms the appliance's keys can serve. */
    private static final List<BuiltinSignatures> HOST_KEY_CAPABLE = List.of(BuiltinSignatures.ed25519,
            BuiltinSignatures.rsaSHA512, BuiltinSignatures.rsaSHA256, BuiltinSignatures.nistp256, BuiltinSignatures.rsa);

    /** What an administrator may name in Ciphers/MACs/KexAlgorithms/... lines: everything MINA supports. */
    public static final SupportedAlgorithms SUPPORTED = new SupportedAlgorithms(
            names(supported(BuiltinCiphers.VALUES).stream().filter(c -> c != BuiltinCiphers.none).toList()),
            names(supported(BuiltinMacs.VALUES)), names(supported(BuiltinDHFactories.VALUES)),
            names(supported(HOST_KEY_CAPABLE)), names(supported(BuiltinSignatures.VALUES)));

    public static Algorithms of(SshSettings settings) {
        return of(settings, AuxParameters.NONE);
    }

    /**
     * The defaults, plus the Weak Ciphers field, then the auxiliary parameters' lists applied with
     * their +/-/^ modifiers. The {@code none} cipher needs both NONE and no {@code NoneEnabled no}.
     */
    public static Algorithms of(SshSettings settings, AuxParameters aux) {
        List<BuiltinCiphers> ciphers = new ArrayList<>(DEFAULT_CIPHERS);
        if (settings.get(SshSetting.WEAK_CIPHERS).contains(WeakCipher.AES128_CBC)) {
            ciphers.add(BuiltinCiphers.aes128cbc);
        }
        ciphers = modify(ciphers, aux.ciphers(), BuiltinCiphers::fromFactoryName);
        if (settings.get(SshSetting.WEAK_CIPHERS).contains(WeakCipher.NONE) && aux.noneEnabledOrDefault()) {
            ciphers.add(BuiltinCiphers.none);
        }
        List<BuiltinCompressions> compressions = settings.get(SshSetting.COMPRESSION)
                ? List.of(BuiltinCompressions.delayedZlib, BuiltinCompressions.zlib, BuiltinCompressions.none)
                : List.of(BuiltinCompressions.none);
        return new Algorithms(
                modify(DEFAULT_KEX, aux.kexAlgorithms(), BuiltinDHFactories::fromFactoryName),
                ciphers.stream().map(Algorithms::served).toList(),
                modify(DEFAULT_MACS, aux.macs(), BuiltinMacs::fromFactoryName),
                modify(DEFAULT_HOST_KEY_ALGORITHMS, aux.hostKeyAlgorithms(), BuiltinSignatures::fromFactoryName),
                modify(DEFAULT_PUBKEY_ALGORITHMS, aux.pubkeyAcceptedAlgorithms(), BuiltinSignatures::fromFactoryName),
                compressions);
    }

    /** What serves each cipher: MINA's, except chacha20-poly1305@openssh.com, which is ours (faster). */
    static NamedFactory<Cipher> served(BuiltinCiphers cipher) {
        return cipher == BuiltinCiphers.cc20p1305_openssh ? ChaCha20Poly1305Factory.INSTANCE : cipher;
    }

    private static <T extends NamedResource> List<T> modify(List<T> defaults, Optional<AlgorithmSpec> spec,
                                                           Function<String, T> byName) {
        if (spec.isEmpty()) {
            return new ArrayList<>(defaults);
        }
        List<T> out = new ArrayList<>();
        for (String name : spec.get().apply(names(defaults), allNames(defaults, byName, spec.get()))) {
            T factory = byName.apply(name);
            if (factory != null) {
                out.add(factory);
            }
        }
        return out;
    }

    /** Every name the spec may refer to: the defaults and any name MINA knows. */
    private static <T extends NamedResource> List<String> allNames(List<T> defaults, Function<String, T> byName,
                                                                  AlgorithmSpec spec) {
        List<String> names = new ArrayList<>(names(defaults));
        for (String n : spec.names()) {
            if (!names.contains(n) && byName.apply(n) != null) {
                names.add(n);
            }
        }
        return names;
    }

    private static <T extends org.apache.sshd.common.OptionalFeature> List<T> supported(Collection<T> all) {
        return all.stream().filter(org.apache.sshd.common.OptionalFeature::isSupported).toList();
    }

    private static List<String> names(Collection<? extends NamedResource> all) {
        return all.stream().map(NamedResource::getName).toList();
    }
}
