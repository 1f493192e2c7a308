package io.portcullis.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which typed lines the per-user history keeps, and its file. */
class ConsoleHistoryTest {

    @Test
    void historyKeepsNoLineWithAPasswordOption() {
        assertThat(ConsoleHistory.keeps("accounts users passwd bob --password s3cret-pw")).isFalse();
        assertThat(ConsoleHistory.keeps("accounts users add bob \"--password=s3cret-pw\"")).isFalse();
        assertThat(ConsoleHistory.keeps("accounts users add bob --pasword s3cret-pw")).isFalse();
        assertThat(ConsoleHistory.keeps("ssh set --password-auth false --password-login-groups admins")).isTrue();
        assertThat(ConsoleHistory.keeps("accounts users edit bob --password-disabled true")).isTrue();
        assertThat(ConsoleHistory.keeps("x".repeat(5000))).isFalse();
    }

    /**
     * Two consoles of one user starting at once (an administrator opening two windows) both prepare the
     * history file: neither may fail because the other created it first (found by ClientMatrixTest).
     */
    @Test
    void consolesStartingTogetherShareTheNewHistoryFile(@TempDir Path tmp) throws Exception {
        int consoles = 4;
        ExecutorService pool = Executors.newFixedThreadPool(consoles);
        try {
            for (int round = 0; round < 200; round++) {
                Path directory = tmp.resolve("history-" + round);
                CyclicBarrier together = new CyclicBarrier(consoles);
                List<Future<Path>> prepared = new ArrayList<>();
                for (int i = 0; i < consoles; i++) {
                    prepared.add(pool.submit(() -> {
                        together.await(10, TimeUnit.SECONDS);
                        return ConsoleHistory.prepareFile(directory, "alice");
                    }));
                }
                for (Future<Path> file : prepared) {
                    assertThat(file.get(10, TimeUnit.SECONDS)).isEqualTo(directory.resolve("alice"));
                }
                assertThat(Files.getPosixFilePermissions(directory.resolve("alice")))
                        .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
