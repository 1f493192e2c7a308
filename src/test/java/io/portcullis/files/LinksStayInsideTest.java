package io.portcullis.files;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.testing.OpenSsh.Result;
import io.portcullis.testing.Refusals;
import io.portcullis.testing.RunningAppliance;
import io.portcullis.testing.StartedAppliance;
import io.portcullis.testing.TestFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, item 8: a link made through SFTP keeps pointing inside the home wherever it goes. A relative
 * link made deep down (lexically inside) and renamed or hard-linked to the top pointed at /etc/shadow:
 * the jail refused to follow it, but every other program on the host would. Now its target is checked
 * from its new place at rename and hard-link time, and a directory holding such a link cannot be moved
 * up. With OpenSSH's sftp: {@code ln -s}, {@code rename}, {@code ln} (hardlink@openssh.com).
 */
class LinksStayInsideTest {

    /** Deep enough to climb from the home past "/" (the home is a few directories below /tmp). */
    static final String DEEP = "s1/s2/s3/s4/s5/s6/s7/s8/s9/s10/s11/s12";
    static final String CLIMB = "../".repeat(12);

    @TempDir
    static Path tmp;
    @StartedAppliance(users = {"scpy:scponly"})
    static RunningAppliance appliance;
    static Path home;

    @BeforeAll
    static void start() {
        home = appliance.home("scpy");
    }

    @BeforeEach
    void deepLink() {
        Result r = sftp("-mkdir s1\n" + mkdirs() + "-rm " + DEEP + "/shadow\nsymlink " + CLIMB + "etc/shadow " + DEEP + "/shadow\n");
        assertThat(r.exitCode()).as(r.toString()).isZero();
    }

    static String mkdirs() {
        StringBuilder batch = new StringBuilder();
        String path = "";
        for (String name : DEEP.split("/")) {
            path = path.isEmpty() ? name : path + "/" + name;
            batch.append("-mkdir ").append(path).append('\n');
        }
        return batch.toString();
    }

    static Result sftp(String batch) {
        return appliance.user("scpy").sftp(batch);
    }

    static void refused(String command, String reason) {
        Refusals.assertSftpBatchFails(appliance.user("scpy"), command + "\n", reason);
    }

    /** Where the link at {@code name} leads on the host, as any program following it would go. */
    static Path leadsTo(String name) throws IOException {
        Path link = home.resolve(name);
        return link.getParent().resolve(Files.readSymbolicLink(link)).normalize();
    }

    @Test
    void theDeepLinkPointsInsideWhereItIs() throws IOException {
        assertThat(leadsTo(DEEP + "/shadow")).isEqualTo(home.resolve("etc/shadow"));
    }

    @Test
    void aLinkMovedToTheTopWouldPointOutAndIsRefused() throws IOException {
        refused("rename " + DEEP + "/shadow /shadow", "Permission denied");
        refused("rename " + DEEP + "/shadow s1/shadow", "Permission denied");
        assertThat(home.resolve("shadow")).doesNotExist();
        assertThat(home.resolve("s1/shadow")).doesNotExist();
        assertThat(leadsTo(DEEP + "/shadow")).isEqualTo(home.resolve("etc/shadow"));
    }

    @Test
    void aHardLinkOfTheLinkAtTheTopIsRefused() {
        refused("ln " + DEEP + "/shadow /shadow-again", "Permission denied");
        assertThat(Files.exists(home.resolve("shadow-again"), LinkOption.NOFOLLOW_LINKS)).isFalse();
    }

    @Test
    void aDirectoryHoldingTheLinkCannotBeMovedUp() throws IOException {
        refused("rename s1/s2/s3 /s3", "Permission denied");
        assertThat(home.resolve("s3")).doesNotExist();
        // down or across at the same depth, the link still climbs no higher than the home
        Result r = sftp("mkdir t1\nrename s1/s2 t1/s2\nrename t1/s2 s1/s2\n");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(leadsTo(DEEP + "/shadow")).isEqualTo(home.resolve("etc/shadow"));
    }

    @Test
    void linksThatStayInsideMoveAndLinkFreely() throws IOException {
        Result r = sftp("-mkdir u1\n-mkdir u2\nput " + TestFiles.random(tmp.resolve("local/f.bin"), 100, 1)
                + " u1/f.bin\nsymlink ../u1/f.bin u2/f-link\nrename u2/f-link u1/f-link\nln u1/f-link u2/f-hard\n"
                + "symlink " + CLIMB.substring(3) + "s1 " + DEEP + "/up\nrename " + DEEP + "/up s1/s2/s3/s4/s5/s6/s7/s8/s9/s10/s11/up\n");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(leadsTo("u1/f-link")).isEqualTo(home.resolve("u1/f.bin"));
        assertThat(leadsTo("u2/f-hard")).isEqualTo(home.resolve("u1/f.bin"));
    }

    /**
     * A ".." after a name climbs from wherever that name leads, which a later link can change (make "up"
     * lead to the top, and "p/up/../.." leads above it): such targets are refused when made.
     */
    @Test
    void aTargetMayClimbOnlyAtItsStart() {
        refused("symlink s1/../s1 s1-again", "Permission denied");
        refused("symlink " + DEEP + "/../../x s1/x-link", "Permission denied");
        assertThat(Files.exists(home.resolve("s1-again"), LinkOption.NOFOLLOW_LINKS)).isFalse();
    }

    /** A link that leads out already (an administrator's, or a login shell's) cannot be linked again either. */
    @Test
    void aLinkThatLeadsOutCannotBeHardLinked() throws IOException {
        Files.createSymbolicLink(home.resolve("outside"), Path.of("/etc"));
        try {
            refused("ln outside outside-again", "Permission denied");
            assertThat(Files.exists(home.resolve("outside-again"), LinkOption.NOFOLLOW_LINKS)).isFalse();
        } finally {
            Files.delete(home.resolve("outside"));
        }
    }
}
