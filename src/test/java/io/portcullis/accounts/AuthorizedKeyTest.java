package io.portcullis.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portcullis.testing.TestKeys;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bad authorized_keys line is refused saying what is wrong with it, in our words, never the library's. */
class AuthorizedKeyTest {

    @TempDir
    static Path tmp;

    static String line() {
        return TestKeys.publicLine(TestKeys.generate(tmp.resolve("keys"), "k" + System.nanoTime(), "ed25519"));
    }

    static void assertRefused(String line, String says) {
        assertThatThrownBy(() -> AuthorizedKey.parse(line)).as(line).isInstanceOf(AccountException.class)
                .hasMessageStartingWith("key: ").hasMessageContaining(says)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("Last unit", "Exception", "valid bits"));
    }

    @Test
    void eachKindOfDamageIsNamed() {
        String good = line();
        String[] f = good.split(" ");
        assertThat(AuthorizedKey.parse(good).keyType()).isEqualTo("ssh-ed25519");
        assertRefused(f[0] + " " + f[1].substring(0, f[1].length() - 3), "is not valid base64");
        assertRefused(f[0] + " " + f[1].substring(0, 40), "is damaged: it does not hold a whole key of that type");
        assertRefused("ssh-rsa " + f[1], "the line says 'ssh-rsa' but its key data is a 'ssh-ed25519' key");
        assertRefused("ssh-ed25519", "the key data is missing");
        assertRefused(f[1], "is not a key type");
        assertRefused("frobnicate " + f[1], "'frobnicate' is not a key type");
        assertRefused("ssh-ed25519 AAAA", "too short to be a key");
        assertRefused("command=\"id\" " + good, "authorized_keys options (command) are not supported");
    }
}
