package io.portcullis.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What a client sends is escaped once and cut, so that it can neither forge a line nor drive a terminal. */
class LogTextTest {

    @Test
    void controlsSeparatorsBidiAndUndecodableBytesAreEscaped() {
        assertThat(LogText.escape("a\nb\r\tc\u001b]0;t\u0007\u007f")).isEqualTo("a\\x0ab\\x0d\\x09c\\x1b]0;t\\x07\\x7f");
        assertThat(LogText.escape("\u0085\u2028\u2029\u202e\u2066\ufffd")).isEqualTo("\\u0085\\u2028\\u2029\\u202e\\u2066\\ufffd");
        assertThat(LogText.escape("lone \ud800 surrogate")).isEqualTo("lone \\ud800 surrogate");
        assertThat(LogText.escape("émoji \ud83d\ude00 ok")).isEqualTo("émoji \ud83d\ude00 ok");
        assertThat(LogText.escape(null)).isEmpty();
    }

    @Test
    void escapingTwiceChangesNothing() {
        String once = LogText.escape("x\ny\u001b[31m\\z");
        assertThat(LogText.escape(once)).isEqualTo(once);
        assertThat(once).doesNotContain("\n", "\u001b");
    }

    @Test
    void cappedToBytesOfUtf8SayingHowMuchWasLeft() {
        String name = LogText.capped("A".repeat(200_000), LogText.MAX_USER_BYTES);
        assertThat(name.getBytes(StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(LogText.MAX_USER_BYTES);
        assertThat(name).startsWith("AAAA").endsWith("...[200000 bytes]");
        String wide = LogText.capped("é".repeat(100), 64);
        assertThat(wide.getBytes(StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(64);
        assertThat(wide).doesNotContain("\ufffd");
        assertThat(LogText.capped("short", 64)).isEqualTo("short");
    }
}
