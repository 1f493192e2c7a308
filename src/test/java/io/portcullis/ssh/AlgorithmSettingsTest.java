package io.portcullis.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portcullis.settings.SshConfiguration;
import io.portcullis.settings.SshSettings;
import io.portcullis.settings.WeakCipher;
import io.portcullis.testing.OpenSsh.Result;
import io.portcullis.testing.Program;
import io.portcullis.testing.RunningAppliance;
import io.portcullis.testing.StartedAppliance;
import io.portcullis.testing.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Default algorithms, Weak Ciphers, Compress Connections and the algorithm/banner auxiliary
 * parameters, seen from the OpenSSH client's side of the negotiation.
 */
class AlgorithmSettingsTest {

    @TempDir
    static Path tmp;
    @StartedAppliance
    static RunningAppliance appliance;

    @AfterEach
    void backToDefaults() {
        Settings.backToDefaultsAndRestart(appliance);
    }

    /** {@code ssh -v} as admin with extra client arguments; the negotiation is in stderr. */
    static Result adminVerbose(String... args) {
        return appliance.admin().option("LogLevel=DEBUG1").ssh(List.of(args), "services list");
    }

    @Test
    void defaultsPassWithModernAlgorithmsAndStrictKex() {
        Result r = adminVerbose();
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stderr()).contains("kex: algorithm: sntrup761x25519-sha512").contains("kex: host key algorithm: ssh-ed25519")
                .contains("compression: none");
        assertThat(r.stderr()).containsPattern("kex_input_ext_info: server-sig-algs=<ssh-ed25519,rsa-sha2-512,rsa-sha2-256");
        // strict key exchange (Terrapin) is negotiated: OpenSSH 9.2 logs it at debug level 3 only, so check
        // the server's offer instead
        Result vvv = appliance.admin().option("LogLevel=DEBUG3").ssh(List.of(), "services list");
        assertThat(vvv.stderr()).contains("kex-strict-s-v00@openssh.com");
        for (String weak : List.of("aes128-cbc", "3des-cbc")) {
            Result refused = adminVerbose("-c", weak);
            assertThat(refused.exitCode()).as(weak).isEqualTo(255);
            assertThat(refused.stderr()).contains("no matching cipher found");
        }
        Result sha1Mac = adminVerbose("-c", "aes128-ctr", "-m", "hmac-sha1");
        assertThat(sha1Mac.stderr()).contains("no matching MAC found");
        Result sha1Kex = adminVerbose("-o", "KexAlgorithms=diffie-hellman-group14-sha1");
        assertThat(sha1Kex.stderr()).contains("no matching key exchange method found");
        Result ecdsa = adminVerbose("-o", "HostKeyAlgorithms=ecdsa-sha2-nistp256");
        assertThat(ecdsa.stderr()).contains("no matching host key type found");
    }

    /**
     * Debian's ssh-audit (2.5.0) finds no failure in the defaults; the plain SHA-2 MACs, there for libssh2,
     * are warnings. Its exit status is 0 (good), 2 (warnings: it also warns of the algorithms newer than it,
     * ML-KEM and strict kex) or 3 (a failure).
     */
    @Test
    void sshAuditFindsNoFailureInTheDefaults() {
        Result audit = Program.of("ssh-audit", "-n", "-p", Integer.toString(appliance.port()), "127.0.0.1").run();
        assertThat(audit.exitCode()).as(audit.toString()).isIn(0, 2);
        assertThat(audit.stdout()).as(audit.toString()).doesNotContain("[fail]")
                .containsPattern("\\(mac\\) hmac-sha2-256-etm@openssh.com +-- \\[info\\]")
                .containsPattern("\\(mac\\) hmac-sha2-256 +-- \\[warn\\] using encrypt-and-MAC mode")
                .containsPattern("\\(mac\\) hmac-sha2-512 +-- \\[warn\\]")
                .doesNotContain("hmac-sha1").doesNotContain("cbc");
    }

    /**
     * libssh2 1.10 (curl 7.88, PHP's ssh2) has no encrypt-then-MAC: it connects with the default MACs, and
     * no longer once an administrator drops the plain ones as docs/security.md says.
     */
    @Test
    void libssh2ClientsConnectWithTheDefaultMacs() {
        Result listing = curlListsTheHome();
        assertThat(listing.exitCode()).as(listing.toString()).isZero();
        Settings.changeAndRestart(appliance, s -> Settings.aux(s, "MACs -hmac-sha2-256,hmac-sha2-512"));
        Result refused = curlListsTheHome();
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(2);
        assertThat(refused.stderr()).contains("Unable to exchange encryption keys");
    }

    static Result curlListsTheHome() {
        return Program.of("curl", "-sS", "--hostpubsha256", appliance.hostKeySha256(),
                "-u", "admin:" + RunningAppliance.ADMIN_PASSWORD,
                "sftp://127.0.0.1:" + appliance.port() + "/").run();
    }

    @Test
    void weakCipherAes128CbcOnlyWhenEnabled() {
        assertThat(adminVerbose("-c", "aes128-cbc").exitCode()).isEqualTo(255);
        Settings.changeAndRestart(appliance, s -> Settings.weakCiphers(s, Set.of(WeakCipher.AES128_CBC)));
        Result r = adminVerbose("-c", "aes128-cbc");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stderr()).contains("cipher: aes128-cbc");
    }

    @Test
    void compressionOffersZlibOnlyWhenOn() {
        Result off = adminVerbose("-C");
        assertThat(off.stderr()).contains("compression: none").doesNotContain("compression: zlib");
        Settings.changeAndRestart(appliance, s -> Settings.compression(s, true));
        Result on = adminVerbose("-C");
        assertThat(on.exitCode()).as(on.toString()).isZero();
        assertThat(on.stderr()).contains("compression: zlib@openssh.com");
    }

    @Test
    void algorithmListsFollowTheAuxiliaryParametersModifiers() {
        Settings.changeAndRestart(appliance, s -> Settings.aux(s, String.join("\n",
                "HostKeyAlgorithms +ecdsa-sha2-nistp256",
                "KexAlgorithms -sntrup761x25519-sha512*",
                "Ciphers ^aes256-ctr",
                "MACs +hmac-sha1")));
        Result r = adminVerbose("-o", "HostKeyAlgorithms=ecdsa-sha2-nistp256");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stderr()).contains("kex: host key algorithm: ecdsa-sha2-nistp256")
                .contains("kex: algorithm: curve25519-sha256");
        Result mac = adminVerbose("-c", "aes256-ctr", "-m", "hmac-sha1");
        assertThat(mac.exitCode()).as(mac.toString()).isZero();
        assertThat(mac.stderr()).contains("MAC: hmac-sha1");
    }

    @Test
    void bannerIsShownBeforeAuthentication() throws Exception {
        Path banner = Files.writeString(tmp.resolve("banner.txt"), "Authorized use only. Portcullis test banner.\n");
        Settings.changeAndRestart(appliance, s -> Settings.aux(s, "Banner " + banner));
        Result wrong = appliance.ssh("admin").password("wrong-password").option("LogLevel=INFO").exec("true");
        assertThat(wrong.stderr()).contains("Authorized use only. Portcullis test banner.");
    }

    @Test
    void invalidAuxiliaryParametersAreRefusedAndNothingIsSaved() {
        SshConfiguration config = appliance.bean(SshConfiguration.class);
        SshSettings before = config.saved();
        assertThatThrownBy(() -> Settings.change(appliance, s -> Settings.aux(s, "ClientAliveInterval 30\nCiphers +rot13")))
                .hasMessageContaining("aux-params line 2: Ciphers: unsupported algorithm 'rot13'");
        assertThat(config.saved()).isEqualTo(before);
        Result still = appliance.admin().exec("services list");
        assertThat(still.exitCode()).isZero();
    }

    @Test
    void noneCipherNeedsTheWeakCipherAndNoNoneEnabledNo() {
        assertThat(Algorithms.of(SshSettings.DEFAULTS).ciphers()).doesNotContain(
                org.apache.sshd.common.cipher.BuiltinCiphers.none);
        SshSettings none = Settings.weakCiphers(SshSettings.DEFAULTS, Set.of(WeakCipher.NONE));
        assertThat(Algorithms.of(none, io.portcullis.settings.sshdconfig.AuxParameters.NONE).ciphers())
                .contains(org.apache.sshd.common.cipher.BuiltinCiphers.none);
        assertThat(Algorithms.of(none, io.portcullis.settings.sshdconfig.AuxParametersParser.parse("NoneEnabled no",
                Algorithms.SUPPORTED)).ciphers()).doesNotContain(org.apache.sshd.common.cipher.BuiltinCiphers.none);
    }

    /** Ours, in MINA's place, wherever the list puts it: by default and when an administrator names it. */
    @Test
    void chacha20Poly1305IsServedByOurImplementationNotMinas() {
        var ours = io.portcullis.ssh.cipher.ChaCha20Poly1305Factory.INSTANCE;
        var minas = org.apache.sshd.common.cipher.BuiltinCiphers.cc20p1305_openssh;
        assertThat(Algorithms.of(SshSettings.DEFAULTS).ciphers()).contains(ours).doesNotContain(minas);
        assertThat(Algorithms.of(SshSettings.DEFAULTS, io.portcullis.settings.sshdconfig.AuxParametersParser.parse(
                "Ciphers chacha20-poly1305@openssh.com", Algorithms.SUPPORTED)).ciphers()).containsExactly(ours);
        assertThat(Algorithms.of(SshSettings.DEFAULTS, io.portcullis.settings.sshdconfig.AuxParametersParser.parse(
                "Ciphers -chacha20-poly1305@openssh.com", Algorithms.SUPPORTED)).ciphers()).doesNotContain(ours, minas);
    }
}
