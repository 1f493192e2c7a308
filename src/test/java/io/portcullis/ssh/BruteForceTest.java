package io.portcullis.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.store.AuditRepository;
import io.portcullis.testing.OpenSsh;
import io.portcullis.testing.PythonScript;
import io.portcullis.testing.RunningAppliance;
import io.portcullis.testing.StartedAppliance;
import io.portcullis.testing.Settings;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, item 2: a client that sends a fresh SERVICE_REQUEST before every attempt (paramiko does)
 * gets MaxAuthTries per connection and LoginGraceTime from its first byte, and its wrong passwords are
 * charged to its address as they happen, so a brute force from one address is refused within
 * OpenSSH's figures: MaxAuthTries 6 per connection, PerSourcePenalties authfail 5 s with min 15 s,
 * i.e. at most 3 failed connections, 18 passwords, before the address is refused.
 */
class BruteForceTest {

    /** OpenSSH's defaults: 6 tries per connection; refused once 3 failed connections (3 x 5 s) reach 15 s. */
    static final int MAX_AUTH_TRIES = 6;
    static final int OPENSSH_PASSWORDS_BEFORE_REFUSAL = 3 * MAX_AUTH_TRIES;
    @StartedAppliance(users = {"alice:bash"})
    static RunningAppliance appliance;

    @Test
    void guessingFromOneAddressIsRefusedWithinOpenSshsFiguresWhileAdminLogsInFromAnother() {
        String attacker = "127.0.0.7";
        PythonScript attack = PythonScript.start("password_bruteforce.py", "127.0.0.1", appliance.port(), attacker,
                "alice", 60);
        List<OpenSsh.Result> adminLogins = new ArrayList<>();
        do {
            adminLogins.add(appliance.admin().option("BindAddress=127.0.0.12").exec("services list"));
        } while (attack.isAlive() && adminLogins.size() < 30);
        String report = attack.await(600);

        Matcher perConnection = Pattern.compile("conn \\d+ answered (\\d+)").matcher(report);
        while (perConnection.find()) {
            assertThat(Integer.parseInt(perConnection.group(1))).as("wrong passwords answered on one connection:\n"
                    + report).isLessThanOrEqualTo(MAX_AUTH_TRIES);
        }
        Matcher summary = Pattern.compile("answered (\\d+) before-first-refusal (-?\\d+)").matcher(report);
        assertThat(summary.find()).as(report).isTrue();
        int beforeRefusal = Integer.parseInt(summary.group(2));
        assertThat(beforeRefusal).as("the address was refused at all:\n" + report).isNotNegative();
        assertThat(beforeRefusal).as("passwords checked before the address was refused:\n" + report)
                .isLessThanOrEqualTo(OPENSSH_PASSWORDS_BEFORE_REFUSAL);

        long checked = appliance.bean(AuditRepository.class)
                .find(Optional.of("alice"), Optional.of("login"), Optional.empty(), 10_000).stream()
                .filter(e -> e.address().equals(attacker) && e.action().equals("password")).count();
        assertThat(checked).as("passwords the server checked for the attacker, of 60 tried")
                .isLessThanOrEqualTo(Integer.parseInt(summary.group(1)));
        assertThat(adminLogins).as("admin from another address").allSatisfy(r ->
                assertThat(r.exitCode()).as(r.toString()).isZero());
    }

    @Test
    void loginGraceTimeCountsFromTheConnectionWhateverTheClientSends() {
        Settings.changeAndRestart(appliance, s -> Settings.aux(s, "LoginGraceTime 3"));
        try {
            // without the fix every SERVICE_REQUEST starts the grace time again and the connection stays
            String report = PythonScript.start("service_request_loop.py", "127.0.0.1", appliance.port(), "127.0.0.13",
                    60).await(120);
            assertThat(report).contains("closed by server");
        } finally {
            Settings.changeAndRestart(appliance, s -> Settings.aux(s, ""));
        }
    }
}
