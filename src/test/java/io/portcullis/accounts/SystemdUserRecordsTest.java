package io.portcullis.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.host.DataDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What is published where, and that a record Portcullis did not write is never touched. */
class SystemdUserRecordsTest {

    @TempDir
    Path tmp;

    static final Group STAFF = new Group(2, 20001, "staff2", false);
    static final User ALICE = new User(1, "alice", "Alice", 20000, new Group(1, 20000, "alice", false), List.of(STAFF),
            "home/alice", "700", "bash", Optional.of("$argon2id$secret"), false, false, "", false);

    SystemdUserRecords records(Path dir, Path data) throws Exception {
        Path nsswitch = Files.writeString(tmp.resolve("nsswitch.conf"), "passwd: files systemd\n");
        return new SystemdUserRecords(Optional.of(dir), new DataDirectory(data), true, nsswitch);
    }

    @Test
    void nsswitchMustListSystemdOnItsPasswdLine() throws Exception {
        Path file = tmp.resolve("ns");
        for (var c : Map.of("passwd: files systemd\n", true, "passwd:   files [SUCCESS=return] systemd # x\n", true,
                "passwd: files\ngroup: files systemd\n", false, "#passwd: files systemd\npasswd: files\n", false,
                "passwd: files systemdx\n", false).entrySet()) {
            Files.writeString(file, c.getKey());
            assertThat(SystemdUserRecords.nssReadsSystemd(file)).as(c.getKey()).isEqualTo(c.getValue());
        }
        assertThat(SystemdUserRecords.nssReadsSystemd(tmp.resolve("missing"))).isFalse();
        Files.writeString(file, "passwd: files\n");
        SystemdUserRecords off = new SystemdUserRecords(Optional.of(tmp.resolve("db")), new DataDirectory(tmp), true, file);
        assertThat(off.active()).isFalse();
        assertThat(off.notes()).singleElement().asString().contains("does not resolve").contains("libnss-systemd");
        assertThat(new SystemdUserRecords(Optional.of(tmp.resolve("db")), new DataDirectory(tmp), false, file).notes())
                .singleElement().asString().contains("does not run as root");
    }

    @Test
    void recordsHoldNoPasswordAndOnlyOursAreReplacedOrRemoved() throws Exception {
        Path dir = tmp.resolve("userdb");
        Files.createDirectories(dir);
        Path foreign = Files.writeString(dir.resolve("staff2.group"), "{\"groupName\":\"staff2\",\"gid\":50}");
        Path other = Files.writeString(dir.resolve("bob.user"), "{\"userName\":\"bob\",\"uid\":1000,"
                + "\"" + SystemdUserRecords.WRITER + "\":\"/another/data\"}");
        SystemdUserRecords records = records(dir, tmp.resolve("data"));
        records.publish(List.of(ALICE), List.of(ALICE.primaryGroup(), STAFF), Map.of("alice", Path.of("/h/alice")));

        String alice = Files.readString(dir.resolve("alice.user"));
        assertThat(alice).contains("\"userName\":\"alice\"", "\"uid\":20000", "\"locked\":true",
                "\"shell\":\"" + SystemdUserRecords.NO_HOST_SHELL + "\"", "\"memberOf\":[\"staff2\"]")
                .doesNotContain("argon2").doesNotContain("secret").doesNotContain("hashedPassword");
        assertThat(Files.readSymbolicLink(dir.resolve("20000.user"))).isEqualTo(Path.of("alice.user"));
        assertThat(Files.readString(dir.resolve("alice.group"))).contains("\"members\":[]");
        assertThat(Files.readString(foreign)).as("the host's record stays").isEqualTo("{\"groupName\":\"staff2\",\"gid\":50}");
        assertThat(dir.resolve("20001.group")).doesNotExist();
        assertThat(records.notes()).anyMatch(n -> n.contains("not published") && n.contains("staff2.group"));

        records.withdraw();
        assertThat(dir.resolve("alice.user")).doesNotExist();
        assertThat(dir.resolve("20000.user")).doesNotExist();
        assertThat(dir.resolve("alice.group")).doesNotExist();
        assertThat(foreign).exists();
        assertThat(other).as("another Portcullis's").exists();
        try (var left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("staff2.group", "bob.user");
        }
    }
}
