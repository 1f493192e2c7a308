package io.portcullis.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.certificates.CertificateFiles;
import io.portcullis.settings.sshdconfig.AuxParameters;
import io.portcullis.settings.sshdconfig.AuxParametersParser;
import io.portcullis.testing.CertificateAuthority;
import io.portcullis.testing.TestKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What holds of a certificate whoever it is for, on certificates OpenSSH's client will not offer (host
 * certificates, forged ones) and CA signatures OpenSSH's CASignatureAlgorithms refuses (SHA-1).
 */
class UserCertificateRulesTest {

    @TempDir
    static Path tmp;
    static CertificateAuthority ca;
    static CertificateAuthority rsaCa;
    static AuxParameters aux;
    static final UserCertificates CERTIFICATES = new UserCertificates(new CertificateFiles(), null);
    static int made;

    @BeforeAll
    static void authorities() {
        ca = CertificateAuthority.create(tmp, "ca", "ed25519");
        rsaCa = CertificateAuthority.create(tmp, "rsa-ca", "rsa");
        Path keys = CertificateAuthority.write(tmp.resolve("cas"), ca.publicLine() + "\n" + rsaCa.publicLine() + "\n");
        aux = AuxParametersParser.parse("TrustedUserCAKeys " + keys, null);
    }

    static OpenSshCertificate certificate(String line) throws Exception {
        return (OpenSshCertificate) PublicKeyEntry.parsePublicKeyEntry(line).resolvePublicKey(null, null,
                PublicKeyEntryResolver.FAILING);
    }

    static OpenSshCertificate sign(CertificateAuthority by, String... args) throws Exception {
        Path key = TestKeys.generate(tmp.resolve("keys"), "k" + (++made), "ed25519");
        return certificate(Files.readString(by.sign(key, "id" + made, args)).strip());
    }

    @Test
    void aValidUserCertificatePassesWithEitherSha2RsaSignature() throws Exception {
        assertThat(CERTIFICATES.refusal(sign(ca, "-n", "alice", "-V", "+1h"), aux)).isEmpty();
        assertThat(CERTIFICATES.refusal(sign(rsaCa, "-n", "alice", "-V", "+1h", "-t", "rsa-sha2-256"), aux)).isEmpty();
        assertThat(CERTIFICATES.refusal(sign(rsaCa, "-n", "alice", "-V", "+1h", "-t", "rsa-sha2-512"), aux)).isEmpty();
    }

    @Test
    void aSha1SignatureAHostCertificateAndAForgedOneAreRefused() throws Exception {
        assertThat(CERTIFICATES.refusal(sign(rsaCa, "-n", "alice", "-V", "+1h", "-t", "ssh-rsa"), aux))
                .hasValue("signed with ssh-rsa, which CASignatureAlgorithms does not allow");
        assertThat(CERTIFICATES.refusal(sign(ca, "-h", "-n", "alice", "-V", "+1h"), aux))
                .hasValue("a host certificate, not a user certificate");

        String[] line = Files.readString(ca.sign(TestKeys.generate(tmp.resolve("keys"), "forged", "ed25519"), "forged",
                "-n", "alice", "-V", "+1h")).strip().split(" ");
        byte[] blob = Base64.getDecoder().decode(line[1]);
        blob[blob.length - 1] ^= 1; // the last byte of the CA's signature
        OpenSshCertificate forged = certificate(line[0] + " " + Base64.getEncoder().encodeToString(blob));
        assertThat(CERTIFICATES.refusal(forged, aux))
                .hasValue("the CA's signature does not verify: the certificate is forged or damaged");
        assertThat(CERTIFICATES.refusal(forged, AuxParameters.NONE)).get().asString().contains("no TrustedUserCAKeys");
        assertThat(UserCertificates.describe(forged)).startsWith("certificate ID \"forged\" serial 0 CA SHA256:");
    }
}
