package io.portcullis.conf;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.audit.SyslogSender;
import io.portcullis.settings.KerberosConf;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What reads portcullis.conf at each use reads it from the one holder, so a configuration put in its place
 * (as a re-read of the file would) is what the next login or line goes by.
 */
class CurrentConfTest {

    private static final Path FILE = Path.of("/data/portcullis.conf");

    @Test
    void aReplacedConfigurationIsWhatTheNextUseReads() {
        CurrentConf current = new CurrentConf(ApplianceConf.defaults(FILE));
        KerberosConf kerberos = new KerberosConf(current);
        SyslogSender syslog = new SyslogSender(current);
        assertThat(kerberos.realm()).isEmpty();
        assertThat(syslog.enabled()).isFalse();

        ApplianceConf before = current.replace(new ApplianceConf(FILE, Optional.empty(),
                new ApplianceConf.Kerberos(Optional.of("EXAMPLE.ORG"), Optional.of(Path.of("/data/krb5.keytab")),
                        Optional.of("host/nas.example.org"), Optional.empty()),
                new ApplianceConf.Syslog(Optional.of(InetSocketAddress.createUnresolved("127.0.0.1", 5514))),
                ApplianceConf.Ssh.DEFAULTS, ApplianceConf.Accounts.DEFAULTS, Optional.empty()));
        assertThat(before).isEqualTo(ApplianceConf.defaults(FILE));
        assertThat(kerberos.realm()).contains("EXAMPLE.ORG");
        assertThat(kerberos.servicePrincipal()).isEqualTo("host/nas.example.org@EXAMPLE.ORG");
        assertThat(syslog.enabled()).isTrue();
    }
}
