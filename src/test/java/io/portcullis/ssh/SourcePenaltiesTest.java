package io.portcullis.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.testing.OpenSsh;
import io.portcullis.testing.RunningAppliance;
import io.portcullis.testing.StartedAppliance;
import io.portcullis.testing.Settings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * SPEC §9: repeated failed logins from one address are slowed and then refused for a while, without
 * locking out other addresses. Every 127.0.0.0/8 address is loopback on Linux, so the attacker and the
 * administrator are different sources through {@code BindAddress}.
 */
class SourcePenaltiesTest {

    /** No exemption: this test is about penalties. */
    @StartedAppliance(exemptLoopback = false, users = "alice:bash")
    static RunningAppliance appliance;

    private static void aux(String text) {
        Settings.changeAndRestart(appliance, s -> Settings.aux(s, text));
    }

    /**
     * A penalty is added when the server sees the failed connection close, a moment after the client
     * has exited; wait for that before the next attempt, as a human attacker would.
     */
    private static void awaitPenalised(String source) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                appliance.bean(SourcePenalties.class).refusal(java.net.InetAddress.getByName(source)).isPresent());
    }

    private static OpenSsh from(String source, String user, String password) {
        return appliance.ssh(user).password(password).option("BindAddress=" + source);
    }

    @Test
    void failuresFromOneAddressGetItRefusedWhileOthersStillLogIn() throws Exception {
        aux("PerSourcePenalties authfail:5s invaliduser:5s min:6s max:60s");
        String attacker = "127.0.0.2";
        for (int i = 0; i < 2; i++) {
            assertThat(from(attacker, "alice", "wrong password").exec("true").exitCode()).isEqualTo(255);
        }
        awaitPenalised(attacker);
        OpenSsh.Result refused = from(attacker, "alice", RunningAppliance.USER_PASSWORD).exec("echo in");
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(255);
        assertThat(refused.stdout()).doesNotContain("in");

        OpenSsh.Result admin = appliance.admin().option("BindAddress=127.0.0.3").exec("services list");
        assertThat(admin.exitCode()).as("admin from another address: " + admin).isZero();

        assertThat(appliance.bean(io.portcullis.store.AuditRepository.class)
                .find(java.util.Optional.empty(), java.util.Optional.of("login"), java.util.Optional.empty(), 100))
                .anyMatch(e -> e.address().equals(attacker) && e.action().equals("penalty")
                        && e.outcome().equals("refused"));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(15)).until(() ->
                appliance.bean(SourcePenalties.class).refusal(java.net.InetAddress.getByName(attacker)).isEmpty());
        OpenSsh.Result after = from(attacker, "alice", RunningAppliance.USER_PASSWORD).exec("echo in");
        assertThat(after.exitCode()).as(after.toString()).isZero();
        assertThat(after.stdout()).contains("in");
    }

    @Test
    void probingUnknownUsersDoesNotLockTheRealAdminOut() {
        aux("PerSourcePenalties invaliduser:10s min:15s max:60s");
        for (String probe : new String[] {"root", "test", "oracle"}) {
            from("127.0.0.4", probe, "123456").exec("true");
        }
        awaitPenalised("127.0.0.4");
        assertThat(from("127.0.0.4", "admin", RunningAppliance.ADMIN_PASSWORD).exec("services list").exitCode())
                .as("the probing address is refused").isEqualTo(255);
        assertThat(appliance.admin().option("BindAddress=127.0.0.5").exec("services list").exitCode())
                .as("admin from elsewhere").isZero();
    }

    @Test
    void exemptAddressesAndPenaltiesOffAreNeverRefused() throws Exception {
        aux("PerSourcePenalties authfail:10s min:15s\nPerSourcePenaltyExemptList 127.0.0.6,10.0.0.0/8");
        for (int i = 0; i < 3; i++) {
            from("127.0.0.6", "alice", "wrong password").exec("true");
        }
        Thread.sleep(1000); // the closes are seen (see awaitPenalised), and still no penalty
        assertThat(appliance.bean(SourcePenalties.class).refusal(java.net.InetAddress.getByName("127.0.0.6"))).isEmpty();
        assertThat(from("127.0.0.6", "alice", RunningAppliance.USER_PASSWORD).exec("true").exitCode()).isZero();

        aux("PerSourcePenalties no");
        for (int i = 0; i < 3; i++) {
            from("127.0.0.7", "alice", "wrong password").exec("true");
        }
        assertThat(from("127.0.0.7", "alice", RunningAppliance.USER_PASSWORD).exec("true").exitCode()).isZero();
    }

    @Test
    void connectionsThatNeverLogInAddUpToo() throws Exception {
        aux("PerSourcePenalties noauth:6s min:8s max:60s");
        for (int i = 0; i < 2; i++) {
            // BatchMode with no key: the client gives up without trying a password
            OpenSsh.to(appliance.port(), "alice").option("BindAddress=127.0.0.8").exec("true");
        }
        awaitPenalised("127.0.0.8");
        assertThat(from("127.0.0.8", "alice", RunningAppliance.USER_PASSWORD).exec("true").exitCode()).isEqualTo(255);
    }

    @Test
    void wrongPasswordsOnOneConnectionAreAnsweredLaterAndTheRightOneStillGetsIn() throws Exception {
        aux("PerSourcePenalties authfail:5s min:15s");
        org.apache.sshd.client.SshClient client = org.apache.sshd.client.SshClient.setUpDefaultClient();
        client.setServerKeyVerifier(org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier.INSTANCE);
        client.start();
        try (org.apache.sshd.client.session.ClientSession session = client.connect("alice",
                new java.net.InetSocketAddress("127.0.0.1", appliance.port()),
                new java.net.InetSocketAddress("127.0.0.9", 0)).verify(Duration.ofSeconds(10)).getSession()) {
            // MINA's client tries the passwords in order on one connection: the 2nd and 3rd answers are
            // delayed (asynchronously, 1 s and 2 s), and the right password still logs in afterwards.
            session.addPasswordIdentity("wrong one");
            session.addPasswordIdentity("wrong two");
            session.addPasswordIdentity("wrong three");
            session.addPasswordIdentity(RunningAppliance.USER_PASSWORD);
            session.auth().verify(Duration.ofSeconds(30));
            assertThat(session.isAuthenticated()).isTrue();
        } finally {
            client.stop();
        }
        assertThat(appliance.bean(io.portcullis.store.AuditRepository.class)
                .find(java.util.Optional.of("alice"), java.util.Optional.of("login"), java.util.Optional.empty(), 100))
                .filteredOn(e -> e.address().equals("127.0.0.9"))
                .extracting(e -> e.outcome()).containsExactlyInAnyOrder("refused", "refused", "refused", "accepted");
    }
}
