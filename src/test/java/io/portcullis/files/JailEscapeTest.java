package io.portcullis.files;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.accounts.Accounts;
import io.portcullis.host.ProcessIdentity;
import io.portcullis.testing.OpenSsh.Result;
import io.portcullis.testing.OpenSsh;
import io.portcullis.testing.RunningAppliance;
import io.portcullis.testing.TestFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * security.md row 12 and the CVE-2023-35887 class: {@code ..}, absolute paths and symbolic links
 * (there before, made by a login shell, or made through SFTP) never reach outside the home over SFTP,
 * modern scp or {@code scp -O}; every test checks that nothing outside the home changed.
 */
class JailEscapeTest {

    @TempDir
    static Path tmp;
    static RunningAppliance appliance;
    static Accounts accounts;
    static Path outside;
    static Path home;
    static Path upload;
    Map<String, String> before;

    @BeforeAll
    static void start() throws IOException {
        TestFiles.openForAccounts(tmp);
        appliance = RunningAppliance.start(tmp.resolve("data"));
        accounts = appliance.bean(Accounts.class);
        appliance.addUser("scpy", "scponly");
        appliance.addUser("other", "scponly");
        appliance.addUser("bashy", "bash");
        home = appliance.home("scpy");
        outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "outside secret");
        Files.writeString(appliance.home("other").resolve("secret.txt"), "other's secret");
        Files.writeString(home.resolve("mine.txt"), "mine");
        // links as a restore, an administrator or an old login shell may have left them
        Files.createSymbolicLink(home.resolve("out-abs"), outside);
        Files.createSymbolicLink(home.resolve("out-rel"), Path.of("../other"));
        Files.createSymbolicLink(home.resolve("dangling"), outside.resolve("created-through-link"));
        Files.createSymbolicLink(home.resolve("etc"), Path.of("/etc"));
        Files.createSymbolicLink(home.resolve("in-rel"), Path.of("mine.txt"));
        upload = TestFiles.random(tmp.resolve("local/upload.bin"), 1000, 1);
    }

    @AfterAll
    static void stop() {
        appliance.close();
    }

    @BeforeEach
    void snapshot() {
        before = outsideTheHome();
    }

    @AfterEach
    void nothingOutsideTheHomeChanged() {
        assertThat(outsideTheHome()).isEqualTo(before);
        assertThat(Files.exists(outside.resolve("created-through-link"), LinkOption.NOFOLLOW_LINKS)).isFalse();
    }

    /** Every file of the data directory and the temp dir outside the test accounts' homes, with its hash. */
    static Map<String, String> outsideTheHome() {
        Map<String, String> files = new TreeMap<>();
        Path bashyHome = appliance.home("bashy");
        try (Stream<Path> all = Files.walk(tmp)) {
            all.filter(p -> !p.startsWith(home) && !p.startsWith(bashyHome) && !p.startsWith(tmp.resolve("local"))
                            && !p.getFileName().toString().startsWith("portcullis.db")
                            && !p.startsWith(tmp.resolve("data/logs")))
                    .forEach(p -> files.put(tmp.relativize(p).toString(),
                            Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) ? TestFiles.sha256(p) : "dir-or-link"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    static OpenSsh as(String user) {
        return appliance.user(user);
    }

    static Path local(String name) {
        return tmp.resolve("local").resolve(name);
    }

    static void assertSftpFails(String user, String command) {
        Result r = as(user).sftp(command + "\n");
        assertThat(r.exitCode()).as(command + "\n" + r).isNotZero();
        assertThat(r.stderr()).as(r.toString()).doesNotContain(tmp.toString());
    }

    // ---- SFTP ---------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {
        "../other/secret.txt", "/../../other/secret.txt", "../../../../../../etc/passwd", "out-abs/secret.txt",
        "out-rel/secret.txt", "etc/passwd", "/etc/passwd", "dangling",
    })
    void sftpCannotReadOutside(String path) {
        Path target = local("got-" + path.replace('/', '_'));
        assertSftpFails("scpy", "get " + path + " " + target);
        assertThat(target).doesNotExist();
    }

    @ParameterizedTest
    @ValueSource(strings = {"out-abs/new.txt", "dangling", "out-rel/new.txt", "etc/new.txt"})
    void sftpCannotWriteOutside(String path) {
        assertSftpFails("scpy", "put " + upload + " " + path);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "rm out-abs/secret.txt", "rm out-rel/secret.txt",
        "rename out-abs/secret.txt stolen.txt", "rename mine.txt out-abs/mine.txt", "mkdir out-abs/newdir",
        "ln ../other/secret.txt hard.txt", "ln out-abs/secret.txt hard.txt", "chmod 777 out-abs/secret.txt",
        "symlink ../../outside up-link", "symlink ../.. up-link",
    })
    void sftpCannotChangeOrListOutside(String command) {
        assertSftpFails("scpy", command);
    }

    /** sftp's ls shows a link it cannot follow as a name, like "ls -d"; what is behind it never shows. */
    @ParameterizedTest
    @ValueSource(strings = {"out-abs", "out-abs/", "out-rel", "etc/", "out-abs/*"})
    void sftpCannotListOutside(String path) {
        Result r = as("scpy").sftp("ls -l " + path + "\n");
        assertThat(r.stdout()).as(r.toString()).doesNotContain("secret.txt").doesNotContain("passwd");
    }

    @Test
    void dotDotStopsAtTheHome() {
        Result r = as("scpy").sftp("cd ../../..\npwd\nls\n");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).contains("Remote working directory: /\n").contains("mine.txt");
    }

    @Test
    void linksInsideTheHomeWork() {
        Path got = local("in-rel.txt");
        Result r = as("scpy").sftp("get in-rel " + got + "\n");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(got).hasContent("mine");
    }

    /** The home's "etc" is a link to /etc: a link through it would lead there, and is refused (issue 13, item 8). */
    @Test
    void absoluteLinkTargetsMadeThroughSftpMeanPathsInTheHome() throws IOException {
        assertSftpFails("scpy", "symlink /etc/passwd abs-link");
        Result r = as("scpy").sftp("symlink /var/passwd abs-link\nsymlink /mine.txt mine-link\n");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(Files.readSymbolicLink(home.resolve("abs-link"))).isEqualTo(home.toRealPath().resolve("var/passwd"));
        assertSftpFails("scpy", "get abs-link " + local("abs-link"));
        assertThat(local("abs-link")).doesNotExist();
        Path got = local("mine-link.txt");
        assertThat(as("scpy").sftp("get mine-link " + got + "\n").exitCode()).isZero();
        assertThat(got).hasContent("mine");
    }

    @Test
    void linksMadeByALoginShellAreHeldToTheJailToo() {
        Result made = as("bashy").exec("ln -s / root-link && ln -s ../.. up-link && ln -s ../other other-link");
        assertThat(made.exitCode()).as(made.toString()).isZero();
        assertSftpFails("bashy", "get root-link/etc/hostname " + local("hostname"));
        Result ls = as("bashy").sftp("ls up-link/\n");
        assertThat(ls.stdout()).as(ls.toString()).doesNotContain("bashy").doesNotContain("other");
        assertSftpFails("bashy", "get other-link/secret.txt " + local("other-secret"));
        assertSftpFails("bashy", "put " + upload + " up-link/planted.txt");
        Result scp = as("bashy").scp("-O", as("bashy").remote("root-link/etc/hostname"), local("hostname-scp").toString());
        assertThat(scp.exitCode()).as(scp.toString()).isNotZero();
    }

    @Test
    void ownershipAndSpecialModeBitsStayWithTheAccount() throws IOException {
        Files.writeString(home.resolve("modes.txt"), "x");
        Files.setAttribute(home.resolve("modes.txt"), "unix:uid", accounts.require("scpy").uid());
        Files.setAttribute(home.resolve("modes.txt"), "unix:gid", accounts.require("scpy").primaryGroup().gid());
        Result r = as("scpy").sftp("chmod 4755 modes.txt\n");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat((Integer) Files.getAttribute(home.resolve("modes.txt"), "unix:mode") & 07000).isZero();
        assertThat(Files.getPosixFilePermissions(home.resolve("modes.txt"))).contains(PosixFilePermission.OWNER_EXECUTE);
        if (ProcessIdentity.isRoot()) {
            assertSftpFails("scpy", "chown 0 modes.txt");
            assertSftpFails("scpy", "chgrp 0 modes.txt");
            assertThat(TestFiles.uidOf(home.resolve("modes.txt"))).isEqualTo(accounts.require("scpy").uid());
        }
    }

    @Test
    void oddNamesAreAnsweredAndTheServerCarriesOn() throws IOException {
        assertSftpFails("scpy", "put " + upload + " " + "n".repeat(300));
        assertSftpFails("scpy", "get " + "d/".repeat(3000) + "x " + local("deep"));
        Result nonUtf8 = as("bashy").exec("touch \"$(printf 'bad\\377name')\" && echo made");
        assertThat(nonUtf8.stdout()).as(nonUtf8.toString()).isEqualTo("made\n");
        Result ls = as("bashy").sftp("ls\n");
        assertThat(ls.exitCode()).as(ls.toString()).isZero();
        assertThat(as("scpy").sftp("ls mine.txt\n").exitCode()).isZero();
    }

    // ---- SCP ----------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"-s", "-O"})
    void scpCannotReadOutside(String mode) {
        for (String path : new String[] {"../other/secret.txt", "out-abs/secret.txt", "out-rel/secret.txt",
                "etc/passwd", "/etc/passwd", "dangling"}) {
            Path target = local("scp" + mode + path.replace('/', '_'));
            Result r = as("scpy").scp(mode, as("scpy").remote(path), target.toString());
            assertThat(r.exitCode()).as(mode + " " + path + "\n" + r).isNotZero();
            assertThat(target).doesNotExist();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"-s", "-O"})
    void scpCannotWriteOutside(String mode) {
        for (String path : new String[] {"out-abs/new.txt", "dangling", "out-rel/new.txt", "etc/new.txt"}) {
            Result r = as("scpy").scp(mode, upload.toString(), as("scpy").remote(path));
            assertThat(r.exitCode()).as(mode + " " + path + "\n" + r).isNotZero();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"-s", "-O"})
    void scpDotDotLandsInTheHome(String mode) {
        String name = "climbed" + mode + ".bin";
        Result r = as("scpy").scp(mode, upload.toString(), as("scpy").remote("../../../../" + name));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(home.resolve(name)).exists();
    }

    @Test
    void recursiveScpDoesNotFollowLinksOut() {
        Path tree = local("into-link");
        TestFiles.random(tree.resolve("x.bin"), 100, 2);
        Result r = as("scpy").scp("-O", "-r", tree.toString(), as("scpy").remote("out-abs"));
        assertThat(r.exitCode()).as(r.toString()).isNotZero();
        Result down = as("scpy").scp("-O", "-r", as("scpy").remote("out-abs"), local("down-link").toString());
        assertThat(down.exitCode()).as(down.toString()).isNotZero();
        assertThat(local("down-link")).doesNotExist();
    }
}
