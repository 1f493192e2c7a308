package io.portcullis.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.store.ConfigurationRepository;
import io.portcullis.testing.OpenSsh.Result;
import io.portcullis.testing.RunningAppliance;
import io.portcullis.testing.StartedAppliance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Nothing of the appliance is readable by its users (issue 12): a login shell runs on the same machine as
 * its account, so the data directory lets it pass to its home but not list anything, and the log, the
 * database with its WAL and SHM, backups, portcullis.conf and secret.key are root's alone.
 */
class DataModesTest {

    @StartedAppliance(users = "reader:bash")
    static RunningAppliance appliance;
    static Path data;

    @BeforeAll
    static void start() throws Exception {
        data = appliance.dataDir();
        Path backups = Files.createDirectories(data.resolve("backups"));
        Files.setPosixFilePermissions(backups, PosixFilePermissions.fromString("rwx------"));
        Path backup = backups.resolve("portcullis-test.db");
        DataDirectory.createPrivateFile(backup);
        appliance.bean(ConfigurationRepository.class).backUpTo(backup);
    }

    static final List<String> PRIVATE_FILES = List.of("portcullis.db", "portcullis.db-wal", "portcullis.db-shm",
            "secret.key", "portcullis.conf", "logs/portcullis.log", "backups/portcullis-test.db");

    static String mode(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    @Test
    void theAppliancesFilesAre0600In0700DirectoriesAndTheDataDirectoryIs0711() throws Exception {
        assertThat(mode(data)).isEqualTo("rwx--x--x");
        for (String dir : List.of("logs", "backups")) {
            assertThat(mode(data.resolve(dir))).as(dir).isEqualTo("rwx------");
        }
        for (String file : PRIVATE_FILES) {
            assertThat(data.resolve(file)).as(file).exists();
            assertThat(mode(data.resolve(file))).as(file).isEqualTo("rw-------");
        }
    }

    @Test
    void aLoginShellCannotReadAnyOfThemButReachesItsHome() {
        StringBuilder script = new StringBuilder();
        for (String file : PRIVATE_FILES) {
            script.append("head -c1 ").append(data.resolve(file)).append(" >/dev/null 2>&1 && echo READ ").append(file)
                    .append("; ");
        }
        script.append("ls ").append(data).append(" >/dev/null 2>&1 && echo LISTED data; ");
        script.append("ls ").append(data.resolve("logs")).append(" >/dev/null 2>&1 && echo LISTED logs; ");
        script.append("cd && echo mine > own.txt && cat own.txt");
        Result r = appliance.user("reader").exec(script.toString());
        assertThat(r.stdout()).as(r.toString()).isEqualTo("mine\n");
    }

    @Test
    void aDataDirectoryAnOlderVersionLeftOpenIsClosedAtStart() throws Exception {
        Map<String, String> open = Map.of("logs", "rwxr-xr-x", "logs/portcullis.log", "rw-r--r--",
                "portcullis.conf", "rw-r--r--", "backups", "rwxr-xr-x");
        appliance.close();
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        for (var entry : open.entrySet()) {
            Files.setPosixFilePermissions(data.resolve(entry.getKey()), PosixFilePermissions.fromString(entry.getValue()));
        }
        appliance.restart();
        theAppliancesFilesAre0600In0700DirectoriesAndTheDataDirectoryIs0711();
    }
}
