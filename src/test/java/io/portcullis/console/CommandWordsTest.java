package io.portcullis.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portcullis.settings.SshSetting;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The console splits words as a POSIX shell does, keeping {@code \n} inside quotes for --aux-params. */
class CommandWordsTest {

    @Test
    void quotesAndEscapes() {
        assertThat(CommandWords.split("  accounts users add bob  --full-name 'Bob Smith' ")).containsExactly(
                "accounts", "users", "add", "bob", "--full-name", "Bob Smith");
        assertThat(CommandWords.split("a \"b \\\"c\\\" \\\\ \\n\" d\\ e 'f\\g'")).containsExactly(
                "a", "b \"c\" \\ \\n", "d e", "f\\g");
        assertThat(CommandWords.split("--x=''")).containsExactly("--x=");
        assertThat(CommandWords.split("x''y\"\"")).containsExactly("xy");
        assertThat(CommandWords.split(" \t ")).isEqualTo(List.of());
    }

    @Test
    void anUnclosedQuoteIsAUsageError() {
        assertThatThrownBy(() -> CommandWords.split("say 'hello")).isInstanceOf(UsageException.class)
                .hasMessageContaining("unclosed ' quote");
        assertThatThrownBy(() -> CommandWords.split("say \"hello")).isInstanceOf(UsageException.class)
                .hasMessageContaining("unclosed \" quote");
    }

    @Test
    void auxParamsTurnBackslashNIntoLines() {
        String typed = CommandWords.split("'ClientAliveInterval 30\\nMaxStartups 20:30:100'").get(0);
        assertThat(SshSetting.AUX_PARAMS.parse(typed)).isEqualTo("ClientAliveInterval 30\nMaxStartups 20:30:100");
    }
}
