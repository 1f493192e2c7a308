package io.portcullis.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An OpenSSH certificate authority made at test time by the real ssh-keygen: it signs user certificates
 * ({@code ssh-keygen -s}) and writes key revocation lists ({@code ssh-keygen -k}).
 */
public final class CertificateAuthority {

    private final Path key;

    private CertificateAuthority(Path key) {
        this.key = key;
    }

    /** A new CA key pair {@code dir/name} of the given type (ed25519, ecdsa, rsa). */
    public static CertificateAuthority create(Path dir, String name, String type) {
        return new CertificateAuthority(TestKeys.generate(dir, name, type));
    }

    public Path privateKey() {
        return key;
    }

    public Path publicKey() {
        return Path.of(key + ".pub");
    }

    public String publicLine() {
        return TestKeys.publicLine(key);
    }

    /**
     * Signs the public half of {@code userKey} ({@code ssh-keygen -s CA -I id ARGS}: {@code -n}, {@code -V},
     * {@code -z}, {@code -O}); the certificate lands beside it as {@code NAME-cert.pub}, where ssh finds it.
     */
    public Path sign(Path userKey, String id, String... args) {
        List<String> command = new ArrayList<>(List.of("ssh-keygen", "-q", "-s", key.toString(), "-I", id));
        command.addAll(List.of(args));
        command.add(userKey + ".pub");
        run(command);
        return Path.of(userKey + "-cert.pub");
    }

    /** {@code ssh-keygen -k -f OUT -s CA ARGS SPEC...}: a KRL for this CA from specification or key files. */
    public Path krl(Path out, List<String> args, Path... specs) {
        List<String> command = new ArrayList<>(List.of("ssh-keygen", "-q", "-k", "-f", out.toString(), "-s",
                publicKey().toString()));
        command.addAll(args);
        for (Path spec : specs) {
            command.add(spec.toString());
        }
        run(command);
        return out;
    }

    /** {@code ssh-keygen -k -f OUT SPEC...} without a CA: plain keys and fingerprints only. */
    public static Path krlOfKeys(Path out, Path... specs) {
        List<String> command = new ArrayList<>(List.of("ssh-keygen", "-q", "-k", "-f", out.toString()));
        for (Path spec : specs) {
            command.add(spec.toString());
        }
        run(command);
        return out;
    }

    /** What ssh-keygen's own KRL query says of a key or certificate: revoked (true) or not. */
    public static boolean revokedPerSshKeygen(Path krl, Path key) {
        OpenSsh.Result r = Program.of("ssh-keygen", "-Q", "-f", krl.toString(), key.toString()).run();
        return r.exitCode() != 0;
    }

    public static Path write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            return Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void run(List<String> command) {
        OpenSsh.Result r = Program.of(command).run();
        if (r.exitCode() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + r);
        }
    }
}
