package io.portcullis.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.settings.SshConfiguration;
import io.portcullis.settings.SshSetting;
import io.portcullis.testing.OpenSsh.Result;
import io.portcullis.testing.RunningAppliance;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ssh set --kerberos-auth true} is refused, with what to write in portcullis.conf, until the
 * machine names a readable keytab and realm; nothing is saved. The logins themselves are in
 * {@link KerberosLoginIT}, which needs a KDC and its own JVM.
 */
class KerberosSettingTest {

    @TempDir
    Path tmp;

    @Test
    void turningKerberosOnIsRefusedUntilTheConfNamesAUsableKeytab() throws Exception {
        Path data = tmp.resolve("data");
        try (RunningAppliance appliance = RunningAppliance.start(data)) {
            Path conf = data.resolve("portcullis.conf");
            Result unset = appliance.admin().exec("ssh set --kerberos-auth true");
            assertThat(unset.exitCode()).as(unset.toString()).isEqualTo(1);
            assertThat(unset.stderr()).contains("Kerberos is not set up on this machine")
                    .contains("kerberos.realm = ").contains("kerberos.keytab = ").contains(conf.toString());
            assertKerberosStillOff(appliance);

            Files.writeString(conf, """
                    kerberos.realm = EXAMPLE.ORG
                    kerberos.keytab = missing.keytab
                    kerberos.krb5-conf = missing-krb5.conf
                    """ + RunningAppliance.PRIVATE_USERDB);
            appliance.restart();
            Result missing = appliance.admin().exec("ssh set --kerberos-auth true");
            assertThat(missing.exitCode()).as(missing.toString()).isEqualTo(1);
            assertThat(missing.stderr())
                    .contains("the keytab " + data.resolve("missing.keytab") + " named by kerberos.keytab in " + conf
                            + " cannot be read (no such file)")
                    .contains("ktadd -k " + data.resolve("missing.keytab") + " host/")
                    .contains("the krb5.conf " + data.resolve("missing-krb5.conf") + " named by kerberos.krb5-conf");
            assertKerberosStillOff(appliance);

            Files.writeString(data.resolve("missing.keytab"), "not a keytab\n");
            Result garbage = appliance.admin().exec("ssh set --kerberos-auth true");
            assertThat(garbage.exitCode()).as(garbage.toString()).isEqualTo(1);
            assertThat(garbage.stderr()).contains("cannot be read (not a keytab file)");
            assertKerberosStillOff(appliance);
        }
    }

    private static void assertKerberosStillOff(RunningAppliance appliance) {
        assertThat(appliance.bean(SshConfiguration.class).saved().get(SshSetting.KERBEROS_AUTH)).isFalse();
    }
}
