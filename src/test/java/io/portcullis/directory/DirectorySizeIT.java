package io.portcullis.directory;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.testing.OpenSsh.Result;
import io.portcullis.testing.RunningAppliance;
import io.portcullis.testing.Slapd;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A directory of 100,000 users (loaded with slapadd before slapd starts), more than slapd's default size
 * limit of 500 and more than any listing should hold: the listing pages through it and keeps at most 1000
 * rows, saying there are more; a user far down logs in; a user in more than 1024 groups, and a name two
 * entries have, are refused with a log line; local accounts keep working throughout.
 */
@Tag("large")
class DirectorySizeIT {

    static final int USERS = 100_000;
    static final String PASSWORD = "directory-password";

    @TempDir
    static Path tmp;

    static Slapd slapd;
    static RunningAppliance appliance;

    @BeforeAll
    static void bigDirectory() throws Exception {
        Path ldif = tmp.resolve("bulk.ldif");
        try (BufferedWriter out = Files.newBufferedWriter(ldif, StandardCharsets.UTF_8)) {
            out.write("dn: ou=extra," + Slapd.PEOPLE + "\nobjectClass: organizationalUnit\nou: extra\n\n");
            for (int i = 1; i <= USERS; i++) {
                out.write(Slapd.user("user" + i, 100_000 + i, 100_000 + i, i == USERS ? PASSWORD : null, List.of()));
            }
            out.write(Slapd.user("joiner", 90_001, 90_001, PASSWORD, List.of()));
            for (int g = 0; g < 1100; g++) {
                out.write(Slapd.group("g" + g, 80_000 + g, "joiner"));
            }
            out.write(Slapd.user("twin", 90_002, 90_002, PASSWORD, List.of()));
            out.write(Slapd.user("twin", 90_003, 90_003, PASSWORD, List.of())
                    .replace("uid=twin," + Slapd.PEOPLE, "uid=twin,ou=extra," + Slapd.PEOPLE));
        }
        slapd = Slapd.start(tmp.resolve("slapd"), ldif);
        appliance = RunningAppliance.start(RunningAppliance.withConf(tmp.resolve("data"), slapd.confLines()));
        appliance.addUser("local", "scponly");
    }

    @AfterAll
    static void stop() throws Exception {
        if (appliance != null) {
            appliance.close();
        }
        if (slapd != null) {
            slapd.close();
        }
    }

    @Test
    void theListingPagesAndStopsAtItsLimit() {
        Result list = appliance.admin().exec("accounts users list --source directory");
        assertThat(list.exitCode()).as(list.stderr()).isZero();
        long rows = list.stdout().lines().filter(l -> l.matches("\\S+ +\\d+ .* directory .*")).count();
        assertThat(rows).isEqualTo(1000);
        assertThat(list.stdout()).contains("the directory has more users than the 1000 listed");
        Result json = appliance.admin().exec("accounts users list --source directory --json");
        assertThat(json.stdout().split("\"source\" : \"directory\"", -1)).hasSize(1001);
    }

    @Test
    void aUserFarDownLogsInAndAUserInTooManyGroupsOrATwinIsRefused() {
        Result last = appliance.ssh("user" + USERS).password(PASSWORD).exec("true");
        assertThat(last.exitCode()).as("logged in, to a nologin shell: " + last).isEqualTo(1);
        assertThat(last.stdout() + last.stderr()).contains("This account is currently not available.");
        Result joiner = appliance.ssh("joiner").password(PASSWORD).exec("true");
        assertThat(joiner.exitCode()).isEqualTo(255);
        appliance.awaitLog("the directory user joiner is a member of more than 1024 groups");
        Result twin = appliance.ssh("twin").password(PASSWORD).exec("true");
        assertThat(twin.exitCode()).isEqualTo(255);
        appliance.awaitLog("more than one directory entry has uid=twin");
        assertThat(appliance.user("local").sftp("ls\n").exitCode()).isZero();
        Result show = appliance.admin().exec("accounts users show user99999");
        assertThat(show.exitCode()).as(show.stderr()).isZero();
        assertThat(show.stdout()).contains("199999");
    }
}
