package io.portcullis.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Path resolution inside a home, with the symbolic links a login shell or an old backup may leave. */
class HomeJailTest {

    @TempDir
    Path tmp;
    Path home;
    Path outside;
    HomeJail jail;

    @BeforeEach
    void setUp() throws IOException {
        home = Files.createDirectories(tmp.resolve("homes/alice"));
        outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("secret"), "secret");
        Files.createDirectories(home.resolve("dir/sub"));
        Files.writeString(home.resolve("dir/file"), "mine");
        jail = new HomeJail(home);
    }

    static List<String> names(String path) {
        return List.of(path.split("/"));
    }

    @Test
    void plainPathsMapIntoTheHome() throws IOException {
        assertThat(jail.resolve(names("dir/file"), true)).isEqualTo(home.toRealPath().resolve("dir/file"));
        assertThat(jail.resolve(List.of(), true)).isEqualTo(home.toRealPath());
        assertThat(jail.resolve(names("not/yet/there"), true)).isEqualTo(home.toRealPath().resolve("not/yet/there"));
    }

    @Test
    void linksInsideTheHomeAreFollowed() throws IOException {
        Files.createSymbolicLink(home.resolve("rel"), Path.of("dir/file"));
        Files.createSymbolicLink(home.resolve("dir/sub/up"), Path.of("../file"));
        Files.createSymbolicLink(home.resolve("abs"), home.toRealPath().resolve("dir"));
        assertThat(jail.resolve(names("rel"), true)).isEqualTo(home.toRealPath().resolve("dir/file"));
        assertThat(jail.resolve(names("dir/sub/up"), true)).isEqualTo(home.toRealPath().resolve("dir/file"));
        assertThat(jail.resolve(names("abs/file"), true)).isEqualTo(home.toRealPath().resolve("dir/file"));
    }

    @Test
    void linksLeadingOutAreRefusedWhetherAbsoluteRelativeOrDangling() throws IOException {
        Files.createSymbolicLink(home.resolve("abs-out"), outside);
        Files.createSymbolicLink(home.resolve("rel-out"), Path.of("../../outside"));
        Files.createSymbolicLink(home.resolve("dangling"), outside.resolve("not-yet"));
        Files.createSymbolicLink(home.resolve("dir/chain"), Path.of("../rel-out/secret"));
        Files.createSymbolicLink(home.resolve("etc"), Path.of("/etc"));
        for (String path : new String[] {"abs-out/secret", "rel-out/secret", "dangling", "dir/chain", "etc/passwd",
                "abs-out", "rel-out"}) {
            assertThatThrownBy(() -> jail.resolve(names(path), true)).as(path)
                    .isInstanceOf(AccessDeniedException.class).hasMessageContaining("/" + path)
                    .hasMessageNotContaining(outside.toString());
        }
    }

    @Test
    void theLinkItselfCanBeNamedWithoutFollowingIt() throws IOException {
        Files.createSymbolicLink(home.resolve("abs-out"), outside);
        assertThat(jail.resolve(names("abs-out"), false)).isEqualTo(home.toRealPath().resolve("abs-out"));
        assertThatThrownBy(() -> jail.resolve(names("abs-out/secret"), false)).isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void aLinkToTheParentOfTheHomeIsRefusedUnlessTheWholePathComesBackIn() throws IOException {
        Files.createSymbolicLink(home.resolve("parent"), Path.of(".."));
        assertThatThrownBy(() -> jail.resolve(names("parent"), true)).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> jail.resolve(names("parent/bob"), true)).isInstanceOf(AccessDeniedException.class);
        assertThat(jail.resolve(names("parent/alice/dir"), true)).isEqualTo(home.toRealPath().resolve("dir"));
    }

    @Test
    void loopsEndWithAnError() throws IOException {
        Files.createSymbolicLink(home.resolve("a"), Path.of("b"));
        Files.createSymbolicLink(home.resolve("b"), Path.of("a"));
        assertThatThrownBy(() -> jail.resolve(names("a"), true)).isInstanceOf(FileSystemLoopException.class);
    }

    @Test
    void aHomeThatIsItselfReachedThroughALinkStillWorks() throws IOException {
        Path alias = Files.createSymbolicLink(tmp.resolve("alias"), home);
        HomeJail aliased = new HomeJail(alias);
        assertThat(aliased.resolve(names("dir/file"), true)).isEqualTo(home.toRealPath().resolve("dir/file"));
    }

    /**
     * Issue 13, item 7: a STAT 2,000 directories deep cost 270 ms of CPU, since every name was looked up on
     * an ever longer path (2,000 lookups of 1,000 names on average: about 2,000,000 names walked by the
     * kernel). What the walk hands the kernel is counted: a few names per name of the path, deep or not,
     * with a link half way down so that the path cannot be taken in one openat2.
     */
    @Test
    void theWalkIsLinearInDepth() throws IOException {
        int depth = 2000;
        Files.createDirectories(home.resolve("d/".repeat(depth)));
        Files.createSymbolicLink(home.resolve("d/".repeat(depth / 2 - 1) + "l"), Path.of("d"));
        String plain = "d/".repeat(depth - 1) + "d";
        String throughLink = "d/".repeat(depth / 2 - 1) + "l/" + "d/".repeat(depth / 2 - 1) + "d";
        try {
            for (String path : new String[] {plain, throughLink}) {
                HomeJail fresh = new HomeJail(home);
                assertThat(fresh.resolve(names(path), true)).isEqualTo(home.toRealPath().resolve("d/".repeat(depth - 1) + "d"));
                assertThat(fresh.componentsLookedUp()).as(path.length() + " bytes").isLessThanOrEqualTo(3L * depth);
            }
        } finally {
            removeTree(home.resolve("d"));
        }
    }

    /** JUnit's clean-up takes minutes over a tree this deep; rm does it at once. */
    static void removeTree(Path dir) throws IOException {
        try {
            assertThat(new ProcessBuilder("rm", "-rf", dir.toString()).inheritIO().start().waitFor()).isZero();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** Linux's PATH_MAX: no system call takes a longer path, so neither does the jail. */
    @Test
    void pathsLongerThanLinuxTakesAreRefused() throws IOException {
        String longest = "x/".repeat(2046) + "xx"; // 4,095 bytes with the leading "/"
        assertThat(jail.resolve(names(longest), true)).isEqualTo(home.toRealPath().resolve(longest));
        assertThatThrownBy(() -> jail.resolve(names(longest + "x"), true)).isInstanceOf(FileSystemException.class)
                .hasMessageContaining("File name too long: a path may have at most 4095 bytes");
    }
}
