package io.portcullis.accounts;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccountRulesTest {

    @Test
    void usernames() {
        for (String ok : new String[] {"a", "alice", "_svc", "b.c-d_e", "x".repeat(32), "a1"}) {
            assertThatCode(() -> AccountRules.checkUsername(ok)).as(ok).doesNotThrowAnyException();
        }
        for (String bad : new String[] {"", "1abc", "-x", ".x", "Alice", "a b", "a:b", "x".repeat(33), "é", "a/b",
                "a\nb"}) {
            assertThatThrownBy(() -> AccountRules.checkUsername(bad)).as(bad).isInstanceOf(AccountException.class)
                    .hasMessageContaining("use 1 to 32 characters");
        }
    }

    @Test
    void homeModesNeedOwnerAccess() {
        assertThatCode(() -> AccountRules.checkHomeMode("700")).doesNotThrowAnyException();
        assertThatCode(() -> AccountRules.checkHomeMode("755")).doesNotThrowAnyException();
        assertThatThrownBy(() -> AccountRules.checkHomeMode("800")).hasMessageContaining("three octal digits");
        assertThatThrownBy(() -> AccountRules.checkHomeMode("0700")).hasMessageContaining("three octal digits");
        assertThatThrownBy(() -> AccountRules.checkHomeMode("600")).hasMessageContaining("first digit must be 5 or 7");
    }

    @Test
    void homesCannotClimbOut() {
        assertThatCode(() -> AccountRules.checkHome("home/alice")).doesNotThrowAnyException();
        assertThatCode(() -> AccountRules.checkHome("/srv/homes/alice")).doesNotThrowAnyException();
        assertThatThrownBy(() -> AccountRules.checkHome("home/../../etc")).hasMessageContaining("'..'");
        assertThatThrownBy(() -> AccountRules.checkHome("/")).hasMessageContaining("file system root");
        assertThatThrownBy(() -> AccountRules.checkHome("")).hasMessageContaining("give a directory path");
    }

    @Test
    void emailsAndFullNames() {
        assertThatCode(() -> AccountRules.checkEmail("")).doesNotThrowAnyException();
        assertThatCode(() -> AccountRules.checkEmail("a@example.org")).doesNotThrowAnyException();
        assertThatThrownBy(() -> AccountRules.checkEmail("not-an-address")).hasMessageContaining("name@example.org");
        assertThatThrownBy(() -> AccountRules.checkFullName("a:b")).hasMessageContaining("without ':'");
    }

    @Test
    void shellsComeFromTheApplianceOrEtcShells(@TempDir Path tmp) throws Exception {
        Path etcShells = tmp.resolve("shells");
        Files.writeString(etcShells, "# comment\n/bin/sh\n/bin/bash\n/nonexistent/zsh\n");
        LoginShells shells = new LoginShells(etcShells);
        for (String ok : new String[] {"console", "scponly", "nologin", "bash", "sh", "/bin/bash"}) {
            assertThatCode(() -> AccountRules.checkShell(shells, ok)).as(ok).doesNotThrowAnyException();
        }
        for (String bad : new String[] {"zsh", "/usr/bin/python3", "bash; rm -rf /", ""}) {
            assertThatThrownBy(() -> AccountRules.checkShell(shells, bad)).as(bad)
                    .hasMessageContaining("listed in /etc/shells");
        }
    }

    @Test
    void passwordPolicyNeverEchoesThePassword() {
        assertThatThrownBy(() -> PasswordPolicy.check("short")).hasMessage("password: use at least 8 characters");
        assertThatThrownBy(() -> PasswordPolicy.check("hunter2\u0001hunter2")).hasMessageContaining("control characters")
                .hasMessageNotContaining("hunter2");
        assertThatCode(() -> PasswordPolicy.check("long enough")).doesNotThrowAnyException();
    }

    @Test
    void authorizedKeyLines() {
        AuthorizedKey key = AuthorizedKey.parse(
                "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl alice@laptop");
        org.assertj.core.api.Assertions.assertThat(key.keyType()).isEqualTo("ssh-ed25519");
        org.assertj.core.api.Assertions.assertThat(key.comment()).isEqualTo("alice@laptop");
        org.assertj.core.api.Assertions.assertThat(key.fingerprint()).startsWith("SHA256:");
        assertThatThrownBy(() -> AuthorizedKey.parse("ssh-ed25519 notbase64")).hasMessageContaining("not valid base64");
        assertThatThrownBy(() -> AuthorizedKey.parse("")).hasMessageContaining("one authorized_keys line");
        assertThatThrownBy(() -> AuthorizedKey.parse(
                "command=\"/bin/sh\" ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl x"))
                .hasMessageContaining("options");
    }
}
