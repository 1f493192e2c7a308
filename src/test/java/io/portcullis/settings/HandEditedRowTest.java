package io.portcullis.settings;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.testing.OpenSsh.Result;
import io.portcullis.testing.RunningAppliance;
import io.portcullis.testing.StartedAppliance;
import java.sql.Connection;
import java.sql.DriverManager;
import org.junit.jupiter.api.Test;

/**
 * A settings row edited by hand while the appliance was down never stops it from starting: what reads is
 * read as every other place reads it, and what does not is named by {@code services list} and
 * {@code ssh show} while SSH takes logins to fix it.
 */
class HandEditedRowTest {

    @StartedAppliance
    static RunningAppliance appliance;

    /** The rules upper-cased the level and the store did not: 'info' passed one and threw in the other at boot. */
    @Test
    void aLowerCaseLevelReadsAsThatLevel() throws Exception {
        editWhileDown("UPDATE ssh_settings SET sftp_log_level = 'info'");
        Result show = ok("ssh show");
        assertThat(show.stdout()).containsPattern("sftp-log-level +INFO +ERROR").doesNotContain("PROBLEM");
        assertThat(ok("services list").stdout()).contains("0.0.0.0:" + appliance.port()).doesNotContain("warning");
        ok("ssh set --sftp-log-level ERROR");
    }

    @Test
    void aSettingThatDoesNotReadIsNamedAndTheApplianceStartsWithSshRunning() throws Exception {
        editWhileDown("UPDATE ssh_settings SET sftp_log_level = 'LOUD', tcp_forwarding = 'maybe'");
        Result services = ok("services list");
        assertThat(services.stdout()).contains("0.0.0.0:" + appliance.port())
                .contains("ssh: warning: sftp-log-level 'LOUD' is not one of QUIET, FATAL, ERROR")
                .contains("(until then it reads as ERROR)")
                .contains("ssh: warning: tcp-forwarding 'maybe' is not true or false")
                .contains("(until then it reads as false)");
        Result show = ok("ssh show");
        assertThat(show.stdout()).contains("PROBLEM: sftp-log-level 'LOUD'").contains("PROBLEM: tcp-forwarding 'maybe'");
        assertThat(appliance.log()).contains("ssh: sftp-log-level 'LOUD'");
        // fixed from the console it needed, as any other change
        ok("ssh set --sftp-log-level ERROR --tcp-forwarding false");
        assertThat(ok("services list").stdout()).doesNotContain("warning");
        assertThat(ok("ssh show").stdout()).doesNotContain("PROBLEM");
    }

    private static Result ok(String command) {
        return appliance.adminSucceeds(command);
    }

    private static void editWhileDown(String sql) throws Exception {
        appliance.close();
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + appliance.dataDir().resolve("portcullis.db"))) {
            db.createStatement().executeUpdate(sql);
        }
        appliance.restart();
    }
}
