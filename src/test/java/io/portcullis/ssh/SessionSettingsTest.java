package io.portcullis.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portcullis.accounts.Accounts;
import io.portcullis.accounts.UserChanges;
import io.portcullis.audit.AuditLog.Actor;
import io.portcullis.settings.WeakCipher;
import io.portcullis.testing.MinaSsh;
import io.portcullis.testing.OpenSsh.Result;
import io.portcullis.testing.RunningAppliance;
import io.portcullis.testing.StartedAppliance;
import io.portcullis.testing.Settings;
import java.nio.file.Files;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.sshd.client.channel.ClientChannel;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.cipher.BuiltinCiphers;
import org.apache.sshd.common.cipher.Cipher;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.kex.KexProposalOption;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The session-level auxiliary parameters and the NONE weak cipher, each seen through a real client:
 * MaxSessions, PermitEmptyPasswords, PermitTunnel, X11Forwarding, UseDNS, PrintMotd, NoneEnabled.
 */
class SessionSettingsTest {

    @StartedAppliance(users = {"bashy:bash"})
    static RunningAppliance appliance;

    @BeforeAll
    static void start() {
        appliance.bean(Accounts.class).add(new Actor("test", "local"), "nopass", UserChanges.NONE.withShell("bash"));
        appliance.bean(Accounts.class).addKey(new Actor("test", "local"), "admin",
                PublicKeyEntry.toString(ADMIN_KEY.getPublic()) + " test");
    }

    @AfterEach
    void backToDefaults() throws Exception {
        Files.deleteIfExists(appliance.dataDir().resolve("motd"));
        Settings.backToDefaultsAndRestart(appliance);
    }

    static final KeyPair ADMIN_KEY = adminKey();

    static KeyPair adminKey() {
        try {
            return KeyUtils.generateKeyPair("ecdsa-sha2-nistp256", 256);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The MINA SSHD client offering only the {@code none} cipher, logging in with a key: it gets in only
     * if the server offers {@code none} too. (MINA never sends or takes a password over {@code none}.)
     */
    static boolean loginWithNoneCipher() {
        try (MinaSsh ssh = MinaSsh.login(appliance.port(), "admin",
                client -> client.setCipherFactories(List.<NamedFactory<Cipher>>of(BuiltinCiphers.none)),
                session -> session.addPublicKeyIdentity(ADMIN_KEY))) {
            return ssh.session().getNegotiatedKexParameter(KexProposalOption.S2CENC).equals("none")
                    && ssh.session().getNegotiatedKexParameter(KexProposalOption.C2SENC).equals("none");
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void noneCipherIsOfferedOnlyWithWeakCipherNoneAndWithoutNoneEnabledNo() {
        assertThat(loginWithNoneCipher()).as("off by default").isFalse();
        Settings.changeAndRestart(appliance, s -> Settings.weakCiphers(s, Set.of(WeakCipher.NONE)));
        assertThat(loginWithNoneCipher()).as("NONE enabled").isTrue();
        Settings.changeAndRestart(appliance, s -> Settings.aux(s, "NoneEnabled no"));
        assertThat(loginWithNoneCipher()).as("NONE enabled but NoneEnabled no").isFalse();
        Settings.changeAndRestart(appliance, s -> Settings.aux(s, "NoneEnabled yes"));
        assertThat(loginWithNoneCipher()).as("NoneEnabled yes").isTrue();
    }

    @Test
    void maxSessionsLimitsTheSessionChannelsOfOneConnection() throws Exception {
        Settings.changeAndRestart(appliance, s -> Settings.aux(s, "MaxSessions 2"));
        try (MinaSsh ssh = MinaSsh.login(appliance.port(), "admin", RunningAppliance.ADMIN_PASSWORD)) {
            List<ClientChannel> open = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                ClientChannel channel = ssh.session().createShellChannel();
                channel.open().verify(Duration.ofSeconds(10));
                open.add(channel);
            }
            ClientChannel third = ssh.session().createShellChannel();
            assertThatThrownBy(() -> third.open().verify(Duration.ofSeconds(10))).as("the third session channel");
            // closing one makes room again
            open.get(0).close(false).await(Duration.ofSeconds(10));
            ClientChannel again = ssh.session().createShellChannel();
            again.open().verify(Duration.ofSeconds(10));
        }
    }

    @Test
    void anAccountWithoutAPasswordNeverLogsInByPasswordWhateverPermitEmptyPasswordsSays() {
        for (String setting : List.of("no", "yes")) {
            Settings.change(appliance, s -> Settings.aux(s, "PermitEmptyPasswords " + setting));
            Result r = appliance.ssh("nopass").password("").exec("true");
            assertThat(r.exitCode()).as(setting + ": " + r).isEqualTo(255);
            assertThat(r.stderr()).contains("Permission denied");
        }
        assertThat(appliance.user("bashy").exec("true").exitCode()).isZero();
    }

    @Test
    void x11ForwardingIsNeverGrantedSoThereIsNoDisplay() {
        Settings.change(appliance, s -> Settings.aux(s, "X11Forwarding no"));
        Result r = appliance.user("bashy").env("DISPLAY", ":0").option("ForwardX11=yes")
                .option("ForwardX11Trusted=yes").exec("echo \"[$DISPLAY]\"");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).isEqualTo("[]\n");
        assertThat(r.stderr()).contains("X11 forwarding request failed");
    }

    @Test
    void tunnelForwardingIsRefused() {
        Settings.change(appliance, s -> Settings.aux(s, "PermitTunnel no"));
        Result r = appliance.user("bashy").option("ExitOnForwardFailure=yes").option("Tunnel=point-to-point")
                .option("TunnelDevice=any:any").exec("echo tunnel-up");
        assertThat(r.stdout()).as(r.toString()).doesNotContain("tunnel-up");
        assertThat(r.exitCode()).isEqualTo(255);
    }

    @Test
    void useDnsLetsAccessPatternsMatchTheClientsReverseName() {
        Settings.change(appliance, s -> Settings.aux(s, "UseDNS yes\nDenyUsers bashy@localhost"));
        LoginTest.assertRefused(appliance.user("bashy").exec("true"));
        Settings.change(appliance, s -> Settings.aux(s, "UseDNS no\nDenyUsers bashy@localhost"));
        assertThat(appliance.user("bashy").exec("true").exitCode()).isZero();
        Settings.change(appliance, s -> Settings.aux(s, "DenyUsers bashy@localhost"));
        assertThat(appliance.user("bashy").exec("true").exitCode()).as("UseDNS is no by default").isZero();
        Settings.change(appliance, s -> Settings.aux(s, "UseDNS yes\nAllowUsers bashy@localhost admin"));
        assertThat(appliance.user("bashy").exec("true").exitCode()).isZero();
    }

    @Test
    void printMotdShowsDataDirMotdOnInteractiveLoginShellsOnly() throws Exception {
        Files.writeString(appliance.dataDir().resolve("motd"), "Welcome to the Portcullis test appliance.\n");
        Result shell = appliance.user("bashy").stdin("exit\n").ssh(List.of("-tt"));
        assertThat(shell.stdout()).as(shell.toString()).contains("Welcome to the Portcullis test appliance.");
        Result exec = appliance.user("bashy").exec("echo done");
        assertThat(exec.stdout()).isEqualTo("done\n");
        Settings.change(appliance, s -> Settings.aux(s, "PrintMotd no"));
        Result quiet = appliance.user("bashy").stdin("exit\n").ssh(List.of("-tt"));
        assertThat(quiet.exitCode()).as(quiet.toString()).isZero();
        assertThat(quiet.stdout()).doesNotContain("Welcome to the Portcullis");
    }
}
