package io.portcullis.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.testing.ApplianceProcess;
import io.portcullis.testing.PythonScript;
import io.portcullis.testing.RunningAppliance;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, item 5: mutated pre-authentication input (src/test/python/preauth_fuzz.py: identification
 * lines, KEXINITs with binary and 250 KB name-lists, key exchanges with garbage keys, bad lengths) from
 * one address cannot flood the log: each failed connection is one line without a stack trace, at most
 * {@link ConnectionLog#BURST} lines a minute from one address, the rest counted.
 */
class LogFloodIT {

    static final int INPUTS = 3000;
    /** About 4.5 MB before the fix; now the appliance's start and a handful of lines a minute. */
    static final long MAX_LOG_GROWTH = 256 * 1024;

    @TempDir
    Path tmp;

    @Test
    void fuzzedConnectionsWriteFewShortLinesAndNoStackTrace() throws Exception {
        Path data = tmp.resolve("data");
        Files.createDirectories(data);
        // the fuzzer's address is exempt from penalties, which would otherwise refuse it and hide the flood
        RunningAppliance.withConf(data);
        int port = RunningAppliance.freePort();
        long before;
        try (ApplianceProcess app = ApplianceProcess.start("--data-dir", data.toString(), "--ssh-port",
                Integer.toString(port), "--no-console")) {
            app.awaitLine(l -> l.contains("ssh listening on"), Duration.ofSeconds(60));
            before = logBytes(data.resolve("logs"));
            String fuzz = PythonScript.start("preauth_fuzz.py", "127.0.0.1", port, INPUTS, "-", 13, 0.1).await(1800);
            assertThat(fuzz).contains("inputs " + INPUTS);
            app.terminate();
            app.waitForExit(Duration.ofSeconds(30));
        }
        List<String> lines = logLines(data.resolve("logs"));
        long growth = logBytes(data.resolve("logs")) - before;
        System.out.printf("log: %d bytes for %d fuzz inputs, %d lines in all%n", growth, INPUTS, lines.size());
        assertThat(growth).as("log bytes written for %d fuzz inputs", INPUTS).isLessThan(MAX_LOG_GROWTH);
        assertThat(lines).noneMatch(l -> l.startsWith("\tat ") || l.contains(" ERROR "));
        assertThat(lines).as("binary name-lists and identification lines, escaped")
                .noneMatch(l -> l.chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f));
        assertThat(lines).allSatisfy(l -> assertThat(l.getBytes(StandardCharsets.UTF_8).length).isLessThan(4500));
        assertThat(lines).anyMatch(l -> l.contains("more like this from 127.0.0.1 in 60 s"));
    }

    /** Every byte of text the log directory holds, compressed archives counted uncompressed. */
    static long logBytes(Path logs) throws IOException {
        long total = 0;
        try (Stream<Path> files = Files.list(logs)) {
            for (Path f : files.toList()) {
                try (InputStream in = open(f)) {
                    total += in.transferTo(java.io.OutputStream.nullOutputStream());
                }
            }
        }
        return total;
    }

    static List<String> logLines(Path logs) throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.list(logs)) {
            for (Path f : files.sorted().toList()) {
                try (InputStream in = open(f)) {
                    all.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        }
        return all.toString().lines().toList();
    }

    private static InputStream open(Path f) throws IOException {
        InputStream in = Files.newInputStream(f);
        return f.toString().endsWith(".gz") ? new GZIPInputStream(in) : in;
    }
}
