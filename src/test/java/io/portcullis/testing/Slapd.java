package io.portcullis.testing;

import java.io.IOException;
import java.io.InputStream;
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
 * A real OpenLDAP slapd (Debian {@code slapd}, {@code ldap-utils}) of its own: a slapd.conf and an mdb
 * database in {@code dir}, the RFC 2307 (nis) and openssh-lpk schemas, the memberof overlay, a TLS
 * certificate for 127.0.0.1 signed by a CA made here with openssl, and listeners on two free loopback
 * ports, {@code ldap://} and {@code ldaps://}. Every operation must use TLS ({@code security tls=1}), so a
 * client that skipped StartTLS would be refused. It takes a bind with a DN and an empty password as an
 * unauthenticated (anonymous) bind, as RFC 4513 5.1.2 lets a directory do, so that a client that passed an
 * empty password on as a bind would be fooled. Entries are loaded with ldapadd (or slapadd before the
 * start, for many); {@link #stop()} ends slapd by its process, {@link #start()} starts it again on the
 * same ports and data. The host's slapd service is never involved.
 */
public final class Slapd implements AutoCloseable {

    public static final String SUFFIX = "dc=example,dc=org";
    public static final String ROOT_DN = "cn=admin," + SUFFIX;
    public static final String ROOT_PASSWORD = "root-secret";
    public static final String PEOPLE = "ou=people," + SUFFIX;
    public static final String GROUPS = "ou=groups," + SUFFIX;
    /** The read-only account Portcullis binds as, and its password. */
    public static final String SERVICE_DN = "cn=portcullis,ou=services," + SUFFIX;
    public static final String SERVICE_PASSWORD = "service-secret";

    private static final List<String> TOOLS = List.of("/usr/sbin/slapd", "/usr/sbin/slapadd", "/usr/bin/ldapadd",
            "/usr/bin/ldapdelete", "/usr/bin/ldapmodify", "/usr/bin/openssl");

    private final Path dir;
    private final int port;
    private final int tlsPort;
    private Process slapd;

    private Slapd(Path dir) {
        this.dir = dir;
        this.port = RunningAppliance.freePort();
        this.tlsPort = RunningAppliance.freePort();
    }

    /** Makes the directory's files in {@code dir} (with {@code bulkLdif} slapadd'ed when given) and starts it. */
    public static Slapd start(Path dir, Path bulkLdif) throws IOException, InterruptedException {
        requireTools();
        Slapd s = new Slapd(dir);
        Files.createDirectories(dir.resolve("db"));
        s.makeCertificates();
        s.writeConfiguration();
        s.slapadd(s.baseLdif());
        if (bulkLdif != null) {
            s.run(List.of("/usr/sbin/slapadd", "-q", "-f", s.conf().toString(), "-l", bulkLdif.toString()), null);
        }
        s.start();
        return s;
    }

    public static Slapd start(Path dir) throws IOException, InterruptedException {
        return start(dir, null);
    }

    private static void requireTools() {
        List<String> missing = TOOLS.stream().filter(t -> !Files.isExecutable(Path.of(t))).toList();
        if (!missing.isEmpty()) {
            throw new AssertionError("the directory tests need " + String.join(", ", missing) + ", which are not"
                    + " installed: run .ci/run (it installs slapd ldap-utils openssl), or apt-get install -y slapd"
                    + " ldap-utils openssl");
        }
    }

    /** ldap://127.0.0.1:PORT (StartTLS needed). */
    public String url() {
        return "ldap://127.0.0.1:" + port;
    }

    public String ldapsUrl() {
        return "ldaps://127.0.0.1:" + tlsPort;
    }

    /** The CA that signed the directory's certificate. */
    public Path caFile() {
        return dir.resolve("ca.pem");
    }

    /** A file holding the service account's password, as ldap.bind-password-file wants it. */
    public Path servicePasswordFile() throws IOException {
        Path file = dir.resolve("bind-password");
        Files.writeString(file, SERVICE_PASSWORD + "\n");
        return file;
    }

    /**
     * The portcullis.conf lines for this directory (StartTLS, the service account, people and groups), for
     * {@link RunningAppliance#withConf}, followed by {@code extra}.
     */
    public String[] confLines(String... extra) throws IOException {
        List<String> lines = new ArrayList<>(List.of("ldap.url = " + url(), "ldap.ca-file = " + caFile(),
                "ldap.bind-dn = " + SERVICE_DN, "ldap.bind-password-file = " + servicePasswordFile(),
                "ldap.user-base = " + PEOPLE, "ldap.group-base = " + GROUPS));
        lines.addAll(List.of(extra));
        return lines.toArray(String[]::new);
    }

    private Path conf() {
        return dir.resolve("slapd.conf");
    }

    private void makeCertificates() throws IOException, InterruptedException {
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
                "-subj", "/CN=Portcullis test directory CA", "-addext", "basicConstraints=critical,CA:TRUE",
                "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        issue("server", "ca", "subjectAltName=IP:127.0.0.1,DNS:localhost");
    }

    /** A server certificate {@code name.pem}/{@code name.key} signed by {@code ca}, with these extensions. */
    public void issue(String name, String ca, String subjectAltName) throws IOException, InterruptedException {
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".csr", "-subj",
                "/CN=127.0.0.1");
        Files.writeString(dir.resolve(name + ".ext"), subjectAltName + "\nextendedKeyUsage=serverAuth\n");
        openssl("x509", "-req", "-in", name + ".csr", "-CA", ca + ".pem", "-CAkey", ca + ".key", "-CAcreateserial",
                "-out", name + ".pem", "-days", "2", "-extfile", name + ".ext");
        // slapd runs as root here and reads its key itself
        Files.setPosixFilePermissions(dir.resolve(name + ".key"), java.nio.file.attribute.PosixFilePermissions
                .fromString("rw-------"));
    }

    /** A new certificate for slapd, with these subject alternative names, taken at a restart. */
    public void reissue(String subjectAltName) throws IOException, InterruptedException {
        issue("server", "ca", subjectAltName);
        stop();
        start();
    }

    /** Another CA of its own, {@code name.pem}/{@code name.key}, which signed nothing of this directory's. */
    public Path otherCa(String name) throws IOException, InterruptedException {
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".pem",
                "-days", "2", "-subj", "/CN=Another CA", "-addext", "basicConstraints=critical,CA:TRUE",
                "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        return dir.resolve(name + ".pem");
    }

    private void openssl(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/openssl"));
        cmd.addAll(List.of(args));
        run(cmd, null);
    }

    private void writeConfiguration() throws IOException {
        Path lpk = dir.resolve("openssh-lpk.schema");
        try (InputStream in = Slapd.class.getResourceAsStream("/ldap/openssh-lpk.schema")) {
            Files.write(lpk, in.readAllBytes());
        }
        Files.writeString(conf(), """
                include /etc/ldap/schema/core.schema
                include /etc/ldap/schema/cosine.schema
                include /etc/ldap/schema/nis.schema
                include /etc/ldap/schema/inetorgperson.schema
                include %1$s/openssh-lpk.schema
                modulepath /usr/lib/ldap
                moduleload back_mdb
                moduleload memberof
                pidfile %1$s/slapd.pid
                argsfile %1$s/slapd.args
                TLSCACertificateFile %1$s/ca.pem
                TLSCertificateFile %1$s/server.pem
                TLSCertificateKeyFile %1$s/server.key
                security tls=1
                allow bind_anon_cred
                database mdb
                maxsize 2147483648
                suffix "%2$s"
                rootdn "%3$s"
                rootpw %4$s
                directory %1$s/db
                limits dn.exact="%5$s" size=unlimited
                index objectClass eq
                index uid,memberUid,uidNumber,gidNumber,cn eq
                overlay memberof
                access to attrs=userPassword by self write by anonymous auth by * none
                access to * by dn.exact="%5$s" read by self read by * none
                """.formatted(dir, SUFFIX, ROOT_DN, ROOT_PASSWORD, SERVICE_DN));
    }

    private String baseLdif() {
        return """
                dn: %1$s
                objectClass: dcObject
                objectClass: organization
                dc: example
                o: Example

                dn: %2$s
                objectClass: organizationalUnit
                ou: people

                dn: %3$s
                objectClass: organizationalUnit
                ou: groups

                dn: ou=services,%1$s
                objectClass: organizationalUnit
                ou: services

                dn: %4$s
                objectClass: person
                objectClass: simpleSecurityObject
                cn: portcullis
                sn: service
                userPassword: %5$s
                """.formatted(SUFFIX, PEOPLE, GROUPS, SERVICE_DN, SERVICE_PASSWORD);
    }

    private void slapadd(String ldif) throws IOException, InterruptedException {
        Path file = dir.resolve("base.ldif");
        Files.writeString(file, ldif);
        run(List.of("/usr/sbin/slapadd", "-q", "-f", conf().toString(), "-l", file.toString()), null);
    }

    /** Starts slapd (again) on its ports; returns once it accepts connections. */
    public void start() throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("/usr/sbin/slapd", "-d", "0", "-f", conf().toString(), "-h",
                url() + "/ " + ldapsUrl() + "/");
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("slapd.out").toFile()));
        slapd = pb.start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (true) {
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return;
            } catch (IOException notYet) {
                if (!slapd.isAlive() || Instant.now().isAfter(deadline)) {
                    throw new AssertionError("slapd did not start listening on " + url() + ":\n"
                            + Files.readString(dir.resolve("slapd.out")));
                }
                Thread.sleep(50);
            }
        }
    }

    /** Ends slapd; its port refuses connections afterwards. */
    public void stop() throws InterruptedException {
        if (slapd != null && slapd.isAlive()) {
            slapd.destroy();
            if (!slapd.waitFor(20, TimeUnit.SECONDS)) {
                slapd.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        slapd = null;
    }

    /** ldapadd as the directory's root, over StartTLS. */
    public void add(String ldif) throws IOException, InterruptedException {
        ldapTool("/usr/bin/ldapadd", ldif);
    }

    public void modify(String ldif) throws IOException, InterruptedException {
        ldapTool("/usr/bin/ldapmodify", ldif);
    }

    public void delete(String dn) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(tlsClient("/usr/bin/ldapdelete"));
        cmd.add(dn);
        run(cmd, null);
    }

    private void ldapTool(String tool, String ldif) throws IOException, InterruptedException {
        List<String> cmd = tlsClient(tool);
        run(cmd, ldif);
    }

    private List<String> tlsClient(String tool) {
        return new ArrayList<>(List.of(tool, "-x", "-ZZ", "-H", url(), "-D", ROOT_DN, "-w", ROOT_PASSWORD));
    }

    private void run(List<String> cmd, String stdin) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("LDAPTLS_CACERT", caFile().toString());
        env.put("LDAPTLS_REQCERT", "demand");
        Process p = pb.start();
        if (stdin != null) {
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", cmd.subList(0, Math.min(2, cmd.size()))) + " failed:\n" + out);
        }
    }

    /** An RFC 2307 user with a password, its keys (each a value of sshPublicKey), and any extra LDIF lines. */
    public static String user(String name, long uid, long gid, String password, List<String> keys, String... extra) {
        StringBuilder s = new StringBuilder();
        s.append("dn: uid=").append(name).append(',').append(PEOPLE).append('\n')
                .append("objectClass: inetOrgPerson\nobjectClass: posixAccount\nobjectClass: ldapPublicKey\n")
                .append("uid: ").append(name).append('\n')
                .append("cn: ").append(name).append(" Example\nsn: Example\n")
                .append("uidNumber: ").append(uid).append('\n')
                .append("gidNumber: ").append(gid).append('\n')
                .append("homeDirectory: /home/").append(name).append('\n');
        if (password != null) {
            s.append("userPassword: ").append(password).append('\n');
        }
        keys.forEach(k -> s.append("sshPublicKey: ").append(k).append('\n'));
        for (String line : extra) {
            s.append(line).append('\n');
        }
        return s.append('\n').toString();
    }

    /** An RFC 2307 posixGroup with these members' names. */
    public static String group(String name, long gid, String... members) {
        StringBuilder s = new StringBuilder("dn: cn=" + name + "," + GROUPS + "\nobjectClass: posixGroup\ncn: " + name
                + "\ngidNumber: " + gid + "\n");
        for (String m : members) {
            s.append("memberUid: ").append(m).append('\n');
        }
        return s.append('\n').toString();
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
