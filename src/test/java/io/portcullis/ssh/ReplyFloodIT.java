package io.portcullis.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.testing.ApplianceProcess;
import io.portcullis.testing.OpenSsh;
import io.portcullis.testing.PythonScript;
import io.portcullis.testing.RunningAppliance;
import io.portcullis.testing.StartedAppliance;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 13, item 3: a client that asks for replies and never reads them (SERVICE_REQUESTs before login,
 * keepalive global requests after) cannot grow the appliance's heap: past a bound the server stops
 * reading from it. Measured on the jar run as an operator runs it (-Xmx256m), after a full collection,
 * while the flooding connection is still open; admins log in meanwhile.
 */
class ReplyFloodIT {

    /** Generous: the connection's backlog is bounded at about 1 MiB; without the bound it grows by ~100 MB. */
    static final long MAX_GROWTH = 32L * 1024 * 1024;
    static final int FLOOD_SECONDS = 20;

    /** The jar, one for each flood, so that one flood's heap is not counted in the next. */
    @StartedAppliance
    ApplianceProcess app;

    @ParameterizedTest
    @ValueSource(strings = {"service-request", "keepalive"})
    void aPeerThatNeverReadsCannotGrowTheHeap(String mode) throws Exception {
        long before = app.liveHeapBytes();
        PythonScript flood = PythonScript.start("reply_flood.py", "127.0.0.1", app.port(), "127.0.0.15", mode,
                FLOOD_SECONDS, "admin", RunningAppliance.ADMIN_PASSWORD, "hold");
        try {
            Awaitility.await().atMost(Duration.ofSeconds(FLOOD_SECONDS + 60)).until(() -> flood.output().contains("sent "));
            long during = app.liveHeapBytes();
            System.out.printf("reply flood %s: %s; live heap before %d KiB, with the flooding connection open %d KiB%n",
                    mode, flood.output().strip().replace('\n', ';'), before / 1024, during / 1024);
            assertThat(during - before).as("heap growth under a %s flood (%s)", mode, flood.output().strip())
                    .isLessThan(MAX_GROWTH);
            for (int i = 0; i < 3; i++) {
                OpenSsh.Result admin = OpenSsh.to(app.port(), "admin").password(RunningAppliance.ADMIN_PASSWORD)
                        .exec("services list");
                assertThat(admin.exitCode()).as(admin.toString()).isZero();
            }
        } finally {
            flood.stop();
        }
    }
}
