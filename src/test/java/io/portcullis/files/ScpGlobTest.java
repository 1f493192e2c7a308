package io.portcullis.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** scp download wildcards with a shell's meaning (bash, dotglob off), on names and on a real directory. */
class ScpGlobTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "*.log|app.log|true", "*.log|app.log.1|false", "*|.hidden|false", ".*|.hidden|true", "\\.h*|.hidden|true",
        "a?c|abc|true", "a?c|ac|false", "[ab]x|bx|true", "[!ab]x|bx|false", "[^ab]x|cx|true", "[a-c]1|b1|true",
        "[a-c]1|d1|false", "[]]x|]x|true", "a\\*|a*|true", "a\\*|ab|false", "*a*a*a*b|aaaaaaaaaaaaaaaaaaaaaaaaaaaac|false",
        "*a*b|xaxxb|true", "[|[|true", "a[b|a[b|true", "\\[x\\]*|[x]1|true", "\\[x\\]*|x1|false", "*|x|true",
    })
    void matchesAsAShellDoes(String pattern, String name, boolean expected) {
        assertThat(ScpGlob.matches(pattern, name)).as(pattern + " ~ " + name).isEqualTo(expected);
    }

    @Test
    void expandsComponentByComponentSortedAndOnlyWhatExists(@TempDir Path home) throws IOException {
        for (String name : new String[] {"b.log", "a.log", ".x.log", "c.txt", "logs/1.log", "logs/2.log", "old/1.log"}) {
            Files.createDirectories(home.resolve(name).getParent());
            Files.writeString(home.resolve(name), name);
        }
        assertThat(new ScpGlob("*.log").expand(home)).containsExactly(home.resolve("a.log"), home.resolve("b.log"));
        assertThat(new ScpGlob("*/1.log").expand(home)).containsExactly(home.resolve("logs/1.log"), home.resolve("old/1.log"));
        assertThat(new ScpGlob("l*/[2-9].log").expand(home)).containsExactly(home.resolve("logs/2.log"));
        assertThat(new ScpGlob("*.none").expand(home)).isEmpty();
        assertThat(new ScpGlob("missing/*").expand(home)).isEmpty();
        assertThat(new ScpGlob(home + "/c.*").expand(home)).containsExactly(home.resolve("c.txt"));
    }
}
