package io.portcullis.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The race HomeJail alone cannot win: a directory in the home swapped for a symbolic link to outside
 * after the path was checked and before it is used (a login-shell account can do this while its own
 * SFTP session works, and the file server acts as root). The swap is made exactly in that gap; every
 * operation must fail rather than reach outside.
 */
class JailRaceTest {

    @TempDir
    Path tmp;
    Path home;
    Path outside;
    FileSystem fs;
    final AtomicBoolean swapNext = new AtomicBoolean();

    @BeforeEach
    void setUp() throws IOException {
        home = Files.createDirectories(tmp.resolve("homes/alice"));
        outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("note.txt"), "SECRET");
        Files.createDirectories(home.resolve("docs"));
        Files.writeString(home.resolve("docs/note.txt"), "mine");
        fs = HomeJailFileSystemProvider.open(home, ThreadCredentials.unchanged(), this::swap);
    }

    /** docs becomes a link to outside, once, when armed. */
    private void swap() {
        if (swapNext.compareAndSet(true, false)) {
            try {
                Files.move(home.resolve("docs"), home.resolve("docs.old"));
                Files.createSymbolicLink(home.resolve("docs"), outside);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Test
    void readingThroughASwappedDirectoryFails() {
        swapNext.set(true);
        assertThatThrownBy(() -> Files.readString(fs.getPath("/docs/note.txt"))).isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("/docs").hasMessageContaining("replaced by a symbolic link").hasMessageNotContaining(tmp.toString());
    }

    @Test
    void writingThroughASwappedDirectoryFails() {
        swapNext.set(true);
        assertThatThrownBy(() -> Files.writeString(fs.getPath("/docs/planted"), "x")).isInstanceOf(AccessDeniedException.class);
        assertThat(outside.resolve("planted")).doesNotExist();
    }

    @Test
    void listingASwappedDirectoryFails() {
        swapNext.set(true);
        assertThatThrownBy(() -> {
            try (Stream<Path> entries = Files.list(fs.getPath("/docs"))) {
                entries.forEach(e -> { });
            }
        }).isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void renamingDeletingAndChmodThroughASwappedDirectoryFail() throws IOException {
        swapNext.set(true);
        assertThatThrownBy(() -> Files.move(fs.getPath("/docs/note.txt"), fs.getPath("/stolen.txt")))
                .isInstanceOf(AccessDeniedException.class);
        assertThat(outside.resolve("note.txt")).exists();
        swapBack();
        swapNext.set(true);
        assertThatThrownBy(() -> Files.delete(fs.getPath("/docs/note.txt"))).isInstanceOf(AccessDeniedException.class);
        assertThat(outside.resolve("note.txt")).exists();
        swapBack();
        swapNext.set(true);
        assertThatThrownBy(() -> Files.setPosixFilePermissions(fs.getPath("/docs/note.txt"),
                java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"))).isInstanceOf(AccessDeniedException.class);
        assertThat(Files.getPosixFilePermissions(outside.resolve("note.txt")))
                .isNotEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
    }

    @Test
    void withoutASwapEverythingStillWorks() throws IOException {
        assertThat(Files.readString(fs.getPath("/docs/note.txt"))).isEqualTo("mine");
        Files.writeString(fs.getPath("/docs/new.txt"), "new");
        assertThat(home.resolve("docs/new.txt")).hasContent("new");
        try (Stream<Path> entries = Files.list(fs.getPath("/docs"))) {
            assertThat(entries.map(p -> p.toString())).containsExactlyInAnyOrder("/docs/note.txt", "/docs/new.txt");
        }
        try (Stream<Path> entries = Files.list(fs.getPath("/"))) {
            assertThat(entries.map(p -> p.toString())).containsExactly("/docs");
        }
        Files.move(fs.getPath("/docs/new.txt"), fs.getPath("/moved.txt"));
        assertThat(Files.readAttributes(fs.getPath("/moved.txt"), java.nio.file.attribute.BasicFileAttributes.class).size())
                .isEqualTo(3);
        Files.delete(fs.getPath("/moved.txt"));
        assertThat(Files.isDirectory(fs.getPath("/"))).isTrue();
        assertThat(Files.isDirectory(fs.getPath("/docs"))).isTrue();
    }

    private void swapBack() throws IOException {
        Files.delete(home.resolve("docs"));
        Files.move(home.resolve("docs.old"), home.resolve("docs"));
    }
}
