package io.portcullis.menu;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.audit.AuditLog;
import io.portcullis.settings.SftpLogLevel;
import io.portcullis.settings.SshConfiguration;
import io.portcullis.settings.SshSetting;
import io.portcullis.settings.SshSettings;
import io.portcullis.settings.SyslogFacility;
import io.portcullis.settings.WeakCipher;
import io.portcullis.testing.MenuOnPty;
import io.portcullis.testing.OpenSsh.Result;
import io.portcullis.testing.OpenSsh;
import io.portcullis.testing.RunningAppliance;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Option 3: every SSH field asked with its saved value as default, each refused value named with its
 * rule and asked again, one save at the end, and a restart that makes the new port answer ssh.
 */
class SshSettingsWalkthroughTest {

    @RegisterExtension
    MenuOnPty menu = new MenuOnPty();

    @Test
    void everyFieldIsAskedCheckedAndSavedOnceThenSshAnswersOnTheNewPort() {
        int oldPort = menu.appliance().port();
        int newPort = RunningAppliance.freePort();
        menu.operator().enter("3");
        answer("TCP Port (1-65535) [" + oldPort + "]: ", "abc");
        menu.operator().await("tcp-port: 'abc' is not a number; give a whole number from 1 to 65535");
        answer("TCP Port (1-65535) [" + oldPort + "]: ", "70000");
        menu.operator().await("tcp-port 70000: give a whole number from 1 to 65535");
        answer("TCP Port (1-65535) [" + oldPort + "]: ", Integer.toString(newPort));
        answer("Bind Interfaces (interface names, comma-separated; - for all addresses) [-]: ", "nosuch0");
        menu.operator().await("bind-interfaces: no interface named 'nosuch0' on this machine");
        answer("Bind Interfaces", "lo");
        answer("Log in as Root with Password (true/false) [false]: ", "maybe");
        menu.operator().await("root-login-with-password: 'maybe' is not true or false");
        answer("Log in as Root with Password (true/false) [false]: ", "");
        answer("Allow Password Authentication (true/false) [true]: ", "");
        answer("Password Login Groups (group names, comma-separated; - for everyone) [-]: ", "nosuchgroup");
        menu.operator().await("password-login-groups: no group named 'nosuchgroup'");
        answer("Password Login Groups", "admins");
        answer("Allow Kerberos Authentication (true/false) [false]: ", "");
        answer("Allow TCP Port Forwarding (true/false) [false]: ", "yes");
        answer("Compress Connections (true/false) [false]: ", "ON");
        answer("SFTP Log Level (QUIET, FATAL, ERROR, INFO, VERBOSE, DEBUG, DEBUG2, DEBUG3) [ERROR]: ", "LOUD");
        menu.operator().await("sftp-log-level: 'LOUD' is not one of QUIET, FATAL, ERROR");
        answer("SFTP Log Level", "info");
        answer("SFTP Log Facility (DAEMON, USER, AUTH, LOCAL0", "local3");
        answer("Weak Ciphers (AES128-CBC, NONE, comma-separated; - or none for neither) [-]: ", "DES");
        menu.operator().await("weak-ciphers: 'DES' is not one of AES128-CBC, NONE");
        answer("Weak Ciphers", "aes128-cbc");
        keepBetween(SshSetting.WEAK_CIPHERS, SshSetting.AUX_PARAMS);
        answer("Auxiliary Parameters (sshd_config lines, \\n between them; - for none) [-]: ", "Frobnicate yes");
        menu.operator().await("aux-params line 1: unknown keyword 'Frobnicate'");
        // nothing is saved while fields are still being asked
        assertThat(menu.appliance().bean(SshConfiguration.class).saved().get(SshSetting.TCP_PORT)).isEqualTo(oldPort);
        answer("Auxiliary Parameters", "MaxAuthTries 3");

        String changes = menu.operator().await("Save these changes? (yes/no) [yes]: ");
        assertThat(changes).contains("TCP Port: " + oldPort + " -> " + newPort, "Bind Interfaces: - -> lo",
                "Compress Connections: false -> true", "Weak Ciphers: - -> AES128-CBC");
        menu.operator().enter("");
        menu.operator().await("Saved.");
        answer("Restart it now? (yes/no) [yes]: ", "");
        assertThat(menu.operator().awaitMenu()).contains("SSH service restarted: listening on 127.0.0.1:" + newPort);

        SshSettings saved = menu.appliance().bean(SshConfiguration.class).saved();
        assertThat(saved).isEqualTo(SshSettings.DEFAULTS.with(SshSetting.TCP_PORT, newPort)
                .with(SshSetting.BIND_INTERFACES, List.of("lo")).with(SshSetting.PASSWORD_LOGIN_GROUPS, List.of("admins"))
                .with(SshSetting.TCP_FORWARDING, true).with(SshSetting.COMPRESSION, true)
                .with(SshSetting.SFTP_LOG_LEVEL, SftpLogLevel.INFO).with(SshSetting.SFTP_LOG_FACILITY, SyslogFacility.LOCAL3)
                .with(SshSetting.WEAK_CIPHERS, Set.of(WeakCipher.AES128_CBC)).with(SshSetting.AUX_PARAMS, "MaxAuthTries 3"));
        Result onNewPort = OpenSsh.to(newPort, "admin").password(RunningAppliance.ADMIN_PASSWORD).exec("services list");
        assertThat(onNewPort.exitCode()).as(onNewPort.toString()).isZero();
        Result onOldPort = menu.appliance().admin().exec("services list");
        assertThat(onOldPort.exitCode()).as(onOldPort.toString()).isEqualTo(255);

        var saves = menu.appliance().bean(AuditLog.class).find(Optional.of("console"), Optional.of("change"), Optional.empty(), 10)
                .stream().filter(e -> e.action().equals("ssh set")).toList();
        assertThat(saves).hasSize(1);
        assertThat(saves.get(0).address()).isEqualTo("local");
        assertThat(saves.get(0).detail()).contains("tcp-port=" + newPort, "bind-interfaces=lo", "compression=true");
    }

    @Test
    void enterThroughEveryFieldChangesNothing() {
        menu.operator().enter("3");
        for (SshSetting<?> field : SshSetting.ALL) {
            answer(field.label() + " (", "");
        }
        assertThat(menu.operator().awaitMenu()).contains("Nothing changed; nothing was saved.");
    }

    /** The prompt says \n separates auxiliary lines: typed so, they are two lines, checked one by one. */
    @Test
    void backslashNSeparatesAuxiliaryLines() {
        menu.operator().enter("3");
        for (SshSetting<?> field : SshSetting.ALL) {
            if (field != SshSetting.AUX_PARAMS) {
                answer(field.label() + " (", "");
            }
        }
        answer("Auxiliary Parameters", "MaxAuthTries 4\\nBogus 1");
        menu.operator().await("aux-params line 2: unknown keyword 'Bogus'");
        answer("Auxiliary Parameters", "MaxAuthTries 4\\nLoginGraceTime 30");
        menu.operator().await("Save these changes? (yes/no) [yes]: ");
        menu.operator().enter("");
        menu.operator().await("Saved.");
        assertThat(menu.appliance().bean(SshConfiguration.class).saved().get(SshSetting.AUX_PARAMS))
                .isEqualTo("MaxAuthTries 4\nLoginGraceTime 30");
    }

    @Test
    void ctrlCHalfwaySavesNothing() {
        SshSettings before = menu.appliance().bean(SshConfiguration.class).saved();
        menu.operator().enter("3");
        answer("TCP Port", Integer.toString(RunningAppliance.freePort()));
        answer("Bind Interfaces", "lo");
        menu.operator().await("Log in as Root with Password");
        menu.operator().type("\u0003");
        assertThat(menu.operator().awaitMenu()).contains("Cancelled; nothing more was changed.");
        assertThat(menu.appliance().bean(SshConfiguration.class).saved()).isEqualTo(before);
    }

    /** Enter (keep the value) for every setting asked after {@code after} and before {@code before}. */
    private void keepBetween(SshSetting<?> after, SshSetting<?> before) {
        List<SshSetting<?>> all = SshSetting.ALL;
        for (SshSetting<?> setting : all.subList(all.indexOf(after) + 1, all.indexOf(before))) {
            answer(setting.label() + " (", "");
        }
    }

    /** Waits for a question, given whole or by its start, and answers it. */
    private void answer(String question, String typed) {
        menu.operator().await(question);
        if (!question.endsWith(": ")) {
            menu.operator().await(": ");
        }
        menu.operator().enter(typed);
    }
}
