package io.portcullis.shells;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portcullis.accounts.Group;
import io.portcullis.accounts.User;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Who a login shell runs as, and with which environment. */
class AccountIdentityTest {

    static final Path SETPRIV = Path.of("/usr/bin/setpriv");

    static User user(int uid) {
        return new User(1, "alice", "", uid, new Group(1, 1001, "alice", false),
                List.of(new Group(2, 2000, "staff", false)), "home/alice", "700", "bash", Optional.empty(), false,
                false, "", false);
    }

    @Test
    void asRootTheShellDropsToTheAccountsUidGidAndGroups() {
        assertThat(AccountIdentity.command(user(1001), List.of("/bin/bash", "-l"), true, Optional.of(SETPRIV)))
                .containsExactly("/usr/bin/setpriv", "--reuid=1001", "--regid=1001", "--groups=1001,2000", "--",
                        "/bin/bash", "-l");
    }

    @Test
    void otherwiseItRunsAsTheAppliance() {
        assertThat(AccountIdentity.command(user(1001), List.of("/bin/sh", "-c", "id"), false, Optional.empty()))
                .containsExactly("/bin/sh", "-c", "id");
        assertThat(AccountIdentity.command(user(0), List.of("/bin/sh", "-l"), true, Optional.of(SETPRIV)))
                .containsExactly("/bin/sh", "-l");
    }

    @Test
    void withoutSetprivARootApplianceRefusesRatherThanRunTheShellAsRoot() {
        assertThatThrownBy(() -> AccountIdentity.command(user(1001), List.of("/bin/bash"), true, Optional.empty()))
                .hasMessageContaining("setpriv").hasMessageContaining("install util-linux");
    }

    @Test
    void theEnvironmentIsBuiltFromNothingButLangFromTheClient() {
        Map<String, String> env = ShellEnvironment.of("alice", 1001, "/data/home/alice", "/bin/bash", Optional.of("xterm"),
                Map.of("LANG", "C.UTF-8", "LC_ALL", "C", "LD_PRELOAD", "/x.so", "BASH_ENV", "/x", "PATH", "/evil",
                        "TERM", "evil", "SSH_AUTH_SOCK", "/tmp/evil"), Optional.empty());
        assertThat(env).containsExactlyInAnyOrderEntriesOf(Map.of("HOME", "/data/home/alice", "USER", "alice",
                "LOGNAME", "alice", "SHELL", "/bin/bash", "PATH", ShellEnvironment.USER_PATH, "TERM", "xterm",
                "LANG", "C.UTF-8", "LC_ALL", "C"));
        assertThat(ShellEnvironment.of("root", 0, "/data/home", "/bin/sh", Optional.empty(), Map.of(), Optional.empty()))
                .containsEntry("PATH", ShellEnvironment.ROOT_PATH).doesNotContainKey("TERM");
    }

    @Test
    void aForwardedAgentIsTheOnlySourceOfSshAuthSock() {
        Map<String, String> env = ShellEnvironment.of("alice", 1001, "/data/home/alice", "/bin/bash", Optional.empty(),
                Map.of("SSH_AUTH_SOCK", "/tmp/evil"), Optional.of("/tmp/portcullis-agent-1/agent"));
        assertThat(env).containsEntry("SSH_AUTH_SOCK", "/tmp/portcullis-agent-1/agent");
    }
}
