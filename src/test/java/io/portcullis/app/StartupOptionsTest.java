package io.portcullis.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portcullis.app.StartupOptions.UsageException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class StartupOptionsTest {

    @Test
    void defaults() throws Exception {
        StartupOptions o = StartupOptions.parse(List.of());
        assertThat(o.dataDir()).isEqualTo(Path.of("data"));
        assertThat(o.adminPasswordFile()).isEmpty();
        assertThat(o.sshPort()).isEmpty();
        assertThat(o.noConsole()).isFalse();
    }

    @Test
    void everyFlagOfSpecSection10ParsesInBothForms() throws Exception {
        StartupOptions o = StartupOptions.parse(List.of("--data-dir", "/srv/p", "--admin-password-file=/run/pw",
                "--ssh-port", "2022", "--console-device", "/dev/ttyS0", "--version", "--help"));
        assertThat(o.dataDir()).isEqualTo(Path.of("/srv/p"));
        assertThat(o.adminPasswordFile()).contains(Path.of("/run/pw"));
        assertThat(o.sshPort()).contains(2022);
        assertThat(o.consoleDevice()).contains(Path.of("/dev/ttyS0"));
        assertThat(o.help()).isTrue();
        assertThat(o.version()).isTrue();
        assertThat(StartupOptions.parse(List.of("--no-console")).noConsole()).isTrue();
    }

    @Test
    void confNamesTheMachineSettingsFile() throws Exception {
        assertThat(StartupOptions.parse(List.of()).confFile()).isEmpty();
        assertThat(StartupOptions.parse(List.of("--conf", "/etc/portcullis/portcullis.conf")).confFile())
                .contains(Path.of("/etc/portcullis/portcullis.conf"));
        assertThat(StartupOptions.parse(List.of("--conf=/etc/p.conf", "--data-dir", "/var/lib/p")).confFile())
                .contains(Path.of("/etc/p.conf"));
        assertThatThrownBy(() -> StartupOptions.parse(List.of("--conf")))
                .isInstanceOf(UsageException.class).hasMessageContaining("--conf needs a value");
        assertThatThrownBy(() -> StartupOptions.parse(List.of("--conf=")))
                .isInstanceOf(UsageException.class).hasMessageContaining("--conf needs a non-empty value");
    }

    @Test
    void badInputIsOneClearLine() {
        assertThatThrownBy(() -> StartupOptions.parse(List.of("--frobnicate")))
                .isInstanceOf(UsageException.class).hasMessage("unknown option '--frobnicate'; run with --help to list the options");
        assertThatThrownBy(() -> StartupOptions.parse(List.of("--data-dir")))
                .isInstanceOf(UsageException.class).hasMessageContaining("--data-dir needs a value");
        assertThatThrownBy(() -> StartupOptions.parse(List.of("--ssh-port", "70000")))
                .isInstanceOf(UsageException.class).hasMessageContaining("from 1 to 65535");
        assertThatThrownBy(() -> StartupOptions.parse(List.of("--ssh-port", "-1")))
                .isInstanceOf(UsageException.class).hasMessageContaining("from 1 to 65535");
        assertThatThrownBy(() -> StartupOptions.parse(List.of("--ssh-port", "22x")))
                .isInstanceOf(UsageException.class).hasMessageContaining("not a TCP port");
        assertThatThrownBy(() -> StartupOptions.parse(List.of("stray")))
                .isInstanceOf(UsageException.class).hasMessageContaining("unexpected argument 'stray'");
        assertThatThrownBy(() -> StartupOptions.parse(List.of("--no-console", "--console-device", "/dev/ttyS0")))
                .isInstanceOf(UsageException.class).hasMessageContaining("contradict");
    }

    @Test
    void helpListsEveryFlag() {
        for (String flag : List.of("--data-dir", "--conf", "--admin-password-file", "--ssh-port", "--console-device",
                "--no-console", "--help", "--version")) {
            assertThat(StartupOptions.USAGE).contains(flag);
        }
    }
}
