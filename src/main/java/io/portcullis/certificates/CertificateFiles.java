package io.portcullis.certificates;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The TrustedUserCAKeys and RevokedKeys files the auxiliary parameters name, read when a certificate or key is
 * judged. Each is read again only when it changed (size, modification time or inode: replaced atomically, as
 * sshd_config(5) asks), and what is wrong with it is logged once per change rather than at every login.
 */
@Component
public class CertificateFiles {

    private static final Logger log = LoggerFactory.getLogger(CertificateFiles.class);

    /** A CA file holds a handful of keys; this is thousands. */
    public static final int MAX_CA_BYTES = 1 << 20;
    /** A KRL revoking millions of serials by bitmap stays far below this. */
    public static final int MAX_REVOKED_BYTES = 64 << 20;

    /** What a file gave at its last change: its contents when they can be used, and what is wrong. */
    public record Loaded<T>(Optional<T> contents, List<String> problems) {
    }

    private record Stamp(FileTime modified, long size, Object fileKey) {
    }

    private record Cached(Stamp stamp, Loaded<?> loaded) {
    }

    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    /**
     * The CAs of a TrustedUserCAKeys file. Lines that are no key are skipped, as sshd skips them, and named in
     * the problems; a file that cannot be read trusts no CA.
     */
    public Loaded<TrustedCaKeys> trustedCaKeys(Path file) {
        return load("TrustedUserCAKeys", file, MAX_CA_BYTES, bytes -> {
            TrustedCaKeys keys = TrustedCaKeys.parse(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
            List<String> problems = new java.util.ArrayList<>(keys.problems());
            if (keys.keys().isEmpty() && problems.isEmpty()) {
                problems.add("lists no CA key");
            }
            return new Loaded<>(Optional.of(keys), List.copyOf(problems));
        });
    }

    /** A RevokedKeys file; empty contents when it cannot be read at all, which sshd takes as every key revoked. */
    public Loaded<RevokedKeys> revokedKeys(Path file) {
        return load("RevokedKeys", file, MAX_REVOKED_BYTES, bytes -> {
            try {
                return new Loaded<>(Optional.of(RevokedKeys.parse(bytes)), List.of());
            } catch (IllegalArgumentException e) {
                return new Loaded<>(Optional.empty(), List.of(e.getMessage()));
            }
        });
    }

    @SuppressWarnings("unchecked")
    private <T> Loaded<T> load(String keyword, Path file, int maxBytes, Function<byte[], Loaded<T>> parse) {
        String key = keyword + " " + file;
        Optional<Stamp> stamp = stamp(file);
        Cached cached = cache.get(key);
        if (cached != null && stamp.isPresent() && cached.stamp() != null && cached.stamp().equals(stamp.get())) {
            return (Loaded<T>) cached.loaded();
        }
        Loaded<T> loaded;
        try {
            loaded = parse.apply(read(file, maxBytes));
        } catch (IOException e) {
            loaded = new Loaded<>(Optional.empty(), List.of("cannot be read: " + reason(e)));
        }
        if (cached == null || !cached.loaded().problems().equals(loaded.problems())) {
            if (!loaded.problems().isEmpty()) {
                log.warn("{} {}: {}", keyword, file, String.join("; ", loaded.problems()));
            } else if (cached != null) {
                log.info("{} {} reads again", keyword, file);
            }
        }
        cache.put(key, new Cached(stamp.orElse(null), loaded));
        return loaded;
    }

    private static Optional<Stamp> stamp(Path file) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return Optional.of(new Stamp(attributes.lastModifiedTime(), attributes.size(), attributes.fileKey()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** A regular file only (a FIFO would hold the login), at most {@code maxBytes}. */
    private static byte[] read(Path file, int maxBytes) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(Files.exists(file) ? "not a regular file" : "no such file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(maxBytes + 1);
            if (bytes.length > maxBytes) {
                throw new IOException("larger than " + maxBytes + " bytes");
            }
            return bytes;
        }
    }

    private static String reason(IOException e) {
        return e instanceof NoSuchFileException ? "no such file" : Objects.requireNonNullElse(e.getMessage(),
                e.getClass().getSimpleName());
    }
}
