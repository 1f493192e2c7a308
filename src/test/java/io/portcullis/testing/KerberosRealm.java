package io.portcullis.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real MIT Kerberos KDC (Debian {@code krb5-kdc}, {@code krb5-admin-server}, {@code krb5-user}) for one
 * realm, in a directory of its own and listening only on a free loopback port. Principals and keytabs are
 * made with {@code kadmin.local}, tickets with {@code kinit}; {@link #close()} stops the KDC by its PID.
 */
public final class KerberosRealm implements AutoCloseable {

    private static final List<String> TOOLS = List.of("krb5kdc", "kdb5_util", "kadmin.local", "kinit");

    private final Path dir;
    private final String realm;
    private final int port;
    private Process kdc;

    private KerberosRealm(Path dir, String realm, int port) {
        this.dir = dir;
        this.realm = realm;
        this.port = port;
    }

    /** Creates the realm's database in {@code dir} and starts its KDC; fails, never skips, without the tools. */
    public static KerberosRealm start(Path dir, String realm) throws IOException, InterruptedException {
        requireTools();
        Files.createDirectories(dir);
        KerberosRealm r = new KerberosRealm(dir, realm, RunningAppliance.freePort());
        r.writeConfiguration();
        r.run("kdb5_util", "create", "-s", "-P", "master-" + realm, "-r", realm);
        r.startKdc();
        return r;
    }

    private static void requireTools() {
        List<String> missing = new ArrayList<>();
        for (String tool : TOOLS) {
            if (find(tool) == null) {
                missing.add(tool);
            }
        }
        if (!missing.isEmpty()) {
            throw new AssertionError("the Kerberos tests need " + String.join(", ", missing) + ", which are not"
                    + " installed: run .ci/run (it installs krb5-kdc krb5-admin-server krb5-user), or"
                    + " apt-get install -y krb5-kdc krb5-admin-server krb5-user");
        }
    }

    private static Path find(String tool) {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin";
        for (String d : path.split(":")) {
            Path candidate = Path.of(d.isEmpty() ? "." : d, tool);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private void writeConfiguration() throws IOException {
        String listen = "127.0.0.1:" + port;
        Files.writeString(kdcConf(), """
                [kdcdefaults]
                 kdc_listen = %2$s
                 kdc_tcp_listen = %2$s
                [realms]
                 %1$s = {
                  database_name = %3$s/principal
                  key_stash_file = %3$s/stash
                  acl_file = %3$s/kadm5.acl
                  kdc_listen = %2$s
                  kdc_tcp_listen = %2$s
                 }
                [logging]
                 kdc = FILE:%3$s/kdc.log
                """.formatted(realm, listen, dir));
        // No DNS anywhere: clients ask for host/<name as given>, and the realm's only KDC is ours.
        Files.writeString(krb5Conf(), """
                [libdefaults]
                 default_realm = %1$s
                 dns_lookup_realm = false
                 dns_lookup_kdc = false
                 dns_canonicalize_hostname = false
                 rdns = false
                [realms]
                 %1$s = {
                  kdc = %2$s
                 }
                [domain_realm]
                 localhost = %1$s
                """.formatted(realm, "127.0.0.1:" + port));
    }

    private void startKdc() throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(find("krb5kdc").toString(), "-n", "-r", realm);
        environment(pb.environment());
        pb.redirectErrorStream(true).redirectOutput(dir.resolve("krb5kdc.out").toFile());
        kdc = pb.start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (true) {
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return;
            } catch (IOException notYet) {
                if (!kdc.isAlive() || Instant.now().isAfter(deadline)) {
                    throw new AssertionError("krb5kdc did not start listening on 127.0.0.1:" + port + ":\n"
                            + Files.readString(dir.resolve("krb5kdc.out")));
                }
                Thread.sleep(100);
            }
        }
    }

    public String realm() {
        return realm;
    }

    public Path krb5Conf() {
        return dir.resolve("krb5.conf");
    }

    private Path kdcConf() {
        return dir.resolve("kdc.conf");
    }

    /** A user principal ({@code name@REALM}) with a password. */
    public void addUser(String name, String password) throws IOException, InterruptedException {
        kadmin("addprinc -pw " + password + " " + name);
    }

    /** A service principal with a random key, written to {@code keytab}. */
    public void addService(String principal, Path keytab) throws IOException, InterruptedException {
        kadmin("addprinc -randkey " + principal);
        exportNewKey(principal, keytab);
    }

    /** A new random key for {@code principal} in the KDC only: keytabs made before no longer hold it. */
    public void changeKey(String principal) throws IOException, InterruptedException {
        kadmin("cpw -randkey " + principal);
    }

    /** A new random key for {@code principal}, added to {@code keytab} (as {@code ktadd} does). */
    public void exportNewKey(String principal, Path keytab) throws IOException, InterruptedException {
        kadmin("ktadd -k " + keytab + " " + principal);
    }

    /** {@code kinit} into a ticket cache of its own; returns it for {@code KRB5CCNAME}. */
    public Path kinit(String principal, String password) throws IOException, InterruptedException {
        Path cache = dir.resolve("cc-" + principal.replaceAll("[^A-Za-z0-9]", "_"));
        Files.deleteIfExists(cache);
        ProcessBuilder pb = new ProcessBuilder(find("kinit").toString(), "-c", "FILE:" + cache, principal);
        environment(pb.environment());
        runWithInput(pb, password + "\n");
        return cache;
    }

    /** An OpenSSH client holding the ticket in {@code cache}, asking for gssapi-with-mic only. */
    public OpenSsh client(OpenSsh ssh, Path cache) {
        return ssh.host("localhost")
                .env("KRB5_CONFIG", krb5Conf().toString())
                .env("KRB5CCNAME", "FILE:" + cache)
                .option("GSSAPIAuthentication=yes")
                .option("PreferredAuthentications=gssapi-with-mic");
    }

    private void kadmin(String query) throws IOException, InterruptedException {
        run("kadmin.local", "-r", realm, "-q", query);
    }

    private void run(String tool, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(find(tool).toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        environment(pb.environment());
        runWithInput(pb, "");
    }

    private static void runWithInput(ProcessBuilder pb, String input) throws IOException, InterruptedException {
        pb.redirectErrorStream(true);
        Process p = pb.start();
        try (var in = p.getOutputStream()) {
            in.write(input.getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new AssertionError(pb.command() + " failed:\n" + output);
        }
    }

    private void environment(Map<String, String> env) {
        env.put("KRB5_CONFIG", krb5Conf().toString());
        env.put("KRB5_KDC_PROFILE", kdcConf().toString());
    }

    @Override
    public void close() throws InterruptedException {
        if (kdc != null && kdc.isAlive()) {
            kdc.destroy();
            if (!kdc.waitFor(10, TimeUnit.SECONDS)) {
                kdc.destroyForcibly();
            }
        }
    }
}
