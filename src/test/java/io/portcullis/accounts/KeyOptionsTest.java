package io.portcullis.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** authorized_keys options and lines as sshd(8) reads them. */
class KeyOptionsTest {

    static final String KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl me@laptop";

    @Test
    void restrictTurnsEverythingOffAndLaterWordsTurnPartsBackOn() {
        KeyOptions restricted = KeyOptions.parse("restrict");
        assertThat(restricted.pty()).isFalse();
        assertThat(restricted.portForwarding()).isFalse();
        assertThat(restricted.agentForwarding()).isFalse();
        KeyOptions withPty = KeyOptions.parse("restrict,pty");
        assertThat(withPty.pty()).isTrue();
        assertThat(withPty.portForwarding()).isFalse();
        assertThat(KeyOptions.parse("no-pty").portForwarding()).isTrue();
        assertThat(KeyOptions.NONE.restricts()).isFalse();
    }

    @Test
    void quotedValuesKeepCommasSpacesAndEscapedQuotes() {
        KeyOptions o = KeyOptions.parse("from=\"10.0.0.0/8,!10.1.2.3\",command=\"echo \\\"a, b\\\"\",permitopen=\"db:5432\","
                + "permitopen=\"*:80\",expiry-time=\"20300101Z\",environment=\"X=1\",no-user-rc");
        assertThat(o.from()).contains("10.0.0.0/8,!10.1.2.3");
        assertThat(o.command()).contains("echo \"a, b\"");
        assertThat(o.permitOpen()).containsExactly("db:5432", "*:80");
        assertThat(o.expiry()).contains(Instant.parse("2030-01-01T00:00:00Z"));
    }

    @Test
    void unknownOrUnsupportedOptionsMakeTheLineUnusable() {
        assertThatThrownBy(() -> KeyOptions.parse("no-such-thing")).hasMessageContaining("unknown option 'no-such-thing'");
        assertThatThrownBy(() -> KeyOptions.parse("cert-authority")).hasMessageContaining("not supported");
        assertThatThrownBy(() -> KeyOptions.parse("command=ls")).hasMessageContaining("double quotes");
        assertThatThrownBy(() -> KeyOptions.parse("command=\"ls")).hasMessageContaining("unbalanced");
        assertThatThrownBy(() -> KeyOptions.parse("permitopen=\"host\"")).hasMessageContaining("host:port");
        assertThatThrownBy(() -> KeyOptions.parse("expiry-time=\"tomorrow\"")).hasMessageContaining("YYYYMMDD");
    }

    @Test
    void aLineIsOptionsThenTheKeyAndGarbageIsCountedOnce() {
        AuthorizedKeysFile.FileKey plain = AuthorizedKeysFile.parseLine(KEY, 1);
        assertThat(plain.options()).isEqualTo(KeyOptions.NONE);
        assertThat(plain.key().comment()).isEqualTo("me@laptop");
        AuthorizedKeysFile.FileKey withOptions = AuthorizedKeysFile.parseLine("command=\"echo hi there\",no-pty " + KEY, 2);
        assertThat(withOptions.options().command()).contains("echo hi there");
        assertThat(withOptions.key().fingerprint()).isEqualTo(plain.key().fingerprint());

        List<String> problems = new ArrayList<>();
        List<AuthorizedKeysFile.FileKey> keys = AuthorizedKeysFile.parse("# comment\n\njunk\n" + KEY + "\nssh-rsa AAAA\n",
                false, Path.of("/h/.ssh/authorized_keys"), problems);
        assertThat(keys).hasSize(1);
        assertThat(keys.get(0).line()).isEqualTo(4);
        assertThat(problems).singleElement().asString().contains("2 lines skipped").contains("line 3:");
        assertThat(AuthorizedKeysFile.parse(KEY + "\n" + KEY.substring(0, 30), true, Path.of("/f"), new ArrayList<>()))
                .as("the line the cap cut is dropped").hasSize(1);
    }

    @Test
    void authorizedKeysFileTokensAreTheHomeTheUserAndPercent() {
        Path home = Path.of("/data/home/alice");
        assertThat(AuthorizedKeysFile.expand(".ssh/authorized_keys", home, "alice"))
                .isEqualTo(Path.of("/data/home/alice/.ssh/authorized_keys"));
        assertThat(AuthorizedKeysFile.expand("/etc/keys/%u", home, "alice")).isEqualTo(Path.of("/etc/keys/alice"));
        assertThat(AuthorizedKeysFile.expand("%h/k%%", home, "alice")).isEqualTo(Path.of("/data/home/alice/k%"));
    }
}
