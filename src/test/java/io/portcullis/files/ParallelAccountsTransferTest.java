package io.portcullis.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.portcullis.accounts.Accounts;
import io.portcullis.accounts.User;
import io.portcullis.host.ProcessIdentity;
import io.portcullis.testing.OpenSsh.Result;
import io.portcullis.testing.RunningAppliance;
import io.portcullis.testing.StartedAppliance;
import io.portcullis.testing.TestFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16: the file operations of several accounts, each on its own SFTP channel, interleave on the
 * appliance's threads while each switches the kernel's credentials for its operations. Under that load no
 * operation may run with another account's rights or root's: every file an account uploads is its own (uid
 * and gid), and every write into root's 0755 directory and read of root's 0600 file in its home is refused,
 * round after round. Real sftp, four accounts at once; needs root, as in service.
 */
class ParallelAccountsTransferTest {

    static final int ACCOUNTS = 4;
    static final int ROUNDS = 3;
    static final int FILES = 40;

    @TempDir
    static Path tmp;
    /** The accounts {@link #name} names, one for each of ACCOUNTS. */
    @StartedAppliance(users = {"par0:scponly", "par1:scponly", "par2:scponly", "par3:scponly"})
    static RunningAppliance appliance;
    static Path source;

    @BeforeAll
    static void start() throws IOException {
        assumeTrue(ProcessIdentity.isRoot(), "acting as the account needs the appliance to run as root");
        source = Files.createDirectories(tmp.resolve("local/files"));
        for (int i = 0; i < FILES; i++) {
            TestFiles.random(source.resolve("f" + i), 4096, i);
        }
        for (int a = 0; a < ACCOUNTS; a++) {
            Path home = appliance.home(name(a));
            Path locked = Files.createDirectory(home.resolve("locked"));
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path secret = Files.writeString(home.resolve("secret"), "root's secret");
            Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        }
    }

    static String name(int account) {
        return "par" + account;
    }

    @Test
    void eachAccountsOperationsRunWithItsOwnRightsWhileOthersTransfer() throws IOException {
        List<CompletableFuture<List<Result>>> running = new ArrayList<>();
        for (int a = 0; a < ACCOUNTS; a++) {
            int account = a;
            running.add(CompletableFuture.supplyAsync(() -> rounds(account)));
        }
        Accounts accounts = appliance.bean(Accounts.class);
        for (int a = 0; a < ACCOUNTS; a++) {
            List<Result> results = running.get(a).join();
            User user = accounts.require(name(a));
            Path home = appliance.home(name(a));
            for (Result r : results) {
                assertThat(r.exitCode()).as(r.toString()).isZero();
                // the two refusals of each round, in sftp's words for a permission the kernel denied
                assertThat(r.stderr().split("Permission denied", -1)).as(r.toString()).hasSize(3);
            }
            for (int round = 0; round < ROUNDS; round++) {
                Path uploaded = home.resolve("round" + round);
                try (Stream<Path> files = Files.list(uploaded)) {
                    assertThat(files).as(uploaded.toString()).hasSize(FILES).allSatisfy(file -> {
                        assertThat(Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS)).as(file.toString())
                                .isEqualTo(user.uid());
                        assertThat(Files.getAttribute(file, "unix:gid", LinkOption.NOFOLLOW_LINKS)).as(file.toString())
                                .isEqualTo(user.primaryGroup().gid());
                    });
                }
                assertThat(TestFiles.uidOf(uploaded)).isEqualTo(user.uid());
                Path back = tmp.resolve("local/back-" + name(a) + "-" + round);
                try (Stream<Path> files = Files.list(back)) {
                    assertThat(files).hasSize(FILES);
                }
                assertThat(tmp.resolve("local/secret-" + name(a) + "-" + round)).doesNotExist();
            }
            assertThat(home.resolve("locked")).isEmptyDirectory();
        }
    }

    /** Each round: a directory of small files up and back down, a write into root's directory, a read of root's file. */
    static List<Result> rounds(int account) {
        List<Result> results = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            Path back = tmp.resolve("local/back-" + name(account) + "-" + round);
            String batch = String.join("\n",
                    "put -r " + source + " round" + round,
                    "-put " + source.resolve("f0") + " locked/f0",
                    "get -r round" + round + " " + back,
                    "-get secret " + tmp.resolve("local/secret-" + name(account) + "-" + round),
                    "");
            results.add(appliance.user(name(account)).sftp(batch));
        }
        return results;
    }
}
