package io.portcullis.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.accounts.Group;
import io.portcullis.accounts.User;
import io.portcullis.settings.LoginRules;
import io.portcullis.settings.SshSetting;
import io.portcullis.settings.SshSettings;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** SPEC §3/§4: TCP forwarding per the setting for login shells and the console, never for restricted shells. */
class ForwardingPolicyTest {

    static User withShell(String shell) {
        return new User(1, "u", "", 1000, new Group(1, 1000, "u", false), List.of(), "home/u", "700", shell,
                Optional.empty(), false, false, "", false);
    }

    static SshSettings forwarding(boolean on) {
        SshSettings d = SshSettings.DEFAULTS;
        return d.with(SshSetting.TCP_FORWARDING, on);
    }

    @ParameterizedTest
    @CsvSource({
        "bash,    false, false",
        "bash,    true,  true",
        "console, true,  true",
        "console, false, false",
        "scponly, true,  false",
        "nologin, true,  false",
        "scponly, false, false",
    })
    void tcpForwardingFollowsTheSettingExceptForRestrictedShells(String shell, boolean setting, boolean allowed) {
        assertThat(ForwardingPolicy.allowsTcpForwarding(withShell(shell),
                new LoginRules(forwarding(setting), io.portcullis.settings.sshdconfig.AuxParameters.NONE), "127.0.0.1")).isEqualTo(allowed);
        assertThat(ForwardingPolicy.allowsX11Forwarding(withShell(shell))).isFalse();
    }

    static LoginRules aux(String text) {
        return new LoginRules(SshSettings.DEFAULTS,
                io.portcullis.settings.sshdconfig.AuxParametersParser.parse(text, Algorithms.SUPPORTED));
    }

    /** The end-to-end cases are in AgentForwardingTest; the appliance not being root cannot be staged there. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "bash    | true  | ''                                          | true  | true",
        "bash    | true  | AllowAgentForwarding yes                    | true  | true",
        "bash    | true  | AllowAgentForwarding no                     | true  | false",
        "bash    | true  | ''                                          | false | false",
        "console | false | ''                                          | true  | false",
        "scponly | true  | ''                                          | true  | false",
        "nologin | true  | ''                                          | true  | false",
        "bash    | true  | 'Match User u\\n  ForceCommand internal-sftp' | true  | false",
    })
    void agentForwardingFollowsAllowAgentForwardingForLoginShellsOnARootAppliance(String shell, boolean loginShell,
            String aux, boolean root, boolean allowed) {
        assertThat(ForwardingPolicy.allowsAgentForwarding(withShell(shell), loginShell,
                aux(aux.replace("\\n", "\n")), "127.0.0.1", root)).isEqualTo(allowed);
    }
}
