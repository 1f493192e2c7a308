package io.portcullis.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.testing.RunningAppliance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Random;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 13, item 5: the log directory has a total size: portcullis.log rolls over at 10 MB and the
 * compressed older files are kept to 50 MB in all (logback counts them before it has compressed the
 * newest, which may add one more), however much is logged.
 */
class LogDirectoryCapTest {

    static final long FILE = 10L * 1024 * 1024;
    static final long CAP = 50L * 1024 * 1024;

    @TempDir
    Path tmp;

    @Test
    void loggingFarMoreThanTheCapKeepsTheDirectoryUnderIt() throws Exception {
        try (RunningAppliance appliance = RunningAppliance.start(tmp.resolve("data"))) {
            Path logs = appliance.dataDir().resolve("logs");
            Logger filler = LoggerFactory.getLogger("io.portcullis.test.filler");
            Random random = new Random(13);
            byte[] bytes = new byte[750];
            // random text compresses to about 3/4, so 150 MB of it would leave some 110 MB of archives
            for (long written = 0; written < 150L * 1024 * 1024; written += 1100) {
                random.nextBytes(bytes);
                filler.info("{}", Base64.getEncoder().encodeToString(bytes));
            }
            Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(size(logs)).as("bytes in " + listing(logs)).isLessThanOrEqualTo(CAP + 2 * FILE));
            try (Stream<Path> files = Files.list(logs)) {
                assertThat(files.filter(f -> f.toString().endsWith(".gz")).count()).as("archives kept").isGreaterThan(2);
            }
        }
    }

    private static String listing(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            StringBuilder s = new StringBuilder();
            for (Path f : files.sorted().toList()) {
                s.append(f.getFileName()).append(' ').append(Files.size(f)).append('\n');
            }
            return s.toString();
        }
    }

    private static long size(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            long total = 0;
            for (Path f : files.toList()) {
                total += Files.size(f);
            }
            return total;
        }
    }
}
