package io.portcullis.settings;

/**
 * The SSH settings as a Markdown table for the docs, made from their declarations ({@link SshSetting#ALL}),
 * so the page cannot say other than what {@code ssh set} does.
 */
public final class SettingsTable {

    private SettingsTable() {
    }

    public static String markdown() {
        StringBuilder table = new StringBuilder(
                "| option | field | sshd_config | value | default | applies at | what it does |\n"
                        + "|---|---|---|---|---|---|---|\n");
        for (SshSetting<?> setting : SshSetting.ALL) {
            table.append("| ").append(code(setting.usage()))
                    .append(" | ").append(cell(setting.label()))
                    .append(" | ").append(setting.keyword().map(SettingsTable::code).orElse(""))
                    .append(" | ").append(cell(setting.accepted()))
                    .append(" | ").append(cell(SshSettings.DEFAULTS.describe(setting)))
                    .append(" | ").append(cell(setting.appliesAt().words()))
                    .append(" | ").append(cell(setting.summary()))
                    .append(" |\n");
        }
        return table.toString();
    }

    private static String code(String text) {
        return "`" + cell(text) + "`";
    }

    /** A '|' would end the cell, even inside backticks. */
    private static String cell(String text) {
        return text.replace("|", "\\|");
    }
}
