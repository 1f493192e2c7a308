package io.portcullis.files;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.testing.OpenSsh;
import io.portcullis.testing.OpenSsh.Result;
import io.portcullis.testing.RunningAppliance;
import io.portcullis.testing.StartedAppliance;
import io.portcullis.testing.TestFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 512 MiB up and down through sftp, modern scp and legacy {@code scp -O}, checksums compared. Tagged
 * "large": it runs with every {@code mvn verify} (and so in CI); leave it out locally with
 * {@code -DexcludedGroups=large}.
 */
@Tag("large")
class LargeFileTransferTest {

    static final long SIZE = 512L << 20;

    @TempDir
    static Path tmp;
    @StartedAppliance(users = {"bulk:scponly"})
    static RunningAppliance appliance;
    static Path source;
    static String sourceSum;
    static Path home;

    @BeforeAll
    static void start() throws IOException {
        home = appliance.home("bulk");
        source = tmp.resolve("local/big.bin");
        write(source, SIZE);
        sourceSum = TestFiles.sha256(source);
    }

    /** One random MiB, each copy stamped with its index, so a misplaced or repeated block changes the sum. */
    static void write(Path file, long size) throws IOException {
        Files.createDirectories(file.getParent());
        byte[] block = new byte[1 << 20];
        new Random(42).nextBytes(block);
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long i = 0; i < size / block.length; i++) {
                ByteBuffer.wrap(block).putLong(0, i);
                out.write(block);
            }
        }
    }

    static OpenSsh bulk() {
        return appliance.user("bulk").timeout(120);
    }

    @Test
    void sftpUpAndDown() throws IOException {
        transfer("sftp", () -> bulk().sftp("put " + source + " big-sftp.bin\n"),
                () -> bulk().sftp("get big-sftp.bin " + tmp.resolve("local/back-sftp.bin") + "\n"),
                "big-sftp.bin", tmp.resolve("local/back-sftp.bin"));
    }

    @Test
    void scpUpAndDown() throws IOException {
        Path back = tmp.resolve("local/back-scp.bin");
        transfer("scp", () -> bulk().scp(source.toString(), bulk().remote("big-scp.bin")),
                () -> bulk().scp(bulk().remote("big-scp.bin"), back.toString()), "big-scp.bin", back);
    }

    @Test
    void legacyScpUpAndDown() throws IOException {
        Path back = tmp.resolve("local/back-scp-O.bin");
        transfer("scp -O", () -> bulk().scp("-O", source.toString(), bulk().remote("big-scp-O.bin")),
                () -> bulk().scp("-O", bulk().remote("big-scp-O.bin"), back.toString()), "big-scp-O.bin", back);
    }

    private void transfer(String what, java.util.function.Supplier<Result> up, java.util.function.Supplier<Result> down,
                          String remoteName, Path back) throws IOException {
        long start = System.nanoTime();
        Result u = up.get();
        long uploaded = System.nanoTime();
        assertThat(u.exitCode()).as(u.toString()).isZero();
        assertThat(Files.size(home.resolve(remoteName))).isEqualTo(SIZE);
        assertThat(TestFiles.sha256(home.resolve(remoteName))).isEqualTo(sourceSum);
        long downStart = System.nanoTime();
        Result d = down.get();
        long downloaded = System.nanoTime();
        assertThat(d.exitCode()).as(d.toString()).isZero();
        assertThat(TestFiles.sha256(back)).isEqualTo(sourceSum);
        System.out.printf("%s 512 MiB: up %.1f s, down %.1f s%n", what, (uploaded - start) / 1e9,
                (downloaded - downStart) / 1e9);
        Files.delete(home.resolve(remoteName));
        Files.delete(back);
    }
}
