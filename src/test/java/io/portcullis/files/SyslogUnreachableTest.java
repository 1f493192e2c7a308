package io.portcullis.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.portcullis.audit.AuditLog;
import io.portcullis.settings.SftpLogLevel;
import io.portcullis.settings.SshSetting;
import io.portcullis.testing.OpenSsh.Result;
import io.portcullis.testing.RunningAppliance;
import io.portcullis.testing.StartedAppliance;
import io.portcullis.testing.Settings;
import io.portcullis.testing.TestFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A syslog endpoint whose name does not resolve must cost transfers nothing: they succeed, their lines
 * still reach the log file and the audit table, and the trouble is logged once, not once per line.
 */
class SyslogUnreachableTest {

    @TempDir
    static Path tmp;
    /** .invalid never resolves (RFC 2606). */
    @StartedAppliance(conf = "syslog.endpoint = syslog.invalid:514", users = "bob:scponly")
    static RunningAppliance appliance;

    @BeforeAll
    static void start() {
        Settings.change(appliance, s -> s.with(SshSetting.SFTP_LOG_LEVEL, SftpLogLevel.INFO));
    }

    @Test
    void transfersSucceedLinesStayInTheLogAndAuditAndOneWarningIsLogged() throws IOException {
        for (int i = 0; i < 3; i++) {
            Path source = TestFiles.random(tmp.resolve("local/f" + i + ".bin"), 2000, i);
            Result r = appliance.user("bob").sftp("put " + source + " f" + i + ".bin\n");
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(TestFiles.sha256(appliance.home("bob").resolve("f" + i + ".bin")))
                    .isEqualTo(TestFiles.sha256(source));
        }
        Path log = appliance.dataDir().resolve("logs/portcullis.log");
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.readString(log, StandardCharsets.UTF_8)
                .contains("syslog: dropping SFTP lines for syslog.invalid:514"));
        String text = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(count(text, "syslog: dropping SFTP lines")).isEqualTo(1);
        assertThat(text).contains("auth.info user bob from 127.0.0.1: close \"/f2.bin\" bytes read 0 written 2000");
        assertThat(appliance.bean(AuditLog.class).find(Optional.of("bob"), Optional.of("transfer"), Optional.empty(),
                100)).anyMatch(e -> e.detail().equals("\"/f2.bin\" bytes read 0 written 2000"));
    }

    private static int count(String text, String needle) {
        Matcher m = Pattern.compile(Pattern.quote(needle)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
