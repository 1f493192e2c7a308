package io.portcullis.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The RFC 5424 form of a syslog line: PRI, header fields, timestamp, and what a name can smuggle into MSG. */
class SyslogMessageTest {

    private static final Instant AT = Instant.parse("2026-11-24T20:09:52.123456789Z");

    private static SyslogMessage message(int facility, int severity, String hostname, String text) {
        return new SyslogMessage(facility, severity, AT, hostname, "portcullis", "4242", "sftp", text);
    }

    @Test
    void priIsFacilityTimesEightPlusSeverity() {
        assertThat(message(4, 6, "host", "x").pri()).isEqualTo(38);   // auth.info
        assertThat(message(19, 7, "host", "x").pri()).isEqualTo(159); // local3.debug
        assertThat(message(3, 3, "host", "x").pri()).isEqualTo(27);   // daemon.err
    }

    @Test
    void headerIsVersionOneWithUtcMillisecondTimestampAndNilStructuredData() {
        assertThat(message(4, 6, "nas1", "x").header())
                .isEqualTo("<38>1 2026-11-24T20:09:52.123Z nas1 portcullis 4242 sftp - ");
    }

    @Test
    void timestampIsUtcEvenForAnInstantOnAWholeSecond() {
        SyslogMessage m = new SyslogMessage(1, 6, Instant.parse("2026-01-02T03:04:05Z"), "h", "a", "1", "m", "x");
        assertThat(m.header()).startsWith("<14>1 2026-01-02T03:04:05.000Z h ");
    }

    @Test
    void emptyOrMissingHeaderFieldsAreTheNilValue() {
        SyslogMessage m = new SyslogMessage(4, 6, AT, null, "portcullis", "", "sftp", "x");
        assertThat(m.header()).isEqualTo("<38>1 2026-11-24T20:09:52.123Z - portcullis - sftp - ");
    }

    @Test
    void headerFieldsHoldOnlyPrintableAsciiAndAreCutToTheirMaximum() {
        SyslogMessage m = new SyslogMessage(4, 6, AT, "my host\u00e9", "portcullis", "1", "a".repeat(40), "x");
        String[] fields = m.header().split(" ");
        assertThat(fields[2]).isEqualTo("my_host_");
        assertThat(fields[5]).isEqualTo("a".repeat(32));
        assertThat(fields).hasSize(7);
    }

    @Test
    void msgIsUtf8AfterAByteOrderMark() {
        byte[] bytes = message(4, 6, "h", "close \"/caf\u00e9.txt\"").toBytes();
        String header = message(4, 6, "h", "").header();
        byte[] afterHeader = Arrays.copyOfRange(bytes, header.length(), bytes.length);
        assertThat(Arrays.copyOfRange(afterHeader, 0, 3)).containsExactly(0xEF, 0xBB, 0xBF);
        assertThat(new String(afterHeader, 3, afterHeader.length - 3, StandardCharsets.UTF_8))
                .isEqualTo("close \"/caf\u00e9.txt\"");
    }

    @Test
    void controlCharactersInMsgCannotStartANewLine() {
        String text = new String(message(4, 6, "h", "open \"/a\nb\rc\td\u0085e\u007f\"").toBytes(),
                StandardCharsets.UTF_8);
        assertThat(text).endsWith("open \"/a\\x0ab\\x0dc\\x09d\\u0085e\\x7f\"").doesNotContain("\n", "\r");
    }

    @Test
    void outOfRangeFacilityOrSeverityIsRefused() {
        assertThatThrownBy(() -> message(24, 6, "h", "x")).hasMessageContaining("facility 24");
        assertThatThrownBy(() -> message(4, 8, "h", "x")).hasMessageContaining("severity 8");
    }
}
