package io.portcullis.certificates;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.testing.CertificateAuthority;
import io.portcullis.testing.TestKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The TrustedUserCAKeys and plain RevokedKeys files: keys one a line, each line that is none named. */
class CertificateFilesTest {

    @TempDir
    Path tmp;

    static PublicKey read(Path file) throws Exception {
        return PublicKeyEntry.parsePublicKeyEntry(Files.readString(file).strip()).resolvePublicKey(null, null,
                PublicKeyEntryResolver.FAILING);
    }

    @Test
    void caKeysSkipCommentsAndBlankLinesAndNameEveryLineThatIsNoKey() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create(tmp, "ca", "ed25519");
        CertificateAuthority rsa = CertificateAuthority.create(tmp, "rsa-ca", "rsa");
        CertificateAuthority other = CertificateAuthority.create(tmp, "other", "ecdsa");
        TrustedCaKeys keys = TrustedCaKeys.parse("# CAs\n\n   " + ca.publicLine() + "\r\n" + "cert-authority "
                + other.publicLine() + "\nssh-ed25519 AAAA!!notbase64\n" + rsa.publicLine() + "\n\u0007\u001b[2J\n");
        assertThat(keys.keys()).hasSize(2);
        assertThat(keys.trusts(read(ca.publicKey()))).isTrue();
        assertThat(keys.trusts(read(rsa.publicKey()))).isTrue();
        assertThat(keys.trusts(read(other.publicKey()))).as("a line with options is no key").isFalse();
        assertThat(keys.problems()).hasSize(3);
        assertThat(keys.problems().get(0)).startsWith("line 4 is not a public key ('cert-authority ecdsa-sha2-");
        assertThat(keys.problems().get(1)).startsWith("line 5 is not a public key");
        assertThat(keys.problems().get(2)).startsWith("line 7 is not a public key ('\\x07\\x1b[2J')");
    }

    @Test
    void theFilesAreReadAgainWhenTheyChangeAndCheckedOnly() throws IOException {
        CertificateAuthority ca = CertificateAuthority.create(tmp, "ca", "ed25519");
        CertificateFiles files = new CertificateFiles();
        Path file = CertificateAuthority.write(tmp.resolve("ca-keys"), ca.publicLine() + "\n");
        assertThat(files.trustedCaKeys(file).problems()).isEmpty();
        Files.writeString(tmp.resolve("next"), "garbage\n");
        Files.move(tmp.resolve("next"), file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThat(files.trustedCaKeys(file).problems()).singleElement().asString().startsWith("line 1 is not a public key");
        assertThat(files.trustedCaKeys(file).contents().orElseThrow().keys()).isEmpty();
        Files.writeString(file, "");
        assertThat(files.trustedCaKeys(file).problems()).containsExactly("lists no CA key");
        Files.delete(file);
        assertThat(files.trustedCaKeys(file).problems()).containsExactly("cannot be read: no such file");
        assertThat(files.trustedCaKeys(file).contents()).isEmpty();
        assertThat(files.trustedCaKeys(tmp).problems()).containsExactly("cannot be read: not a regular file");
        assertThat(files.revokedKeys(tmp).contents()).as("no list: sshd takes every key as revoked").isEmpty();
    }

    @Test
    void aPlainRevocationListComparesPublicPartsAndTheCertificatesCa() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create(tmp, "ca", "ed25519");
        Path revokedKey = TestKeys.generate(tmp, "revoked", "ed25519");
        Path viaCertificate = TestKeys.generate(tmp, "via-cert", "ecdsa");
        Path kept = TestKeys.generate(tmp, "kept", "rsa");
        Path listedCertificate = ca.sign(viaCertificate, "listed", "-n", "alice", "-V", "+1h");
        RevokedKeys list = RevokedKeys.parse(("# revoked\n" + TestKeys.publicLine(revokedKey) + "\n"
                + Files.readString(listedCertificate)).getBytes());
        assertThat(list.revocation(read(Path.of(revokedKey + ".pub")))).hasValue("key listed on line 2");
        assertThat(list.revocation(read(ca.sign(revokedKey, "of it", "-n", "alice", "-V", "+1h"))))
                .hasValue("key listed on line 2");
        assertThat(list.revocation(read(Path.of(viaCertificate + ".pub")))).hasValue("key listed on line 3");
        assertThat(list.revocation(read(Path.of(kept + ".pub")))).isEmpty();
        assertThat(list.revocation(read(ca.sign(kept, "kept", "-n", "alice", "-V", "+1h")))).isEmpty();

        RevokedKeys byCa = RevokedKeys.parse(ca.publicLine().getBytes());
        assertThat(byCa.revocation(read(ca.sign(kept, "kept", "-n", "alice", "-V", "+1h")))).get().asString()
                .startsWith("its CA SHA256:").endsWith("is listed on line 1");
        assertThat(RevokedKeys.parse(new byte[0]).revocation(read(Path.of(kept + ".pub")))).as("an empty list").isEmpty();
    }
}
