package io.portcullis.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.accounts.Accounts;
import io.portcullis.testing.InteractiveSsh;
import io.portcullis.testing.RunningAppliance;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * In the interactive console (a real {@code ssh -tt}) the passphrase is asked, unseen, and an import asks to
 * confirm: {@code --file} moves the backup through a file on the appliance, since the terminal cannot carry it.
 */
class InteractiveBackupTest {

    static final String PROMPT = "admin@portcullis> ";
    static final String PASSPHRASE = "typed at the console, twice";

    @TempDir
    Path tmp;

    @Test
    void exportAndImportAskForThePassphraseAndTheImportForAConfirmation() {
        try (RunningAppliance appliance = RunningAppliance.start(tmp.resolve("data"));
             InteractiveSsh session = InteractiveSsh.open(appliance.port(), "admin", RunningAppliance.ADMIN_PASSWORD)) {
            session.expect(PROMPT);
            Path file = tmp.resolve("console.pcb");
            session.line("system config export --file " + file);
            session.expect("characters, not shown): ");
            session.line(PASSPHRASE);
            session.expect("Repeat it: ");
            session.line(PASSPHRASE);
            assertThat(session.expect(PROMPT)).contains("configuration exported to " + file);
            assertThat(file).exists();

            appliance.addUser("later", "scponly");
            session.line("system config import --file " + file);
            session.expect("The backup's passphrase (not shown): ");
            session.line(PASSPHRASE);
            assertThat(session.expect("[y/N] ")).contains("2 users");
            session.line("n");
            assertThat(session.expect(PROMPT)).contains("not confirmed; nothing was changed");
            assertThat(appliance.bean(Accounts.class).find("later")).isPresent();

            session.line("system config import --file " + file + " --yes");
            session.expect("The backup's passphrase (not shown): ");
            session.line(PASSPHRASE);
            assertThat(session.expect(PROMPT)).contains("configuration replaced", "SSH service restarted");
            assertThat(appliance.bean(Accounts.class).find("later")).isEmpty();
            assertThat(session.all()).doesNotContain(PASSPHRASE);
        }
    }
}
