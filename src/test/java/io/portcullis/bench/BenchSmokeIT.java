package io.portcullis.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.portcullis.testing.ApplianceProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark's CI run: {@code bench/run --smoke} starts the built jar and a private OpenSSH sshd, measures
 * one tiny case against both and writes its JSON. Only that it runs and reports is checked, never a speed.
 */
class BenchSmokeIT {

    @TempDir
    Path tmp;

    @Test
    void smokeRunMeasuresBothServersAndWritesTheResults() throws Exception {
        Path out = tmp.resolve("latest.json");
        Path log = tmp.resolve("bench.log");
        Process bench = new ProcessBuilder("bench/run", "--smoke", "--jar", ApplianceProcess.jar().toString(),
                "--out", out.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        try {
            // 10 s when the machine is quiet; generous for a busy CI machine
            assertThat(bench.waitFor(120, TimeUnit.SECONDS)).as("bench/run --smoke finished").isTrue();
        } finally {
            // SIGTERM, not SIGKILL: bench/run's trap then stops the servers it started
            bench.destroy();
            bench.waitFor(30, TimeUnit.SECONDS);
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(bench.exitValue()).as(output).isZero();

        JsonNode results = new ObjectMapper().readTree(Files.readString(out));
        assertThat(results.path("meta").path("mode").asText()).isEqualTo("smoke");
        // the JDK Portcullis ran on (bench/run --java) is part of every result
        assertThat(results.path("meta").path("portcullis_java").asText()).contains("version");
        assertThat(results.path("cases")).as(output).isNotEmpty();
        for (JsonNode c : results.path("cases")) {
            assertThat(c.path("id").asText()).isNotBlank();
            assertThat(c.path("unit").asText()).isNotBlank();
            for (String server : new String[] {"portcullis", "openssh"}) {
                JsonNode s = c.path(server);
                assertThat(s.path("n").asInt()).as(c + " " + server).isPositive();
                assertThat(s.path("median").asDouble()).as(c + " " + server).isPositive();
                assertThat(s.path("min").asDouble()).isLessThanOrEqualTo(s.path("median").asDouble());
                assertThat(s.path("max").asDouble()).isGreaterThanOrEqualTo(s.path("median").asDouble());
            }
            assertThat(c.path("ratio").isNumber()).as(c.toString()).isTrue();
            assertThat(c.has("met")).isTrue();
        }
        assertThat(output).contains("Portcullis median", "OpenSSH median");
    }
}
