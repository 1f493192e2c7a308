package io.portcullis.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.portcullis.host.ProcessIdentity;
import io.portcullis.testing.TestFiles;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-thread switch itself: while one thread acts as an account, the kernel refuses it root's 0600
 * file, another thread at that very moment still reads it, and the first reads it again once the switch
 * is over, however the operation ended. Needs root, as the appliance in service (CI runs as root).
 */
class ThreadCredentialsTest {

    static final int UID = 61_999;
    static final int GID = 61_998;
    static final int GROUP = 61_997;

    @TempDir
    Path tmp;
    Path secret;
    Path shared;

    @BeforeEach
    void setUp() throws IOException {
        assumeTrue(ProcessIdentity.isRoot(), "switching credentials needs root");
        TestFiles.openForAccounts(tmp);
        secret = Files.writeString(tmp.resolve("secret"), "root only");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        shared = Files.createDirectory(tmp.resolve("shared"));
        Files.setAttribute(shared, "unix:gid", GROUP);
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwx---"));
    }

    @Test
    void aSwitchedThreadIsRefusedWhatAnotherThreadReadsAtTheSameMoment() throws Exception {
        ThreadCredentials account = ThreadCredentials.forIds(UID, GID, GID, GROUP);
        CountDownLatch switched = new CountDownLatch(1);
        CountDownLatch otherRead = new CountDownLatch(1);
        AtomicReference<String> readByOther = new AtomicReference<>();
        Thread other = new Thread(() -> {
            try {
                switched.await(10, TimeUnit.SECONDS);
                readByOther.set(Files.readString(secret));
            } catch (Exception e) {
                readByOther.set(e.toString());
            } finally {
                otherRead.countDown();
            }
        });
        other.start();
        Throwable refused = account.call(() -> {
            switched.countDown();
            // the other thread reads while this one is still switched
            try {
                assertThat(otherRead.await(10, TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
            try {
                Files.readString(secret);
                return null;
            } catch (AccessDeniedException e) {
                return e;
            }
        });
        other.join();
        assertThat(refused).isInstanceOf(AccessDeniedException.class);
        assertThat(readByOther.get()).isEqualTo("root only");
        assertThat(Files.readString(secret)).isEqualTo("root only");
    }

    @Test
    void filesMadeWhileSwitchedAreTheAccountsAndGroupsApply() throws IOException {
        ThreadCredentials account = ThreadCredentials.forIds(UID, GID, GID, GROUP);
        Path made = account.call(() -> Files.writeString(shared.resolve("made"), "x"));
        assertThat(TestFiles.uidOf(made)).isEqualTo(UID);
        assertThat((Integer) Files.getAttribute(made, "unix:gid")).isEqualTo(GID);
        // without the supplementary group, the group-only directory is closed
        ThreadCredentials withoutGroup = ThreadCredentials.forIds(UID, GID, GID);
        assertThatThrownBy(() -> withoutGroup.call(() -> Files.writeString(shared.resolve("other"), "x")))
                .isInstanceOf(AccessDeniedException.class);
        // and root's own rights are back: chown, which the account may not do
        Files.setAttribute(made, "unix:uid", 0);
        assertThat(TestFiles.uidOf(made)).isZero();
    }

    @Test
    void theThreadsOwnCredentialsComeBackWhenTheOperationFails() throws IOException {
        ThreadCredentials account = ThreadCredentials.forIds(UID, GID, GID);
        assertThatThrownBy(() -> account.call(() -> {
            throw new IOException("failed on purpose");
        })).hasMessage("failed on purpose");
        assertThatThrownBy(() -> account.call(() -> {
            throw new IllegalStateException("a bug");
        })).hasMessage("a bug");
        assertThat(Files.readString(secret)).isEqualTo("root only");
        assertThat(Files.readString(Path.of("/proc/thread-self/status"))).containsPattern("Uid:\\s+0\\s+0\\s+0\\s+0\n")
                .containsPattern("Gid:\\s+0\\s+0\\s+0\\s+0\n");
    }

    @Test
    void aNestedCallForTheSameAccountKeepsItAndTheKernelSeesTheAccount() throws IOException {
        ThreadCredentials account = ThreadCredentials.forIds(UID, GID, GID, GROUP);
        String status = account.call(() -> account.call(() -> Files.readString(Path.of("/proc/thread-self/status"))));
        // real, effective, saved, fs: only the fs ids are the account's
        assertThat(status).containsPattern("Uid:\\s+0\\s+0\\s+0\\s+" + UID + "\n")
                .containsPattern("Gid:\\s+0\\s+0\\s+0\\s+" + GID + "\n")
                .containsPattern("Groups:\\s+" + GROUP + " " + GID + "\\s*\n"); // the kernel sorts them
        assertThat(capabilities(status) & CAP_DAC_OVERRIDE).as("CAP_DAC_OVERRIDE while switched").isZero();
        String after = Files.readString(Path.of("/proc/thread-self/status"));
        assertThat(after).containsPattern("Uid:\\s+0\\s+0\\s+0\\s+0\n");
        assertThat(capabilities(after) & CAP_DAC_OVERRIDE).as("CAP_DAC_OVERRIDE after").isNotZero();
    }

    static final long CAP_DAC_OVERRIDE = 1L << 1;

    static long capabilities(String status) {
        return Long.parseUnsignedLong(status.replaceAll("(?s).*\nCapEff:\\s+(\\p{XDigit}+)\n.*", "$1"), 16);
    }

    /**
     * What a shared pool of SFTP threads would do: one thread serving two accounts' file systems in turn,
     * with the appliance's own writes (a log in a root-only directory) in between. Every file is its
     * account's, and the appliance's writes keep root's rights.
     */
    @Test
    void oneThreadServesTwoAccountsInTurnAndTheApplianceBetween() throws Exception {
        Path applianceLog = Files.createDirectory(tmp.resolve("logs"));
        Files.setPosixFilePermissions(applianceLog, PosixFilePermissions.fromString("rwx------"));
        java.nio.file.FileSystem[] homes = new java.nio.file.FileSystem[2];
        int[] uids = {UID, UID + 1};
        for (int i = 0; i < 2; i++) {
            Path home = Files.createDirectory(tmp.resolve("home" + i));
            Files.setAttribute(home, "unix:uid", uids[i]);
            Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
            homes[i] = HomeJailFileSystemProvider.open(home, ThreadCredentials.forIds(uids[i], GID, GID));
        }
        java.util.concurrent.ExecutorService thread = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            thread.submit(() -> {
                for (int n = 0; n < 100; n++) {
                    for (int i = 0; i < 2; i++) {
                        Files.writeString(homes[i].getPath("/f" + n), "x");
                        Files.writeString(applianceLog.resolve("log"), "line\n", java.nio.file.StandardOpenOption.CREATE,
                                java.nio.file.StandardOpenOption.APPEND);
                    }
                }
                return null;
            }).get(60, TimeUnit.SECONDS);
        } finally {
            thread.shutdownNow();
        }
        for (int i = 0; i < 2; i++) {
            try (var files = Files.list(tmp.resolve("home" + i))) {
                int uid = uids[i];
                assertThat(files).hasSize(100).allSatisfy(f -> assertThat(TestFiles.uidOf(f)).isEqualTo(uid));
            }
        }
        assertThat(TestFiles.uidOf(applianceLog.resolve("log"))).isZero();
        assertThat(Files.readAllLines(applianceLog.resolve("log"))).hasSize(200);
    }

    @Test
    void theAppliancesOwnRightsSwitchNothing() throws IOException {
        assertThat(ThreadCredentials.unchanged().call(() -> Files.readString(secret))).isEqualTo("root only");
        assertThatThrownBy(() -> ThreadCredentials.forIds(0, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
