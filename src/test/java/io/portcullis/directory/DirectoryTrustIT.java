package io.portcullis.directory;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.testing.OpenSsh;
import io.portcullis.testing.OpenSsh.Result;
import io.portcullis.testing.RunningAppliance;
import io.portcullis.testing.Slapd;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What stands between the appliance and its directory (issue 18): ldaps:// as well as StartTLS, a
 * certificate the CA file does not vouch for, one for another host name, a wrong bind password, and a
 * directory that accepts connections and never answers. Each refuses the directory's logins with a log
 * line that says why, and local accounts go on logging in.
 */
class DirectoryTrustIT {

    static final String PASSWORD = "directory-password";

    @TempDir
    static Path tmp;

    static Slapd slapd;

    @BeforeAll
    static void directory() throws Exception {
        slapd = Slapd.start(tmp.resolve("slapd"));
        slapd.add(Slapd.user("alice", 30001, 30001, PASSWORD, List.of()) + Slapd.group("pc-sftp", 31000, "alice"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (slapd != null) {
            slapd.close();
        }
    }

    static RunningAppliance appliance(String name, String... lines) throws Exception {
        return RunningAppliance.start(RunningAppliance.withConf(tmp.resolve(name), lines));
    }

    static OpenSsh alice(RunningAppliance appliance) {
        return appliance.ssh("alice").password(PASSWORD);
    }

    @Test
    void ldapsWorksAsStartTlsDoes() throws Exception {
        List<String> lines = new ArrayList<>(List.of(slapd.confLines("ldap.scponly-groups = pc-sftp")));
        lines.set(0, "ldap.url = " + slapd.ldapsUrl());
        try (RunningAppliance appliance = appliance("ldaps", lines.toArray(String[]::new))) {
            Result in = alice(appliance).sftp("ls\n");
            assertThat(in.exitCode()).as(in.toString()).isZero();
        }
    }

    @Test
    void aCertificateTheCaFileDoesNotMatchIsRefused() throws Exception {
        Path other = slapd.otherCa("other-ca");
        List<String> lines = new ArrayList<>(List.of(slapd.confLines("ldap.scponly-groups = pc-sftp")));
        lines.set(1, "ldap.ca-file = " + other);
        try (RunningAppliance appliance = appliance("other-ca", lines.toArray(String[]::new))) {
            assertThat(alice(appliance).sftp("ls\n").exitCode()).isEqualTo(255);
            appliance.awaitLog("connection with StartTLS failed");
            assertThat(appliance.log()).doesNotContain(Slapd.SERVICE_PASSWORD);
            Result services = appliance.admin().exec("services list");
            assertThat(services.exitCode()).isZero();
            assertThat(services.stdout()).contains("FAILING since");
        }
    }

    @Test
    void aCertificateForAnotherHostIsRefused() throws Exception {
        Path data = RunningAppliance.withConf(tmp.resolve("other-host"), slapd.confLines("ldap.scponly-groups = pc-sftp"));
        try (RunningAppliance appliance = RunningAppliance.start(data)) {
            // its subject's CN is still 127.0.0.1, which counts for nothing beside subject alternative names
            slapd.reissue("subjectAltName=DNS:ldap.elsewhere.example");
            try {
                assertThat(alice(appliance).sftp("ls\n").exitCode()).isEqualTo(255);
                String log = appliance.awaitLog("connection with StartTLS failed");
                assertThat(log).contains("127.0.0.1");
            } finally {
                slapd.reissue("subjectAltName=IP:127.0.0.1,DNS:localhost");
            }
            assertThat(alice(appliance).sftp("ls\n").exitCode()).as("the right certificate again").isZero();
        }
    }

    @Test
    void aWrongBindPasswordIsReportedAndLocalAccountsGoOn() throws Exception {
        Path wrong = Files.writeString(tmp.resolve("wrong-bind-password"), "not-the-password\n");
        List<String> lines = new ArrayList<>(List.of(slapd.confLines("ldap.scponly-groups = pc-sftp")));
        lines.set(3, "ldap.bind-password-file = " + wrong);
        try (RunningAppliance appliance = appliance("wrong-bind", lines.toArray(String[]::new))) {
            appliance.addUser("local", "scponly");
            assertThat(alice(appliance).sftp("ls\n").exitCode()).isEqualTo(255);
            String log = appliance.awaitLog("the directory refused the bind of " + Slapd.SERVICE_DN + " (invalid credentials):"
                    + " put its current password in " + wrong);
            assertThat(log).doesNotContain("not-the-password");
            assertThat(appliance.user("local").sftp("ls\n").exitCode()).isZero();
            assertThat(appliance.admin().exec("services list").stdout()).contains("refused the bind");
        }
    }

    /**
     * A directory that takes connections and never answers: more directory logins wait than MINA has I/O
     * threads (cores + 1), and a local administrator still logs in while they wait, so none of them holds one.
     */
    @Test
    void aDirectoryThatNeverAnswersHoldsNoIoThread() throws Exception {
        List<Socket> held = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                while (!silent.isClosed()) {
                    try {
                        held.add(silent.accept());
                    } catch (java.io.IOException closed) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            List<String> lines = new ArrayList<>(List.of(slapd.confLines("ldap.timeout = 30s")));
            lines.set(0, "ldap.url = ldap://127.0.0.1:" + silent.getLocalPort());
            try (RunningAppliance appliance = appliance("silent", lines.toArray(String[]::new))) {
                int waiting = Runtime.getRuntime().availableProcessors() + 3;
                List<Process> logins = new ArrayList<>();
                for (int i = 0; i < waiting; i++) {
                    logins.add(appliance.ssh("user" + i).password(PASSWORD).background(List.of(), "true"));
                }
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                        .until(() -> held.size() >= 2);
                Result admin = appliance.admin().exec("services list");
                assertThat(admin.exitCode()).as(admin.toString()).isZero();
                assertThat(logins).as("the directory logins still wait for the directory").allMatch(Process::isAlive);
                logins.forEach(OpenSsh::end);
            }
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }
}
