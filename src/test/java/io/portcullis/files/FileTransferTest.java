package io.portcullis.files;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.accounts.Accounts;
import io.portcullis.audit.AuditLog.Actor;
import io.portcullis.audit.AuditLog;
import io.portcullis.host.ProcessIdentity;
import io.portcullis.testing.MinaSsh;
import io.portcullis.testing.OpenSsh.Result;
import io.portcullis.testing.OpenSsh;
import io.portcullis.testing.RunningAppliance;
import io.portcullis.testing.StartedAppliance;
import io.portcullis.testing.TestFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Optional;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.apache.sshd.sftp.client.extensions.openssh.OpenSSHLimitsExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SFTP, modern scp (SFTP protocol) and legacy {@code scp -O} with stock OpenSSH clients, for every shell
 * that allows file transfer (SPEC §4): a login shell, scponly and the admin console. Content is compared
 * by checksum, and what lands in the home belongs to the account.
 */
class FileTransferTest {

    @TempDir
    static Path tmp;
    @StartedAppliance(users = {"bashy:bash", "scpy:scponly"})
    static RunningAppliance appliance;
    static Accounts accounts;
    static final Actor TEST = new Actor("test", "local");

    @BeforeAll
    static void start() {
        accounts = appliance.bean(Accounts.class);
    }

    static OpenSsh as(String user) {
        return user.equals("admin") ? appliance.admin() : appliance.user(user);
    }

    static Path home(String user) {
        return appliance.home(user);
    }

    static Path local(String name) {
        return tmp.resolve("local").resolve(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"bashy", "scpy", "admin"})
    void sftpPutGetLsMkdirRenameRm(String user) {
        Path source = TestFiles.random(local(user + "-sftp.bin"), 300_000, 1);
        Path back = local(user + "-sftp.back");
        Result r = as(user).sftp(String.join("\n",
                "mkdir docs",
                "put " + source + " docs/a.bin",
                "ls -l docs",
                "rename docs/a.bin docs/b.bin",
                "get docs/b.bin " + back,
                "rm docs/b.bin",
                "rmdir docs",
                "ls", ""));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).contains("a.bin");
        assertThat(TestFiles.sha256(back)).isEqualTo(TestFiles.sha256(source));
        assertThat(home(user).resolve("docs")).doesNotExist();
    }

    @ParameterizedTest
    @ValueSource(strings = {"bashy", "scpy", "admin"})
    void modernAndLegacyScpBothWays(String user) {
        for (String mode : new String[] {"-s", "-O"}) {
            Path source = TestFiles.random(local(user + mode + ".bin"), 200_000, 2);
            Path back = local(user + mode + ".back");
            Result up = as(user).scp(mode, source.toString(), as(user).remote("up" + mode + ".bin"));
            assertThat(up.exitCode()).as(mode + " " + up).isZero();
            assertThat(TestFiles.sha256(home(user).resolve("up" + mode + ".bin"))).isEqualTo(TestFiles.sha256(source));
            Result down = as(user).scp(mode, as(user).remote("up" + mode + ".bin"), back.toString());
            assertThat(down.exitCode()).as(mode + " " + down).isZero();
            assertThat(TestFiles.sha256(back)).isEqualTo(TestFiles.sha256(source));
        }
    }

    /**
     * {@code scp -O} paths as the remote shell of OpenSSH would take them, without a shell: ~ and ~/x are the
     * home, a download's wildcards are expanded inside the jail (no match is an error, as in a shell), and
     * an unquoted space is an error that says to quote.
     */
    @ParameterizedTest
    @ValueSource(strings = {"bashy", "scpy", "admin"})
    void legacyScpTakesPathsAsAShellWould(String user) throws IOException {
        Path source = TestFiles.random(local(user + "-tilde.bin"), 5_000, 7);
        Result up = as(user).scp("-O", source.toString(), as(user).remote("~/tilde.bin"));
        assertThat(up.exitCode()).as(up.toString()).isZero();
        assertThat(TestFiles.sha256(home(user).resolve("tilde.bin"))).isEqualTo(TestFiles.sha256(source));
        Path back = local(user + "-tilde.back");
        Result down = as(user).scp("-O", as(user).remote("~/tilde.bin"), back.toString());
        assertThat(down.exitCode()).as(down.toString()).isZero();
        assertThat(TestFiles.sha256(back)).isEqualTo(TestFiles.sha256(source));

        Files.createDirectories(home(user).resolve("logs"));
        for (String name : new String[] {"a.log", "b.log", "c.txt", ".hidden.log", "it's.log"}) {
            Files.writeString(home(user).resolve("logs").resolve(name), name);
        }
        Path got = Files.createDirectories(local(user + "-logs"));
        Result glob = as(user).scp("-O", as(user).remote("logs/*.log"), got.toString());
        assertThat(glob.exitCode()).as(glob.toString()).isZero();
        try (var listed = Files.list(got)) {
            assertThat(listed.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("a.log", "b.log", "it's.log");
        }
        assertThat(got.resolve("b.log")).hasContent("b.log");
        Result none = as(user).scp("-O", as(user).remote("logs/*.none"), got.toString());
        assertThat(none.exitCode()).as(none.toString()).isEqualTo(1);
        assertThat(none.stderr()).contains("logs/*.none: No such file or directory");
        Result space = as(user).scp("-O", as(user).remote("logs/a b.log"), got.toString());
        assertThat(space.exitCode()).as(space.toString()).isEqualTo(1);
        assertThat(space.stderr()).contains("must be quoted");
    }

    /**
     * libssh2 (curl 7.88's scp://) bundles its flags ({@code scp -pf '/file'}, {@code scp -t}): a real download
     * and upload, which ends at EOF after the data (see below).
     */
    @Test
    void curlScpDownloadsAndUploads() throws IOException {
        Path source = TestFiles.random(local("curl-scp.bin"), 40_000, 8);
        Files.copy(source, home("scpy").resolve("curl-scp.bin"));
        Path back = local("curl-scp.back");
        Result down = curl("scp://127.0.0.1:" + appliance.port() + "/~/curl-scp.bin", "-o", back.toString());
        assertThat(down.exitCode()).as(down.toString()).isZero();
        assertThat(TestFiles.sha256(back)).isEqualTo(TestFiles.sha256(source));
        Result up = curl("scp://127.0.0.1:" + appliance.port() + "/~/curl-up.bin", "-T", source.toString());
        assertThat(up.exitCode()).as(up.toString()).isZero();
        assertThat(TestFiles.sha256(home("scpy").resolve("curl-up.bin"))).isEqualTo(TestFiles.sha256(source));
        assertThat(appliance.log()).as("libssh2's upload ends at EOF after the data").doesNotContain("EOF before ACK");
    }

    /**
     * libssh2 ends an upload with EOF after the file's data, without the status byte OpenSSH's scp sends after
     * it: the upload succeeds (exit 0), the file is whole, and the log has no error for it.
     */
    @Test
    void anScpUploadEndingAtEofAfterTheDataSucceeds() {
        Result r = io.portcullis.testing.Paramiko.run(appliance.port(), "scpy", RunningAppliance.USER_PASSWORD,
                String.join("\n",
                        "ch = transport.open_session()",
                        "ch.settimeout(20)",
                        "ch.exec_command('scp -t libssh2-up.txt')",
                        "print('ready', ch.recv(1))",
                        "ch.sendall(b'C0644 6 libssh2-up.txt\\n')",
                        "print('header', ch.recv(1))",
                        "ch.sendall(b'hello\\n')",
                        "print('data', ch.recv(1))",
                        "ch.shutdown_write()",
                        "print('status', ch.recv_exit_status(), ch.recv(100))"));
        assertThat(r.stdout()).as(r.toString()).contains("ready b'\\x00'").contains("header b'\\x00'")
                .contains("data b'\\x00'").contains("status 0 b''");
        assertThat(home("scpy").resolve("libssh2-up.txt")).hasContent("hello");
        assertThat(appliance.log()).doesNotContain("EOF before ACK");
    }

    static Result curl(String url, String... args) {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("curl", "-sS",
                "--hostpubsha256", appliance.hostKeySha256(), "-u", "scpy:" + RunningAppliance.USER_PASSWORD));
        command.addAll(java.util.List.of(args));
        command.add(url);
        return io.portcullis.testing.Program.of(command).run();
    }

    @ParameterizedTest
    @ValueSource(strings = {"-s", "-O"})
    void recursiveScpKeepsTimesWithP(String mode) throws IOException {
        Path tree = local("tree" + mode);
        TestFiles.random(tree.resolve("a.bin"), 10_000, 3);
        TestFiles.random(tree.resolve("sub/b.bin"), 20_000, 4);
        Instant then = Instant.parse("2020-01-02T03:04:05Z");
        Files.setLastModifiedTime(tree.resolve("sub/b.bin"), FileTime.from(then));
        Result up = as("scpy").scp(mode, "-r", "-p", tree.toString(), as("scpy").remote("."));
        assertThat(up.exitCode()).as(up.toString()).isZero();
        Path landed = home("scpy").resolve(tree.getFileName());
        assertThat(TestFiles.sha256(landed.resolve("sub/b.bin"))).isEqualTo(TestFiles.sha256(tree.resolve("sub/b.bin")));
        assertThat(Files.getLastModifiedTime(landed.resolve("sub/b.bin")).toInstant()).isEqualTo(then);

        Path back = local("tree-back" + mode);
        Files.createDirectories(back);
        Result down = as("scpy").scp(mode, "-r", "-p", as("scpy").remote(tree.getFileName().toString()), back.toString());
        assertThat(down.exitCode()).as(down.toString()).isZero();
        Path returned = back.resolve(tree.getFileName());
        assertThat(TestFiles.sha256(returned.resolve("a.bin"))).isEqualTo(TestFiles.sha256(tree.resolve("a.bin")));
        assertThat(Files.getLastModifiedTime(returned.resolve("sub/b.bin")).toInstant()).isEqualTo(then);
    }

    @ParameterizedTest
    @ValueSource(strings = {"bashy", "scpy"})
    void uploadedFilesAndDirectoriesBelongToTheAccount(String user) {
        Path source = TestFiles.random(local(user + "-owner.bin"), 1000, 5);
        Result r = as(user).sftp("mkdir owned\nput " + source + " owned/f.bin\nsymlink f.bin owned/link\n");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        Result scp = as(user).scp("-O", source.toString(), as(user).remote("owned/g.bin"));
        assertThat(scp.exitCode()).as(scp.toString()).isZero();
        int expected = ProcessIdentity.isRoot() ? accounts.require(user).uid() : (int) ProcessIdentity.uid();
        for (String name : new String[] {"owned", "owned/f.bin", "owned/link", "owned/g.bin"}) {
            assertThat(TestFiles.uidOf(home(user).resolve(name))).as(name).isEqualTo(expected);
        }
    }

    /** OpenSSH's sftp sizes its reads by limits@openssh.com: 255 KiB, as against OpenSSH's own server. */
    @Test
    void sftpOffersOpenSshSizedReads() throws IOException {
        try (MinaSsh ssh = MinaSsh.login(appliance.port(), "scpy", RunningAppliance.USER_PASSWORD);
             SftpClient sftp = SftpClientFactory.instance().createSftpClient(ssh.session())) {
            assertThat(sftp.getExtension(OpenSSHLimitsExtension.class).limits().maxReadLength)
                    .isEqualTo(FileTransfers.MAX_READ_LENGTH).isEqualTo(261_120);
        }
    }

    @Test
    void rootSeesEveryHomeOverSftp() throws IOException {
        accounts.addKey(TEST, "root", io.portcullis.testing.TestKeys.publicLine(
                io.portcullis.testing.TestKeys.generate(tmp.resolve("keys"), "root", "ed25519")));
        Files.writeString(home("bashy").resolve("visible-to-root.txt"), "hello");
        Result r = appliance.ssh("root").identity(tmp.resolve("keys/root")).sftp("ls bashy\n");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).contains("visible-to-root.txt");
    }

    @Test
    void transfersAreAuditedWithBytes() {
        Path source = TestFiles.random(local("audited.bin"), 50_000, 6);
        assertThat(as("scpy").scp("-O", source.toString(), as("scpy").remote("audited.bin")).exitCode()).isZero();
        assertThat(as("scpy").sftp("get audited.bin " + local("audited.back") + "\n").exitCode()).isZero();
        var entries = appliance.bean(AuditLog.class).find(Optional.of("scpy"), Optional.of("transfer"), Optional.empty(), 500);
        assertThat(entries).anyMatch(e -> e.action().equals("scp start") && e.detail().contains("-t"));
        assertThat(entries).anyMatch(e -> e.action().equals("scp end") && bytesIn(e.detail()) >= 50_000);
        assertThat(entries).anyMatch(e -> e.action().equals("sftp end") && bytesOut(e.detail()) >= 50_000);
    }

    static long bytesIn(String detail) {
        return Long.parseLong(detail.replaceAll(".*in=(\\d+).*", "$1"));
    }

    static long bytesOut(String detail) {
        return Long.parseLong(detail.replaceAll(".*out=(\\d+).*", "$1"));
    }
}
