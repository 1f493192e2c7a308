package io.portcullis.ssh;

import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.common.cipher.BuiltinCiphers;
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
        List<BuiltinCiphers> ciphers,
        List<BuiltinMacs> macs,
        List<BuiltinSignatures> hostKeyAlgorithms,
        List<BuiltinSignatures> pubkeyAcceptedAlgorithms,
        List<BuiltinCompressions> compressions) {

    /** Post-quantum hybrids first, then curve25519; no SHA-1, no NIST curves. */
    public static final List<BuiltinDHFactories> DEFAULT_KEX = List.of(
            BuiltinDHFactories.mlkem768x25519, BuiltinDHFactories.sntrup761x25519_openssh,
            BuiltinDHFactories.sntrup761x25519, BuiltinDHFactories.curve25519, BuiltinDHFactories.curve25519_libssh);

    /** AES-GCM first: the JDK's AES is hardware-accelerated, MINA's ChaCha20 is plain Java. */
    public static final List<BuiltinCiphers> DEFAULT_CIPHERS = List.of(
            BuiltinCiphers.aes128gcm, BuiltinCiphers.aes256gcm, BuiltinCiphers.cc20p1305_openssh,
            BuiltinCiphers.aes256ctr, BuiltinCiphers.aes128ctr);

    /** Encrypt-then-MAC SHA-2 only. */
    public static final List<BuiltinMacs> DEFAULT_MACS = List.of(BuiltinMacs.hmacsha256etm, BuiltinMacs.hmacsha512etm);

    /** The ECDSA host key exists but is offered only when an administrator adds it. */
    public static final List<BuiltinSignatures> DEFAULT_HOST_KEY_ALGORITHMS = List.of(
            BuiltinSignatures.ed25519, BuiltinSignatures.rsaSHA512, BuiltinSignatures.rsaSHA256);

    /** User keys: OpenSSH's defaults without SHA-1 {@code ssh-rsa} and DSA. */
    public static final List<BuiltinSignatures> DEFAULT_PUBKEY_ALGORITHMS = List.of(
            BuiltinSignatures.ed25519, BuiltinSignatures.sk_ssh_ed25519, BuiltinSignatures.nistp256,
            BuiltinSignatures.nistp384, BuiltinSignatures.nistp521, BuiltinSignatures.sk_ecdsa_sha2_nistp256,
            BuiltinSignatures.rsaSHA512, BuiltinSignatures.rsaSHA256);

    public static Algorithms of(SshSettings settings) {
        List<BuiltinCiphers> ciphers = new ArrayList<>(DEFAULT_CIPHERS);
        if (settings.weakCiphers().contains(WeakCipher.AES128_CBC)) {
            ciphers.add(BuiltinCiphers.aes128cbc);
        }
        if (settings.weakCiphers().contains(WeakCipher.NONE)) {
            ciphers.add(BuiltinCiphers.none);
        }
        List<BuiltinCompressions> compressions = settings.compression()
                ? List.of(BuiltinCompressions.delayedZlib, BuiltinCompressions.zlib, BuiltinCompressions.none)
                : List.of(BuiltinCompressions.none);
        return new Algorithms(DEFAULT_KEX, ciphers, DEFAULT_MACS, DEFAULT_HOST_KEY_ALGORITHMS,
                DEFAULT_PUBKEY_ALGORITHMS, compressions);
    }
}
