package io.portcullis.keypairs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.portcullis.testing.OpenSsh.Result;
import io.portcullis.testing.RunningAppliance;
import io.portcullis.testing.StartedAppliance;
import io.portcullis.testing.TestKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ssh keypairs} (SPEC §5) through {@code ssh admin@host '...'}: generate, import, show, delete. */
class KeypairCommandsTest {

    @TempDir
    static Path tmp;
    @StartedAppliance
    static RunningAppliance appliance;
    static final ObjectMapper JSON = new ObjectMapper();

    static Result admin(String command) {
        return appliance.admin().exec(command);
    }

    static Result ok(String command) {
        return appliance.adminSucceeds(command);
    }

    static Result refused(String command, String message) {
        return appliance.adminRefused(command, message);
    }

    static Result importing(String command, Path privateKey) throws Exception {
        return appliance.admin().stdin(Files.readAllBytes(privateKey)).exec(command);
    }

    static String sshKeygenFingerprint(Path key) throws Exception {
        Process p = new ProcessBuilder("ssh-keygen", "-lf", key.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        assertThat(p.waitFor()).as(out).isZero();
        return out.split(" ")[1];
    }

    @Test
    void generateMakesEd25519ByDefaultAndShowPrintsOnlyThePublicKey() throws Exception {
        Result generated = ok("ssh keypairs generate gen1");
        assertThat(generated.stdout()).contains("ssh-ed25519 256 SHA256:");
        JsonNode shown = JSON.readTree(ok("ssh keypairs show gen1 --json").stdout());
        assertThat(shown.get("type").asText()).isEqualTo("ssh-ed25519");
        assertThat(shown.get("fingerprint").asText()).startsWith("SHA256:");
        assertThat(shown.get("publicKey").asText()).startsWith("ssh-ed25519 AAAA").endsWith(" gen1@portcullis");

        // The shown public key is the real one: ssh-keygen computes the same fingerprint from it.
        Path pub = tmp.resolve("gen1.pub");
        Files.writeString(pub, shown.get("publicKey").asText() + "\n");
        assertThat(sshKeygenFingerprint(pub)).isEqualTo(shown.get("fingerprint").asText());

        Result text = ok("ssh keypairs show gen1");
        assertThat(text.stdout()).contains(shown.get("publicKey").asText()).contains(shown.get("fingerprint").asText());
        for (String output : List.of(text.stdout(), generated.stdout(), ok("ssh keypairs list --json").stdout(),
                shown.toString())) {
            assertThat(output).doesNotContain("PRIVATE").doesNotContain("private");
        }
    }

    @Test
    void generateTakesTypeAndBitsAndRefusesSizesTheTypeDoesNotHave() throws Exception {
        ok("ssh keypairs generate ec384 --type ecdsa --bits 384");
        ok("ssh keypairs generate rsa1 --type rsa");
        JsonNode list = JSON.readTree(ok("ssh keypairs list --json").stdout());
        assertThat(list.findValuesAsText("type")).contains("ecdsa-sha2-nistp384", "ssh-rsa");
        JsonNode rsa = JSON.readTree(ok("ssh keypairs show rsa1 --json").stdout());
        assertThat(rsa.get("bits").asInt()).isEqualTo(3072);

        refused("ssh keypairs generate weak --type rsa --bits 1024", "--bits 1024 for rsa: give 2048 to 16384");
        refused("ssh keypairs generate odd --type ed25519 --bits 384", "ed25519 keys have one size");
        refused("ssh keypairs generate ec384 --type ecdsa", "a keypair named 'ec384' exists already");
        refused("ssh keypairs generate 'bad name'", "use 1-64 letters");
        assertThat(admin("ssh keypairs generate x --type dsa").exitCode()).isEqualTo(2);
        assertThat(ok("ssh keypairs list").stdout()).doesNotContain("weak").doesNotContain("odd");
    }

    @Test
    void importDerivesThePublicKeyFromOpenSshAndPemKeys() throws Exception {
        Path ed = TestKeys.generate(tmp.resolve("keys"), "imported-ed", "ed25519");
        Result r = importing("ssh keypairs import imp-ed", ed);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode shown = JSON.readTree(ok("ssh keypairs show imp-ed --json").stdout());
        assertThat(shown.get("fingerprint").asText()).isEqualTo(sshKeygenFingerprint(ed));
        assertThat(shown.get("publicKey").asText()).startsWith(TestKeys.publicLine(ed).split(" ")[0] + " "
                + TestKeys.publicLine(ed).split(" ")[1]);

        // A PEM (PKCS#1) RSA key, named by a file on the appliance instead of standard input.
        Path rsa = tmp.resolve("keys/imported-rsa");
        Process keygen = new ProcessBuilder("ssh-keygen", "-q", "-t", "rsa", "-b", "2048", "-m", "PEM", "-N", "", "-f",
                rsa.toString()).redirectErrorStream(true).start();
        assertThat(keygen.waitFor()).isZero();
        assertThat(Files.readString(rsa)).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        ok("ssh keypairs import imp-rsa --private-key-file " + rsa);
        JsonNode rsaShown = JSON.readTree(ok("ssh keypairs show imp-rsa --json").stdout());
        assertThat(rsaShown.get("fingerprint").asText()).isEqualTo(sshKeygenFingerprint(rsa));

        // With the matching public key given too, the import goes through.
        ok("ssh keypairs import imp-ed2 --private-key-file " + ed + " --public-key '" + TestKeys.publicLine(ed) + "'");
    }

    @Test
    void aMismatchedPairAnEncryptedKeyAndAPublicKeyAreRefusedAndNothingIsStored() throws Exception {
        Path a = TestKeys.generate(tmp.resolve("keys"), "pair-a", "ed25519");
        Path b = TestKeys.generate(tmp.resolve("keys"), "pair-b", "ed25519");
        Result mismatch = appliance.admin().stdin(Files.readAllBytes(a))
                .exec("ssh keypairs import mixed --public-key '" + TestKeys.publicLine(b) + "'");
        assertThat(mismatch.exitCode()).as(mismatch.toString()).isEqualTo(1);
        assertThat(mismatch.stderr()).contains("does not belong to the private key").contains("nothing was imported");

        Path encrypted = tmp.resolve("keys/encrypted");
        Process keygen = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "a passphrase", "-f",
                encrypted.toString()).redirectErrorStream(true).start();
        assertThat(keygen.waitFor()).isZero();
        Result enc = importing("ssh keypairs import locked", encrypted);
        assertThat(enc.exitCode()).as(enc.toString()).isEqualTo(1);
        assertThat(enc.stderr()).contains("encrypted with a passphrase").contains("ssh-keygen -p");

        Path encryptedPem = tmp.resolve("keys/encrypted-pem");
        keygen = new ProcessBuilder("ssh-keygen", "-q", "-t", "rsa", "-b", "2048", "-m", "PEM", "-N", "a passphrase",
                "-f", encryptedPem.toString()).redirectErrorStream(true).start();
        assertThat(keygen.waitFor()).isZero();
        refused("ssh keypairs import locked-pem --private-key-file " + encryptedPem, "encrypted with a passphrase");

        Result pub = appliance.admin().stdin(TestKeys.publicLine(a) + "\n").exec("ssh keypairs import pubonly");
        assertThat(pub.exitCode()).as(pub.toString()).isEqualTo(1);
        assertThat(pub.stderr()).contains("looks like a public key");
        refused("ssh keypairs import nofile --private-key-file /nonexistent/key", "no such file on the appliance");

        String names = ok("ssh keypairs list --json").stdout();
        assertThat(names).doesNotContain("mixed").doesNotContain("locked").doesNotContain("pubonly")
                .doesNotContain("nofile");
    }

    @Test
    void deleteRemovesAKeypairAndIsRefusedWhileAConnectionUsesIt() throws Exception {
        ok("ssh keypairs generate short-lived");
        ok("ssh keypairs delete short-lived");
        assertThat(ok("ssh keypairs list").stdout()).doesNotContain("short-lived");
        refused("ssh keypairs delete short-lived", "no keypair named 'short-lived'");

        ok("ssh keypairs generate in-use");
        ok("ssh connections add uses-it --host 127.0.0.1 --port 1 --username x --keypair in-use");
        refused("ssh keypairs delete in-use", "used by connection uses-it");
        assertThat(ok("ssh keypairs list").stdout()).contains("in-use").contains("uses-it");
        ok("ssh connections delete uses-it");
        ok("ssh keypairs delete in-use");
    }
}
