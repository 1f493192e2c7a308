package io.portcullis.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.ssh.cipher.ChaCha20Poly1305;
import io.portcullis.ssh.cipher.ChaCha20Poly1305Factory;
import io.portcullis.testing.BitFlippingProxy;
import io.portcullis.testing.MinaSsh;
import io.portcullis.testing.OpenSsh;
import io.portcullis.testing.OpenSsh.Result;
import io.portcullis.testing.RunningAppliance;
import io.portcullis.testing.StartedAppliance;
import io.portcullis.testing.TestFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.cipher.BuiltinCiphers;
import org.apache.sshd.common.cipher.Cipher;
import org.apache.sshd.common.kex.KexProposalOption;
import org.apache.sshd.core.CoreModuleProperties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our chacha20-poly1305@openssh.com with OpenSSH's client, both ways: what the client sends is opened by our
 * cipher (uploads, stdin), what the server sends is opened by the client (downloads, stdout), through
 * several rekeys ({@code RekeyLimit=8M}); MINA SSHD's own client too; and a bit flipped on the wire ends the
 * connection with a MAC error. Tagged "large" (64 MiB each way): {@code -DexcludedGroups=large} leaves it out.
 */
@Tag("large")
class ChaCha20Poly1305InteropTest {

    static final int SIZE = 64 << 20;
    static final String CHACHA = "chacha20-poly1305@openssh.com";

    @TempDir
    static Path tmp;
    @StartedAppliance(users = {"carol:sh"})
    static RunningAppliance appliance;
    static Path source;
    static String sourceSum;

    @BeforeAll
    static void start() throws IOException {
        source = tmp.resolve("local/random.bin");
        write(source, SIZE, 16);
        sourceSum = TestFiles.sha256(source);
    }

    /**
     * OpenSSH's client held to chacha20-poly1305, rekeying every 8 MiB, printing its negotiation (debug1). At
     * every 1 MiB the 64 MiB transfers stall on JDK 25 with AES-GCM too (MINA's rekeying, not the cipher).
     */
    static OpenSsh chachaClient() {
        return appliance.user("carol").timeout(180).option("Ciphers=" + CHACHA).option("RekeyLimit=8M")
                .option("LogLevel=DEBUG1");
    }

    @Test
    void execCarries64MiBEachWayThroughRekeys() throws IOException {
        Result up = chachaClient().stdin(source).ssh(List.of(), "sha256sum");
        assertThat(up.exitCode()).as(up.toString()).isZero();
        assertThat(up.stdout()).startsWith(sourceSum);
        assertNegotiatedAndRekeyed(up.stderr());

        Files.copy(source, appliance.home("carol").resolve("down.bin"));
        Path back = tmp.resolve("local/exec-back.bin");
        Result down = chachaClient().stdoutTo(back).ssh(List.of(), "cat down.bin");
        assertThat(down.exitCode()).as(down.toString()).isZero();
        assertThat(TestFiles.sha256(back)).isEqualTo(sourceSum);
        assertNegotiatedAndRekeyed(down.stderr());

        // the server's side of such a session is ours, not MINA's, both ways
        Process held = chachaClient().background(List.of(), "sleep 30");
        try {
            assertServerSessionsUseOurCipher();
        } finally {
            OpenSsh.end(held);
        }
    }

    @Test
    void sftpAndScpPutAndGetThroughRekeys() throws IOException {
        Path home = appliance.home("carol");
        Result put = chachaClient().sftp("put " + source + " sftp.bin\n");
        assertThat(put.exitCode()).as(put.toString()).isZero();
        assertThat(TestFiles.sha256(home.resolve("sftp.bin"))).isEqualTo(sourceSum);
        assertNegotiatedAndRekeyed(put.stderr());
        Path sftpBack = tmp.resolve("local/sftp-back.bin");
        Result get = chachaClient().sftp("get sftp.bin " + sftpBack + "\n");
        assertThat(get.exitCode()).as(get.toString()).isZero();
        assertThat(TestFiles.sha256(sftpBack)).isEqualTo(sourceSum);
        assertNegotiatedAndRekeyed(get.stderr());

        OpenSsh scp = chachaClient();
        Result scpPut = scp.scp(source.toString(), scp.remote("scp.bin"));
        assertThat(scpPut.exitCode()).as(scpPut.toString()).isZero();
        assertThat(TestFiles.sha256(home.resolve("scp.bin"))).isEqualTo(sourceSum);
        Path scpBack = tmp.resolve("local/scp-back.bin");
        Result scpGet = scp.scp(scp.remote("scp.bin"), scpBack.toString());
        assertThat(scpGet.exitCode()).as(scpGet.toString()).isZero();
        assertThat(TestFiles.sha256(scpBack)).isEqualTo(sourceSum);
        assertNegotiatedAndRekeyed(scpGet.stderr());
    }

    @Test
    void minaClientWithItsOwnChaCha20ThroughRekeys() throws Exception {
        byte[] data = new byte[8 << 20];
        new Random(8).nextBytes(data);
        try (MinaSsh mina = MinaSsh.login(appliance.port(), "carol", client -> {
            client.setCipherFactories(List.<NamedFactory<Cipher>>of(BuiltinCiphers.cc20p1305_openssh));
            CoreModuleProperties.REKEY_BYTES_LIMIT.set(client, 1L << 20);
        }, session -> session.addPasswordIdentity(RunningAppliance.USER_PASSWORD))) {
            assertThat(mina.session().getNegotiatedKexParameter(KexProposalOption.C2SENC)).isEqualTo(CHACHA);
            assertThat(mina.session().getNegotiatedKexParameter(KexProposalOption.S2CENC)).isEqualTo(CHACHA);
            assertServerSessionsUseOurCipher();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (ChannelExec cat = mina.session().createExecChannel("cat")) {
                cat.setIn(new java.io.ByteArrayInputStream(data));
                cat.setOut(out);
                cat.setErr(new ByteArrayOutputStream());
                cat.open().verify(Duration.ofSeconds(20));
                cat.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), Duration.ofSeconds(120));
            }
            assertThat(sha256(out.toByteArray())).isEqualTo(sha256(data));
        }
    }

    @Test
    void aFlippedBitOnTheWireEndsTheConnectionWithAMacError() throws IOException {
        String before = log();
        // 1 MiB into what the client sends: well past the key exchange and login, inside the upload
        try (BitFlippingProxy proxy = new BitFlippingProxy(appliance.port(), (1 << 20) + 12345)) {
            Result r = OpenSsh.to(proxy.port(), "carol").password(RunningAppliance.USER_PASSWORD).timeout(120)
                    .option("Ciphers=" + CHACHA).stdin(source).ssh(List.of(), "cat > tampered.bin");
            assertThat(proxy.flipped()).isTrue();
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(255);
            // as OpenSSH's sshd, MINA tells the peer only "protocol error", never which check failed
            assertThat(r.stderr()).contains("Received disconnect").contains("Protocol error or corrupt packet");
        }
        assertThat(Files.size(appliance.home("carol").resolve("tampered.bin"))).isLessThan(SIZE);
        String added = log().substring(before.length());
        List<String> warnings = added.lines().filter(l -> l.contains("Corrupted MAC on input"))
                .filter(l -> l.contains(" WARN ") || l.contains(" ERROR ")).toList();
        assertThat(warnings).as(added).hasSize(1);
        assertThat(warnings.get(0)).contains("from /127.0.0.1:").contains("(carol)");
        assertThat(added).as("no stack trace").doesNotContain("\tat ").doesNotContain("Exception:\n");
    }

    /** The appliance's live sessions (there is one by now, or soon) en- and decrypt with our cipher class. */
    private static void assertServerSessionsUseOurCipher() {
        SshService ssh = appliance.bean(SshService.class);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> !ssh.sessions().isEmpty()
                && ssh.sessions().stream().allMatch(ChaCha20Poly1305InteropTest::keyed));
        for (var session : ssh.sessions()) {
            assertThat(session.getCipherInformation(true)).as("incoming").isInstanceOf(ChaCha20Poly1305.class);
            assertThat(session.getCipherInformation(false)).as("outgoing").isInstanceOf(ChaCha20Poly1305.class);
        }
        assertThat(ChaCha20Poly1305Factory.backends()).isPresent();
    }

    private static boolean keyed(org.apache.sshd.server.session.ServerSession session) {
        return session.isAuthenticated() && session.getCipherInformation(true) != null;
    }

    private static void assertNegotiatedAndRekeyed(String clientDebug) {
        assertThat(clientDebug).contains("kex: server->client cipher: " + CHACHA)
                .contains("kex: client->server cipher: " + CHACHA);
        Matcher newKeys = Pattern.compile("SSH2_MSG_NEWKEYS received").matcher(clientDebug);
        int count = 0;
        while (newKeys.find()) {
            count++;
        }
        assertThat(count).as("key exchanges (first and rekeys)").isGreaterThan(3);
    }

    private static String log() throws IOException {
        return Files.readString(appliance.dataDir().resolve("logs/portcullis.log"), StandardCharsets.UTF_8);
    }

    private static void write(Path file, int size, long seed) throws IOException {
        Files.createDirectories(file.getParent());
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        Files.write(file, data);
    }

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }
}
