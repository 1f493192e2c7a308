package io.portcullis.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.accounts.Accounts;
import io.portcullis.accounts.User;
import io.portcullis.audit.AuditEntry;
import io.portcullis.audit.AuditLog;
import io.portcullis.testing.CertificateAuthority;
import io.portcullis.testing.OpenSsh;
import io.portcullis.testing.OpenSsh.Result;
import io.portcullis.testing.RunningAppliance;
import io.portcullis.testing.TestFiles;
import io.portcullis.testing.TestKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OpenSSH user certificates end to end (issue 18, item 3): a CA made by the real ssh-keygen at test time, its
 * certificates offered by the real ssh and sftp, TrustedUserCAKeys, AuthorizedPrincipalsFile and RevokedKeys
 * set through {@code ssh set --aux-params} as an administrator sets them. Every refusal is audited with its
 * reason, and the login audit names the certificate's key ID and serial.
 */
class UserCertificatesTest {

    @TempDir
    static Path tmp;
    static RunningAppliance appliance;
    static CertificateAuthority ca;
    static CertificateAuthority ecdsaCa;
    static CertificateAuthority stranger;
    static Path caFile;
    static int keys;

    @BeforeAll
    static void start() {
        TestFiles.openForAccounts(tmp);
        appliance = RunningAppliance.start(tmp.resolve("data"));
        ca = CertificateAuthority.create(tmp.resolve("ca"), "user-ca", "ed25519");
        ecdsaCa = CertificateAuthority.create(tmp.resolve("ca"), "ecdsa-ca", "ecdsa");
        stranger = CertificateAuthority.create(tmp.resolve("ca"), "stranger-ca", "ed25519");
        caFile = CertificateAuthority.write(tmp.resolve("etc/user-ca-keys"), "# the CAs of example.org\n"
                + ca.publicLine() + "\n\n" + ecdsaCa.publicLine() + "\n");
        appliance.addUser("alice", "bash").addUser("bob", "scponly").addUser("carol", "bash");
        aux("TrustedUserCAKeys " + caFile);
    }

    @AfterAll
    static void stop() {
        appliance.close();
    }

    @AfterEach
    void trustTheCaAgain() {
        aux("TrustedUserCAKeys " + caFile);
    }

    static void aux(String text) {
        Result r = appliance.admin().exec("ssh set --aux-params '" + text.replace("\n", "\\n") + "'");
        assertThat(r.exitCode()).as(r.toString()).isZero();
    }

    /** A fresh key pair for one certificate: ssh picks up NAME-cert.pub beside NAME. */
    static Path key(String type) {
        return TestKeys.generate(tmp.resolve("keys"), "k" + (++keys), type);
    }

    static OpenSsh as(String user, Path key) {
        return appliance.ssh(user).identity(key);
    }

    static void loggedIn(Result r) {
        assertThat(r.exitCode()).as(r + "\n" + appliance.bean(AuditLog.class).find(Optional.empty(), Optional.of("login"),
                Optional.empty(), 5)).isZero();
        assertThat(r.stdout()).isEqualTo("in\n");
    }

    static void refused(Result r) {
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(255);
        assertThat(r.stderr()).contains("Permission denied");
    }

    static List<AuditEntry> logins(String user) {
        return appliance.bean(AuditLog.class).find(Optional.of(user), Optional.of("login"), Optional.empty(), 50);
    }

    /** One of {@code user}'s recent refused logins, of a certificate, says {@code reason}. */
    static void refusedBecause(String user, String reason) {
        assertThat(logins(user)).as("the audit's logins of " + user)
                .anyMatch(e -> e.outcome().equals("refused") && e.action().contains("certificate ID")
                        && e.detail().contains(reason));
    }

    /** A certificate for {@code user} that the test expects refused, and the audited reason. */
    static void certificateRefused(String user, Path key, String reason) {
        refused(as(user, key).exec("echo in"));
        refusedBecause(user, reason);
    }

    static Result auxRefused(String text) {
        String before = appliance.admin().exec("ssh show --json").stdout();
        Result r = appliance.admin().exec("ssh set --aux-params '" + text.replace("\n", "\\n") + "'");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(appliance.admin().exec("ssh show --json").stdout()).as("nothing saved").isEqualTo(before);
        return r;
    }

    /** Writes {@code text} to {@code file} through a rename, as sshd_config(5) asks these files to be replaced. */
    static void replace(Path file, String text) throws IOException {
        Path next = file.resolveSibling(file.getFileName() + ".next");
        Files.writeString(next, text);
        Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** A file in the account's ~/.ssh, the directory and file root's (StrictModes allows root and the account). */
    static Path inSshDirectory(String user, String name, String text) throws IOException {
        Path dir = Files.createDirectories(appliance.home(user).resolve(".ssh"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        User account = appliance.bean(Accounts.class).require(user);
        Files.setAttribute(dir, "unix:uid", account.uid(), LinkOption.NOFOLLOW_LINKS);
        Path file = Files.writeString(dir.resolve(name), text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        return file;
    }

    @Test
    void aCertificateSignedForAliceLogsHerInAndTheAuditNamesItsKeyIdAndSerial() {
        Path key = key("ed25519");
        ca.sign(key, "alice@laptop", "-n", "alice", "-V", "+1h", "-z", "4711");
        loggedIn(as("alice", key).exec("echo in"));
        assertThat(logins("alice")).first().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo("accepted");
            assertThat(e.action()).contains("certificate ID \"alice@laptop\" serial 4711");
        });
    }

    @Test
    void certificatesFromAnEcdsaCaAndOfRsaAndEcdsaKeysLogInAndServeSftpAndScp() {
        Path rsa = key("rsa");
        ecdsaCa.sign(rsa, "alice-rsa", "-n", "alice", "-V", "+1h");
        loggedIn(as("alice", rsa).exec("echo in"));
        Path ecdsa = key("ecdsa");
        ca.sign(ecdsa, "alice-ecdsa", "-n", "alice,ops", "-V", "-5m:+1h");
        Result sftp = as("alice", ecdsa).sftp("pwd\n");
        assertThat(sftp.exitCode()).as(sftp.toString()).isZero();
        Path upload = TestFiles.random(tmp.resolve("upload.bin"), 4096, 18);
        Result scp = as("alice", ecdsa).scp(upload.toString(), as("alice", ecdsa).remote("upload.bin"));
        assertThat(scp.exitCode()).as(scp.toString()).isZero();
        assertThat(TestFiles.sha256(appliance.home("alice").resolve("upload.bin"))).isEqualTo(TestFiles.sha256(upload));
        assertThat(logins("alice")).anyMatch(e -> e.outcome().equals("accepted")
                && e.action().contains("certificate ID \"alice-ecdsa\" serial 0"));
    }

    @Test
    void expiredNotYetValidWrongPrincipalEmptyPrincipalsAndUntrustedCertificatesAreRefused() {
        Path expired = key("ed25519");
        ca.sign(expired, "expired", "-n", "alice", "-V", "-2h:-1h");
        certificateRefused("alice", expired, "certificate expired (valid until ");
        Path early = key("ed25519");
        ca.sign(early, "early", "-n", "alice", "-V", "+1h:+2h");
        certificateRefused("alice", early, "certificate not yet valid (valid from ");
        Path other = key("ed25519");
        ca.sign(other, "for-bob", "-n", "bob,carol", "-V", "+1h");
        certificateRefused("alice", other, "alice is not a principal of the certificate (bob, carol)");
        Path nobody = key("ed25519");
        ca.sign(nobody, "no-principals", "-V", "+1h");
        certificateRefused("alice", nobody, "certificate has an empty principal list");
        Path foreign = key("ed25519");
        stranger.sign(foreign, "stranger", "-n", "alice", "-V", "+1h");
        certificateRefused("alice", foreign, "which TrustedUserCAKeys " + caFile + " does not list");
    }

    @Test
    void withoutTrustedUserCaKeysNoCertificateIsAccepted() {
        aux("MaxAuthTries 6");
        Path key = key("ed25519");
        ca.sign(key, "untrusted-by-default", "-n", "alice", "-V", "+1h");
        certificateRefused("alice", key, "no TrustedUserCAKeys");
    }

    @Test
    void aKrlRevokesBySerialKeyIdAndKeyAndThePlainListToo() throws IOException {
        Path bySerial = key("ed25519");
        ca.sign(bySerial, "serial-7", "-n", "alice", "-V", "+1h", "-z", "7");
        Path byId = key("ed25519");
        ca.sign(byId, "stolen-laptop", "-n", "alice", "-V", "+1h", "-z", "8");
        Path byKey = key("ecdsa");
        ca.sign(byKey, "by-key", "-n", "alice", "-V", "+1h", "-z", "9");
        Path fine = key("ed25519");
        ca.sign(fine, "fine", "-n", "alice", "-V", "+1h", "-z", "10");
        Path spec = CertificateAuthority.write(tmp.resolve("krl/spec"), "serial: 5-7\nid: stolen-laptop\nkey: "
                + TestKeys.publicLine(byKey) + "\n");
        Path krl = ca.krl(tmp.resolve("krl/revoked.krl"), List.of("-z", "3"), spec);
        aux("TrustedUserCAKeys " + caFile + "\nRevokedKeys " + krl);
        certificateRefused("alice", bySerial, "revoked by RevokedKeys " + krl + ": certificate serial 7 revoked");
        certificateRefused("alice", byId, "certificate key ID revoked");
        certificateRefused("alice", byKey, "key revoked");
        loggedIn(as("alice", fine).exec("echo in"));

        Path list = CertificateAuthority.write(tmp.resolve("krl/revoked.pub"), "# revoked keys\n"
                + TestKeys.publicLine(fine) + "\n");
        aux("TrustedUserCAKeys " + caFile + "\nRevokedKeys " + list);
        certificateRefused("alice", fine, "key listed on line 2");
        loggedIn(as("alice", bySerial).exec("echo in"));

        replace(list, ca.publicLine() + "\n");
        certificateRefused("alice", bySerial, "its CA ");
    }

    @Test
    void revokedKeysRefusesAPlainKeyOfTheDatabaseToo() {
        Path key = key("ed25519");
        Result add = appliance.admin().exec("accounts users keys add carol " + TestKeys.publicLine(key));
        assertThat(add.exitCode()).as(add.toString()).isZero();
        loggedIn(as("carol", key).exec("echo in"));
        Path list = CertificateAuthority.write(tmp.resolve("krl/carol.pub"), TestKeys.publicLine(key) + "\n");
        aux("TrustedUserCAKeys " + caFile + "\nRevokedKeys " + list);
        refused(as("carol", key).exec("echo in"));
        assertThat(logins("carol")).anyMatch(e -> e.outcome().equals("refused")
                && e.detail().equals("revoked by RevokedKeys " + list + ": key listed on line 1"));
    }

    @Test
    void sourceAddressAdmitsOnlyItsAddresses() {
        Path key = key("ed25519");
        ca.sign(key, "loopback-one", "-n", "alice", "-V", "+1h", "-O", "source-address=127.0.0.1/32,::1");
        loggedIn(as("alice", key).exec("echo in"));
        refused(as("alice", key).option("BindAddress=127.0.0.2").exec("echo in"));
        refusedBecause("alice", "source-address 127.0.0.1/32,::1 does not include 127.0.0.2");
        Path block = key("ed25519");
        ca.sign(block, "loopback-block", "-n", "alice", "-V", "+1h", "-O", "source-address=127.0.0.0/8");
        loggedIn(as("alice", block).option("BindAddress=127.0.0.2").exec("echo in"));
    }

    @Test
    void forceCommandRunsInsteadOfWhatTheClientAsksAndNeverForAnAccountThatRunsNoCommand() {
        Path key = key("ed25519");
        ca.sign(key, "forced", "-n", "alice,bob", "-V", "+1h", "-O",
                "force-command=echo forced:$SSH_ORIGINAL_COMMAND");
        Result run = as("alice", key).exec("echo asked");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.stdout()).isEqualTo("forced:echo asked\n");
        Result sftp = as("alice", key).sftp("pwd\n");
        assertThat(sftp.exitCode()).as(sftp.toString()).isNotZero();

        refused(as("bob", key).sftp("pwd\n"));
        refusedBecause("bob", "cannot serve a scponly account");
        Path plain = key("ed25519");
        ca.sign(plain, "bob-files", "-n", "bob", "-V", "+1h");
        Result files = as("bob", plain).sftp("pwd\n");
        assertThat(files.exitCode()).as(files.toString()).isZero();
        Result shell = as("bob", plain).exec("echo in");
        assertThat(shell.exitCode()).as(shell.toString()).isEqualTo(1);
        assertThat(shell.stderr() + shell.stdout()).contains("restricted to scp and sftp");
    }

    @Test
    void extensionsDecideThePty() {
        Path key = key("ed25519");
        ca.sign(key, "no-extensions", "-n", "alice", "-V", "+1h", "-O", "clear");
        Result without = as("alice", key).ssh(List.of("-tt"), "echo in");
        assertThat(without.stderr() + without.stdout()).as(without.toString()).contains("PTY allocation request failed");
        Path pty = key("ed25519");
        ca.sign(pty, "with-pty", "-n", "alice", "-V", "+1h");
        Result with = as("alice", pty).ssh(List.of("-tt"), "echo in");
        assertThat(with.exitCode()).as(with.toString()).isZero();
        assertThat(with.stderr() + with.stdout()).doesNotContain("PTY allocation request failed");
    }

    @Test
    void anUnknownCriticalOptionAndVerifyRequiredRefuseTheCertificate() {
        Path key = key("ed25519");
        ca.sign(key, "critical", "-n", "alice", "-V", "+1h", "-O", "critical:frobnicate@example.org=yes");
        certificateRefused("alice", key, "unknown critical option 'frobnicate@example.org'");
        Path verify = key("ed25519");
        ca.sign(verify, "verify", "-n", "alice", "-V", "+1h", "-O", "verify-required");
        certificateRefused("alice", verify, "verify-required (FIDO user verification) is not supported here");
    }

    @Test
    void authorizedPrincipalsFileListsWhoMayLogInAndItsOptionsHold() throws IOException {
        Path file = inSshDirectory("carol", "principals-carol", "# carol's principals\nops-team   # the on-call team\n"
                + "command=\"echo via-principals\",no-pty deploy\n");
        aux("TrustedUserCAKeys " + caFile + "\nAuthorizedPrincipalsFile .ssh/principals-%u");
        Path ops = key("ed25519");
        ca.sign(ops, "ops-cert", "-n", "ops-team", "-V", "+1h");
        loggedIn(as("carol", ops).exec("echo in"));
        Path deploy = key("ed25519");
        ca.sign(deploy, "deploy-cert", "-n", "deploy", "-V", "+1h");
        Result forced = as("carol", deploy).exec("echo in");
        assertThat(forced.stdout()).as(forced.toString()).isEqualTo("via-principals\n");
        Path named = key("ed25519");
        ca.sign(named, "carol-cert", "-n", "carol", "-V", "+1h");
        certificateRefused("carol", named, "no principal of the certificate (carol) is listed in "
                + appliance.home("carol").resolve(".ssh/principals-carol"));
        Path alice = key("ed25519");
        ca.sign(alice, "alice-ops", "-n", "ops-team", "-V", "+1h");
        certificateRefused("alice", alice, "no principal of the certificate (ops-team) is listed in");
        Path conflict = key("ed25519");
        ca.sign(conflict, "conflict", "-n", "deploy", "-V", "+1h", "-O", "force-command=echo other");
        certificateRefused("carol", conflict, "the certificate's force-command and command= of " + file + ":3 differ");

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-r--"));
        certificateRefused("carol", ops, "no principal of the certificate (ops-team) is listed in " + file);
        appliance.awaitLog("authorized principals of carol: " + file + " ignored: bad modes of " + file);
    }

    @Test
    void theAuditKeepsAnOddKeyIdEscaped() {
        Path key = key("ed25519");
        ca.sign(key, "night \"shift\"\nroot ok", "-n", "alice", "-V", "+1h", "-z", "18446744073709551615");
        loggedIn(as("alice", key).exec("echo in"));
        assertThat(logins("alice")).first().satisfies(e -> assertThat(e.action())
                .contains("certificate ID \"night \\\"shift\\\"\\x0aroot ok\" serial 18446744073709551615"));
        assertThat(appliance.log()).doesNotContain("\nroot ok");
    }

    @Test
    void aBadCaFileOrRevocationListIsRefusedBeforeItIsSavedNamingTheLine() throws IOException {
        Path garbage = CertificateAuthority.write(tmp.resolve("etc/garbage-ca"), ca.publicLine() + "\n# fine\n"
                + "this is not a key\n");
        Result r = auxRefused("MaxAuthTries 5\nTrustedUserCAKeys " + garbage);
        assertThat(r.stderr()).contains("aux-params line 2: TrustedUserCAKeys " + garbage
                + ": line 3 is not a public key ('this is not a key')");
        Path missing = tmp.resolve("etc/no-such-file");
        assertThat(auxRefused("TrustedUserCAKeys " + missing).stderr())
                .contains("aux-params line 1: TrustedUserCAKeys " + missing + ": cannot be read: no such file");
        Path certificate = key("ed25519");
        Path certLine = ca.sign(certificate, "not-a-ca", "-n", "alice", "-V", "+1h");
        assertThat(auxRefused("TrustedUserCAKeys " + certLine).stderr()).contains("line 1 is a certificate, not a CA's");
        assertThat(auxRefused("TrustedUserCAKeys etc/ca.pub").stderr())
                .contains("aux-params line 1: TrustedUserCAKeys must be 'none' or an absolute path");
        assertThat(auxRefused("TrustedUserCAKeys " + caFile + "\nRevokedKeys " + garbage).stderr())
                .contains("aux-params line 2: RevokedKeys " + garbage + ": neither a KRL nor a list of public keys:"
                        + " line 3 is not a public key");
        Path broken = tmp.resolve("etc/broken.krl");
        byte[] krl = Files.readAllBytes(ca.krl(tmp.resolve("etc/whole.krl"), List.of(),
                CertificateAuthority.write(tmp.resolve("etc/spec"), "serial: 1-100\n")));
        Files.write(broken, java.util.Arrays.copyOf(krl, krl.length - 3));
        assertThat(auxRefused("RevokedKeys " + broken).stderr()).contains("the KRL is cut short or malformed");
        assertThat(auxRefused("AuthorizedPrincipalsFile /etc/principals/%U").stderr())
                .contains("the only tokens are %h (the home), %u (the user name) and %%");
    }

    @Test
    void aCaFileSpoiledAfterItWasSavedCostsCertificatesOnlyAndIsLogged() throws IOException {
        Path spoilt = CertificateAuthority.write(tmp.resolve("etc/spoilt-ca"), ca.publicLine() + "\n");
        aux("TrustedUserCAKeys " + spoilt);
        Path cert = key("ed25519");
        ca.sign(cert, "before-spoiling", "-n", "carol", "-V", "+1h");
        loggedIn(as("carol", cert).exec("echo in"));
        Path databaseKey = key("ed25519");
        assertThat(appliance.admin().exec("accounts users keys add carol " + TestKeys.publicLine(databaseKey))
                .exitCode()).isZero();

        replace(spoilt, "garbage\n" + ca.publicLine() + "\n");
        loggedIn(as("carol", cert).exec("echo in"));
        appliance.awaitLog("TrustedUserCAKeys " + spoilt + ": line 1 is not a public key");

        Files.delete(spoilt);
        certificateRefused("carol", cert, "TrustedUserCAKeys " + spoilt + " cannot be used (cannot be read: no such file)");
        appliance.awaitLog("TrustedUserCAKeys " + spoilt + ": cannot be read: no such file");
        loggedIn(as("carol", databaseKey).exec("echo in"));
        loggedIn(appliance.user("carol").exec("echo in"));
        Result status = appliance.admin().exec("services list");
        assertThat(status.stdout() + status.stderr()).as(status.toString()).contains("cannot be read: no such file");
    }

    @Test
    void aRevocationListSpoiledAfterItWasSavedRefusesEveryCertificateWhileOtherLoginsGoOn() throws IOException {
        Path krl = ca.krl(tmp.resolve("krl/spoilt.krl"), List.of(),
                CertificateAuthority.write(tmp.resolve("krl/spoilt-spec"), "serial: 1000\n"));
        aux("TrustedUserCAKeys " + caFile + "\nRevokedKeys " + krl);
        Path cert = key("ed25519");
        ca.sign(cert, "fails-closed", "-n", "carol", "-V", "+1h");
        loggedIn(as("carol", cert).exec("echo in"));
        Path databaseKey = key("ed25519");
        assertThat(appliance.admin().exec("accounts users keys add carol " + TestKeys.publicLine(databaseKey))
                .exitCode()).isZero();

        replace(krl, "SSHKRL\n\0 nonsense");
        certificateRefused("carol", cert, "RevokedKeys " + krl + " cannot be used (");
        appliance.awaitLog("RevokedKeys " + krl + ": ");
        loggedIn(as("carol", databaseKey).exec("echo in"));
        loggedIn(appliance.user("carol").exec("echo in"));
    }
}
