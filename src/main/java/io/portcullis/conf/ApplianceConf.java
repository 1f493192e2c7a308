package io.portcullis.conf;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
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
                            Accounts accounts, Optional<Directory> directory) {

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

    /**
     * {@code ldap.*}: the directory whose users and groups log in next to the local ones (issue 18). Every
     * value is checked when the file is read; the bind password stays in its file, read when a connection
     * binds, so that it is in no record, log line or message.
     *
     * @param url where the directory is; {@code ldap://} always with StartTLS, or {@code ldaps://}
     * @param caFile PEM certificates of the authorities that may sign the directory's certificate
     * @param bindDn the account Portcullis searches as; empty: anonymous searches
     * @param bindPasswordFile its password, the file's first line
     * @param membership how a user's groups are found
     * @param cacheTtl how long a looked-up user is used before the directory is asked again
     * @param timeout the longest a connection, a search or a bind may take
     */
    public record Directory(Url url, Path caFile, Optional<String> bindDn, Optional<Path> bindPasswordFile,
                            String userBase, String groupBase, String userFilter, String groupFilter,
                            Membership membership, Attributes attributes, Shells shells, Duration cacheTtl,
                            Duration timeout) {

        public static final Duration DEFAULT_CACHE_TTL = Duration.ofMinutes(5);
        public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
        public static final String DEFAULT_USER_FILTER = "(objectClass=posixAccount)";
        public static final String DEFAULT_GROUP_FILTER = "(objectClass=posixGroup)";

        /** {@code ldap://HOST:PORT} (StartTLS) or {@code ldaps://HOST:PORT}. */
        public record Url(String host, int port, boolean ldaps) {
            @Override
            public String toString() {
                String shown = host.contains(":") ? "[" + host + "]" : host;
                return (ldaps ? "ldaps://" : "ldap://") + shown + ":" + port;
            }
        }

        /**
         * RFC 2307: a posixGroup lists its members' names in memberUid. memberOf (FreeIPA, Active Directory,
         * OpenLDAP's memberof overlay): the user's entry lists the DNs of its groups.
         */
        public enum Membership {
            RFC2307, MEMBER_OF;

            public String word() {
                return this == RFC2307 ? "rfc2307" : "memberof";
            }
        }

        /** Which attribute holds what; the defaults are RFC 2307's and the openssh-lpk schema's. */
        public record Attributes(String username, String uidNumber, String gidNumber, String fullName,
                                 String loginShell, String sshPublicKey, String groupName, String memberUid,
                                 String memberOf) {
            public static final Attributes RFC2307 = new Attributes("uid", "uidNumber", "gidNumber", "cn",
                    "loginShell", "sshPublicKey", "cn", "memberUid", "memberOf");
        }

        /**
         * Which shell a directory user gets, first match wins: a member of an {@code adminsGroups} group gets the
         * console as a member of admins, of {@code readonlyAdminsGroups} the console as a member of
         * readonly-admins, of {@code scponlyGroups} scponly; then, when {@code loginShellAttribute}, the shell
         * its loginShell names if /etc/shells lists it; everyone else nologin.
         */
        public record Shells(List<String> adminsGroups, List<String> readonlyAdminsGroups, List<String> scponlyGroups,
                             boolean loginShellAttribute) {
            public Shells {
                adminsGroups = List.copyOf(adminsGroups);
                readonlyAdminsGroups = List.copyOf(readonlyAdminsGroups);
                scponlyGroups = List.copyOf(scponlyGroups);
            }
        }
    }

    /** A machine with no portcullis.conf at {@code source}: every part at its default. */
    public static ApplianceConf defaults(Path source) {
        return new ApplianceConf(source, Optional.empty(), Kerberos.NONE, Syslog.NONE, Ssh.DEFAULTS, Accounts.DEFAULTS,
                Optional.empty());
    }
}
