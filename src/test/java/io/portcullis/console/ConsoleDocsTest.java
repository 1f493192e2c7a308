package io.portcullis.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.testing.RunningAppliance;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code docs/console.md} is the console's own help: made from the catalog the appliance runs with, and equal to
 * the committed page. {@code -Ddocs.write=true} rewrites the page instead of comparing.
 */
class ConsoleDocsTest {

    static final Path PAGE = Path.of("docs/console.md");

    @Test
    void theCommittedPageIsTheCatalogsHelp(@TempDir Path tmp) throws Exception {
        String generated;
        try (RunningAppliance appliance = RunningAppliance.start(tmp.resolve("data"))) {
            CommandCatalog catalog = appliance.bean(CommandCatalog.class);
            generated = ConsoleDocs.markdown(catalog);
            for (ConsoleCommand command : catalog.all()) {
                assertThat(generated).as(command.name()).contains(command.help());
            }
        }
        if (Boolean.getBoolean("docs.write")) {
            Files.writeString(PAGE, generated, StandardCharsets.UTF_8);
        }
        String committed = Files.exists(PAGE) ? Files.readString(PAGE, StandardCharsets.UTF_8) : "";
        assertThat(committed).as(PAGE + " is not what the console's commands say; regenerate it with\n  "
                + ConsoleDocs.REGENERATE + "\nand commit it").isEqualTo(generated);
    }
}
