package io.portcullis.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Lines of an authorized principals file, as auth2-pubkeyfile.c reads them. */
class PrincipalsFileTest {

    static final Path FILE = Path.of("/home/alice/.ssh/principals");

    @Test
    void principalsWithAndWithoutOptionsCommentsAndBlankLines() {
        List<String> problems = new ArrayList<>();
        List<PrincipalsFile.Principal> lines = PrincipalsFile.parse(String.join("\n",
                "# who may be alice",
                "alice",
                "   ops-team    # the on-call rota",
                "",
                "command=\"echo two words\",no-pty\tdeploy",
                "from=\"10.0.0.0/8\" backup",
                "frobnicate=\"x\" mallory",
                "no-port-forwarding,restrict  build # trailing"), false, FILE, problems);
        assertThat(lines).extracting(PrincipalsFile.Principal::name).containsExactly("alice", "ops-team", "deploy",
                "backup", "build");
        assertThat(lines).extracting(PrincipalsFile.Principal::line).containsExactly(2, 3, 5, 6, 8);
        assertThat(lines.get(0).options()).isEqualTo(KeyOptions.NONE);
        assertThat(lines.get(2).options().command()).contains("echo two words");
        assertThat(lines.get(2).options().pty()).isFalse();
        assertThat(lines.get(3).options().from()).contains("10.0.0.0/8");
        assertThat(lines.get(4).options().portForwarding()).isFalse();
        assertThat(problems).singleElement().asString().isEqualTo(FILE + ":7 skipped: unknown option 'frobnicate'");
        PrincipalsFile.Reading reading = new PrincipalsFile.Reading(FILE, lines, problems);
        assertThat(reading.first(List.of("nobody", "backup", "alice"))).get().extracting(PrincipalsFile.Principal::name)
                .isEqualTo("alice");
        assertThat(reading.first(List.of("Alice"))).as("names compare exactly").isEmpty();
    }

    @Test
    void aLineTheSizeCapCutInTwoNamesNoOne() {
        List<PrincipalsFile.Principal> lines = PrincipalsFile.parse("alice\nbo", true, FILE, new ArrayList<>());
        assertThat(lines).extracting(PrincipalsFile.Principal::name).containsExactly("alice");
    }
}
