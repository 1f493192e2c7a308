package io.portcullis.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which typed lines the per-user history keeps. */
class ConsoleHistoryTest {

    @Test
    void historyKeepsNoLineWithAPasswordOption() {
        assertThat(ConsoleHistory.keeps("accounts users passwd bob --password s3cret-pw")).isFalse();
        assertThat(ConsoleHistory.keeps("accounts users add bob \"--password=s3cret-pw\"")).isFalse();
        assertThat(ConsoleHistory.keeps("accounts users add bob --pasword s3cret-pw")).isFalse();
        assertThat(ConsoleHistory.keeps("ssh set --password-auth false --password-login-groups admins")).isTrue();
        assertThat(ConsoleHistory.keeps("accounts users edit bob --password-disabled true")).isTrue();
        assertThat(ConsoleHistory.keeps("x".repeat(5000))).isFalse();
    }
}
