package io.portcullis.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The settings' declarations: each listed once, read back as written, and shown by the docs' table. */
class SshSettingTest {

    @Test
    void everyDeclaredSettingIsListedOnceWithItsOwnKeyAndColumn() throws Exception {
        List<SshSetting<?>> declared = new ArrayList<>();
        for (Field field : SshSetting.class.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == SshSetting.class) {
                declared.add((SshSetting<?>) field.get(null));
            }
        }
        assertThat(SshSetting.ALL).containsExactlyInAnyOrderElementsOf(declared);
        assertThat(SshSetting.ALL.stream().map(SshSetting::key)).doesNotHaveDuplicates();
        assertThat(SshSetting.ALL.stream().map(SshSetting::column)).doesNotHaveDuplicates()
                .allMatch(c -> c.matches("[a-z_]+"));
    }

    @Test
    void theDocsTableHasARowForEverySettingWithItsOptionDefaultAndKeyword() {
        String table = SettingsTable.markdown();
        List<String> rows = table.lines().skip(2).toList();
        assertThat(rows).hasSize(SshSetting.ALL.size());
        for (int i = 0; i < rows.size(); i++) {
            SshSetting<?> setting = SshSetting.ALL.get(i);
            String row = rows.get(i);
            assertThat(row).as(setting.key()).startsWith("| `--" + setting.key() + " ")
                    .contains(setting.label()).contains(setting.appliesAt().words());
            setting.keyword().ifPresent(k -> assertThat(row).contains("`" + k + "`"));
        }
        assertThat(table).contains("| `--tcp-port N` | TCP Port | `Port` | 1-65535 | 2222 |")
                .contains("`--password-auth true\\|false`");
    }

    @Test
    void everyDefaultIsStoredAndReadBackAsItself() {
        Map<String, String> row = new HashMap<>();
        SshSettingsRules.columns(SshSettings.DEFAULTS).forEach((column, value) -> row.put(column, String.valueOf(value)));
        SshSettingsRules.Read read = SshSettingsRules.read(row);
        assertThat(read.problems()).isEmpty();
        assertThat(read.settings()).isEqualTo(SshSettings.DEFAULTS);
    }

    @Test
    void switchesTakeOneVocabularyInAnyCaseAndAreShownAsTrueOrFalse() {
        for (String on : List.of("true", "yes", "on", "TRUE", "Yes", " On ")) {
            assertThat(SettingType.SWITCH.parse(on)).as(on).isTrue();
        }
        for (String off : List.of("false", "no", "off", "FALSE", "No", "OFF")) {
            assertThat(SettingType.SWITCH.parse(off)).as(off).isFalse();
        }
        assertThatThrownBy(() -> SettingType.SWITCH.parse("y")).isInstanceOf(SettingValueException.class)
                .hasMessageContaining("is not true or false");
        assertThat(SettingType.SWITCH.format(true)).isEqualTo("true");
    }

    @Test
    void aStoredRowReadsWithTheTypesOfTheSettingsAndNamesWhatItCannotRead() {
        Map<String, String> row = new HashMap<>();
        row.put("sftp_log_level", "info");
        row.put("password_auth", "2");
        row.put("tcp_port", "22x");
        SshSettingsRules.Read read = SshSettingsRules.read(row);
        // a choice reads in any case, as everywhere it is typed
        assertThat(read.settings().get(SshSetting.SFTP_LOG_LEVEL)).isEqualTo(SftpLogLevel.INFO);
        assertThat(read.problems()).hasSize(2);
        assertThat(read.problems().get(0)).startsWith("tcp-port '22x' is not a number");
        assertThat(read.problems().get(1)).startsWith("password-auth '2' is not true or false")
                .endsWith("set it with 'ssh set --password-auth true|false'");
        // a switch that does not read is off; anything else takes its default
        assertThat(read.settings().get(SshSetting.PASSWORD_AUTH)).isFalse();
        assertThat(read.settings().get(SshSetting.TCP_PORT)).isEqualTo(2222);
        // a column added by a later migration is NULL in an old row: the default, declared once
        assertThat(read.settings().get(SshSetting.WEAK_CIPHERS)).isEqualTo(Set.of());
    }

    @Test
    void theSshdConfigKeywordsOfSettingsNameTheirOption() {
        assertThat(SshSetting.keywords()).containsEntry("port", "--tcp-port N")
                .containsEntry("passwordauthentication", "--password-auth true|false");
    }
}
