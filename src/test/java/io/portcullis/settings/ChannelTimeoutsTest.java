package io.portcullis.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** ChannelTimeout's pairs as sshd_config(5) has them: first match wins, zero is off, global only by name. */
class ChannelTimeoutsTest {

    @Test
    void theFirstMatchingPairDecidesAndGlobalIsNotMatchedByWildcards() {
        ChannelTimeouts t = ChannelTimeouts.parse("direct-tcpip=1h *=5m global=10m");
        assertThat(t.forType("direct-tcpip")).contains(Duration.ofHours(1));
        assertThat(t.forType("session")).contains(Duration.ofMinutes(5));
        assertThat(t.global()).contains(Duration.ofMinutes(10));
        assertThat(ChannelTimeouts.parse("*=5m").global()).isEmpty();
        assertThat(ChannelTimeouts.parse("session=0 *=5m").forType("session")).isEmpty();
        assertThat(ChannelTimeouts.parse("forwarded-*=30").forType("forwarded-tcpip")).contains(Duration.ofSeconds(30));
        assertThat(ChannelTimeouts.parse("none")).isEqualTo(ChannelTimeouts.NONE);
        assertThat(t.format()).isEqualTo("direct-tcpip=1h *=5m global=10m");
    }

    @Test
    void aPairThatIsNotOneIsNamed() {
        assertThatThrownBy(() -> ChannelTimeouts.parse("session")).hasMessageContaining("'session' is not TYPE=INTERVAL");
        assertThatThrownBy(() -> ChannelTimeouts.parse("sesion=5m")).hasMessageContaining("names no channel type");
        assertThatThrownBy(() -> ChannelTimeouts.parse("session=5x")).hasMessageContaining("'session=5x' has an interval");
    }
}
