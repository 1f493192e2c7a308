package io.portcullis.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.portcullis.audit.AuditEntry;
import io.portcullis.audit.AuditLog;
import io.portcullis.settings.SftpLogLevel;
import io.portcullis.settings.SshSetting;
import io.portcullis.settings.SyslogFacility;
import io.portcullis.testing.MinaSsh;
import io.portcullis.testing.OpenSsh.Result;
import io.portcullis.testing.RunningAppliance;
import io.portcullis.testing.Settings;
import io.portcullis.testing.TestFiles;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SFTP Log Level and Facility end to end (SPEC §3, §8): real {@code sftp} and {@code scp} against the
 * appliance, whose {@code syslog.endpoint} is a UDP socket of this test on loopback. Each line is checked
 * as it arrives there (RFC 5424 structure, PRI from facility and severity, user, path and bytes), in the
 * log file and in the audit table.
 */
class TransferLoggingTest {

    /** {@code <PRI>1 TIMESTAMP HOSTNAME portcullis PROCID MSGID - BOM MSG}, RFC 5424 §6. */
    private static final Pattern RFC5424 = Pattern.compile(
            "<(\\d{1,3})>1 (\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z) (\\S+) portcullis (\\d+) (sftp|scp) - "
                    + "\uFEFF(.*)", Pattern.DOTALL);

    record Datagram(int pri, String msgId, String msg, String raw) {
        int facility() {
            return pri / 8;
        }

        int severity() {
            return pri % 8;
        }
    }

    @TempDir
    static Path tmp;
    static RunningAppliance appliance;
    static DatagramSocket syslog;
    static final List<Datagram> received = new CopyOnWriteArrayList<>();
    static Thread receiver;

    @BeforeAll
    static void start() throws IOException {
        TestFiles.openForAccounts(tmp);
        syslog = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        receiver = new Thread(TransferLoggingTest::receive, "test-syslog-receiver");
        receiver.setDaemon(true);
        receiver.start();
        Path data = Files.createDirectories(tmp.resolve("data"));
        Files.writeString(data.resolve("portcullis.conf"), "# written by the test\nsyslog.endpoint = 127.0.0.1:"
                + syslog.getLocalPort() + "\n" + RunningAppliance.PRIVATE_USERDB);
        appliance = RunningAppliance.start(data);
        appliance.addUser("alice", "scponly");
    }

    @AfterAll
    static void stop() {
        appliance.close();
        syslog.close();
    }

    private static void receive() {
        byte[] buffer = new byte[65_536];
        while (!syslog.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                syslog.receive(packet);
            } catch (SocketException closed) {
                return;
            } catch (IOException e) {
                continue;
            }
            String raw = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
            Matcher m = RFC5424.matcher(raw);
            // a datagram that is not RFC 5424 is kept with PRI -1, so that the assertions show it
            received.add(m.matches() ? new Datagram(Integer.parseInt(m.group(1)), m.group(5), m.group(6), raw)
                    : new Datagram(-1, "", raw, raw));
        }
    }

    private static void level(SftpLogLevel level, SyslogFacility facility) {
        Settings.change(appliance, s -> s.with(SshSetting.SFTP_LOG_LEVEL, level).with(SshSetting.SFTP_LOG_FACILITY, facility));
    }

    /** Waits for a datagram whose MSG contains {@code text}; fails with what did arrive if none comes. */
    private static Datagram awaitLine(String text) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .failFast(() -> received.stream().anyMatch(d -> d.pri() < 0))
                .until(() -> received.stream().anyMatch(d -> d.msg().contains(text)));
        return received.stream().filter(d -> d.msg().contains(text)).findFirst().orElseThrow();
    }

    private static List<AuditEntry> transferAudit() {
        return appliance.bean(AuditLog.class).find(Optional.of("alice"), Optional.of("transfer"), Optional.empty(),
                1000);
    }

    private static String logFile() throws IOException {
        return Files.readString(appliance.dataDir().resolve("logs/portcullis.log"), StandardCharsets.UTF_8);
    }

    private static Path local(String name, int size, long seed) {
        return TestFiles.random(tmp.resolve("local").resolve(name), size, seed);
    }

    @Test
    void infoLogsOpenAndCloseOfPutAndGetWithPathBytesAndUserToSyslogLogFileAndAudit() throws IOException {
        level(SftpLogLevel.INFO, SyslogFacility.AUTH);
        Path source = local("report.bin", 300_000, 1);
        Path back = tmp.resolve("local/report.back");
        Result r = appliance.user("alice").sftp("mkdir in\nput " + source + " in/report.bin\nget in/report.bin " + back
                + "\n");
        assertThat(r.exitCode()).as(r.toString()).isZero();

        Datagram put = awaitLine("close \"/in/report.bin\" bytes read 0 written 300000");
        Datagram get = awaitLine("close \"/in/report.bin\" bytes read 300000 written 0");
        Datagram open = awaitLine("open \"/in/report.bin\" flags WRITE,CREATE,TRUNCATE mode 0");
        Datagram mkdir = awaitLine("mkdir name \"/in\"");
        for (Datagram d : List.of(put, get, open, mkdir)) {
            assertThat(d.pri()).as(d.raw()).isEqualTo(4 * 8 + 6); // auth.info
            assertThat(d.msgId()).isEqualTo("sftp");
            assertThat(d.msg()).startsWith("user alice from 127.0.0.1: ");
        }
        assertThat(put.msg()).isEqualTo("user alice from 127.0.0.1: close \"/in/report.bin\" bytes read 0 written 300000");
        awaitLine("open \"/in/report.bin\" flags READ mode 0666");
        assertThat(received).noneMatch(d -> d.raw().contains(RunningAppliance.USER_PASSWORD));
        assertThat(received).noneMatch(d -> d.raw().contains(appliance.dataDir().toString()));

        String log = logFile();
        assertThat(log).contains("auth.info " + put.msg(), "auth.info " + get.msg(), "auth.info " + open.msg());

        assertThat(transferAudit()).anySatisfy(e -> {
            assertThat(e.address()).isEqualTo("127.0.0.1");
            assertThat(e.action()).isEqualTo("sftp close");
            assertThat(e.detail()).isEqualTo("\"/in/report.bin\" bytes read 0 written 300000");
            assertThat(e.outcome()).isEqualTo("ok");
        }).anySatisfy(e -> assertThat(e.detail()).isEqualTo("\"/in/report.bin\" bytes read 300000 written 0"));

        Result list = appliance.admin().exec("audit list --kind transfer --user alice");
        assertThat(list.exitCode()).as(list.toString()).isZero();
        assertThat(list.stdout()).contains("sftp close", "/in/report.bin", "bytes read 0 written 300000");
    }

    @Test
    void quietSendsNothingAndTheNextLevelAppliesToTheNextSessionWithoutRestart() {
        level(SftpLogLevel.QUIET, SyslogFacility.AUTH);
        Path quiet = local("quiet.bin", 1000, 2);
        assertThat(appliance.user("alice").sftp("put " + quiet + " quiet.bin\nrename quiet.bin quiet2.bin\n")
                .exitCode()).isZero();

        level(SftpLogLevel.INFO, SyslogFacility.AUTH);
        Path marker = local("marker.bin", 1000, 3);
        assertThat(appliance.user("alice").sftp("put " + marker + " marker.bin\n").exitCode()).isZero();
        // lines are sent in order from one thread: once the later session's line is here, any of the
        // quiet session's would be too
        awaitLine("close \"/marker.bin\" bytes read 0 written 1000");
        assertThat(received).noneMatch(d -> d.msg().contains("quiet.bin") || d.msg().contains("quiet2.bin"));
        assertThat(transferAudit()).noneMatch(e -> e.detail().contains("quiet.bin"));
    }

    @Test
    void facilityLocal3ChangesThePri() throws IOException {
        level(SftpLogLevel.INFO, SyslogFacility.LOCAL3);
        Path source = local("local3.bin", 5000, 4);
        assertThat(appliance.user("alice").sftp("put " + source + " local3.bin\n").exitCode()).isZero();
        Datagram close = awaitLine("close \"/local3.bin\" bytes read 0 written 5000");
        assertThat(close.facility()).isEqualTo(19);
        assertThat(close.pri()).isEqualTo(19 * 8 + 6);
        assertThat(logFile()).contains("local3.info " + close.msg());
    }

    @Test
    void refusedRequestsAreLoggedAtInfoWithTheReason() {
        level(SftpLogLevel.INFO, SyslogFacility.AUTH);
        Result r = appliance.user("alice").sftp("rm no-such-file\n");
        assertThat(r.exitCode()).isNotZero();
        Datagram failed = awaitLine("remove name \"/no-such-file\" failed: No such file");
        assertThat(failed.severity()).isEqualTo(6);
        assertThat(transferAudit()).anySatisfy(e -> {
            assertThat(e.detail()).contains("/no-such-file");
            assertThat(e.outcome()).isEqualTo("failed");
        });
    }

    @Test
    void verboseAddsRequestsThatChangeNothingAndDebugEachWriteAtSeverityDebugButNotInAudit() {
        level(SftpLogLevel.DEBUG, SyslogFacility.DAEMON);
        Path source = local("debug.bin", 70_000, 5);
        assertThat(appliance.user("alice").sftp("put " + source + " debug.bin\nls\n").exitCode()).isZero();
        Datagram write = awaitLine("write \"/debug.bin\" off 0 len ");
        assertThat(write.pri()).isEqualTo(3 * 8 + 7); // daemon.debug
        Datagram stat = awaitLine(": request realpath");
        assertThat(stat.pri()).isEqualTo(3 * 8 + 6); // VERBOSE goes out as info, as OpenSSH sends it
        awaitLine("close \"/debug.bin\" bytes read 0 written 70000");
        assertThat(transferAudit()).anyMatch(e -> e.action().equals("sftp request"))
                .noneMatch(e -> e.action().equals("sftp write"));
    }

    @Test
    void legacyScpUploadsAndDownloadsAreLoggedWithMsgIdScp() throws IOException {
        level(SftpLogLevel.INFO, SyslogFacility.AUTH);
        Path source = local("legacy.bin", 40_000, 6);
        var alice = appliance.user("alice");
        Result up = alice.scp("-O", source.toString(), alice.remote("legacy.bin"));
        assertThat(up.exitCode()).as(up.toString()).isZero();
        Result down = alice.scp("-O", alice.remote("legacy.bin"), tmp.resolve("local/legacy.back").toString());
        assertThat(down.exitCode()).as(down.toString()).isZero();

        Datagram upload = awaitLine("upload \"/legacy.bin\" bytes 40000");
        Datagram download = awaitLine("download \"/legacy.bin\" bytes 40000");
        for (Datagram d : List.of(upload, download)) {
            assertThat(d.msgId()).isEqualTo("scp");
            assertThat(d.pri()).isEqualTo(4 * 8 + 6);
            assertThat(d.msg()).startsWith("user alice from 127.0.0.1: ");
        }
        assertThat(logFile()).contains("auth.info " + upload.msg());
        assertThat(transferAudit()).anyMatch(e -> e.action().equals("scp upload")
                && e.detail().startsWith("\"/legacy.bin\" bytes 40000"));
    }

    @Test
    void namesWithQuotesAndNewlinesCannotForgeALine() throws IOException {
        level(SftpLogLevel.INFO, SyslogFacility.AUTH);
        Path source = local("plain.bin", 100, 7);
        Result r = appliance.user("alice").sftp("put " + source + " \"odd\\\"name.bin\"\n");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        awaitLine("close \"/odd\\\"name.bin\" bytes read 0 written 100");

        // OpenSSH's sftp cannot type a newline in a name; MINA's client sends any name
        String forged = "evil\nuser mallory from 10.0.0.1: close \"x\" bytes read 0 written 1";
        try (MinaSsh ssh = MinaSsh.login(appliance.port(), "alice", RunningAppliance.USER_PASSWORD);
             SftpClient sftp = SftpClientFactory.instance().createSftpClient(ssh.session())) {
            sftp.mkdir(forged);
        }
        awaitLine("mkdir name \"/evil\\x0auser mallory from 10.0.0.1: close \\\"x\\\" bytes read 0 written 1\"");
        assertThat(received).noneMatch(d -> d.raw().contains("\n") || d.msg().startsWith("user mallory"));
        assertThat(logFile()).doesNotContain("\nuser mallory");
    }
}
