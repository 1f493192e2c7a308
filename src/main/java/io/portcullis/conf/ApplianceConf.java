package io.portcullis.conf;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code portcullis.conf}, parsed: what belongs to the machine rather than to an administrator's settings
 * (SPEC §1), one record per part, each given to what uses it through {@link CurrentConf}. The file is read
 * and checked by the app layer's {@code ApplianceConfFile}, which is the only place that knows its keys.
 *
 * @param source the file it was read from (named in messages that tell an operator what to edit)
 */
public record ApplianceConf(Path source, Optional<Path> consoleDevice, Kerberos kerberos, Syslog syslog, Ssh ssh,
                            Accounts accounts) {

    public static final String FILE_NAME = "portcullis.conf";

    /** {@code kerberos.*}: the realm whose principals may log in, the keytab, the service principal, krb5.conf. */
    public record Kerberos(Optional<String> realm, Optional<Path> keytab, Optional<String> principal,
                           Optional<Path> krb5Conf) {
        public static final Kerberos NONE = new Kerberos(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    /** {@code syslog.endpoint}, unresolved: name lookup happens when a line is sent. */
    public record Syslog(Optional<InetSocketAddress> endpoint) {
        public static final Syslog NONE = new Syslog(Optional.empty());
    }

    /** {@code ssh.*}: addresses never penalised, and how many channels one connection may have open. */
    public record Ssh(List<String> penaltyExemptList, int maxChannelsPerConnection) {
        /** Channels one SSH connection may have open at once, unless ssh.max-channels-per-connection says otherwise. */
        public static final int DEFAULT_MAX_CHANNELS = 256;
        public static final int MAX_MAX_CHANNELS = 16_384;
        public static final Ssh DEFAULTS = new Ssh(List.of(), DEFAULT_MAX_CHANNELS);

        public Ssh {
            penaltyExemptList = List.copyOf(penaltyExemptList);
        }
    }

    /** {@code accounts.*}: the ids new accounts get, and where they are published (empty: nowhere). */
    public record Accounts(IdRange idRange, Optional<Path> userdbDirectory) {
        /** Where systemd's NSS reads drop-in user records (nss-systemd(8)). */
        public static final Path DEFAULT_USERDB_DIR = Path.of("/run/userdb");
        public static final Accounts DEFAULTS = new Accounts(IdRange.DEFAULT, Optional.of(DEFAULT_USERDB_DIR));
    }

    /** A machine with no portcullis.conf at {@code source}: every part at its default. */
    public static ApplianceConf defaults(Path source) {
        return new ApplianceConf(source, Optional.empty(), Kerberos.NONE, Syslog.NONE, Ssh.DEFAULTS, Accounts.DEFAULTS);
    }
}
