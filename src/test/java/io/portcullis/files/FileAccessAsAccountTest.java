package io.portcullis.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.portcullis.accounts.Accounts;
import io.portcullis.accounts.User;
import io.portcullis.audit.AuditLog.Actor;
import io.portcullis.audit.AuditLog;
import io.portcullis.host.ProcessIdentity;
import io.portcullis.settings.SftpLogLevel;
import io.portcullis.settings.SshSetting;
import io.portcullis.testing.OpenSsh.Result;
import io.portcullis.testing.OpenSsh;
import io.portcullis.testing.Paramiko;
import io.portcullis.testing.Refusals;
import io.portcullis.testing.RunningAppliance;
import io.portcullis.testing.StartedAppliance;
import io.portcullis.testing.Settings;
import io.portcullis.testing.TestFiles;
import io.portcullis.testing.TestKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 13, item 1: inside a home, SFTP and SCP are decided by the kernel with the account's uid, gid and
 * groups, as OpenSSH's internal-sftp, which runs as the user, would decide them. Before, the file server
 * acted with root's rights and an scponly account read root's and other accounts' 0600 files, wrote
 * root's 0644 file, created files in root's 0755 directory, took root's file with a chown, linked and
 * copied what it could not read, and read and deleted another account's file in a shared 1777 directory.
 * Root's own SFTP keeps root's rights. Real sftp, scp, scp -O and paramiko; needs root, as in service.
 */
class FileAccessAsAccountTest {

    static final Actor TEST = new Actor("test", "local");

    @TempDir
    static Path tmp;
    @StartedAppliance(users = {"scpy:scponly", "bob:scponly", "alice:scponly", "carol:scponly"})
    static RunningAppliance appliance;
    static Accounts accounts;
    static Path home;
    static Path shared;
    static Path upload;

    @BeforeAll
    static void start() throws IOException {
        assumeTrue(ProcessIdentity.isRoot(), "acting as the account needs the appliance to run as root");
        accounts = appliance.bean(Accounts.class);
        accounts.addGroup(TEST, "sharers", Optional.empty());
        accounts.addMember(TEST, "sharers", "alice");
        accounts.addMember(TEST, "sharers", "carol");
        shared = Files.createDirectory(tmp.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.setAttribute(shared, "unix:mode", 01777);
        Settings.change(appliance, s -> Settings.aux(s, "Match Group sharers\n  ChrootDirectory " + shared));

        home = appliance.home("scpy");
        file(home.resolve("root0600.txt"), "root's secret", 0, 0, "rw-------");
        User bob = accounts.require("bob");
        file(home.resolve("bob0600.txt"), "bob's secret", bob.uid(), bob.primaryGroup().gid(), "rw-------");
        file(home.resolve("root0644.txt"), "root's notice", 0, 0, "rw-r--r--");
        Path rootDir = Files.createDirectory(home.resolve("rootdir"));
        Files.setPosixFilePermissions(rootDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        upload = TestFiles.random(tmp.resolve("local/upload.bin"), 10_000, 1);
    }

    static Path file(Path path, String content, int uid, int gid, String mode) throws IOException {
        Files.writeString(path, content);
        Files.setAttribute(path, "unix:uid", uid);
        Files.setAttribute(path, "unix:gid", gid);
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(mode));
        return path;
    }

    static OpenSsh as(String user) {
        return appliance.user(user);
    }

    static Path local(String name) {
        return tmp.resolve("local").resolve(name);
    }

    static void refused(String user, String batch) {
        Refusals.assertSftpBatchFails(as(user), batch + "\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"root0600.txt", "bob0600.txt"})
    void anotherUidsPrivateFileCannotBeRead(String name) {
        refused("scpy", "get " + name + " " + local("sftp-" + name));
        assertThat(local("sftp-" + name)).doesNotExist();
        for (String mode : new String[] {"-s", "-O"}) {
            Result r = as("scpy").scp(mode, as("scpy").remote(name), local("scp" + mode + name).toString());
            assertThat(r.exitCode()).as(mode + " " + r).isNotZero();
            assertThat(local("scp" + mode + name)).doesNotExist();
        }
        // what OpenSSH's internal-sftp answers too: the name is listed, its content is not readable
        Result ls = as("scpy").sftp("ls -l " + name + "\n");
        assertThat(ls.exitCode()).as(ls.toString()).isZero();
    }

    @Test
    void rootsReadableFileCannotBeWritten() throws IOException {
        Path target = home.resolve("root0644.txt");
        refused("scpy", "put " + upload + " root0644.txt");
        for (String mode : new String[] {"-s", "-O"}) {
            Result r = as("scpy").scp(mode, upload.toString(), as("scpy").remote("root0644.txt"));
            assertThat(r.exitCode()).as(mode + " " + r).isNotZero();
        }
        // what OpenSSH's sftp cannot send: a size, times or an owner alone
        Result hostile = Paramiko.sftp(appliance.port(), "scpy", RunningAppliance.USER_PASSWORD, String.join("\n",
                "attempt('truncate', lambda: sftp.truncate('root0644.txt', 0))",
                "attempt('utime', lambda: sftp.utime('root0644.txt', (0, 0)))",
                "attempt('chmod', lambda: sftp.chmod('root0644.txt', 0o666))",
                "attempt('append', lambda: sftp.open('root0644.txt', 'a').write(b'x'))",
                "attempt('read', lambda: print(sftp.open('root0644.txt').read().decode()))"));
        assertThat(hostile.stdout()).as(hostile.toString())
                .contains("truncate: refused: ", "utime: refused: ", "chmod: refused: ", "append: refused: ")
                .contains("root's notice\nread: ok");
        assertThat(Files.readString(target)).isEqualTo("root's notice");
        assertThat(Files.getLastModifiedTime(target).toMillis()).isNotZero();
        assertThat(Files.getPosixFilePermissions(target)).isEqualTo(PosixFilePermissions.fromString("rw-r--r--"));
    }

    @Test
    void nothingCanBeCreatedInRootsDirectory() {
        refused("scpy", "put " + upload + " rootdir/new.bin");
        refused("scpy", "mkdir rootdir/sub");
        refused("scpy", "symlink ../root0644.txt rootdir/link");
        for (String mode : new String[] {"-s", "-O"}) {
            Result r = as("scpy").scp(mode, upload.toString(), as("scpy").remote("rootdir/new" + mode + ".bin"));
            assertThat(r.exitCode()).as(mode + " " + r).isNotZero();
        }
        assertThat(home.resolve("rootdir")).isEmptyDirectory();
    }

    /** OpenSSH's chown sends the uid with the file's gid; paramiko sends the account's own pair. */
    @Test
    void rootsFileCannotBeTaken() {
        User scpy = accounts.require("scpy");
        refused("scpy", "chown " + scpy.uid() + " root0644.txt");
        refused("scpy", "chgrp " + scpy.primaryGroup().gid() + " root0644.txt");
        Result r = Paramiko.sftp(appliance.port(), "scpy", RunningAppliance.USER_PASSWORD,
                "attempt('chown', lambda: sftp.chown('root0644.txt', " + scpy.uid() + ", " + scpy.primaryGroup().gid() + "))");
        assertThat(r.stdout()).as(r.toString()).contains("chown: refused: ");
        assertThat(TestFiles.uidOf(home.resolve("root0644.txt"))).isZero();
    }

    /** fs.protected_hardlinks (Debian's default) refuses a link to a file one may not read and write. */
    @Test
    void whatCannotBeReadCannotBeLinkedOrCopied() throws IOException {
        assumeTrue(Files.readString(Path.of("/proc/sys/fs/protected_hardlinks")).trim().equals("1"),
                "fs.protected_hardlinks is off on this host");
        refused("scpy", "ln root0600.txt hard0600.txt");
        refused("scpy", "ln root0644.txt hard0644.txt");
        refused("scpy", "ln bob0600.txt hard-bob.txt");
        refused("scpy", "cp root0600.txt copy0600.txt");
        refused("scpy", "cp bob0600.txt copy-bob.txt");
        try (Stream<Path> names = Files.list(home)) {
            assertThat(names.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("hard") || n.startsWith("copy"));
        }
    }

    @Test
    void inASharedStickyDirectoryOthersFilesAreTheirs() throws IOException {
        Path mine = Files.writeString(tmp.resolve("local/private.txt"), "alice's private note");
        Files.setPosixFilePermissions(mine, PosixFilePermissions.fromString("rw-------"));
        Result put = as("alice").sftp("put " + mine + " /private.txt\n");
        assertThat(put.exitCode()).as(put.toString()).isZero();
        Path there = shared.resolve("private.txt");
        assertThat(TestFiles.uidOf(there)).isEqualTo(accounts.require("alice").uid());
        assertThat(Files.getPosixFilePermissions(there)).isEqualTo(PosixFilePermissions.fromString("rw-------"));

        refused("carol", "get /private.txt " + local("carol-got.txt"));
        refused("carol", "rm /private.txt");
        refused("carol", "rename /private.txt /carols.txt");
        refused("carol", "put " + upload + " /private.txt");
        assertThat(local("carol-got.txt")).doesNotExist();
        assertThat(there).hasContent("alice's private note");

        Result own = as("alice").sftp("get /private.txt " + local("alice-got.txt") + "\nrm /private.txt\n");
        assertThat(own.exitCode()).as(own.toString()).isZero();
        assertThat(local("alice-got.txt")).hasContent("alice's private note");
        assertThat(there).doesNotExist();
    }

    /** New files and directories are the account's, uid and primary gid, made so by the kernel (no chown). */
    @Test
    void theAccountsOwnFilesWorkAsBefore() throws IOException {
        User scpy = accounts.require("scpy");
        Path back = local("own.back");
        Result r = as("scpy").sftp(String.join("\n",
                "mkdir own", "put " + upload + " own/a.bin", "chmod 600 own/a.bin", "rename own/a.bin own/b.bin",
                "get own/b.bin " + back, "symlink b.bin own/link", "ln own/b.bin own/hard.bin", "cp own/b.bin own/c.bin",
                "rm own/hard.bin", "rename root0644.txt own/roots-moved.txt", "rename own/roots-moved.txt root0644.txt", ""));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(TestFiles.sha256(back)).isEqualTo(TestFiles.sha256(upload));
        for (String name : new String[] {"own", "own/b.bin", "own/link", "own/c.bin"}) {
            Path p = home.resolve(name);
            assertThat(TestFiles.uidOf(p)).as(name).isEqualTo(scpy.uid());
            assertThat((Integer) Files.getAttribute(p, "unix:gid", LinkOption.NOFOLLOW_LINKS)).as(name)
                    .isEqualTo(scpy.primaryGroup().gid());
        }
        assertThat(Files.getPosixFilePermissions(home.resolve("own/b.bin"))).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        Result scp = as("scpy").scp("-O", "-p", upload.toString(), as("scpy").remote("own/d.bin"));
        assertThat(scp.exitCode()).as(scp.toString()).isZero();
        assertThat(TestFiles.uidOf(home.resolve("own/d.bin"))).isEqualTo(scpy.uid());
        Result clean = as("scpy").sftp("rm own/*\nrmdir own\n");
        assertThat(clean.exitCode()).as(clean.toString()).isZero();
        assertThat(home.resolve("own")).doesNotExist();
    }

    @Test
    void rootsOwnSftpKeepsRootsRights() throws IOException {
        accounts.addKey(TEST, "root", TestKeys.publicLine(TestKeys.generate(tmp.resolve("keys"), "root", "ed25519")));
        OpenSsh root = appliance.ssh("root").identity(tmp.resolve("keys/root"));
        Result r = root.sftp("get scpy/root0600.txt " + local("root-got.txt") + "\nget scpy/bob0600.txt "
                + local("root-got-bob.txt") + "\nput " + upload + " scpy/rootdir/by-root.bin\n");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(local("root-got.txt")).hasContent("root's secret");
        assertThat(local("root-got-bob.txt")).hasContent("bob's secret");
        assertThat(TestFiles.uidOf(home.resolve("rootdir/by-root.bin"))).isZero();
        Files.delete(home.resolve("rootdir/by-root.bin"));
    }

    /**
     * Two accounts at once, with every operation audited (SFTP Log Level VERBOSE writes the database and the
     * log from the SFTP threads between operations): no file lands with the wrong owner, and everything the
     * appliance writes for itself stays root's.
     */
    @Test
    void underParallelTrafficCredentialsNeverLeak() throws Exception {
        Settings.change(appliance, s -> s.with(SshSetting.SFTP_LOG_LEVEL, SftpLogLevel.VERBOSE));
        try {
            List<CompletableFuture<Result>> runs = new ArrayList<>();
            for (String user : new String[] {"scpy", "bob"}) {
                StringBuilder batch = new StringBuilder("mkdir load\n");
                for (int i = 0; i < 60; i++) {
                    batch.append("mkdir load/d").append(i).append("\nput ").append(upload).append(" load/d").append(i)
                            .append("/f.bin\nls load/d").append(i).append('\n');
                }
                runs.add(CompletableFuture.supplyAsync(() -> as(user).sftp(batch.toString())));
                for (int i = 0; i < 3; i++) {
                    String name = "load-scp" + i + ".bin";
                    runs.add(CompletableFuture.supplyAsync(() -> as(user).scp("-O", upload.toString(), as(user).remote(name))));
                }
            }
            for (CompletableFuture<Result> run : runs) {
                Result r = run.join();
                assertThat(r.exitCode()).as(r.toString()).isZero();
            }
        } finally {
            Settings.change(appliance, s -> s.with(SshSetting.SFTP_LOG_LEVEL, SftpLogLevel.ERROR));
        }
        for (String user : new String[] {"scpy", "bob"}) {
            int uid = accounts.require(user).uid();
            Map<String, Integer> owners = owners(appliance.home(user).resolve("load"));
            assertThat(owners).hasSize(60 * 2);
            assertThat(owners.values()).as(user).containsOnly(uid);
            assertThat(TestFiles.uidOf(appliance.home(user).resolve("load-scp2.bin"))).isEqualTo(uid);
        }
        // the appliance's own files (database, journals, logs) are root's, and the audit of every operation is there
        Map<String, Integer> own = owners(appliance.dataDir());
        own.keySet().removeIf(name -> name.startsWith("home/"));
        assertThat(own).isNotEmpty();
        assertThat(own.values()).as(own.toString()).containsOnly(0);
        var audited = appliance.bean(AuditLog.class).find(Optional.of("bob"), Optional.of("transfer"), Optional.empty(), 1000);
        assertThat(audited.stream().filter(e -> e.detail().contains("/load/d59"))).isNotEmpty();
        assertThat(Files.readString(appliance.dataDir().resolve("logs/portcullis.log"))).contains("/load/d59/f.bin");
    }

    /** Every file and directory below {@code dir}, not following links, with its owner. */
    static Map<String, Integer> owners(Path dir) {
        Map<String, Integer> owners = new TreeMap<>();
        try (Stream<Path> all = Files.walk(dir)) {
            all.filter(p -> !p.equals(dir)).forEach(p -> owners.put(dir.relativize(p).toString(), TestFiles.uidOf(p)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return owners;
    }
}
