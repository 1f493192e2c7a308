package io.portcullis.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each migration upgrades a database made by the earlier ones without losing data. Add a test here
 * for every new migration: create at the previous version, write rows, migrate, read them back.
 */
class MigrationTest {

    @TempDir
    Path tmp;

    private Flyway flyway(String url, String target) {
        return Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration").target(target).load();
    }

    @Test
    void v1DatabaseIsUpgradedToTheLatestWithoutLoss() throws Exception {
        String url = "jdbc:sqlite:" + tmp.resolve("p.db");
        flyway(url, "1").migrate();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("UPDATE ssh_settings SET tcp_port = 2200, aux_params = 'ClientAliveInterval 30'");
            s.execute("INSERT INTO groups (gid, name) VALUES (1000, 'staff')");
            s.execute("INSERT INTO users (username, uid, primary_group_id, home, shell) "
                    + "VALUES ('dave', 1000, (SELECT id FROM groups WHERE name = 'staff'), 'home/dave', 'bash')");
            s.execute("INSERT INTO audit (at, actor, address, kind, action) "
                    + "VALUES ('2026-01-01T00:00:00.000Z', 'dave', 'local', 'login', 'password')");
        }

        var result = flyway(url, "latest").migrate();
        assertThat(result.success).isTrue();

        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            assertThat(one(s, "SELECT tcp_port FROM ssh_settings")).isEqualTo("2200");
            assertThat(one(s, "SELECT aux_params FROM ssh_settings")).isEqualTo("ClientAliveInterval 30");
            assertThat(one(s, "SELECT uid FROM users WHERE username = 'dave'")).isEqualTo("1000");
            assertThat(one(s, "SELECT COUNT(*) FROM audit")).isEqualTo("1");
            // V2 added the builtin accounts next to the existing ones
            assertThat(one(s, "SELECT COUNT(*) FROM users WHERE username IN ('root', 'admin') AND password_hash IS NULL"))
                    .isEqualTo("2");
            assertThat(one(s, "SELECT COUNT(*) FROM groups WHERE name IN ('admins', 'readonly-admins') AND builtin = 1"))
                    .isEqualTo("2");
        }
    }

    @Test
    void v2DatabaseIsUpgradedToV3WithoutLossAndWithRetentionDefaults() throws Exception {
        String url = "jdbc:sqlite:" + tmp.resolve("v2.db");
        flyway(url, "2").migrate();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("INSERT INTO host_keys (key_type, public_key, fingerprint, sealed_private_key, created_at) "
                    + "VALUES ('ssh-ed25519', 'ssh-ed25519 AAAA', 'SHA256:x', X'00', '2026-01-01T00:00:00Z')");
            s.execute("INSERT INTO audit (at, actor, address, kind, action) "
                    + "VALUES ('2026-01-01T00:00:00.000Z', 'admin', '127.0.0.1', 'change', 'ssh set')");
        }

        assertThat(flyway(url, "3").migrate().success).isTrue();

        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            assertThat(one(s, "SELECT fingerprint FROM host_keys")).isEqualTo("SHA256:x");
            assertThat(one(s, "SELECT action FROM audit")).isEqualTo("ssh set");
            assertThat(one(s, "SELECT COUNT(*) FROM users WHERE username IN ('root', 'admin')")).isEqualTo("2");
            assertThat(one(s, "SELECT max_entries || ',' || max_age_days FROM audit_retention")).isEqualTo("100000,365");
            assertThat(one(s, "SELECT COUNT(*) FROM keypairs")).isEqualTo("0");
            assertThat(one(s, "SELECT COUNT(*) FROM connections")).isEqualTo("0");
            s.execute("INSERT INTO keypairs (name, key_type, bits, public_key, fingerprint, sealed_private_key,"
                    + " created_at) VALUES ('k', 'ssh-ed25519', 256, 'ssh-ed25519 AAAA', 'SHA256:k', X'00', 'now')");
            s.execute("INSERT INTO connections (name, host, username, keypair, created_at) VALUES ('c', 'h', 'u', 'k', 'now')");
            assertThat(one(s, "SELECT port || ',' || connect_timeout || ',' || remote_host_key FROM connections"))
                    .isEqualTo("22,10,");
        }
    }

    @Test
    void freshDatabaseHasEveryDefaultOfSpecSection3() throws Exception {
        String url = "jdbc:sqlite:" + tmp.resolve("fresh.db");
        flyway(url, "latest").migrate();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            assertThat(one(s, "SELECT tcp_port || ',' || bind_interfaces || ',' || root_login_with_password || ','"
                    + " || password_auth || ',' || password_login_groups || ',' || kerberos_auth || ','"
                    + " || tcp_forwarding || ',' || compression || ',' || sftp_log_level || ','"
                    + " || sftp_log_facility || ',' || weak_ciphers || ',' || aux_params FROM ssh_settings"))
                    .isEqualTo("2222,,0,1,,0,0,0,ERROR,AUTH,,");
            assertThat(one(s, "SELECT running || ',' || start_automatically FROM services WHERE name = 'ssh'"))
                    .isEqualTo("0,1");
        }
    }

    private static String one(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }
}
