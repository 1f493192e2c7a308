package io.portcullis.store;

import io.portcullis.settings.SftpLogLevel;
import io.portcullis.settings.SshSettings;
import io.portcullis.settings.SyslogFacility;
import io.portcullis.settings.WeakCipher;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The single row of SSH service settings. Reading does not validate: a hand-edited bad value is
 * reported by {@code services start}, which validates what it is about to run.
 */
@Repository
public class SshSettingsRepository {

    private final JdbcClient db;

    public SshSettingsRepository(JdbcClient db) {
        this.db = db;
    }

    /** The raw stored row, each field as text, for validation and error reports. */
    public StoredSshSettings loadRaw() {
        return db.sql("SELECT * FROM ssh_settings WHERE id = 1").query((rs, row) -> new StoredSshSettings(
                rs.getString("tcp_port"), rs.getString("bind_interfaces"), rs.getString("root_login_with_password"),
                rs.getString("password_auth"), rs.getString("password_login_groups"), rs.getString("kerberos_auth"),
                rs.getString("tcp_forwarding"), rs.getString("compression"), rs.getString("sftp_log_level"),
                rs.getString("sftp_log_facility"), rs.getString("weak_ciphers"), rs.getString("aux_params"))).single();
    }

    public void save(SshSettings s) {
        db.sql("""
                UPDATE ssh_settings SET tcp_port = ?, bind_interfaces = ?, root_login_with_password = ?,
                    password_auth = ?, password_login_groups = ?, kerberos_auth = ?, tcp_forwarding = ?,
                    compression = ?, sftp_log_level = ?, sftp_log_facility = ?, weak_ciphers = ?, aux_params = ?
                WHERE id = 1
                """)
                .params(s.tcpPort(), String.join(",", s.bindInterfaces()), s.rootLoginWithPassword(), s.passwordAuth(),
                        String.join(",", s.passwordLoginGroups()), s.kerberosAuth(), s.tcpForwarding(), s.compression(),
                        s.sftpLogLevel().name(), s.sftpLogFacility().name(),
                        s.weakCiphers().stream().sorted().map(WeakCipher::label).collect(Collectors.joining(",")),
                        s.auxParams())
                .update();
    }

    /** Settings row exactly as in the database, every column as text. */
    public record StoredSshSettings(String tcpPort, String bindInterfaces, String rootLoginWithPassword,
                                    String passwordAuth, String passwordLoginGroups, String kerberosAuth,
                                    String tcpForwarding, String compression, String sftpLogLevel,
                                    String sftpLogFacility, String weakCiphers, String auxParams) {

        /** Converts leniently; {@link io.portcullis.settings.SshSettingsRules} says what is wrong with a bad row. */
        public SshSettings toSettings() {
            EnumSet<WeakCipher> weak = EnumSet.noneOf(WeakCipher.class);
            for (String label : list(weakCiphers)) {
                WeakCipher.fromLabel(label).ifPresent(weak::add);
            }
            return new SshSettings(Integer.parseInt(tcpPort.trim()), list(bindInterfaces), bool(rootLoginWithPassword),
                    bool(passwordAuth), list(passwordLoginGroups), bool(kerberosAuth), bool(tcpForwarding),
                    bool(compression), SftpLogLevel.valueOf(sftpLogLevel.trim()),
                    SyslogFacility.valueOf(sftpLogFacility.trim()), weak, auxParams == null ? "" : auxParams);
        }

        /**
         * For logins while a hand-edited row is broken: a field that does not parse takes its default (a
         * broken switch reads as off), so the service keeps judging logins until an administrator fixes it.
         */
        public SshSettings toSettingsOrDefaults() {
            SshSettings d = SshSettings.DEFAULTS;
            EnumSet<WeakCipher> weak = EnumSet.noneOf(WeakCipher.class);
            for (String label : list(weakCiphers)) {
                WeakCipher.fromLabel(label).ifPresent(weak::add);
            }
            return new SshSettings(parsed(() -> Integer.parseInt(tcpPort.trim()), d.tcpPort()), list(bindInterfaces),
                    bool(rootLoginWithPassword), bool(passwordAuth), list(passwordLoginGroups), bool(kerberosAuth),
                    bool(tcpForwarding), bool(compression),
                    parsed(() -> SftpLogLevel.valueOf(sftpLogLevel.trim()), d.sftpLogLevel()),
                    parsed(() -> SyslogFacility.valueOf(sftpLogFacility.trim()), d.sftpLogFacility()), weak,
                    auxParams == null ? "" : auxParams);
        }

        private static <T> T parsed(java.util.function.Supplier<T> parse, T fallback) {
            try {
                return parse.get();
            } catch (RuntimeException e) {
                return fallback;
            }
        }

        private static boolean bool(String v) {
            return "1".equals(v == null ? null : v.trim());
        }

        static List<String> list(String csv) {
            if (csv == null || csv.isBlank()) {
                return List.of();
            }
            return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        }
    }
}
