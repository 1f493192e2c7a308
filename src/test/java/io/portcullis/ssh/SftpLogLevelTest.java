package io.portcullis.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portcullis.settings.SftpLogLevel;
import org.junit.jupiter.api.Test;

/** Which lines a level lets through, and the syslog severity OpenSSH gives each (log.c). */
class SftpLogLevelTest {

    @Test
    void quietLetsNothingThroughAndEachLevelIncludesTheQuieterOnes() {
        for (SftpLogLevel line : SftpLogLevel.values()) {
            assertThat(SftpLogLevel.QUIET.includes(line)).as(line.name()).isFalse();
        }
        assertThat(SftpLogLevel.ERROR.includes(SftpLogLevel.ERROR)).isTrue();
        assertThat(SftpLogLevel.ERROR.includes(SftpLogLevel.INFO)).isFalse();
        assertThat(SftpLogLevel.INFO.includes(SftpLogLevel.ERROR)).isTrue();
        assertThat(SftpLogLevel.INFO.includes(SftpLogLevel.VERBOSE)).isFalse();
        assertThat(SftpLogLevel.DEBUG3.includes(SftpLogLevel.DEBUG)).isTrue();
        assertThat(SftpLogLevel.DEBUG3.includes(SftpLogLevel.QUIET)).isFalse();
    }

    @Test
    void severitiesAreOpenSshs() {
        assertThat(SftpLogLevel.FATAL.syslogSeverity()).isEqualTo(2);
        assertThat(SftpLogLevel.ERROR.syslogSeverity()).isEqualTo(3);
        assertThat(SftpLogLevel.INFO.syslogSeverity()).isEqualTo(6);
        assertThat(SftpLogLevel.VERBOSE.syslogSeverity()).isEqualTo(6);
        assertThat(SftpLogLevel.DEBUG.syslogSeverity()).isEqualTo(7);
        assertThat(SftpLogLevel.DEBUG3.syslogSeverity()).isEqualTo(7);
        assertThatThrownBy(SftpLogLevel.QUIET::syslogSeverity).isInstanceOf(IllegalStateException.class);
    }
}
