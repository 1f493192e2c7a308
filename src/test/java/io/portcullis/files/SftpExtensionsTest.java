package io.portcullis.files;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.accounts.Accounts;
import io.portcullis.testing.OpenSsh;
import io.portcullis.testing.OpenSsh.Result;
import io.portcullis.testing.Paramiko;
import io.portcullis.testing.Program;
import io.portcullis.testing.RunningAppliance;
import io.portcullis.testing.StartedAppliance;
import io.portcullis.testing.TestFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.FileStore;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The extensions of OpenSSH's sftp-server (SPEC §4), through OpenSSH's sftp and scp and through paramiko for
 * the requests they do not send, for a login shell's account (home at its real path) and a scponly one
 * (home as "/"); each answers inside the jail and refuses what is outside.
 */
class SftpExtensionsTest {

    @TempDir
    static Path tmp;
    @StartedAppliance(users = {"bashy:bash", "scpy:scponly", "other:scponly"})
    static RunningAppliance appliance;
    static Accounts accounts;

    @BeforeAll
    static void start() {
        accounts = appliance.bean(Accounts.class);
    }

    static OpenSsh as(String user) {
        return appliance.user(user);
    }

    /** The home as the account sees it: its real path for a login shell, "/" for scponly. */
    static String shownHome(String user) throws IOException {
        return user.equals("bashy") ? appliance.home(user).toRealPath().toString() : "/";
    }

    static Result paramiko(String user, String script) {
        return Paramiko.sftp(appliance.port(), user, RunningAppliance.USER_PASSWORD, script);
    }

    /** statvfs@openssh.com: sftp's df shows the real size of the disk that holds the home, in KiB and inodes. */
    @ParameterizedTest
    @ValueSource(strings = {"bashy", "scpy"})
    void dfShowsTheFiguresOfTheHomesDisk(String user) throws IOException {
        Result r = as(user).sftp("df\ndf -i\ndf -h\n");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        List<String> lines = r.stdout().lines().filter(l -> l.matches("\\s*\\d.*")).toList();
        assertThat(lines).as(r.toString()).hasSize(3);
        FileStore disk = Files.getFileStore(appliance.home(user));
        assertThat(Long.parseLong(lines.get(0).trim().split("\\s+")[0])).isEqualTo(disk.getTotalSpace() / 1024);
        Result inodes = Program.of("stat", "-f", "-c", "%c", appliance.home(user).toString()).run();
        assertThat(lines.get(1).trim().split("\\s+")[0]).isEqualTo(inodes.stdout().strip());
        assertThat(r.stdout()).contains("%Capacity").doesNotContain("does not support");
    }

    /** fstatvfs@openssh.com on an open file, and statvfs of a path outside refused (paramiko sends both). */
    @Test
    void fstatvfsAnswersForAnOpenFileAndStatvfsOnlyInside() throws IOException {
        Files.writeString(appliance.home("bashy").resolve("open-me.txt"), "x");
        String home = shownHome("bashy");
        Result r = paramiko("bashy", String.join("\n",
                "from paramiko.sftp import CMD_EXTENDED, CMD_OPEN, CMD_HANDLE, SFTP_FLAG_READ",
                "from paramiko.sftp_attr import SFTPAttributes",
                "t, msg = sftp._request(CMD_OPEN, '" + home + "/open-me.txt', SFTP_FLAG_READ, SFTPAttributes())",
                "handle = msg.get_binary()",
                "t, msg = sftp._request(CMD_EXTENDED, 'fstatvfs@openssh.com', handle)",
                "print('fstatvfs', [msg.get_int64() for i in range(11)])",
                "attempt('statvfs outside', lambda: sftp._request(CMD_EXTENDED, 'statvfs@openssh.com', '/etc'))",
                "attempt('statvfs parent', lambda: sftp._request(CMD_EXTENDED, 'statvfs@openssh.com', '" + home + "/..'))"));
        FileStore disk = Files.getFileStore(appliance.home("bashy"));
        assertThat(r.stdout()).as(r.toString()).containsPattern("fstatvfs \\[\\d+, (\\d+), (\\d+),")
                .containsPattern("statvfs outside: refused: .*Permission denied")
                .containsPattern("statvfs parent: refused: .*Permission denied");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("fstatvfs \\[\\d+, (\\d+), (\\d+),").matcher(r.stdout());
        assertThat(m.find()).isTrue();
        assertThat(Long.parseLong(m.group(1)) * Long.parseLong(m.group(2))).isEqualTo(disk.getTotalSpace());
    }

    /** users-groups-by-id@openssh.com: sftp's ls -l shows the names of Portcullis's accounts and groups, and the host's. */
    @Test
    void lsLongShowsOwnerAndGroupNames() throws IOException {
        Path home = appliance.home("bashy");
        Files.writeString(home.resolve("by-root.txt"), "root's");
        Result put = as("bashy").sftp("put " + TestFiles.random(tmp.resolve("local/mine.bin"), 100, 1) + " mine.bin\n");
        assertThat(put.exitCode()).as(put.toString()).isZero();
        Result r = as("bashy").sftp("ls -l\n");
        assertThat(r.stdout()).as(r.toString()).containsPattern("bashy +bashy .* mine\\.bin")
                .containsPattern("root +root .* by-root\\.txt");
        int uid = accounts.require("other").uid();
        Result ids = paramiko("bashy", String.join("\n",
                "from paramiko.sftp import CMD_EXTENDED",
                "import struct",
                "t, msg = sftp._request(CMD_EXTENDED, 'users-groups-by-id@openssh.com',"
                        + " struct.pack('>III', 0, " + uid + ", 59999), struct.pack('>II', 0, " + uid + "))",
                "users = paramiko.Message(msg.get_binary()); groups = paramiko.Message(msg.get_binary())",
                "print('users', [users.get_text() for i in range(3)], 'groups', [groups.get_text() for i in range(2)])"));
        assertThat(ids.stdout()).as(ids.toString()).contains("users ['root', 'other', ''] groups ['root', 'other']");
    }

    /** expand-path@openssh.com and home-directory: ~ and ~/x are the home, as the account sees it; no other user's home is told. */
    @ParameterizedTest
    @ValueSource(strings = {"bashy", "scpy"})
    void tildeAndTheHomeDirectory(String user) throws IOException {
        String home = shownHome(user);
        String x = home.equals("/") ? "/x" : home + "/x";
        Result r = paramiko(user, String.join("\n",
                "from paramiko.sftp import CMD_EXTENDED",
                "def name(ext, arg):",
                "    t, msg = sftp._request(CMD_EXTENDED, ext, arg)",
                "    msg.get_int()",
                "    return msg.get_text()",
                "print('~', name('expand-path@openssh.com', '~'))",
                "print('~/x', name('expand-path@openssh.com', '~/x'))",
                "print('~me/x', name('expand-path@openssh.com', '~" + user + "/x'))",
                "print('home', name('home-directory', ''))",
                "print('own home', name('home-directory', '" + user + "'))",
                "attempt('~other', lambda: name('expand-path@openssh.com', '~other/secret'))",
                "attempt('home of other', lambda: name('home-directory', 'other'))"));
        assertThat(r.stdout()).as(r.toString()).contains("~ " + home + "\n", "~/x " + x + "\n", "~me/x " + x + "\n",
                "home " + home + "\n", "own home " + home + "\n", "no such user\n",
                "home of other: refused: only your own home directory");
        Path source = TestFiles.random(tmp.resolve("local/" + user + "-tilde.bin"), 1000, 2);
        Files.copy(source, appliance.home(user).resolve("tilde.bin"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Path back = tmp.resolve("local/" + user + "-tilde.back");
        Result scp = as(user).scp("-s", as(user).remote("~" + user + "/tilde.bin"), back.toString());
        assertThat(scp.exitCode()).as(scp.toString()).isZero();
        assertThat(TestFiles.sha256(back)).isEqualTo(TestFiles.sha256(source));
        Result refused = as(user).scp("-s", as(user).remote("~other/tilde.bin"), back.toString());
        assertThat(refused.exitCode()).as(refused.toString()).isNotZero();
    }

    /**
     * copy-data (sftp's cp), hardlink@openssh.com (ln), posix-rename@openssh.com (rename), fsync@openssh.com
     * (put -f) and lsetstat@openssh.com (chmod -h) work inside the home and refuse either end outside it.
     */
    @Test
    void openSshsOtherExtensionsStayInsideTheJail() throws IOException {
        Path home = appliance.home("bashy");
        String h = shownHome("bashy");
        Path source = TestFiles.random(tmp.resolve("local/ext.bin"), 50_000, 3);
        Result r = as("bashy").sftp(String.join("\n", "put -f " + source + " " + h + "/ext.bin", "cp ext.bin copy.bin",
                "ln ext.bin hard.bin", "rename copy.bin renamed.bin", "symlink ext.bin ext-link", "chmod -h 604 ext.bin", ""));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(TestFiles.sha256(home.resolve("renamed.bin"))).isEqualTo(TestFiles.sha256(source));
        assertThat(Files.getAttribute(home.resolve("hard.bin"), "unix:ino")).isEqualTo(Files.getAttribute(home.resolve("ext.bin"), "unix:ino"));
        assertThat(Files.isSymbolicLink(home.resolve("ext-link"))).isTrue();
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("ext.bin"))))
                .isEqualTo("rw----r--");
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "secret");
        for (String command : List.of("cp ext.bin " + outside + "/copied.bin", "cp " + outside + "/secret.txt stolen.txt",
                "ln " + outside + "/secret.txt hard-out.txt", "ln ext.bin " + outside + "/hard-in.bin",
                "rename ext.bin " + outside + "/moved.bin", "rename " + outside + "/secret.txt " + h + "/moved.txt",
                "chmod -h 777 " + outside + "/secret.txt", "put -f " + source + " " + outside + "/put.bin",
                "cp ../other/secret.txt x", "ln ../scpy x")) {
            Result refused = as("bashy").sftp(command + "\n");
            assertThat(refused.exitCode()).as(command + "\n" + refused).isNotZero();
        }
        try (var listed = Files.list(outside)) {
            assertThat(listed.map(p -> p.getFileName().toString())).containsExactly("secret.txt");
        }
        assertThat(home.resolve("stolen.txt")).doesNotExist();
        assertThat(home.resolve("moved.txt")).doesNotExist();
        assertThat(Files.getPosixFilePermissions(outside.resolve("secret.txt")))
                .doesNotContain(java.nio.file.attribute.PosixFilePermission.OTHERS_WRITE);
    }
}
