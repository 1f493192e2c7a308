package io.portcullis.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portcullis.accounts.Accounts;
import io.portcullis.host.ProcessIdentity;
import io.portcullis.testing.MinaSsh;
import io.portcullis.testing.RunningAppliance;
import io.portcullis.testing.StartedAppliance;
import io.portcullis.testing.TestFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.sshd.sftp.client.SftpClient.CloseableHandle;
import org.apache.sshd.sftp.client.SftpClient.OpenMode;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.apache.sshd.sftp.client.extensions.openssh.OpenSSHLimitsExtension;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;
import org.apache.sshd.sftp.common.extensions.ParserUtils;
import org.apache.sshd.sftp.common.extensions.VendorIdParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the SFTP server answers at the protocol level, with MINA's own client (which speaks every version
 * and every request): the per-session handle limit and its report in limits@openssh.com, the vendor-id,
 * and ownership by name (SFTP v6).
 */
class SftpProtocolTest {

    @StartedAppliance(users = {"scpy:scponly"})
    static RunningAppliance appliance;
    static Path home;

    @BeforeAll
    static void start() throws IOException {
        home = appliance.home("scpy");
        Path mine = Files.writeString(home.resolve("mine.txt"), "mine");
        var user = appliance.bean(Accounts.class).require("scpy");
        Files.setAttribute(mine, "unix:uid", user.uid());
        Files.setAttribute(mine, "unix:gid", user.primaryGroup().gid());
    }

    static MinaSsh login() throws IOException {
        return MinaSsh.login(appliance.port(), "scpy", RunningAppliance.USER_PASSWORD);
    }

    /**
     * One session that keeps opening gets as many handles as OpenSSH's sftp-server under systemd's default
     * open-file limit, and then a clear refusal, instead of every descriptor of the appliance (before: 19,872
     * handles, 19,999 of the JVM's 20,000 descriptors, then "General failure" for everybody).
     */
    @Test
    void aSessionHoldsAtMostOpenSshsNumberOfHandles() throws IOException {
        long before = openDescriptors();
        try (MinaSsh ssh = login(); SftpClient sftp = SftpClientFactory.instance().createSftpClient(ssh.session())) {
            assertThat(sftp.getExtension(OpenSSHLimitsExtension.class).limits().maxOpenHandles).isEqualTo(1019);
            List<CloseableHandle> held = new ArrayList<>();
            for (int i = 0; i < 1019; i++) {
                held.add(i % 2 == 0 ? sftp.open("/mine.txt", EnumSet.of(OpenMode.Read)) : sftp.openDir("/"));
            }
            assertThatThrownBy(() -> sftp.open("/mine.txt", EnumSet.of(OpenMode.Read))).isInstanceOfSatisfying(
                    SftpException.class, e -> {
                        assertThat(e.getStatus()).isEqualTo(SftpConstants.SSH_FX_FAILURE);
                        assertThat(e.getMessage()).contains("too many open files and directories in this SFTP session"
                                + " (at most 1019): close some before opening more");
                    });
            assertThatThrownBy(() -> sftp.openDir("/")).isInstanceOf(SftpException.class);
            // an open file holds one descriptor, a directory listing two (Java keeps a dup for its openat calls);
            // generous: plus the sessions' sockets and whatever else the JVM opened meanwhile
            assertThat(openDescriptors() - before).isBetween(1019L, 2 * 1019L + 100);
            // another session is not held back, and a closed handle makes room again
            try (MinaSsh other = login(); SftpClient second = SftpClientFactory.instance().createSftpClient(other.session())) {
                try (CloseableHandle h = second.open("/mine.txt", EnumSet.of(OpenMode.Read))) {
                    byte[] got = new byte[4];
                    assertThat(second.read(h, 0, got)).isEqualTo(4);
                    assertThat(got).isEqualTo("mine".getBytes());
                }
            }
            held.remove(0).close();
            try (CloseableHandle h = sftp.open("/mine.txt", EnumSet.of(OpenMode.Read))) {
                assertThat(h.getIdentifier()).isNotEmpty();
            }
            for (CloseableHandle h : held) {
                h.close();
            }
        }
    }

    /** The SFTP vendor-id said "sshd-common 2.20.0", a version to look vulnerabilities up by. */
    @Test
    void theVendorIdNamesPortcullisWithoutALibraryVersion() throws IOException {
        try (MinaSsh ssh = login(); SftpClient sftp = SftpClientFactory.instance().createSftpClient(ssh.session())) {
            Map<String, Object> extensions = ParserUtils.parse(sftp.getServerExtensions());
            VendorIdParser.VendorId vendor = (VendorIdParser.VendorId) extensions.get(SftpConstants.EXT_VENDOR_ID);
            assertThat(vendor.vendorName).isEqualTo("Portcullis");
            assertThat(vendor.productName).isEqualTo("Portcullis");
            assertThat(vendor.productVersion).isEmpty();
            assertThat(new String(sftp.getServerExtensions().get(SftpConstants.EXT_VENDOR_ID)))
                    .doesNotContain("sshd").doesNotContain("2.20").doesNotContain("apache");
        }
    }

    /** A v6 setstat of the owner by name answered OK and changed nothing: now it is refused, saying what works. */
    @Test
    void ownershipByNameIsRefusedUnlessItChangesNothing() throws IOException {
        try (MinaSsh ssh = login(); SftpClient sftp = SftpClientFactory.instance().createSftpClient(ssh.session(), 6)) {
            assertThat(sftp.getVersion()).isEqualTo(6);
            int uid = TestFiles.uidOf(home.resolve("mine.txt"));
            for (String name : new String[] {"root", "nosuchuser", "scpy"}) {
                SftpClient.Attributes change = new SftpClient.Attributes().owner(name).group("root");
                assertThatThrownBy(() -> sftp.setStat("/mine.txt", change)).as(name).isInstanceOfSatisfying(
                        SftpException.class, e -> {
                            assertThat(e.getStatus()).isEqualTo(SftpConstants.SSH_FX_OP_UNSUPPORTED);
                            assertThat(e.getMessage()).contains("changing the owner or group by name is not supported:"
                                    + " use numeric ids (SFTP version 3");
                        });
            }
            assertThat(TestFiles.uidOf(home.resolve("mine.txt"))).isEqualTo(uid);
            // what a client read, set back with a new mode: nothing to refuse
            SftpClient.Attributes now = sftp.stat("/mine.txt");
            sftp.setStat("/mine.txt", new SftpClient.Attributes().owner(now.getOwner()).group(now.getGroup()).perms(0640));
            assertThat(Files.getPosixFilePermissions(home.resolve("mine.txt")))
                    .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----"));
            if (ProcessIdentity.isRoot()) {
                assertThat(TestFiles.uidOf(home.resolve("mine.txt"))).isEqualTo(uid);
            }
        }
    }

    static long openDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }
}
