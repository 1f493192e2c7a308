package io.portcullis.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.accounts.Accounts;
import io.portcullis.accounts.UserChanges;
import io.portcullis.audit.AuditLog.Actor;
import io.portcullis.keypairs.HostKeys;
import io.portcullis.testing.RunningAppliance;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A restart on the same data directory keeps the appliance's identity and its accounts. */
class RestartTest {

    @TempDir
    Path tmp;

    @Test
    void hostKeyFingerprintsAndAccountsSurviveARestart() throws Exception {
        try (RunningAppliance appliance = RunningAppliance.start(tmp.resolve("data"))) {
            appliance.bean(Accounts.class).add(new Actor("test", "local"), "carol",
                    UserChanges.NONE.withPassword("carol-password").withShell("bash"));
            List<String> before = scannedFingerprints(appliance.port());
            assertThat(before).hasSize(2).anyMatch(l -> l.endsWith("(ED25519)")).anyMatch(l -> l.endsWith("(RSA)"));
            assertThat(String.join("\n", before)).contains(
                    appliance.bean(HostKeys.class).fingerprints().get(0).sha256());

            appliance.restart();

            assertThat(scannedFingerprints(appliance.port())).isEqualTo(before);
            assertThat(appliance.bean(Accounts.class).find("carol")).isPresent();
            var login = appliance.ssh("carol").password("carol-password").exec("true");
            assertThat(login.exitCode()).as(login.toString()).isZero();
        }
    }

    /** {@code ssh-keyscan | ssh-keygen -lf -}, as an administrator would check a host. */
    static List<String> scannedFingerprints(int port) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("sh", "-c", "ssh-keyscan -p " + port + " 127.0.0.1 2>/dev/null | ssh-keygen -lf -")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
        return out.lines().map(String::strip).filter(l -> !l.isEmpty()).sorted().toList();
    }
}
