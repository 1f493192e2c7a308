package io.portcullis.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Client key pairs made by the real ssh-keygen. */
public final class TestKeys {

    private TestKeys() {
    }

    /** Generates {@code dir/name} and {@code dir/name.pub} of the given type (ed25519, ecdsa, rsa). */
    public static Path generate(Path dir, String name, String type) {
        try {
            Files.createDirectories(dir);
            Path key = dir.resolve(name);
            Process p = new ProcessBuilder("ssh-keygen", "-q", "-t", type, "-N", "", "-C", name + "@test", "-f",
                    key.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) {
                throw new IllegalStateException("ssh-keygen failed: " + out);
            }
            return key;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static String publicLine(Path privateKey) {
        try {
            return Files.readString(Path.of(privateKey + ".pub")).strip();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
