package io.portcullis.settings;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Validation of the SSH settings (SPEC §3), each problem naming the setting and the rule: of settings
 * about to be saved ({@code ssh set}, the local menu, {@code --ssh-port}) or run, and of the stored row
 * as text, which a hand-edited database may have made unreadable. Both go by the settings' own types
 * and rules ({@link SshSetting}), so what passes here is what the rest of the appliance reads.
 */
public final class SshSettingsRules {

    private SshSettingsRules() {
    }

    /** The stored row read back: every setting, an unreadable one at its fallback, and what was unreadable. */
    public record Read(SshSettings settings, List<String> problems) {
    }

    /** Problems with settings about to be saved or run; empty when they are fine. */
    public static List<String> problems(SshSettings settings, SettingContext machine) {
        List<String> problems = new ArrayList<>();
        SshSetting.ALL.forEach(s -> problems.addAll(problems(s, settings, machine)));
        return problems;
    }

    private static <T> List<String> problems(SshSetting<T> setting, SshSettings settings, SettingContext machine) {
        return setting.problems(settings.get(setting), machine);
    }

    /**
     * The row as its columns' text. A column that is NULL (one added by a later migration, which leaves the
     * existing row alone) holds the setting's default; one that does not read takes the kind's fallback
     * ({@link SettingType#whenUnreadable}) and is named in {@link Read#problems()}.
     */
    public static Read read(Map<String, String> columns) {
        SshSettings settings = SshSettings.DEFAULTS;
        List<String> problems = new ArrayList<>();
        for (SshSetting<?> setting : SshSetting.ALL) {
            settings = read(setting, columns.get(setting.column()), settings, problems);
        }
        return new Read(settings, List.copyOf(problems));
    }

    private static <T> SshSettings read(SshSetting<T> setting, String stored, SshSettings settings,
                                        List<String> problems) {
        if (stored == null) {
            return settings;
        }
        try {
            return settings.with(setting, setting.type().fromColumn(stored));
        } catch (SettingValueException e) {
            problems.add(setting.key() + " '" + stored + "' " + e.problem() + "; set it with 'ssh set "
                    + setting.usage() + "'");
            return settings.with(setting, setting.type().whenUnreadable(setting.defaultValue()));
        }
    }

    /** The columns to store {@code settings} in. */
    public static Map<String, Object> columns(SshSettings settings) {
        Map<String, Object> columns = new java.util.LinkedHashMap<>();
        SshSetting.ALL.forEach(s -> columns.put(s.column(), column(s, settings)));
        return columns;
    }

    private static <T> Object column(SshSetting<T> setting, SshSettings settings) {
        return setting.type().toColumn(settings.get(setting));
    }
}
