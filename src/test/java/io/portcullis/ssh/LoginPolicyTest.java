package io.portcullis.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.accounts.Group;
import io.portcullis.accounts.User;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LoginPolicyTest {

    static final Group STAFF = new Group(10, 1000, "staff", false);
    static final Group ADMINS = new Group(2, 544, "admins", true);

    static User user(String name, String shell, boolean locked, boolean passwordDisabled, List<Group> aux) {
        return new User(1, name, "", name.equals("root") ? 0 : 1001, new Group(11, 1001, name, false), aux,
                "home/" + name, "700", shell, Optional.of("$argon2id$..."), passwordDisabled, locked, "", false);
    }

    static SshSettings settings(boolean rootWithPassword, boolean passwordAuth, List<String> groups) {
        SshSettings d = SshSettings.DEFAULTS;
        return new SshSettings(d.tcpPort(), d.bindInterfaces(), rootWithPassword, passwordAuth, groups, false, false,
                false, d.sftpLogLevel(), d.sftpLogFacility(), d.weakCiphers(), "");
    }

    @Test
    void passwordRules() {
        User alice = user("alice", "bash", false, false, List.of(STAFF));
        assertThat(LoginPolicy.refusePassword(alice, settings(false, true, List.of()))).isEmpty();
        assertThat(LoginPolicy.refusePassword(alice, settings(false, false, List.of()))).contains("password authentication is off");
        assertThat(LoginPolicy.refusePassword(alice, settings(false, true, List.of("staff")))).isEmpty();
        assertThat(LoginPolicy.refusePassword(alice, settings(false, true, List.of("other"))))
                .contains("not a member of the password login groups");
        assertThat(LoginPolicy.refusePassword(user("bob", "bash", false, true, List.of()), settings(false, true, List.of())))
                .contains("password disabled for this account");
        assertThat(LoginPolicy.refusePassword(user("bob", "bash", true, false, List.of()), settings(false, true, List.of())))
                .contains("account locked");
    }

    @Test
    void rootByPasswordOnlyWhenAllowedAndRegardlessOfGroups() {
        User root = user("root", "console", false, false, List.of(ADMINS));
        assertThat(LoginPolicy.refusePassword(root, settings(false, true, List.of()))).contains("root may log in by key only");
        assertThat(LoginPolicy.refusePassword(root, settings(true, true, List.of("staff")))).isEmpty();
    }

    @Test
    void consoleShellNeedsAnAdminGroup() {
        assertThat(LoginPolicy.refuseAccount(user("eve", "console", false, false, List.of(STAFF))))
                .contains("console shell without membership of admins or readonly-admins");
        assertThat(LoginPolicy.refuseAccount(user("ann", "console", false, false, List.of(ADMINS)))).isEmpty();
    }
}
