package io.portcullis.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalStreamTest {

    @TempDir
    Path tmp;

    @Test
    void onlyTheStreamJournalStreamNamesIsTheJournal() throws Exception {
        Path stream = Files.createFile(tmp.resolve("stream"));
        long dev = ((Number) Files.getAttribute(stream, "unix:dev")).longValue();
        long ino = ((Number) Files.getAttribute(stream, "unix:ino")).longValue();
        Path other = Files.createFile(tmp.resolve("other"));

        assertThat(JournalStream.connected(Map.of("JOURNAL_STREAM", dev + ":" + ino), stream)).isTrue();
        // a program started by a service inherits the variable, not the stream
        assertThat(JournalStream.connected(Map.of("JOURNAL_STREAM", dev + ":" + ino), other)).isFalse();
        assertThat(JournalStream.connected(Map.of(), stream)).isFalse();
        assertThat(JournalStream.connected(Map.of("JOURNAL_STREAM", "garbage"), stream)).isFalse();
        assertThat(JournalStream.connected(Map.of("JOURNAL_STREAM", dev + ":x"), stream)).isFalse();
    }
}
