package io.portcullis.settings;

import io.portcullis.conf.ApplianceConf;
import io.portcullis.conf.CurrentConf;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.security.auth.kerberos.KerberosPrincipal;
import javax.security.auth.kerberos.KeyTab;
import org.springframework.stereotype.Component;

/**
 * The Kerberos lines of {@code DATA_DIR/portcullis.conf}: the realm whose principals may log in, the
 * keytab and service principal the appliance accepts {@code gssapi-with-mic} with, and the krb5.conf
 * the JDK reads. They belong to the machine ({@link CurrentConf}, read at each use); whether Kerberos
 * logins are allowed is the {@code kerberos-auth} SSH setting.
 */
@Component
public class KerberosConf {

    static final String DEFAULT_KRB5_CONF = "/etc/krb5.conf";

    private final CurrentConf current;
    private volatile String machineName;

    public KerberosConf(CurrentConf current) {
        this.current = current;
        // The JDK reads its Kerberos configuration from one JVM-wide property, once; one appliance runs per
        // process, so setting it here, before anything Kerberos is used, is safe. Untouched when not named;
        // a reload cannot change it (ApplianceConfFile.AT_RESTART), the realm, keytab and principal it can.
        if (lines().krb5Conf().isPresent() && Files.isReadable(krb5Conf())) {
            System.setProperty("java.security.krb5.conf", krb5Conf().toString());
        }
    }

    /** {@code kerberos.realm}: only principals of this realm map to accounts. */
    public Optional<String> realm() {
        return lines().realm();
    }

    public Optional<Path> keytab() {
        return lines().keytab();
    }

    public Path krb5Conf() {
        return lines().krb5Conf().orElse(Path.of(DEFAULT_KRB5_CONF));
    }

    private ApplianceConf.Kerberos lines() {
        return current.get().kerberos();
    }

    /**
     * The service principal with its realm: {@code kerberos.principal}, by default {@code host/} and this
     * machine's name, as OpenSSH clients ask for it ({@code host/<name they connect to>}).
     */
    public String servicePrincipal() {
        String principal = lines().principal().orElseGet(() -> "host/" + machineName());
        return principal.contains("@") ? principal : principal + "@" + realm().orElse("");
    }

    /**
     * What stops {@code kerberos-auth} from being turned on, each with what to write where; empty when
     * the realm and keytab are named and the keytab holds a key for the service principal.
     */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        Path source = current.get().source();
        List<String> missing = new ArrayList<>();
        if (realm().isEmpty()) {
            missing.add("kerberos.realm = YOUR.REALM");
        }
        if (keytab().isEmpty()) {
            missing.add("kerberos.keytab = /path/to/krb5.keytab");
        }
        if (!missing.isEmpty()) {
            problems.add("kerberos-auth: Kerberos is not set up on this machine; add " + String.join(" and ", missing)
                    + " to " + source + " (optionally kerberos.principal, default host/" + machineName()
                    + "), reload it (systemctl reload portcullis, or kill -HUP the appliance), then turn"
                    + " kerberos-auth on");
            return problems;
        }
        if (lines().krb5Conf().isPresent() && !Files.isReadable(krb5Conf())) {
            problems.add("kerberos-auth: the krb5.conf " + krb5Conf() + " named by kerberos.krb5-conf in "
                    + source + " cannot be read; make it readable or correct the line");
        }
        Path keytab = keytab().get();
        Optional<String> unreadable = unreadable(keytab);
        if (unreadable.isPresent()) {
            problems.add("kerberos-auth: the keytab " + keytab + " named by kerberos.keytab in " + source
                    + " cannot be read (" + unreadable.get() + "); put the appliance's keytab there (kadmin: ktadd -k "
                    + keytab + " " + servicePrincipal() + ") readable by the appliance, or correct the line");
        } else if (!holdsKeyFor(keytab, servicePrincipal())) {
            problems.add("kerberos-auth: the keytab " + keytab + " holds no key for " + servicePrincipal()
                    + "; add one (kadmin: ktadd -k " + keytab + " " + servicePrincipal()
                    + ") or name the principal it holds with kerberos.principal in " + source);
        }
        return problems;
    }

    private static Optional<String> unreadable(Path keytab) {
        try (InputStream in = Files.newInputStream(keytab)) {
            // MIT keytabs start with version byte 5; anything else is not a keytab the JDK can use
            return in.read() == 5 ? Optional.empty() : Optional.of("not a keytab file");
        } catch (IOException e) {
            return Optional.of(e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getMessage());
        }
    }

    private static boolean holdsKeyFor(Path keytab, String principal) {
        try {
            return KeyTab.getInstance(keytab.toFile()).getKeys(new KerberosPrincipal(principal)).length > 0;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Looked up once: a name lookup per login would make every Kerberos login wait on DNS. */
    private String machineName() {
        String name = machineName;
        if (name == null) {
            try {
                name = InetAddress.getLocalHost().getCanonicalHostName();
            } catch (UnknownHostException e) {
                name = "localhost";
            }
            machineName = name;
        }
        return name;
    }
}
