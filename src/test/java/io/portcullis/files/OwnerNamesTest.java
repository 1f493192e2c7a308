package io.portcullis.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** OwnerNames answers what the JDK answers for "unix:*", names included, whatever the JDK's version. */
class OwnerNamesTest {

    @TempDir
    Path tmp;

    @Test
    void sameAttributesAsTheJdksForFilesDirectoriesAndLinks() throws IOException {
        Path file = Files.writeString(tmp.resolve("file"), "content");
        Path dir = Files.createDirectory(tmp.resolve("dir"));
        Path link = Files.createSymbolicLink(tmp.resolve("link"), Path.of("file"));
        OwnerNames names = new OwnerNames();
        for (Path path : new Path[] {file, dir, link, Path.of("/etc/passwd"), file}) {
            Map<String, Object> jdk = new java.util.HashMap<>(Files.readAttributes(path, "unix:*", LinkOption.NOFOLLOW_LINKS));
            Map<String, Object> ours = new java.util.HashMap<>(names.withNames(path));
            assertThat(ours.keySet()).as(path.toString()).isEqualTo(jdk.keySet());
            jdk.remove("lastAccessTime");
            ours.remove("lastAccessTime");
            assertThat(ours).as(path.toString()).isEqualTo(jdk);
        }
    }
}
