package io.portcullis.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.testing.MinaSsh;
import io.portcullis.testing.OpenSsh.Result;
import io.portcullis.testing.RunningAppliance;
import io.portcullis.testing.StartedAppliance;
import io.portcullis.testing.Settings;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Garbage in every {@code ssh set} field is refused naming the field (or line), nothing is saved and the
 * running service goes on; a database edited by hand into a bad state is reported by {@code services
 * restart ssh} with the offending field, never a stack trace.
 */
class BadSettingsTest {

    @StartedAppliance
    static RunningAppliance appliance;

    @AfterEach
    void backToDefaults() throws Exception {
        sql("UPDATE ssh_settings SET tcp_port = " + appliance.port() + ", sftp_log_level = 'ERROR', aux_params = ''");
        Settings.backToDefaultsAndRestart(appliance);
    }

    static Result admin(String command) {
        return appliance.admin().exec(command);
    }

    static String show() {
        Result r = admin("ssh show --json");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r.stdout();
    }

    /** Refused with exit 1 or 2 and this text on stderr, nothing saved, and the service still takes logins. */
    static void assertRefused(String command, String message) {
        String before = show();
        Result r = admin(command);
        assertThat(r.exitCode()).as(command + "\n" + r).isIn(1, 2);
        assertThat(r.stderr()).as(command).contains(message).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(show()).as(command).isEqualTo(before);
    }

    @Test
    void garbageInEveryFieldIsRefusedByNameAndNothingIsSaved() {
        assertRefused("ssh set --tcp-port -1", "tcp-port");
        assertRefused("ssh set --tcp-port 0 --compression true", "tcp-port 0: give a whole number from 1 to 65535");
        assertRefused("ssh set --tcp-port 70000", "tcp-port 70000: give a whole number from 1 to 65535");
        assertRefused("ssh set --tcp-port 99999999999999999999", "tcp-port");
        assertRefused("ssh set --tcp-port 22x", "tcp-port");
        assertRefused("ssh set --bind-interfaces 'eth0;reboot'", "bind-interfaces");
        assertRefused("ssh set --password-login-groups nosuchgroup", "password-login-groups: no group named 'nosuchgroup'");
        assertRefused("ssh set --root-login-with-password sometimes", "--root-login-with-password 'sometimes'");
        assertRefused("ssh set --password-auth 2", "--password-auth");
        assertRefused("ssh set --kerberos-auth maybe", "--kerberos-auth");
        assertRefused("ssh set --tcp-forwarding yesplease", "--tcp-forwarding");
        assertRefused("ssh set --compression -1", "--compression");
        assertRefused("ssh set --sftp-log-level LOUD", "sftp-log-level");
        assertRefused("ssh set --sftp-log-facility LOCAL9", "sftp-log-facility");
        assertRefused("ssh set --weak-ciphers rot13", "--weak-ciphers 'rot13'");
        assertRefused("ssh set --weak-ciphers AES128-CBC,3DES", "--weak-ciphers '3DES'");
        assertRefused("ssh set --aux-params 'Ciphers +rot13'", "aux-params line 1");
        assertRefused("ssh set --aux-params 'ClientAliveInterval 30\\nFrobnicate yes'",
                "aux-params line 2: unknown keyword 'Frobnicate'");
        assertRefused("ssh set --aux-params 'Match Colour blue\\n  PasswordAuthentication no'", "aux-params line 1");
        assertRefused("ssh set --aux-params 'Match User bob\\n  Banner /etc/issue'", "aux-params line 2");
        assertRefused("ssh set --aux-params 'Match'", "aux-params line 1: Match needs criteria");
        assertRefused("ssh set --aux-params 'MaxStartups 10:30'", "aux-params line 1");
        assertRefused("ssh set --aux-params 'MaxSessions -5'", "aux-params line 1");
        assertRefused("ssh set --aux-params 'MaxAuthTries 1000000'", "aux-params line 1");
        assertThat(admin("services list").exitCode()).isZero();
    }

    @Test
    void oversizedAuxiliaryParametersAreRefusedAndTheServiceGoesOn() throws Exception {
        String before = show();
        String line = "# " + "x".repeat(1022) + "\\n";
        // 200 KiB fits in one SSH packet: the console refuses it by the 64 KiB cap, naming the field
        Exec big = minaExec("ssh set --aux-params '" + line.repeat(200) + "'", StandardCharsets.UTF_8);
        assertThat(big.exit()).as(big.toString()).isIn(1, 2);
        assertThat(big.stderr()).as(big.toString()).contains("aux-params").contains("at most 65536");
        // a megabyte in one exec request exceeds the SSH packet limit: the transport drops that connection
        // before any console sees it (MINA sends it in one request; OpenSSH's argv cannot even carry it)
        Exec huge = minaExec("ssh set --aux-params '" + line.repeat(1024) + "'", StandardCharsets.UTF_8);
        assertThat(huge.exit() == null || huge.exit() != 0).as(huge.toString()).isTrue();
        assertThat(show()).isEqualTo(before);
        assertThat(admin("services list").exitCode()).isZero();
    }

    @Test
    void bytesThatAreNotUtf8AreRefusedWithTheirLine() throws Exception {
        String before = show();
        // ISO-8859-1 turns U+00FF into the single byte 0xFF, which is not UTF-8
        Exec r = minaExec("ssh set --aux-params 'ClientAliveInterval 30\\nBanner /tmp/\u00ff'",
                StandardCharsets.ISO_8859_1);
        assertThat(r.exit()).as(r.toString()).isIn(1, 2);
        assertThat(r.stderr()).as(r.toString()).contains("aux-params line 2").contains("UTF-8");
        assertThat(show()).isEqualTo(before);
    }

    @Test
    void aHandEditedBadRowIsReportedAtRestartByFieldWhileTheServiceGoesOn() throws Exception {
        sql("UPDATE ssh_settings SET tcp_port = 70000");
        Result restart = admin("services restart ssh");
        assertThat(restart.exitCode()).as(restart.toString()).isEqualTo(1);
        assertThat(restart.stderr()).contains("tcp-port 70000: give a whole number from 1 to 65535")
                .doesNotContain("Exception").doesNotContain("\tat ");
        // the previous listener is untouched
        assertThat(admin("services list").stdout()).contains("0.0.0.0:" + appliance.port());

        sql("UPDATE ssh_settings SET tcp_port = " + appliance.port()
                + ", aux_params = 'ClientAliveInterval 30\nCiphers +rot13', sftp_log_level = 'LOUD'");
        restart = admin("services restart ssh");
        assertThat(restart.exitCode()).as(restart.toString()).isEqualTo(1);
        assertThat(restart.stderr()).contains("sftp-log-level 'LOUD'").doesNotContain("Exception");
        Result show = admin("ssh show");
        assertThat(show.exitCode()).as(show.toString()).isZero();
        assertThat(show.stdout()).contains("PROBLEM: sftp-log-level 'LOUD'");
        // a change that leaves the unreadable field alone is refused rather than replacing it silently
        Result other = admin("ssh set --compression true");
        assertThat(other.exitCode()).as(other.toString()).isEqualTo(1);
        assertThat(other.stderr()).contains("sftp-log-level 'LOUD'");
        Result fix = admin("ssh set --sftp-log-level INFO");
        assertThat(fix.exitCode()).as("the aux line is still bad: " + fix).isEqualTo(1);
        assertThat(fix.stderr()).contains("aux-params line 2");
        Result fixed = admin("ssh set --sftp-log-level INFO --aux-params 'ClientAliveInterval 30'");
        assertThat(fixed.exitCode()).as(fixed.toString()).isZero();
        assertThat(admin("services restart ssh").exitCode()).isZero();
    }

    @Test
    void aHandEditedBadRowIsReportedByServicesStart() throws Exception {
        sql("UPDATE ssh_settings SET aux_params = 'MaxStartups lots'");
        io.portcullis.services.Services services = appliance.bean(io.portcullis.services.Services.class);
        services.stop(new io.portcullis.audit.AuditLog.Actor("test", "local"), "ssh", false);
        try {
            services.start(new io.portcullis.audit.AuditLog.Actor("test", "local"), "ssh");
            throw new AssertionError("started with a bad row");
        } catch (io.portcullis.services.ServiceException e) {
            assertThat(e.getMessage()).contains("aux-params line 1").contains("MaxStartups");
        }
        sql("UPDATE ssh_settings SET aux_params = ''");
        services.start(new io.portcullis.audit.AuditLog.Actor("test", "local"), "ssh");
        assertThat(admin("services list").exitCode()).isZero();
    }

    static void sql(String statement) throws Exception {
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + appliance.dataDir().resolve("portcullis.db"))) {
            db.createStatement().execute("PRAGMA busy_timeout = 5000");
            db.createStatement().executeUpdate(statement);
        }
    }

    record Exec(Integer exit, String stdout, String stderr) {
    }

    /** One console command through MINA SSHD's client, its command line encoded in {@code charset}. */
    static Exec minaExec(String command, java.nio.charset.Charset charset) throws Exception {
        try (MinaSsh ssh = MinaSsh.login(appliance.port(), "admin", RunningAppliance.ADMIN_PASSWORD)) {
            ChannelExec exec = ssh.session().createExecChannel(command, charset, null, java.util.Map.of());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            exec.setOut(out);
            exec.setErr(err);
            exec.open().verify(Duration.ofSeconds(10));
            exec.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), Duration.ofSeconds(30));
            return new Exec(exec.getExitStatus(), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }
    }
}
