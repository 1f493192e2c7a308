package io.portcullis.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.accounts.Group;
import io.portcullis.accounts.User;
import io.portcullis.settings.LoginRules;
import io.portcullis.settings.SshSetting;
import io.portcullis.settings.SshSettings;
import io.portcullis.settings.sshdconfig.AuxParameters;
import io.portcullis.settings.sshdconfig.AuxParametersParser;
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

    static final String ADDR = "192.0.2.10";

    static LoginRules rules(boolean rootWithPassword, boolean passwordAuth, List<String> groups) {
        return new LoginRules(settings(rootWithPassword, passwordAuth, groups), AuxParameters.NONE);
    }

    static LoginRules rules(String aux) {
        return new LoginRules(SshSettings.DEFAULTS, AuxParametersParser.parse(aux, null));
    }

    static SshSettings settings(boolean rootWithPassword, boolean passwordAuth, List<String> groups) {
        SshSettings d = SshSettings.DEFAULTS;
        return d.with(SshSetting.ROOT_LOGIN_WITH_PASSWORD, rootWithPassword).with(SshSetting.PASSWORD_AUTH, passwordAuth)
                .with(SshSetting.PASSWORD_LOGIN_GROUPS, groups);
    }

    @Test
    void passwordRules() {
        User alice = user("alice", "bash", false, false, List.of(STAFF));
        assertThat(LoginPolicy.refusePassword(alice, rules(false, true, List.of()), ADDR)).isEmpty();
        assertThat(LoginPolicy.refusePassword(alice, rules(false, false, List.of()), ADDR)).contains("password authentication is off");
        assertThat(LoginPolicy.refusePassword(alice, rules(false, true, List.of("staff")), ADDR)).isEmpty();
        assertThat(LoginPolicy.refusePassword(alice, rules(false, true, List.of("other")), ADDR))
                .contains("not a member of the password login groups");
        assertThat(LoginPolicy.refusePassword(user("bob", "bash", false, true, List.of()), rules(false, true, List.of()), ADDR))
                .contains("password disabled for this account");
        assertThat(LoginPolicy.refusePassword(user("bob", "bash", true, false, List.of()), rules(false, true, List.of()), ADDR))
                .contains("account locked");
    }

    @Test
    void rootByPasswordOnlyWhenAllowedAndRegardlessOfGroups() {
        User root = user("root", "console", false, false, List.of(ADMINS));
        assertThat(LoginPolicy.refusePassword(root, rules(false, true, List.of()), ADDR)).contains("root may log in by key only");
        assertThat(LoginPolicy.refusePassword(root, rules(true, true, List.of("staff")), ADDR)).isEmpty();
    }

    @Test
    void consoleShellNeedsAnAdminGroup() {
        assertThat(LoginPolicy.refuseAccount(user("eve", "console", false, false, List.of(STAFF)), rules(false, true, List.of()), ADDR))
                .contains("console shell without membership of admins or readonly-admins");
        assertThat(LoginPolicy.refuseAccount(user("ann", "console", false, false, List.of(ADMINS)), rules(false, true, List.of()), ADDR)).isEmpty();
    }

    @Test
    void allowAndDenyListsInOpenSshOrder() {
        User alice = user("alice", "bash", false, false, List.of(STAFF));
        assertThat(LoginPolicy.refuseAccount(alice, rules("AllowUsers bob"), ADDR)).contains("not listed in AllowUsers");
        assertThat(LoginPolicy.refuseAccount(alice, rules("AllowUsers al*"), ADDR)).isEmpty();
        assertThat(LoginPolicy.refuseAccount(alice, rules("AllowUsers alice@192.0.2.0/24"), ADDR)).isEmpty();
        assertThat(LoginPolicy.refuseAccount(alice, rules("AllowUsers alice@10.*"), ADDR)).contains("not listed in AllowUsers");
        assertThat(LoginPolicy.refuseAccount(alice, rules("AllowUsers *\nDenyUsers ali?e"), ADDR)).contains("listed in DenyUsers");
        assertThat(LoginPolicy.refuseAccount(alice, rules("DenyGroups st*"), ADDR)).contains("member of a group in DenyGroups");
        assertThat(LoginPolicy.refuseAccount(alice, rules("AllowGroups admins"), ADDR)).contains("not a member of a group in AllowGroups");
        assertThat(LoginPolicy.refuseAccount(alice, rules("AllowGroups staff"), ADDR)).isEmpty();
    }

    @Test
    void matchBlocksOverridePasswordAuthentication() {
        User alice = user("alice", "bash", false, false, List.of(STAFF));
        assertThat(LoginPolicy.refusePassword(alice, rules("Match Group staff\n PasswordAuthentication no"), ADDR))
                .contains("password authentication is off");
        assertThat(LoginPolicy.refusePassword(alice, rules("Match Address 10.0.0.0/8\n PasswordAuthentication no"), ADDR))
                .isEmpty();
    }
}
