package io.portcullis.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.testing.OpenSsh.Result;
import io.portcullis.testing.RunningAppliance;
import io.portcullis.testing.StartedAppliance;
import io.portcullis.testing.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Match blocks with ForceCommand internal-sftp and ChrootDirectory, through real ssh, sftp and scp. */
class MatchSftpOnlyTest {

    @TempDir
    static Path tmp;
    @StartedAppliance(users = {"sftpy:bash", "free:bash", "jailed:bash"})
    static RunningAppliance appliance;

    @BeforeAll
    static void start() throws Exception {
        Files.writeString(appliance.home("jailed").resolve("outside.txt"), "outside the jail\n");
        Files.createDirectories(appliance.home("jailed").resolve("jail"));
        Files.writeString(appliance.home("jailed").resolve("jail/inside.txt"), "inside the jail\n");
        Files.createDirectories(tmp.resolve("chroots/jailed"));
        Files.writeString(tmp.resolve("chroots/jailed/elsewhere.txt"), "in /chroots/%u\n");
        Files.createDirectories(tmp.resolve("local"));
    }

    @AfterEach
    void backToDefaults() {
        Settings.backToDefaults(appliance);
    }

    @Test
    void forceCommandInternalSftpLeavesOnlySftpForTheMatchedAccount() {
        assertThat(appliance.user("sftpy").exec("echo $USER").stdout()).isEqualTo("sftpy\n");
        Settings.change(appliance, s -> Settings.aux(s, "Match User sftpy\n  ForceCommand internal-sftp"));

        Result exec = appliance.user("sftpy").exec("id -un");
        assertThat(exec.exitCode()).as(exec.toString()).isEqualTo(1);
        assertThat(exec.stdout()).isEmpty();
        assertThat(exec.stderr()).contains("may only use SFTP");
        Result shell = appliance.user("sftpy").ssh(List.of("-tt"));
        assertThat(shell.exitCode()).as(shell.toString()).isEqualTo(1);
        Result legacyScp = appliance.user("sftpy").scp("-O", appliance.user("sftpy").remote("x"),
                tmp.resolve("local/x").toString());
        assertThat(legacyScp.exitCode()).isNotZero();

        Result sftp = appliance.user("sftpy").sftp("mkdir up\nls -1\n");
        assertThat(sftp.exitCode()).as(sftp.toString()).isZero();
        assertThat(sftp.stdout()).contains("up");
        assertThat(Files.isDirectory(appliance.home("sftpy").resolve("up"))).isTrue();
        // another account is untouched by the block
        assertThat(appliance.user("free").exec("echo $USER").stdout()).isEqualTo("free\n");
    }

    @Test
    void chrootDirectoryWithPercentHBecomesTheSftpRootAndCannotBeLeft() throws Exception {
        Settings.change(appliance, s -> Settings.aux(s, "Match User jailed\n  ChrootDirectory %h/jail"));
        Result ls = appliance.user("jailed").sftp("ls -1 /\ncd ..\nls -1\n");
        assertThat(ls.exitCode()).as(ls.toString()).isZero();
        assertThat(ls.stdout()).contains("inside.txt").doesNotContain("outside.txt").doesNotContain("jail\n");
        for (String escape : List.of("get /../outside.txt", "get ../outside.txt", "get ../../jailed/outside.txt")) {
            Result r = appliance.user("jailed").sftp(escape + " " + tmp.resolve("local/escaped.txt"));
            assertThat(r.exitCode()).as(escape + "\n" + r).isNotZero();
            assertThat(tmp.resolve("local/escaped.txt")).doesNotExist();
        }
        // a symlink planted inside the jail leads nowhere outside it
        Result link = appliance.user("jailed").sftp("symlink ../outside.txt link.txt\nget link.txt "
                + tmp.resolve("local/linked.txt"));
        assertThat(tmp.resolve("local/linked.txt")).doesNotExist();
        // modern scp speaks SFTP and sees the same root
        Result scp = appliance.user("jailed").scp(appliance.user("jailed").remote("/inside.txt"),
                tmp.resolve("local/inside.txt").toString());
        assertThat(scp.exitCode()).as(scp.toString()).isZero();
        assertThat(Files.readString(tmp.resolve("local/inside.txt"))).isEqualTo("inside the jail\n");
        Result exec = appliance.user("jailed").exec("cat outside.txt");
        assertThat(exec.exitCode()).isEqualTo(1);
        assertThat(exec.stdout()).isEmpty();
    }

    @Test
    void chrootDirectoryExpandsPercentU() {
        Settings.change(appliance, s -> Settings.aux(s, "Match User jailed,free\n  ChrootDirectory "
                + tmp.resolve("chroots") + "/%u"));
        Result ls = appliance.user("jailed").sftp("ls -1 /\n");
        assertThat(ls.exitCode()).as(ls.toString()).isZero();
        assertThat(ls.stdout()).contains("elsewhere.txt").doesNotContain("inside.txt");
        // no directory for this account: refused with nothing served
        Result missing = appliance.user("free").sftp("ls -1 /\n");
        assertThat(missing.exitCode()).as(missing.toString()).isNotZero();
    }
}
