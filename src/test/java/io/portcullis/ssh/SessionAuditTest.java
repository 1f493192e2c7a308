package io.portcullis.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.audit.AuditEntry;
import io.portcullis.audit.AuditLog;
import io.portcullis.testing.OpenSsh.Result;
import io.portcullis.testing.RunningAppliance;
import io.portcullis.testing.StartedAppliance;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The session audit keeps the whole command line of an exec request (SPEC §8), up to 1 KiB, control
 * characters escaped, and a console command's secrets masked as the console masks them.
 */
class SessionAuditTest {

    @StartedAppliance(users = {"bashy:bash"})
    static RunningAppliance appliance;

    static List<String> execDetails(String user) {
        return appliance.bean(AuditLog.class).find(Optional.of(user), Optional.of("session"), Optional.empty(), 1000)
                .stream().filter(e -> e.action().equals("exec start")).map(AuditEntry::detail).toList();
    }

    @Test
    void aLoginShellsCommandIsKeptWhole() {
        for (String command : List.of("echo audit-marker > /dev/null", "git-upload-pack '/srv/repos/project.git'",
                "rsync --server -vlogDtpre.iLsfxCIvu . /data/backup/")) {
            appliance.user("bashy").exec(command);
            assertThat(execDetails("bashy")).contains(command);
        }
    }

    @Test
    void controlCharactersAreEscapedAndALongLineIsCutAtOneKibibyte() {
        appliance.user("bashy").exec("echo 'tab\there' \u001b[31mred");
        assertThat(execDetails("bashy")).contains("echo 'tab\\x09here' \\x1b[31mred");
        String longLine = "echo " + "x".repeat(3000) + " end";
        Result r = appliance.user("bashy").exec(longLine);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        String kept = execDetails("bashy").stream().filter(d -> d.startsWith("echo xxx")).findFirst().orElseThrow();
        assertThat(kept.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(1024);
        assertThat(kept).startsWith("echo " + "x".repeat(900)).endsWith("...[3009 bytes]");
    }

    @Test
    void aConsoleCommandsSecretsAreMaskedAndAStrayLineIsNotKept() {
        Result add = appliance.admin().exec("accounts users add zed --shell scponly --password hunter2-is-secret");
        assertThat(add.exitCode()).as(add.toString()).isZero();
        Result stray = appliance.admin().exec("hunter3-typed-at-the-wrong-place");
        assertThat(stray.exitCode()).as(stray.toString()).isEqualTo(2);
        List<String> details = execDetails("admin");
        assertThat(details).contains("accounts users add zed --shell scponly --password ********",
                "(no console command: not kept)");
        assertThat(appliance.bean(AuditLog.class).find(Optional.empty(), Optional.empty(), Optional.empty(), 1000))
                .noneMatch(e -> (e.action() + e.detail()).contains("hunter"));
        assertThat(appliance.log()).doesNotContain("hunter2").doesNotContain("hunter3");
    }
}
