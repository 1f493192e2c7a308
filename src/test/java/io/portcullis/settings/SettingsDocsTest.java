package io.portcullis.settings;

import io.portcullis.testing.GeneratedDocBlock;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** docs/settings.md's table of SSH settings is the one their declarations make. */
class SettingsDocsTest {

    @Test
    void theSettingsPageShowsEverySettingAsDeclared() throws IOException {
        GeneratedDocBlock.in("docs/settings.md", "SettingsDocsTest").matches(SettingsTable.markdown());
    }
}
