package io.portcullis.files;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.accounts.Accounts;
import io.portcullis.host.ProcessIdentity;
import io.portcullis.testing.OpenSsh.Result;
import io.portcullis.testing.OpenSsh;
import io.portcullis.testing.Refusals;
import io.portcullis.testing.RunningAppliance;
import io.portcullis.testing.StartedAppliance;
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
    @StartedAppliance(users = {"scpy:scponly", "other:scponly", "bashy:bash"})
    static RunningAppliance appliance;
    static Accounts accounts;
    static Path outside;
    static Path home;
    static Path upload;
    Map<String, String> before;

    @BeforeAll
    static void start() throws IOException {
        accounts = appliance.bean(Accounts.class);
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

    /**
     * Fails, and the answer names no host path but those the client asked for and the account's own home
     * (which a login shell's account sees as it is).
     */
    static void assertSftpFails(String user, String command) {
        Result r = Refusals.assertSftpBatchFails(as(user), command + "\n");
        String answer = r.stderr();
        for (String word : command.split(" ")) {
            answer = answer.replace(word, "ASKED");
        }
        assertThat(answer.replace(realHome(user), "HOME")).as(r.toString()).doesNotContain(tmp.toString());
    }

    static String realHome(String user) {
        try {
            return appliance.home(user).toRealPath().toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** HOME, OUTSIDE and DATA in a vector stand for the real paths of the account's home, the outside directory, the data directory. */
    static String real(String user, String vector) {
        try {
            return vector.replace("HOME", realHome(user)).replace("OUTSIDE", outside.toRealPath().toString())
                    .replace("DATA", tmp.resolve("data").toRealPath().toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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

    // ---- a login shell's account: the home at its real path, nothing else reachable ------------

    /**
     * The same escapes against the view a login shell's account has, where the home is at its real path:
     * absolute host paths outside it, ".." from it, its parents and "/", and links, whichever way named.
     */
    @ParameterizedTest
    @ValueSource(strings = {
        "/etc/passwd", "OUTSIDE/secret.txt", "HOME/../other/secret.txt", "../other/secret.txt", "DATA/portcullis.db",
        "HOME/../../portcullis.db", "HOME/out-abs/secret.txt", "HOME/etc/passwd", "/../etc/passwd",
        "HOME/./../other/secret.txt", "HOME//../other/secret.txt",
    })
    void theRealPathViewCannotReadOutside(String vector) throws IOException {
        linkOutOfBashysHome();
        String path = real("bashy", vector);
        Path target = local("real-" + vector.replaceAll("[^A-Za-z.]", "_"));
        assertSftpFails("bashy", "get " + path + " " + target);
        assertThat(target).doesNotExist();
        for (String mode : new String[] {"-s", "-O"}) {
            Result r = as("bashy").scp(mode, as("bashy").remote(path), target.toString());
            assertThat(r.exitCode()).as(mode + " " + path + "\n" + r).isNotZero();
            assertThat(target).doesNotExist();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "put UPLOAD OUTSIDE/new.txt", "put UPLOAD HOME/../other/new.txt", "put UPLOAD ../planted.txt", "mkdir OUTSIDE/d",
        "mkdir HOME/../newdir", "rename HOME/mine-b.txt OUTSIDE/mine.txt", "rename OUTSIDE/secret.txt HOME/stolen.txt",
        "rm OUTSIDE/secret.txt", "rm HOME/../other/secret.txt", "chmod 777 OUTSIDE/secret.txt", "chmod 777 HOME/..",
        "ln OUTSIDE/secret.txt HOME/hard.txt", "ln HOME/mine-b.txt OUTSIDE/hard.txt", "symlink /etc/passwd HOME/abs-out",
        "symlink OUTSIDE HOME/abs-out", "symlink ../../.. HOME/up-out", "symlink HOME/mine-b.txt OUTSIDE/in-link",
        "cd /", "cd HOME/..", "cd DATA", "df /", "df HOME/..",
    })
    void theRealPathViewCannotChangeOrListOutside(String vector) throws IOException {
        Files.writeString(appliance.home("bashy").resolve("mine-b.txt"), "mine");
        assertSftpFails("bashy", real("bashy", vector).replace("UPLOAD", upload.toString()));
        for (String mode : new String[] {"-s", "-O"}) {
            Result r = as("bashy").scp(mode, upload.toString(), as("bashy").remote(real("bashy", "OUTSIDE/scp.txt")));
            assertThat(r.exitCode()).as(mode + "\n" + r).isNotZero();
        }
    }

    /** sftp's ls shows a name it cannot list as a name (like ls -d); nothing behind it ever shows. */
    @ParameterizedTest
    @ValueSource(strings = {"/", "/*", "HOME/..", "HOME/../*", "DATA", "DATA/*", "OUTSIDE", "/etc"})
    void theRealPathViewListsNothingOutside(String vector) {
        String asked = real("bashy", vector);
        Result r = as("bashy").sftp("ls -la " + asked + "\n");
        assertThat(r.stdout().replace(asked, "ASKED")).as(r.toString()).doesNotContain("usr").doesNotContain("passwd")
                .doesNotContain("scpy").doesNotContain("other").doesNotContain("secret.txt")
                .doesNotContain("portcullis.db").doesNotContain("bashy");
    }

    /**
     * OpenSSH's internal-sftp without a chroot shows the whole file system with the account's rights; here
     * "/" and the home's parents are outside the jail and are refused, while the home itself and what is in
     * it work at their real paths, and an absolute link target means that real path.
     */
    @Test
    void theRealPathViewWorksInsideTheHome() throws IOException {
        String home = realHome("bashy");
        Path source = TestFiles.random(local("real-in.bin"), 2000, 3);
        Path back = local("real-in.back");
        Result r = as("bashy").sftp(String.join("\n", "pwd", "mkdir " + home + "/real-dir",
                "put " + source + " " + home + "/real-dir/a.bin", "get real-dir/a.bin " + back,
                "symlink " + home + "/real-dir/a.bin " + home + "/real-link", "ls -l real-link", ""));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).contains("Remote working directory: " + home + "\n");
        assertThat(TestFiles.sha256(back)).isEqualTo(TestFiles.sha256(source));
        assertThat(Files.readSymbolicLink(appliance.home("bashy").resolve("real-link"))).isEqualTo(Path.of(home, "real-dir/a.bin"));
        Result ls = as("bashy").sftp("ls " + home + "/..\n");
        assertThat(ls.stdout() + ls.stderr()).as(ls.toString()).doesNotContain("scpy").doesNotContain("other");
    }

    /** A link a login shell made to an absolute path outside, for the view tests. */
    static void linkOutOfBashysHome() throws IOException {
        Path bashyHome = appliance.home("bashy");
        for (String name : new String[] {"out-abs", "etc"}) {
            if (!Files.exists(bashyHome.resolve(name), LinkOption.NOFOLLOW_LINKS)) {
                Files.createSymbolicLink(bashyHome.resolve(name), name.equals("etc") ? Path.of("/etc") : outside);
            }
        }
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
