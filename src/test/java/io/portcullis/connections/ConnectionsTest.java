package io.portcullis.connections;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.portcullis.audit.AuditLog;
import io.portcullis.testing.InteractiveSsh;
import io.portcullis.testing.OpenSsh.Result;
import io.portcullis.testing.RunningAppliance;
import io.portcullis.testing.StartedAppliance;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ssh connections} (SPEC §5) from one appliance to a second one started in the test: the remote's
 * host key discovered and pinned, a test login with a keypair, and a loud failure once the remote's host
 * key is regenerated.
 */
class ConnectionsTest {

    @TempDir
    static Path tmp;
    @StartedAppliance(dataDir = "local")
    static RunningAppliance local;
    @StartedAppliance(dataDir = "remote", users = "offsite:scponly")
    static RunningAppliance remote;
    static final ObjectMapper JSON = new ObjectMapper();

    static Result ok(RunningAppliance appliance, String command) {
        return appliance.adminSucceeds(command);
    }

    static String remoteEd25519Fingerprint() throws Exception {
        JsonNode keys = JSON.readTree(ok(remote, "ssh hostkeys list --json").stdout());
        for (JsonNode key : keys) {
            if (key.get("type").asText().equals("ed25519")) {
                return key.get("fingerprint").asText();
            }
        }
        throw new AssertionError("no ed25519 host key: " + keys);
    }

    @Test
    void aConnectionIsPinnedTestedAndFailsLoudlyWhenTheRemoteHostKeyChanges() throws Exception {
        ok(local, "ssh keypairs generate to-remote");
        String publicKey = JSON.readTree(ok(local, "ssh keypairs show to-remote --json").stdout()).get("publicKey")
                .asText();
        ok(remote, "accounts users keys add offsite " + publicKey);
        ok(local, "ssh connections add remote1 --host 127.0.0.1 --port " + remote.port()
                + " --username offsite --keypair to-remote --connect-timeout 5");

        Result untested = local.admin().exec("ssh connections test remote1");
        assertThat(untested.exitCode()).as(untested.toString()).isEqualTo(1);
        assertThat(untested.stderr()).contains("no pinned host key yet").contains("discover-host-key remote1");

        // Without a terminal and without --yes, the key is shown but not pinned.
        String fingerprint = remoteEd25519Fingerprint();
        Result unconfirmed = local.admin().exec("ssh connections discover-host-key remote1");
        assertThat(unconfirmed.exitCode()).as(unconfirmed.toString()).isEqualTo(1);
        assertThat(unconfirmed.stdout()).contains("ssh-ed25519 " + fingerprint);
        assertThat(unconfirmed.stderr()).contains("add --yes");
        assertThat(ok(local, "ssh connections show remote1").stdout()).contains("not pinned");

        Result pinned = ok(local, "ssh connections discover-host-key remote1 --yes");
        assertThat(pinned.stdout()).contains("pinned ssh-ed25519 " + fingerprint);
        JsonNode shown = JSON.readTree(ok(local, "ssh connections show remote1 --json").stdout());
        assertThat(shown.get("hostKeyFingerprint").asText()).isEqualTo(fingerprint);
        assertThat(shown.get("keypair").asText()).isEqualTo("to-remote");

        Result tested = ok(local, "ssh connections test remote1");
        assertThat(tested.stdout()).contains("connection 'remote1' OK").contains("SSH-2.0-Portcullis")
                .contains(fingerprint).contains("round trip:");

        ok(remote, "ssh hostkeys regenerate ed25519 --yes");
        String regenerated = remoteEd25519Fingerprint();
        assertThat(regenerated).isNotEqualTo(fingerprint);
        Result changed = local.admin().exec("ssh connections test remote1");
        assertThat(changed.exitCode()).as(changed.toString()).isEqualTo(1);
        assertThat(changed.stderr()).contains("REMOTE HOST KEY CHANGED").contains("pinned:  ssh-ed25519 " + fingerprint)
                .contains("offered: ssh-ed25519 " + regenerated).contains("discover-host-key remote1");
        assertThat(changed.stdout()).doesNotContain("OK");
        // The remote saw no login attempt with the keypair: the connection ended at the key exchange.
        assertThat(remote.bean(AuditLog.class).find(Optional.of("offsite"), Optional.of("login"), Optional.empty(), 50)
                .stream().filter(e -> e.outcome().equals("accepted")).count()).isEqualTo(1);
        assertThat(local.bean(AuditLog.class).find(Optional.of("admin"), Optional.of("connection"), Optional.empty(), 50))
                .anyMatch(e -> e.action().equals("ssh connections test remote1") && e.outcome().equals("refused")
                        && e.detail().contains(regenerated));

        // Pinning the new key, once confirmed, makes the test pass again.
        ok(local, "ssh connections discover-host-key remote1 --yes");
        ok(local, "ssh connections test remote1");
    }

    @Test
    void aConnectionToOpenSshsSshdIsPinnedAndTested() throws Exception {
        try (io.portcullis.testing.OpenSshServer sshd = io.portcullis.testing.OpenSshServer.start(tmp.resolve("sshd"))) {
            // RSA behind an ed25519 host key: the keypair must still sign with rsa-sha2, which OpenSSH requires
            ok(local, "ssh keypairs generate to-openssh --type rsa --bits 3072");
            sshd.authorize(JSON.readTree(ok(local, "ssh keypairs show to-openssh --json").stdout()).get("publicKey")
                    .asText());
            ok(local, "ssh connections add openssh --host 127.0.0.1 --port " + sshd.port()
                    + " --username root --keypair to-openssh");
            String fingerprint = sshd.hostKeyFingerprint();
            assertThat(ok(local, "ssh connections discover-host-key openssh --yes").stdout())
                    .contains("pinned ssh-ed25519 " + fingerprint);
            Result tested = local.admin().exec("ssh connections test openssh");
            assertThat(tested.exitCode()).as(tested + "\nsshd:\n" + sshd.log()).isZero();
            assertThat(tested.stdout()).contains("connection 'openssh' OK").contains("SSH-2.0-OpenSSH_");
        }
    }

    @Test
    void aRemoteThatRefusesTheKeypairOrIsNotThereIsAClearFailure() throws Exception {
        ok(local, "ssh keypairs generate not-authorized");
        ok(local, "ssh connections add stranger --host 127.0.0.1 --port " + remote.port()
                + " --username offsite --keypair not-authorized");
        ok(local, "ssh connections discover-host-key stranger --yes");
        Result refused = local.admin().exec("ssh connections test stranger");
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
        assertThat(refused.stderr()).contains("refused the login of 'offsite' with keypair 'not-authorized'")
                .contains("ssh keypairs show not-authorized");

        int closed = RunningAppliance.freePort();
        ok(local, "ssh connections add nowhere --host 127.0.0.1 --port " + closed
                + " --username offsite --keypair not-authorized --connect-timeout 3");
        Result nowhere = local.admin().exec("ssh connections discover-host-key nowhere --yes");
        assertThat(nowhere.exitCode()).as(nowhere.toString()).isEqualTo(1);
        assertThat(nowhere.stderr()).contains("cannot connect to 127.0.0.1:" + closed);
    }

    @Test
    void tabCompletesKeypairAndConnectionNames() {
        ok(local, "ssh keypairs generate completable-key");
        ok(local, "ssh connections add completable-conn --host 127.0.0.1 --username u --keypair completable-key");
        try (InteractiveSsh console = InteractiveSsh.open(local.port(), "admin", RunningAppliance.ADMIN_PASSWORD)) {
            console.expect("admin@portcullis> ");
            console.send("ssh keypairs show completable-k\t\r");
            assertThat(console.expect("admin@portcullis> ")).contains("name:        completable-key");
            console.send("ssh connections show completable-c\t\r");
            assertThat(console.expect("admin@portcullis> ")).contains("keypair:         completable-key");
            console.send("ssh connections add x --keypair completable-k\t");
            console.expect("completable-key ");
            console.send("\u0003");
        }
    }

    @Test
    void invalidConnectionsAreRefusedBeforeTheyAreSaved() {
        ok(local, "ssh keypairs generate for-invalid");
        for (String[] bad : new String[][] {
                {"--host 127.0.0.1 --port 70000 --username u --keypair for-invalid", "--port 70000: give 1 to 65535"},
                {"--host 127.0.0.1 --username u --keypair missing", "--keypair 'missing': no such keypair"},
                {"--host 'a b' --username u --keypair for-invalid", "--host 'a b': give a host name or an IP address"},
                {"--host h --username u --keypair for-invalid --connect-timeout 0", "--connect-timeout 0: give 1 to"}}) {
            Result r = local.admin().exec("ssh connections add bad " + bad[0]);
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
            assertThat(r.stderr()).contains(bad[1]);
        }
        Result missing = local.admin().exec("ssh connections add bad --username u --keypair for-invalid");
        assertThat(missing.exitCode()).as(missing.toString()).isEqualTo(2);
        assertThat(missing.stderr()).contains("--host is required");
        assertThat(ok(local, "ssh connections list").stdout()).doesNotContain("bad");
    }
}
