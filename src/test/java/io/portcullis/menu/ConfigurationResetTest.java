package io.portcullis.menu;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.accounts.Accounts;
import io.portcullis.audit.AuditLog.Actor;
import io.portcullis.audit.AuditLog;
import io.portcullis.keypairs.HostKeys;
import io.portcullis.services.Services;
import io.portcullis.settings.SshConfiguration;
import io.portcullis.settings.SshSetting;
import io.portcullis.settings.SshSettings;
import io.portcullis.store.ServiceRepository;
import io.portcullis.testing.MenuOnPty;
import io.portcullis.testing.OpenSsh.Result;
import io.portcullis.testing.OpenSsh;
import io.portcullis.testing.RunningAppliance;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Option 5: only after typing yes, a backup of the database first, then the SSH settings and Start
 * Automatically back to their defaults, with accounts, passwords and host keys kept.
 */
class ConfigurationResetTest {

    static final Actor TEST = new Actor("test", "local");

    @RegisterExtension
    MenuOnPty menu = new MenuOnPty();

    @Test
    void anythingButYesResetsNothing() {
        SshConfiguration configuration = menu.appliance().bean(SshConfiguration.class);
        SshSettings before = configuration.saved();
        menu.operator().enter("5");
        menu.operator().await("Type yes to reset: ");
        menu.operator().enter("y");
        assertThat(menu.operator().awaitMenu()).contains("Nothing was reset.");
        assertThat(configuration.saved()).isEqualTo(before);
        assertThat(menu.appliance().dataDir().resolve("backups")).doesNotExist();
    }

    @Test
    void yesBacksUpTheDatabaseThenResetsSshSettingsAndServicesButKeepsAccountsAndHostKeys() throws Exception {
        SshConfiguration configuration = menu.appliance().bean(SshConfiguration.class);
        SshSettings changed = SshSettings.DEFAULTS.with(SshSetting.TCP_PORT, menu.appliance().port())
                .with(SshSetting.BIND_INTERFACES, List.of("lo")).with(SshSetting.ROOT_LOGIN_WITH_PASSWORD, true)
                .with(SshSetting.PASSWORD_AUTH, false).with(SshSetting.PASSWORD_LOGIN_GROUPS, List.of("admins"))
                .with(SshSetting.TCP_FORWARDING, true).with(SshSetting.COMPRESSION, true);
        configuration.save(TEST, changed, "test setup");
        menu.appliance().bean(Services.class).setStartAutomatically(TEST, "ssh", false);
        var fingerprints = menu.appliance().bean(HostKeys.class).fingerprints();
        int users = menu.appliance().bean(Accounts.class).users().size();
        boolean defaultPortFree = portFree(SshSettings.DEFAULTS.get(SshSetting.TCP_PORT));

        menu.operator().enter("5");
        menu.operator().await("Type yes to reset: ");
        menu.operator().enter("yes");
        String shown = menu.operator().awaitMenu();

        Path backups = menu.appliance().dataDir().resolve("backups");
        List<Path> copies;
        try (var files = Files.list(backups)) {
            copies = files.toList();
        }
        assertThat(copies).hasSize(1);
        Path backup = copies.get(0);
        assertThat(backup.getFileName().toString()).matches("portcullis-\\d{8}T\\d{6}Z\\.db");
        assertThat(shown).contains("Database backed up to " + backup, "Configuration reset to defaults.");
        assertThat(Files.getPosixFilePermissions(backup)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(compressionIn(backup)).as("the backup holds the settings from before the reset").isEqualTo(1);

        assertThat(configuration.saved()).isEqualTo(SshSettings.DEFAULTS);
        assertThat(menu.appliance().bean(ServiceRepository.class).find("ssh").orElseThrow().startAutomatically()).isTrue();
        assertThat(menu.appliance().bean(HostKeys.class).fingerprints()).isEqualTo(fingerprints);
        assertThat(menu.appliance().bean(Accounts.class).users()).hasSize(users);
        assertThat(menu.appliance().bean(Accounts.class).require("admin").hasPassword()).isTrue();
        assertThat(menu.appliance().bean(AuditLog.class).find(Optional.of("console"), Optional.empty(), Optional.empty(), 10))
                .anyMatch(e -> e.action().equals("reset configuration") && e.address().equals("local")
                        && e.detail().contains(backup.getFileName().toString()));

        if (defaultPortFree) {
            // the appliance runs with the defaults: SSH on port 2222, and admin's password still works there
            assertThat(shown).contains("SSH service restarted: listening on 0.0.0.0:2222");
            Result r = OpenSsh.to(2222, "admin").password(RunningAppliance.ADMIN_PASSWORD).exec("services list");
            assertThat(r.exitCode()).as(r.toString()).isZero();
        } else {
            assertThat(shown).contains("The SSH service did not restart: cannot listen on port 2222");
        }
    }

    private static int compressionIn(Path database) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + database);
             ResultSet rs = c.createStatement().executeQuery("SELECT compression FROM ssh_settings")) {
            return rs.next() ? rs.getInt(1) : -1;
        }
    }

    private static boolean portFree(int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
