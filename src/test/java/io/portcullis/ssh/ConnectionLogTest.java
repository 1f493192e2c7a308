package io.portcullis.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** At most ConnectionLog.BURST lines a minute from one address; the rest counted in one line. */
class ConnectionLogTest {

    private Instant now = Instant.parse("2026-11-24T10:00:00Z");
    private final ConnectionLog log = new ConnectionLog(new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    });
    private final Logger logger = (Logger) LoggerFactory.getLogger("io.portcullis.ssh.connections");
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

    @BeforeEach
    void capture() {
        lines.start();
        logger.addAppender(lines);
    }

    @AfterEach
    void release() {
        logger.detachAppender(lines);
    }

    private List<String> written() {
        return lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void aFloodFromOneAddressIsTenLinesAndACount() {
        for (int i = 0; i < 500; i++) {
            log.warn("192.0.2.7", "bad packet " + i);
        }
        log.warn("192.0.2.8", "another address");
        assertThat(written()).hasSize(ConnectionLog.BURST + 1).contains("another address");
        now = now.plus(ConnectionLog.WINDOW);
        log.endWindows();
        assertThat(written()).contains("… 490 more like this from 192.0.2.7 in 60 s");
        log.warn("192.0.2.7", "next minute");
        assertThat(written()).endsWith("next minute");
    }
}
