package io.portcullis.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.testing.ApplianceProcess;
import io.portcullis.testing.KerberosRealm;
import io.portcullis.testing.OpenSsh;
import io.portcullis.testing.OpenSsh.Result;
import io.portcullis.testing.Refusals;
import io.portcullis.testing.RunningAppliance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Allow Kerberos Authentication (SPEC §3) end to end: a real MIT KDC on loopback, tickets from
 * {@code kinit}, the OpenSSH client with {@code gssapi-with-mic}, and the built jar as its own process
 * (the JDK's Kerberos configuration is JVM-wide, so not in the shared test JVM).
 */
class KerberosLoginIT {

    static final String REALM = "TEST.PORTCULLIS";
    static final String ADMIN_PASSWORD = RunningAppliance.ADMIN_PASSWORD;
    /** The appliance's output is read on another thread: wait for an audit line rather than race it. */
    static final Duration LOG = Duration.ofSeconds(20);

    @TempDir
    static Path tmp;

    static KerberosRealm kdc;
    static Path keytab;
    static ApplianceProcess appliance;
    static int port;

    @BeforeAll
    static void realmAndAppliance() throws Exception {
        kdc = KerberosRealm.start(tmp.resolve("kdc"), REALM);
        for (String user : new String[] {"alice", "carol", "nolan", "admin", "mallory"}) {
            kdc.addUser(user, user + "-kerberos-password");
        }
        Path data = tmp.resolve("data");
        Files.createDirectories(data);
        keytab = data.resolve("krb5.keytab");
        kdc.addService("host/localhost", keytab);
        // relative keytab: it lies under the data directory; the refusals tested here would otherwise earn
        // 127.0.0.1 a PerSourcePenalties ban that also stops the admin commands
        Files.writeString(data.resolve("portcullis.conf"), """
                kerberos.realm = %s
                kerberos.keytab = krb5.keytab
                kerberos.principal = host/localhost
                kerberos.krb5-conf = %s
                ssh.penalty-exempt-list = 127.0.0.1
                """.formatted(REALM, kdc.krb5Conf()) + RunningAppliance.PRIVATE_USERDB);
        port = RunningAppliance.freePort();
        appliance = startAppliance(data, port);
        admin("accounts users add alice --shell bash");
        admin("accounts users add carol --shell scponly");
        admin("accounts users add nolan --shell nologin");
    }

    static ApplianceProcess startAppliance(Path data, int port) throws Exception {
        return ApplianceProcess.serve(data, port, List.of(), List.of());
    }

    @AfterAll
    static void stop() throws Exception {
        if (appliance != null) {
            appliance.close();
        }
        if (kdc != null) {
            kdc.close();
        }
    }

    /** A console command as admin by password; it must succeed. */
    static Result admin(String command) {
        Result r = adminTry(command);
        assertThat(r.exitCode()).as(command + "\n" + r).isZero();
        return r;
    }

    static Result adminTry(String command) {
        return OpenSsh.to(port, "admin").password(ADMIN_PASSWORD).exec(command);
    }

    /** {@code account}@localhost by gssapi-with-mic only, holding {@code principal}'s ticket. */
    static OpenSsh kerberos(String account, String principal) throws Exception {
        Path cache = kdc.kinit(principal, principal + "-kerberos-password");
        return kdc.client(OpenSsh.to(port, account), cache);
    }

    static void assertRefused(Result r) {
        Refusals.assertLoginRefused(r);
    }

    @Test
    void aTicketLogsInWhileKerberosIsOnAndIsRefusedWhenOff() throws Exception {
        admin("ssh set --kerberos-auth false");
        Result off = kerberos("alice", "alice").exec("echo in-by-kerberos");
        assertRefused(off);
        // not even offered while off
        assertThat(off.stderr()).contains("Permission denied (publickey,password).");

        admin("ssh set --kerberos-auth true");
        Result offered = kerberos("alice", "alice").option("LogLevel=DEBUG1").exec("true");
        assertThat(offered.stderr()).as(offered.toString()).contains("Authentications that can continue: publickey,password,gssapi-with-mic");
        Result in = kerberos("alice", "alice").exec("echo in-by-kerberos");
        assertThat(in.exitCode()).as(in.toString()).isZero();
        assertThat(in.out()).isEqualTo("in-by-kerberos\n");
        appliance.awaitLine(l -> l.contains("audit login alice@")
                && l.contains("gssapi-with-mic alice@" + REALM) && l.endsWith("[accepted]"), LOG);

        // no restart needed either way: the next login sees the setting
        admin("ssh set --kerberos-auth false");
        assertRefused(kerberos("alice", "alice").exec("echo in-by-kerberos"));
    }

    @Test
    void anAdministratorsPrincipalLandsInTheConsole() throws Exception {
        admin("ssh set --kerberos-auth true");
        Result r = kerberos("admin", "admin").exec("services list");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("ssh");
    }

    @Test
    void aPrincipalGetsOnlyItsOwnExistingAccount() throws Exception {
        admin("ssh set --kerberos-auth true");
        // mallory@REALM has a ticket but no account; alice's ticket is not carol's account
        assertRefused(kerberos("mallory", "mallory").exec("echo no"));
        assertRefused(kerberos("carol", "alice").exec("echo no"));
        appliance.awaitLine(l -> l.contains("audit login mallory@")
                && l.contains("gssapi-with-mic principal mallory@" + REALM + ": unknown user") && l.endsWith("[refused]"), LOG);
        appliance.awaitLine(l -> l.contains("audit login carol@")
                && l.contains("principal alice@" + REALM + " may not log in as carol") && l.endsWith("[refused]"), LOG);
    }

    @Test
    void lockedAndDeniedAccountsAreRefusedAsWithPasswords() throws Exception {
        admin("ssh set --kerberos-auth true");
        admin("accounts users lock alice");
        try {
            assertRefused(kerberos("alice", "alice").exec("echo no"));
        } finally {
            admin("accounts users unlock alice");
        }
        admin("ssh set --aux-params 'DenyUsers alice'");
        try {
            assertRefused(kerberos("alice", "alice").exec("echo no"));
        } finally {
            admin("ssh set --aux-params ''");
        }
        Result again = kerberos("alice", "alice").exec("echo back");
        assertThat(again.exitCode()).as(again.toString()).isZero();
    }

    @Test
    void anScponlyAccountGetsSftpButNoShell() throws Exception {
        admin("ssh set --kerberos-auth true");
        Path local = tmp.resolve("upload.txt");
        Files.writeString(local, "sent with a Kerberos ticket\n");
        Result sftp = kerberos("carol", "carol").sftp("put " + local + " upload.txt\nls\n");
        assertThat(sftp.exitCode()).as(sftp.toString()).isZero();
        assertThat(sftp.out()).contains("upload.txt");

        Result shell = kerberos("carol", "carol").exec("echo no");
        assertThat(shell.exitCode()).as(shell.toString()).isEqualTo(1);
        assertThat(shell.stderr()).contains("This account is restricted to scp and sftp.");
    }

    @Test
    void aNologinAccountGetsNothing() throws Exception {
        admin("ssh set --kerberos-auth true");
        Result shell = kerberos("nolan", "nolan").exec("echo no");
        assertThat(shell.exitCode()).as(shell.toString()).isEqualTo(1);
        assertThat(shell.stderr()).contains("This account is currently not available.");
        Result sftp = kerberos("nolan", "nolan").sftp("ls\n");
        assertThat(sftp.exitCode()).as(sftp.toString()).isNotZero();
    }

    @Test
    void aKeytabThatIsGoneIsAWarningAtRestartAndRefusedWhenTurnedOn() throws Exception {
        admin("ssh set --kerberos-auth true");
        Path aside = keytab.resolveSibling("krb5.keytab.aside");
        Files.move(keytab, aside);
        try {
            // the running service refuses the login and says why in the log, in one line
            assertRefused(kerberos("alice", "alice").exec("echo no"));
            appliance.awaitLine(l -> l.contains("WARN") && l.contains("Kerberos login refused: kerberos-auth: the keytab " + keytab),
                    LOG);
            assertThat(appliance.stdout()).noneMatch(l -> l.startsWith("\tat ") || l.contains("Exception:"));

            // a restart (as at boot) keeps password and key logins: the keytab is a warning, not a lock-out
            Result restart = adminTry("services restart ssh");
            assertThat(restart.exitCode()).as(restart.toString()).isZero();
            assertThat(restart.out()).contains("warning: kerberos-auth: the keytab " + keytab + " named by kerberos.keytab")
                    .contains("cannot be read").doesNotContain("Exception").doesNotContain("\tat ");
            assertRefused(kerberos("alice", "alice").exec("echo no"));
            assertThat(admin("ssh set --compression false").exitCode()).as("other fields can still be changed").isZero();
            admin("ssh set --kerberos-auth false");
            Result on = adminTry("ssh set --kerberos-auth true");
            assertThat(on.exitCode()).as(on.toString()).isEqualTo(1);
            assertThat(on.stderr()).contains("kerberos.keytab").contains("ktadd");
            assertThat(admin("ssh show").out()).containsPattern("kerberos-auth\\W+false");
        } finally {
            Files.move(aside, keytab);
        }
        admin("ssh set --kerberos-auth true");
        admin("services restart ssh");
    }

    @Test
    void aTicketForAKeyTheKeytabLacksIsRefusedUntilTheKeytabHasIt() throws Exception {
        admin("ssh set --kerberos-auth true");
        kdc.changeKey("host/localhost");
        assertRefused(kerberos("alice", "alice").exec("echo no"));
        appliance.awaitLine(l -> l.contains("audit login alice@") && l.contains("gssapi-with-mic ticket not accepted")
                && l.endsWith("[refused]"), LOG);
        assertThat(appliance.stdout()).anyMatch(l -> l.contains("WARN") && l.contains("Kerberos login of alice from")
                && l.contains("the ticket was not accepted"));

        kdc.exportNewKey("host/localhost", keytab);
        Result in = kerberos("alice", "alice").exec("echo in-again");
        assertThat(in.exitCode()).as(in.toString()).isZero();
        assertThat(in.out()).isEqualTo("in-again\n");
    }

    @Test
    void aPrincipalOfAnotherRealmIsRefusedAndPenalisedLikeAWrongPassword() throws Exception {
        // A second appliance trusting only OTHER.PORTCULLIS, with the same service key: alice@TEST.PORTCULLIS
        // has a valid ticket for it, but is not the account alice. Its 127.0.0.1 is not exempt from penalties,
        // and one failed attempt (authfail) is made enough for a ban while a connection without one is not.
        Path data = tmp.resolve("other-realm");
        Files.createDirectories(data);
        Files.copy(keytab, data.resolve("krb5.keytab"));
        Files.writeString(data.resolve("portcullis.conf"), """
                kerberos.realm = OTHER.PORTCULLIS
                kerberos.keytab = krb5.keytab
                kerberos.principal = host/localhost@%s
                kerberos.krb5-conf = %s
                """.formatted(REALM, kdc.krb5Conf()) + RunningAppliance.PRIVATE_USERDB);
        int otherPort = RunningAppliance.freePort();
        try (ApplianceProcess other = startAppliance(data, otherPort)) {
            Result add = OpenSsh.to(otherPort, "admin").password(ADMIN_PASSWORD)
                    .exec("accounts users add alice --shell bash");
            assertThat(add.exitCode()).as(add.toString()).isZero();
            Result on = OpenSsh.to(otherPort, "admin").password(ADMIN_PASSWORD).exec("ssh set --kerberos-auth true");
            assertThat(on.exitCode()).as(on.toString()).isZero();
            Result penalties = OpenSsh.to(otherPort, "admin").password(ADMIN_PASSWORD)
                    .exec("ssh set --aux-params 'PerSourcePenalties authfail:15s noauth:1s min:15s'");
            assertThat(penalties.exitCode()).as(penalties.toString()).isZero();
            Result restart = OpenSsh.to(otherPort, "admin").password(ADMIN_PASSWORD).exec("services restart ssh");
            assertThat(restart.exitCode()).as(restart.toString()).isZero();

            Path cache = kdc.kinit("alice", "alice-kerberos-password");
            // the refusal is charged at once, and 15 s is the minimum: the client's next attempt on the same
            // connection is met by the refusal of the address itself
            Result refused = kdc.client(OpenSsh.to(otherPort, "alice"), cache).exec("echo no");
            assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(255);
            assertThat(refused.stderr()).as(refused.toString())
                    .containsAnyOf("Permission denied", "Too many failed logins from this address");
            other.awaitLine(l -> l.contains("audit login alice@")
                    && l.contains("principal alice@" + REALM + " is not of realm OTHER.PORTCULLIS"), LOG);
            other.awaitLine(l -> l.contains("audit login @127.0.0.1 penalty source refused for"), LOG);
        }
    }
}
