package io.portcullis.menu;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.accounts.Accounts;
import io.portcullis.audit.AuditLog;
import io.portcullis.keypairs.HostKeys;
import io.portcullis.testing.MenuOnPty;
import io.portcullis.testing.OpenSsh.Result;
import io.portcullis.testing.RunningAppliance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Options 9 and 10: the configuration exported to a file on the machine and imported from one, the
 * passphrase typed and not shown; a wrong passphrase or an unconfirmed import changes nothing.
 */
class ConfigurationTransferTest {

    static final String PASSPHRASE = "a passphrase typed at the console";

    @RegisterExtension
    MenuOnPty menu = new MenuOnPty();

    @Test
    void exportThenImportBringsTheConfigurationBackAndAWrongPassphraseChangesNothing() throws Exception {
        Path file = menu.tmp().resolve("usb-stick/portcullis.pcb");
        Files.createDirectories(file.getParent());
        var fingerprints = menu.appliance().bean(HostKeys.class).fingerprints();

        menu.operator().enter("9");
        menu.operator().await("File to write [" + menu.appliance().dataDir().resolve("backups").toAbsolutePath());
        menu.operator().enter(file.toString());
        menu.operator().await("Passphrase (not shown): ");
        menu.operator().enter(PASSPHRASE);
        menu.operator().await("Repeat it: ");
        menu.operator().enter(PASSPHRASE);
        String exported = menu.operator().awaitMenu();
        assertThat(exported).contains("Configuration exported to " + file + ": " + Files.size(file) + " bytes, 2 users")
                .doesNotContain(PASSPHRASE);
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));

        // a change after the export, which the import takes back
        menu.appliance().addUser("later", "scponly");

        menu.operator().enter("10");
        menu.operator().await("Backup file to import: ");
        menu.operator().enter(file.toString());
        menu.operator().await("The backup's passphrase (not shown): ");
        menu.operator().enter("not the passphrase");
        assertThat(menu.operator().awaitMenu()).contains("Nothing was imported: wrong passphrase");
        assertThat(menu.appliance().bean(Accounts.class).find("later")).isPresent();

        menu.operator().enter("10");
        menu.operator().await("Backup file to import: ");
        menu.operator().enter(file.toString());
        menu.operator().await("The backup's passphrase (not shown): ");
        menu.operator().enter(PASSPHRASE);
        String asked = menu.operator().await("Replace this appliance's whole configuration with it? (yes/no) [no]: ");
        assertThat(asked).contains("Backup made by Portcullis", "2 users");
        menu.operator().enter("");
        assertThat(menu.operator().awaitMenu()).contains("Nothing was imported.");
        assertThat(menu.appliance().bean(Accounts.class).find("later")).isPresent();

        menu.operator().enter("10");
        menu.operator().await("Backup file to import: ");
        menu.operator().enter(file.toString());
        menu.operator().await("The backup's passphrase (not shown): ");
        menu.operator().enter(PASSPHRASE);
        menu.operator().await("(yes/no) [no]: ");
        menu.operator().enter("yes");
        String imported = menu.operator().awaitMenu();
        assertThat(imported).contains("The database before the import was copied to "
                + menu.appliance().dataDir().resolve("backups").toAbsolutePath(), "Configuration imported.",
                "SSH service restarted: listening on 0.0.0.0:" + menu.appliance().port());
        assertThat(menu.appliance().bean(Accounts.class).find("later")).isEmpty();
        assertThat(menu.appliance().bean(HostKeys.class).fingerprints()).isEqualTo(fingerprints);
        Result login = menu.appliance().admin().exec("services list");
        assertThat(login.exitCode()).as(login.toString()).isZero();
        assertThat(menu.appliance().bean(AuditLog.class).find(Optional.of("console"), Optional.of("backup"),
                Optional.empty(), 10)).extracting(e -> e.action() + " " + e.outcome())
                .contains("system config export ok", "system config import refused", "system config import ok");
    }
}
