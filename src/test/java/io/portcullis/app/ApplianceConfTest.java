package io.portcullis.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portcullis.conf.ApplianceConf;
import io.portcullis.conf.IdRange;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApplianceConfTest {

    private static final Path FILE = Path.of("/data/portcullis.conf");
    private static final Path DATA = Path.of("/data");

    private static ApplianceConf parse(String text) throws Exception {
        return ApplianceConfFile.parse(FILE, DATA, text);
    }

    @Test
    void readsKeysAndResolvesRelativePathsUnderTheDataDirectory() throws Exception {
        ApplianceConf conf = parse("""
                # comment
                kerberos.realm = EXAMPLE.ORG

                kerberos.keytab = krb/host.keytab
                console.device = /dev/ttyS0
                syslog.endpoint = 127.0.0.1:5514
                """);
        assertThat(conf.kerberos().realm()).contains("EXAMPLE.ORG");
        assertThat(conf.kerberos().keytab()).contains(Path.of("/data/krb/host.keytab"));
        assertThat(conf.consoleDevice()).contains(Path.of("/dev/ttyS0"));
        assertThat(conf.syslog().endpoint()).hasValueSatisfying(a -> {
            assertThat(a.getHostString()).isEqualTo("127.0.0.1");
            assertThat(a.getPort()).isEqualTo(5514);
        });
        assertThat(conf.kerberos().principal()).isEmpty();
    }

    @Test
    void badLinesAreRefusedWithTheirNumberAndWhatToDo() {
        assertThatThrownBy(() -> parse("\n\nsyslog.endpont = x:1\n"))
                .hasMessageContaining("line 3").hasMessageContaining("unknown key 'syslog.endpont'")
                .hasMessageContaining("syslog.endpoint");
        assertThatThrownBy(() -> parse("just words\n")).hasMessageContaining("line 1").hasMessageContaining("key = value");
        assertThatThrownBy(() -> parse("syslog.endpoint = 127.0.0.1\n")).hasMessageContaining("HOST:PORT");
        assertThatThrownBy(() -> parse("syslog.endpoint = h:70000\n")).hasMessageContaining("HOST:PORT");
        assertThatThrownBy(() -> parse("kerberos.realm = A\nkerberos.realm = B\n")).hasMessageContaining("line 2")
                .hasMessageContaining("set twice");
        assertThatThrownBy(() -> parse("kerberos.realm =\n")).hasMessageContaining("no value");
        assertThatThrownBy(() -> parse("kerberos.realm = EX AMPLE\n")).hasMessageContaining("not a realm");
    }

    @Test
    void nonUtf8IsRefused(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve(ApplianceConf.FILE_NAME), new byte[] {'k', '=', (byte) 0xff, '\n'});
        assertThatThrownBy(() -> ApplianceConfFile.load(dir)).hasMessageContaining("not UTF-8");
    }

    @Test
    void theIdRangeIsTwoIdsInOrderWithinOneToTheLargestId() throws Exception {
        assertThat(parse("").accounts().idRange()).isEqualTo(new IdRange(20000, 59999));
        assertThat(parse("accounts.id-range = 30000 - 30999\n").accounts().idRange()).isEqualTo(new IdRange(30000, 30999));
        assertThat(parse("accounts.id-range = 7-7\n").accounts().idRange()).isEqualTo(new IdRange(7, 7));
        assertThatThrownBy(() -> parse("# ids\naccounts.id-range = 59999-20000\n")).hasMessageContaining("line 2")
                .hasMessageContaining("reversed or empty").hasMessageContaining("20000-59999");
        assertThatThrownBy(() -> parse("accounts.id-range = 20000\n")).hasMessageContaining("line 1")
                .hasMessageContaining("not LOW-HIGH");
        assertThatThrownBy(() -> parse("\naccounts.id-range = a-b\n")).hasMessageContaining("line 2")
                .hasMessageContaining("not LOW-HIGH");
        assertThatThrownBy(() -> parse("accounts.id-range = 0-100\n")).hasMessageContaining("outside 1-2147483646");
        assertThatThrownBy(() -> parse("accounts.id-range = 1-2147483647\n")).hasMessageContaining("outside");
        assertThatThrownBy(() -> parse("accounts.id-range = -5-10\n")).hasMessageContaining("not LOW-HIGH");
    }

    @Test
    void theUserdbDirectoryDefaultsToRunUserdbAndNoneTurnsPublishingOff() throws Exception {
        assertThat(parse("").accounts().userdbDirectory()).contains(Path.of("/run/userdb"));
        assertThat(parse("accounts.userdb-dir = none\n").accounts().userdbDirectory()).isEmpty();
        assertThat(parse("accounts.userdb-dir = records\n").accounts().userdbDirectory()).contains(Path.of("/data/records"));
    }

    @Test
    void noFileMeansNoSettings(@TempDir Path dir) throws Exception {
        assertThat(ApplianceConfFile.load(dir)).isEqualTo(ApplianceConf.defaults(dir.resolve(ApplianceConf.FILE_NAME)));
    }

    @Test
    void theShippedFileParsesAndSetsNothing(@TempDir Path dir) throws Exception {
        ApplianceConfFile.installShippedDefaults(dir);
        String shipped = Files.readString(dir.resolve(ApplianceConf.FILE_NAME));
        try (InputStream in = ApplianceConfFile.class.getResourceAsStream(ApplianceConfFile.SHIPPED_RESOURCE)) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(shipped);
        }
        assertThat(ApplianceConfFile.load(dir)).isEqualTo(ApplianceConf.defaults(dir.resolve(ApplianceConf.FILE_NAME)));
        for (String key : ApplianceConfFile.KEYS) {
            assertThat(shipped).as("shipped file documents " + key).contains("#" + key + " = ");
        }
    }

    @Test
    void theConsoleDeviceComesFromTheConfUnlessAFlagSaysOtherwise(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve(ApplianceConf.FILE_NAME), "console.device = /dev/null\n");
        String data = dir.toString();
        assertThat(Appliance.prepare(StartupOptions.parse(java.util.List.of("--data-dir", data)))
                .options().consoleDevice()).contains(Path.of("/dev/null"));
        assertThat(Appliance.prepare(StartupOptions.parse(java.util.List.of("--data-dir", data, "--no-console")))
                .options().consoleWillRun()).isFalse();
        assertThat(Appliance.prepare(StartupOptions.parse(java.util.List.of("--data-dir", data, "--console-device",
                "/dev/zero"))).options().consoleDevice()).contains(Path.of("/dev/zero"));
        Files.writeString(dir.resolve(ApplianceConf.FILE_NAME), "console.device = missing-tty\n");
        assertThatThrownBy(() -> Appliance.prepare(StartupOptions.parse(java.util.List.of("--data-dir", data))))
                .hasMessageContaining("missing-tty").hasMessageContaining("no such device");
    }

    @Test
    void confFlagReadsThatFileInsteadOfTheDataDirectorysOne(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        Files.writeString(data.resolve(ApplianceConf.FILE_NAME), "syslog.endpoint = 127.0.0.1:1\n");
        Path etc = dir.resolve("etc-portcullis.conf");
        Files.writeString(etc, "syslog.endpoint = 127.0.0.1:5514\nkerberos.keytab = krb/host.keytab\n");
        Appliance.Launch launch = Appliance.prepare(StartupOptions.parse(java.util.List.of("--data-dir", data.toString(),
                "--conf", etc.toString())));
        assertThat(launch.conf().source()).isEqualTo(etc);
        assertThat(launch.conf().syslog().endpoint()).hasValueSatisfying(a -> assertThat(a.getPort()).isEqualTo(5514));
        // relative paths still lie under the data directory, wherever the file is
        assertThat(launch.conf().kerberos().keytab()).contains(data.toAbsolutePath().resolve("krb/host.keytab"));

        Path missing = dir.resolve("nope.conf");
        assertThatThrownBy(() -> Appliance.prepare(StartupOptions.parse(java.util.List.of("--data-dir", data.toString(),
                "--conf", missing.toString())))).hasMessageStartingWith("--conf " + missing + ": no such file");
    }

    /** Issue 18: the ldap.* lines, with RFC 2307's defaults; every value checked with its line. */
    @Test
    void aDirectoryIsReadWithItsDefaultsAndEveryBadLineIsNamed(@TempDir Path dir) throws Exception {
        assertThat(parse("").directory()).isEmpty();
        Path ca = Files.writeString(dir.resolve("ca.pem"), "pem");
        Path secret = Files.writeString(dir.resolve("bind"), "pw\n");
        String base = "ldap.url = ldap://ldap.example.org\nldap.ca-file = " + ca + "\nldap.user-base = ou=people,dc=example,dc=org\n";
        ApplianceConf.Directory d = parse(base).directory().orElseThrow();
        assertThat(d.url()).isEqualTo(new ApplianceConf.Directory.Url("ldap.example.org", 389, false));
        assertThat(d.groupBase()).isEqualTo(d.userBase());
        assertThat(d.userFilter()).isEqualTo("(objectClass=posixAccount)");
        assertThat(d.membership()).isEqualTo(ApplianceConf.Directory.Membership.RFC2307);
        assertThat(d.attributes()).isEqualTo(ApplianceConf.Directory.Attributes.RFC2307);
        assertThat(d.cacheTtl()).hasMinutes(5);
        assertThat(d.timeout()).hasSeconds(10);
        assertThat(d.shells().loginShellAttribute()).isFalse();
        assertThat(d.bindDn()).isEmpty();

        ApplianceConf.Directory full = parse(base.replace("ldap://ldap.example.org", "ldaps://ldap.example.org:1636")
                + "ldap.bind-dn = cn=pc,dc=example,dc=org\nldap.bind-password-file = " + secret + "\n"
                + "ldap.membership = memberof\nldap.attr.ssh-public-key = ipaSshPubKey\n"
                + "ldap.admins-groups = a, b\nldap.cache-ttl = 90\nldap.login-shell-attribute = yes\n").directory()
                .orElseThrow();
        assertThat(full.url().toString()).isEqualTo("ldaps://ldap.example.org:1636");
        assertThat(full.membership()).isEqualTo(ApplianceConf.Directory.Membership.MEMBER_OF);
        assertThat(full.attributes().sshPublicKey()).isEqualTo("ipaSshPubKey");
        assertThat(full.shells().adminsGroups()).containsExactly("a", "b");
        assertThat(full.cacheTtl()).hasSeconds(90);
        assertThat(full.toString()).as("the password stays in its file").doesNotContain("pw");

        assertThatThrownBy(() -> parse("ldap.user-base = dc=x\n")).hasMessageContaining("line 1")
                .hasMessageContaining("ldap.url is missing");
        assertThatThrownBy(() -> parse(base.replace("ldap://", "http://"))).hasMessageContaining("line 1")
                .hasMessageContaining("not an LDAP URL");
        assertThatThrownBy(() -> parse(base.replace("ldap.example.org", "ldap.example.org/dc=x??sub")))
                .hasMessageContaining("give only ldaps://HOST[:PORT]");
        assertThatThrownBy(() -> parse(base.replace(ca.toString(), "/nonexistent/ca.pem"))).hasMessageContaining("line 2")
                .hasMessageContaining("no readable file there");
        assertThatThrownBy(() -> parse(base + "ldap.bind-dn = cn=pc,dc=example,dc=org\n")).hasMessageContaining("line 4")
                .hasMessageContaining("needs ldap.bind-password-file too");
        assertThatThrownBy(() -> parse(base.replace("ou=people,dc=example,dc=org", "not a dn")))
                .hasMessageContaining("line 3").hasMessageContaining("is not a DN");
        assertThatThrownBy(() -> parse(base + "ldap.user-filter = objectClass=posixAccount)(\n"))
                .hasMessageContaining("line 4").hasMessageContaining("not an LDAP filter");
        assertThatThrownBy(() -> parse(base + "ldap.attr.username = u id\n")).hasMessageContaining("not an attribute name");
        assertThatThrownBy(() -> parse(base + "ldap.membership = nis\n")).hasMessageContaining("give rfc2307");
        assertThatThrownBy(() -> parse(base + "ldap.timeout = 0\n")).hasMessageContaining("must be more than 0");
        assertThatThrownBy(() -> parse(base + "ldap.cache-ttl = soon\n")).hasMessageContaining("ldap.cache-ttl");
        assertThatThrownBy(() -> parse(base + "ldap.login-shell-attribute = maybe\n")).hasMessageContaining("yes or no");
    }

    /** A reload takes every part but those a running appliance cannot change, which keep their running values. */
    @Test
    void aReloadTakesTheLivePartsAndKeepsTheRestartOnesRunning() throws Exception {
        ApplianceConf running = parse("""
                console.device = /dev/ttyS0
                kerberos.krb5-conf = /etc/krb5.conf
                accounts.userdb-dir = /run/userdb
                accounts.id-range = 30000-30999
                """);
        ApplianceConf next = parse("""
                console.device = /dev/ttyS1
                kerberos.realm = EXAMPLE.ORG
                kerberos.krb5-conf = krb5.conf
                accounts.userdb-dir = none
                accounts.id-range = 40000-40999
                ssh.penalty-exempt-list = 192.0.2.0/24
                ssh.max-channels-per-connection = 8
                syslog.endpoint = 127.0.0.1:5514
                """);
        ApplianceConf applied = ApplianceConfFile.liveParts(running, next);
        assertThat(applied.consoleDevice()).isEqualTo(running.consoleDevice());
        assertThat(applied.kerberos().krb5Conf()).isEqualTo(running.kerberos().krb5Conf());
        assertThat(applied.accounts().userdbDirectory()).isEqualTo(running.accounts().userdbDirectory());
        assertThat(applied.kerberos().realm()).contains("EXAMPLE.ORG");
        assertThat(applied.accounts().idRange()).isEqualTo(new IdRange(40000, 40999));
        assertThat(applied.ssh()).isEqualTo(next.ssh());
        assertThat(applied.syslog()).isEqualTo(next.syslog());
        // every key is shown, and what a reload keeps is exactly what the restart-only keys name
        java.util.Map<String, String> before = ApplianceConfFile.values(running);
        java.util.Map<String, String> after = ApplianceConfFile.values(applied);
        assertThat(after.keySet()).isEqualTo(ApplianceConfFile.KEYS);
        assertThat(ApplianceConfFile.KEYS).containsAll(ApplianceConfFile.AT_RESTART);
        for (String key : ApplianceConfFile.AT_RESTART) {
            assertThat(after.get(key)).as(key).isEqualTo(before.get(key)).isNotEqualTo(ApplianceConfFile.values(next)
                    .get(key));
        }
    }
}
