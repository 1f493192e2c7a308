package io.portcullis.settings.sshdconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuxParametersParserTest {

    static final AuxParametersParser.SupportedAlgorithms SUPPORTED = new AuxParametersParser.SupportedAlgorithms(
            List.of("aes128-gcm@openssh.com", "aes256-ctr", "aes128-cbc", "none"),
            List.of("hmac-sha2-256-etm@openssh.com", "hmac-sha2-512-etm@openssh.com", "hmac-sha1"),
            List.of("curve25519-sha256", "ecdh-sha2-nistp256"),
            List.of("ssh-ed25519", "rsa-sha2-512", "ecdsa-sha2-nistp256"),
            List.of("ssh-ed25519", "rsa-sha2-256"));

    static AuxParameters parse(String text) {
        return AuxParametersParser.parse(text, SUPPORTED);
    }

    @Test
    void emptyAndCommentsKeepOpenSshDefaults() {
        AuxParameters p = parse("# nothing here\n\n   \n");
        assertThat(p.maxStartupsOrDefault()).isEqualTo(new MaxStartups(10, 30, 100));
        assertThat(p.maxAuthTriesOrDefault()).isEqualTo(6);
        assertThat(p.maxSessionsOrDefault()).isEqualTo(10);
        assertThat(p.loginGraceTimeOrDefault()).isEqualTo(Duration.ofSeconds(120));
        assertThat(p.clientAliveIntervalOrDefault()).isZero();
        assertThat(p.clientAliveCountMaxOrDefault()).isEqualTo(3);
        assertThat(p.noneEnabledOrDefault()).isTrue();
        assertThat(p.allowAgentForwardingOrDefault()).as("OpenSSH's default").isTrue();
    }

    @Test
    void truenasRecommendationsAndEveryGlobalKeyword(@TempDir Path tmp) throws Exception {
        Path banner = Files.writeString(tmp.resolve("banner"), "Authorized use only\n");
        AuxParameters p = parse(String.join("\n",
                "NoneEnabled no",
                "clientaliveinterval 1m30s",
                "ClientAliveCountMax=2",
                "MaxStartups = 50:30:200",
                "MaxAuthTries 3",
                "MaxSessions 4",
                "LoginGraceTime 30",
                "Banner \"" + banner + "\"",
                "PermitEmptyPasswords no",
                "Ciphers +aes128-cbc",
                "MACs -hmac-sha2-512*",
                "KexAlgorithms ^ecdh-sha2-nistp256",
                "HostKeyAlgorithms +ecdsa-sha2-nistp256",
                "PubkeyAcceptedAlgorithms ssh-ed25519",
                "AllowUsers alice bob@127.0.0.1 carol@10.0.0.0/8",
                "AllowUsers dave",
                "DenyUsers mallory*",
                "AllowGroups staff admins",
                "DenyGroups guests",
                "AllowAgentForwarding no",
                "PermitTunnel no",
                "X11Forwarding no",
                "UseDNS no",
                "PrintMotd no"));
        assertThat(p.noneEnabled()).contains(false);
        assertThat(p.clientAliveInterval()).contains(Duration.ofSeconds(90));
        assertThat(p.clientAliveCountMax()).contains(2);
        assertThat(p.maxStartups()).contains(new MaxStartups(50, 30, 200));
        assertThat(p.maxAuthTries()).contains(3);
        assertThat(p.maxSessions()).contains(4);
        assertThat(p.loginGraceTime()).contains(Duration.ofSeconds(30));
        assertThat(p.banner()).contains(banner.toString());
        assertThat(p.allowUsers()).containsExactly("alice", "bob@127.0.0.1", "carol@10.0.0.0/8", "dave");
        assertThat(p.denyUsers()).containsExactly("mallory*");
        assertThat(p.allowGroups()).containsExactly("staff", "admins");
        assertThat(p.printMotd()).contains(false);
        assertThat(p.allowAgentForwardingOrDefault()).isFalse();
        assertThat(p.ciphers().get().apply(List.of("aes128-gcm@openssh.com"), SUPPORTED.ciphers()))
                .containsExactly("aes128-gcm@openssh.com", "aes128-cbc");
        assertThat(p.macs().get().apply(SUPPORTED.macs().subList(0, 2), SUPPORTED.macs()))
                .containsExactly("hmac-sha2-256-etm@openssh.com");
        assertThat(p.kexAlgorithms().get().apply(List.of("curve25519-sha256"), SUPPORTED.kex()))
                .containsExactly("ecdh-sha2-nistp256", "curve25519-sha256");
    }

    @Test
    void matchBlocks() {
        AuxParameters p = parse(String.join("\n",
                "Match User sftp-*,!sftp-admin",
                "  ForceCommand internal-sftp",
                "  ChrootDirectory %h",
                "  AllowTcpForwarding no",
                "Match Group staff Address 192.168.0.0/16,127.0.0.1",
                "  PasswordAuthentication no"));
        assertThat(p.matches()).hasSize(2);
        MatchBlock sftp = p.matches().get(0);
        assertThat(sftp.forceInternalSftp()).isTrue();
        assertThat(sftp.chrootDirectory()).contains("%h");
        assertThat(sftp.matches("sftp-bob", List.of(), "10.1.1.1")).isTrue();
        assertThat(sftp.matches("sftp-admin", List.of(), "10.1.1.1")).isFalse();
        MatchBlock staff = p.matches().get(1);
        assertThat(staff.line()).isEqualTo(5);
        assertThat(staff.matches("x", List.of("staff"), "127.0.0.1")).isTrue();
        assertThat(staff.matches("x", List.of("staff"), "192.168.3.4")).isTrue();
        assertThat(staff.matches("x", List.of("staff"), "10.0.0.1")).isFalse();
        assertThat(staff.matches("x", List.of("other"), "127.0.0.1")).isFalse();
    }

    @Test
    void badLinesAreRefusedWithTheirLineNumber() {
        assertRefused("ClientAliveInterval 30\nFrobnicate yes", 2, "unknown keyword 'Frobnicate'");
        assertRefused("MaxAuthTries zero", 1, "whole number from 1 to 100");
        assertRefused("MaxAuthTries 3\nmaxauthtries 4", 2, "already set on line 1");
        assertRefused("ClientAliveInterval 5x", 1, "time like 30");
        assertRefused("MaxStartups 10:30", 1, "start:rate:full");
        assertRefused("MaxStartups 100:30:10", 1, "start <= full");
        assertRefused("Ciphers +rot13", 1, "unsupported algorithm 'rot13'");
        assertRefused("Ciphers -*", 1, "no algorithm at all");
        assertRefused("X11Forwarding yes", 1, "only 'no'");
        assertRefused("PermitTunnel yes", 1, "only 'no'");
        assertRefused("Banner relative/path", 1, "absolute path");
        assertRefused("Banner /nonexistent/banner", 1, "not readable");
        assertRefused("PasswordAuthentication no", 1, "only inside a Match block");
        assertRefused("Match", 1, "needs criteria");
        assertRefused("Match Host example.org", 1, "not supported");
        assertRefused("Match User", 1, "needs a pattern list");
        assertRefused("Match Address 10.0.0.0/99", 1, "address/prefix");
        assertRefused("Match User x\n  MaxSessions 3", 2, "not allowed inside a Match block");
        assertRefused("Match User x\n  AllowAgentForwarding no", 2, "not allowed inside a Match block");
        assertRefused("Match User x\n  ForceCommand /bin/sh", 2, "only 'internal-sftp'");
        assertRefused("Match User x\n  ChrootDirectory ../x", 2, "absolute path");
        assertRefused("UseDNS maybe", 1, "yes or no");
        assertRefused("Banner \"/tmp", 1, "unbalanced");
        assertRefused("PrintMotd no\u0000", 1, "control characters");
        assertRefused("PrintMotd no\uFFFD", 1, "not UTF-8");
        assertThatThrownBy(() -> parse("# x\n".repeat(300_000))).hasMessageContaining("characters; at most");
    }

    @Test
    void maxStartupsDropsAsOpenSshDoes() {
        MaxStartups m = new MaxStartups(10, 30, 100);
        Random random = new Random(1);
        assertThat(m.drop(9, random)).isFalse();
        assertThat(m.drop(100, random)).isTrue();
        long dropped = java.util.stream.IntStream.range(0, 10_000).filter(i -> m.drop(10, random)).count();
        assertThat(dropped).isBetween(2_700L, 3_300L);
    }

    @Test
    void patternLists() {
        assertThat(PatternList.parse("a*,!ab").matches("ac")).isTrue();
        assertThat(PatternList.parse("a*,!ab").matches("ab")).isFalse();
        assertThat(PatternList.parse("a?c").matches("abc")).isTrue();
        assertThat(AddressPattern.matches("2001:db8::/32", "2001:db8::1")).isTrue();
        assertThat(AddressPattern.matches("10.0.0.0/8", "11.0.0.1")).isFalse();
        assertThat(AddressPattern.matches("127.0.0.*", "127.0.0.1")).isTrue();
    }

    @Test
    void perSourcePenaltiesAsOpenSsh() {
        assertThat(parse("").perSourcePenaltiesOrDefault()).isEqualTo(PenaltyRules.DEFAULT);
        assertThat(parse("PerSourcePenalties no").perSourcePenaltiesOrDefault().enabled()).isFalse();
        PenaltyRules r = parse("PerSourcePenalties authfail:30s min:1m max:2h max-sources4:100 overflow:permissive")
                .perSourcePenaltiesOrDefault();
        assertThat(r.authFail()).hasSeconds(30);
        assertThat(r.min()).hasSeconds(60);
        assertThat(r.max()).hasHours(2);
        assertThat(r.maxSources()).isEqualTo(100);
        assertThat(r.noAuth()).as("untouched default").hasSeconds(1);
        AuxParameters p = parse("PerSourcePenaltyExemptList 192.0.2.0/24,10.1.1.1");
        assertThat(p.perSourcePenaltyExemptList().patterns()).containsExactly("192.0.2.0/24", "10.1.1.1");

        assertRefused("\nPerSourcePenalties authfail:5x", 2, "time");
        assertRefused("PerSourcePenalties sometimes:5s", 1, "unknown penalty 'sometimes'");
        assertRefused("PerSourcePenalties crash:90s", 1, "no per-connection process");
        assertRefused("PerSourcePenalties overflow:deny-all", 1, "permissive");
        assertRefused("PerSourcePenalties min:10m max:1m", 1, "below min");
        assertRefused("PerSourcePenaltyExemptList 10.0.0.0/99", 1, "address/prefix");
        assertRefused("PerSourcePenalties no\nPerSourcePenalties yes", 2, "already set on line 1");
    }

    @Test
    void perSourceMaxStartupsAndNetBlockSizeAsOpenSsh85WithADefaultBelowMaxStartups() throws Exception {
        AuxParameters defaults = parse("");
        assertThat(defaults.perSourceStartupsOrDefault()).as("MaxStartups' start 10, half of them counted")
                .isEqualTo(new AuxParameters.SourceShare(10, 5));
        assertThat(defaults.perSourceNetBlockSizeOrDefault()).isEqualTo(NetBlockSize.DEFAULT);
        assertThat(parse("MaxStartups 2000:30:2000").perSourceStartupsOrDefault())
                .isEqualTo(new AuxParameters.SourceShare(2000, 1000));
        assertThat(parse("MaxStartups 1").perSourceStartupsOrDefault()).isEqualTo(new AuxParameters.SourceShare(1, 1));
        assertThat(parse("PerSourceMaxStartups 3").perSourceStartupsOrDefault()).as("OpenSSH's: 3, all counted")
                .isEqualTo(new AuxParameters.SourceShare(3, 3));
        assertThat(parse("persourcemaxstartups none").perSourceStartupsOrDefault().limit())
                .isEqualTo(AuxParameters.NO_PER_SOURCE_LIMIT);
        assertThat(parse("PerSourceNetBlockSize 24:56").perSourceNetBlockSizeOrDefault()).isEqualTo(new NetBlockSize(24, 56));
        assertThat(parse("PerSourceNetBlockSize 16").perSourceNetBlockSizeOrDefault()).isEqualTo(new NetBlockSize(16, 128));
        assertRefused("\nPerSourceMaxStartups 0", 2, "whole number from 1 to 100000");
        assertRefused("PerSourceMaxStartups lots", 1, "not 'lots'");
        assertRefused("PerSourceNetBlockSize 33", 1, "IPv4 bits (0-32)");
        assertRefused("PerSourceNetBlockSize 24:129", 1, "IPv6 bits (0-128)");
        assertRefused("PerSourceNetBlockSize 24:64:1", 1, "e.g. 32:128");
        assertRefused("PerSourceMaxStartups 3\nPerSourceMaxStartups 4", 2, "already set on line 1");

        NetBlockSize blocks = new NetBlockSize(24, 64);
        assertThat(blocks.block(java.net.InetAddress.getByName("192.0.2.77")).getHostAddress()).isEqualTo("192.0.2.0");
        assertThat(blocks.block(java.net.InetAddress.getByName("2001:db8:1:2:3::9")))
                .isEqualTo(java.net.InetAddress.getByName("2001:db8:1:2::"));
        assertThat(NetBlockSize.DEFAULT.block(java.net.InetAddress.getByName("192.0.2.77")).getHostAddress())
                .isEqualTo("192.0.2.77");
    }

    static void assertRefused(String text, int line, String message) {
        assertThatThrownBy(() -> parse(text)).as(text).isInstanceOf(AuxParameterException.class)
                .hasMessageStartingWith("aux-params line " + line + ": ").hasMessageContaining(message);
    }

    @Test
    void authorizedKeysFileTakesFilesWithOpenSshTokensOrNone() {
        assertThat(AuxParameters.NONE.authorizedKeysFileOrDefault()).containsExactly(".ssh/authorized_keys");
        assertThat(AuxParametersParser.parse("AuthorizedKeysFile .ssh/authorized_keys %h/.ssh/k2 /etc/keys/%u",
                AuxParametersParser.ANY_ALGORITHM).authorizedKeysFileOrDefault())
                .containsExactly(".ssh/authorized_keys", "%h/.ssh/k2", "/etc/keys/%u");
        assertThat(AuxParametersParser.parse("AuthorizedKeysFile none", AuxParametersParser.ANY_ALGORITHM)
                .authorizedKeysFileOrDefault()).isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AuxParametersParser.parse("\nAuthorizedKeysFile .ssh/%k",
                AuxParametersParser.ANY_ALGORITHM)).hasMessageContaining("line 2").hasMessageContaining("%h");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AuxParametersParser.parse("AuthorizedKeysFile ../x",
                AuxParametersParser.ANY_ALGORITHM)).hasMessageContaining("'..'");
    }

    /** A value is set in one place: a keyword that is an SSH setting names the option that sets it. */
    @Test
    void aKeywordThatIsAnSshSettingIsRefusedNamingItsOption() {
        java.util.Map<String, String> settings = io.portcullis.settings.SshSetting.keywords();
        assertThatThrownBy(() -> AuxParametersParser.parse("# listen elsewhere\nPort 22", SUPPORTED, settings))
                .hasMessage("aux-params line 2: Port is an SSH setting, not an auxiliary parameter: set it with"
                        + " 'ssh set --tcp-port N'");
        assertThatThrownBy(() -> AuxParametersParser.parse("compression yes", SUPPORTED, settings))
                .hasMessageContaining("'ssh set --compression true|false'");
        assertThatThrownBy(() -> AuxParametersParser.parse("PasswordAuthentication no", SUPPORTED, settings))
                .hasMessageContaining("only inside a Match block").hasMessageContaining("ssh set --password-auth");
        // inside a Match block it overrides the setting for those who match, as in OpenSSH
        assertThat(AuxParametersParser.parse("Match User bob\n  PasswordAuthentication no", SUPPORTED, settings)
                .matches()).hasSize(1);
    }

    @Test
    void certificateKeywordsTakeOpenSshsValuesAndAreNoneByDefault() {
        assertThat(AuxParameters.NONE.trustedUserCaKeys()).isEmpty();
        assertThat(AuxParameters.NONE.authorizedPrincipalsFile()).isEmpty();
        assertThat(AuxParameters.NONE.revokedKeys()).isEmpty();
        AuxParameters p = parse("MaxAuthTries 4\ntrustedusercakeys /etc/portcullis/user-ca.pub\n"
                + "AuthorizedPrincipalsFile .ssh/principals-%u\nRevokedKeys=/etc/portcullis/revoked.krl");
        assertThat(p.trustedUserCaKeys()).contains(new AuxFile(Path.of("/etc/portcullis/user-ca.pub"), 2));
        assertThat(p.authorizedPrincipalsFile()).contains(".ssh/principals-%u");
        assertThat(p.revokedKeys()).contains(new AuxFile(Path.of("/etc/portcullis/revoked.krl"), 4));
        AuxParameters none = parse("TrustedUserCAKeys none\nAuthorizedPrincipalsFile none\nRevokedKeys none");
        assertThat(none.trustedUserCaKeys()).isEmpty();
        assertThat(none.authorizedPrincipalsFile()).isEmpty();
        assertThat(none.revokedKeys()).isEmpty();
        assertThat(parse("AuthorizedPrincipalsFile /etc/ssh/principals/%u%%").authorizedPrincipalsFile())
                .contains("/etc/ssh/principals/%u%%");
    }

    @Test
    void certificateKeywordsRefuseWhatOpenSshWouldMisreadNamingTheLine() {
        assertThatThrownBy(() -> parse("\nTrustedUserCAKeys ca.pub")).hasMessage("aux-params line 2: TrustedUserCAKeys"
                + " must be 'none' or an absolute path without '..', not 'ca.pub'");
        assertThatThrownBy(() -> parse("RevokedKeys /etc/../tmp/krl")).hasMessageContaining("without '..'");
        assertThatThrownBy(() -> parse("RevokedKeys /a /b")).hasMessageContaining("RevokedKeys takes exactly one value");
        assertThatThrownBy(() -> parse("TrustedUserCAKeys /a\nTrustedUserCAKeys /b"))
                .hasMessageContaining("aux-params line 2: TrustedUserCAKeys is already set on line 1");
        assertThatThrownBy(() -> parse("AuthorizedPrincipalsFile /etc/principals/%U"))
                .hasMessageContaining("the only tokens are %h (the home), %u (the user name) and %%");
        assertThatThrownBy(() -> parse("AuthorizedPrincipalsFile .ssh/principals*"))
                .hasMessageContaining("wildcards are not supported here");
        assertThatThrownBy(() -> parse("AuthorizedPrincipalsFile ../principals"))
                .hasMessageContaining("must not contain '..'");
        assertThatThrownBy(() -> parse("Match User alice\n  TrustedUserCAKeys /etc/ca.pub"))
                .hasMessageContaining("aux-params line 2: TrustedUserCAKeys is not allowed inside a Match block");
    }
}
