package io.portcullis.store;

import io.portcullis.store.GroupRepository.StoredGroup;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/** Users with their auxiliary group memberships and SSH public keys. */
@Repository
public class UserRepository {

    /** One stored user, with its primary and auxiliary groups. */
    public record StoredUser(long id, String username, String fullName, int uid, StoredGroup primaryGroup,
                             List<StoredGroup> auxiliaryGroups, String home, String homeMode, String shell,
                             Optional<String> passwordHash, boolean passwordDisabled, boolean locked, String email,
                             boolean builtin) {
    }

    /** The fields of a user about to be stored; validated by the accounts' rules before they get here. */
    public record UserFields(String username, String fullName, int uid, long primaryGroupId,
                             List<Long> auxiliaryGroupIds, String home, String homeMode, String shell,
                             Optional<String> passwordHash, boolean passwordDisabled, boolean locked, String email) {
    }

    /** One stored SSH key of a user: "type base64", its comment and SHA256 fingerprint. */
    public record StoredKey(long id, String keyType, String publicKey, String comment, String fingerprint,
                            Instant addedAt) {
    }

    private static final String SELECT_USER = """
            SELECT u.id, u.username, u.full_name, u.uid, u.home, u.home_mode, u.shell, u.password_hash,
                   u.password_disabled, u.locked, u.email, u.builtin,
                   g.id AS g_id, g.gid AS g_gid, g.name AS g_name, g.builtin AS g_builtin
            FROM users u JOIN groups g ON g.id = u.primary_group_id
            """;

    private final JdbcClient db;
    private final TransactionTemplate tx;

    public UserRepository(JdbcClient db, TransactionTemplate tx) {
        this.db = db;
        this.tx = tx;
    }

    public List<StoredUser> findAll() {
        return db.sql(SELECT_USER + " ORDER BY u.uid").query(this::map).list();
    }

    public Optional<StoredUser> findByUsername(String username) {
        return db.sql(SELECT_USER + " WHERE u.username = ?").param(username).query(this::map).optional();
    }

    /** The user that has this uid, if any. */
    public Optional<String> usernameWithUid(int uid) {
        return db.sql("SELECT username FROM users WHERE uid = ?").param(uid).query(String.class).optional();
    }

    public void setUid(long id, int uid) {
        db.sql("UPDATE users SET uid = ? WHERE id = ?").params(uid, id).update();
    }

    public long insert(UserFields user) {
        return tx.execute(status -> {
            var keys = new GeneratedKeyHolder();
            db.sql("""
                    INSERT INTO users (username, full_name, uid, primary_group_id, home, home_mode, shell,
                                       password_hash, password_disabled, locked, email)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
                    .params(user.username(), user.fullName(), user.uid(), user.primaryGroupId(), user.home(),
                            user.homeMode(), user.shell(), user.passwordHash().orElse(null),
                            user.passwordDisabled(), user.locked(), user.email())
                    .update(keys);
            long id = keys.getKey().longValue();
            replaceAuxiliaryGroups(id, user.auxiliaryGroupIds());
            return id;
        });
    }

    /** Replaces every stored field of the user (the password hash too) in one transaction. */
    public void update(long id, UserFields user) {
        tx.executeWithoutResult(status -> {
            db.sql("""
                    UPDATE users SET username = ?, full_name = ?, uid = ?, primary_group_id = ?, home = ?,
                                     home_mode = ?, shell = ?, password_hash = ?, password_disabled = ?,
                                     locked = ?, email = ?
                    WHERE id = ?
                    """)
                    .params(user.username(), user.fullName(), user.uid(), user.primaryGroupId(), user.home(),
                            user.homeMode(), user.shell(), user.passwordHash().orElse(null),
                            user.passwordDisabled(), user.locked(), user.email(), id)
                    .update();
            replaceAuxiliaryGroups(id, user.auxiliaryGroupIds());
        });
    }

    public void setPasswordHash(long id, String hash) {
        db.sql("UPDATE users SET password_hash = ? WHERE id = ?").params(hash, id).update();
    }

    public void setLocked(long id, boolean locked) {
        db.sql("UPDATE users SET locked = ? WHERE id = ?").params(locked, id).update();
    }

    public void delete(long id) {
        db.sql("DELETE FROM users WHERE id = ?").param(id).update();
    }

    public List<StoredKey> keys(long userId) {
        return db.sql("SELECT id, key_type, public_key, comment, fingerprint, added_at FROM user_keys WHERE user_id = ? ORDER BY id")
                .param(userId)
                .query((rs, row) -> new StoredKey(rs.getLong("id"), rs.getString("key_type"), rs.getString("public_key"),
                        rs.getString("comment"), rs.getString("fingerprint"), Instant.parse(rs.getString("added_at"))))
                .list();
    }

    /** Public keys of a user, for authentication: only the "type base64" part. */
    public List<String> publicKeys(String username) {
        return db.sql("SELECT k.public_key FROM user_keys k JOIN users u ON u.id = k.user_id WHERE u.username = ?")
                .param(username).query(String.class).list();
    }

    public boolean hasKey(long userId, String fingerprint) {
        return db.sql("SELECT COUNT(*) FROM user_keys WHERE user_id = ? AND fingerprint = ?")
                .params(userId, fingerprint).query(Integer.class).single() > 0;
    }

    public void addKey(long userId, String keyType, String publicKey, String comment, String fingerprint) {
        db.sql("INSERT INTO user_keys (user_id, key_type, public_key, comment, fingerprint, added_at) VALUES (?, ?, ?, ?, ?, ?)")
                .params(userId, keyType, publicKey, comment, fingerprint, Instant.now().toString())
                .update();
    }

    public boolean removeKey(long userId, String fingerprint) {
        return db.sql("DELETE FROM user_keys WHERE user_id = ? AND fingerprint = ?").params(userId, fingerprint).update() > 0;
    }

    private void replaceAuxiliaryGroups(long userId, List<Long> groupIds) {
        db.sql("DELETE FROM memberships WHERE user_id = ?").param(userId).update();
        for (long groupId : groupIds) {
            db.sql("INSERT OR IGNORE INTO memberships (user_id, group_id) VALUES (?, ?)").params(userId, groupId).update();
        }
    }

    private List<StoredGroup> auxiliaryGroups(long userId) {
        return db.sql("""
                SELECT g.id, g.gid, g.name, g.builtin FROM groups g JOIN memberships m ON m.group_id = g.id
                WHERE m.user_id = ? ORDER BY g.gid
                """).param(userId).query(GroupRepository::map).list();
    }

    private StoredUser map(ResultSet rs, int row) throws SQLException {
        long id = rs.getLong("id");
        StoredGroup primary = new StoredGroup(rs.getLong("g_id"), rs.getInt("g_gid"), rs.getString("g_name"), rs.getBoolean("g_builtin"));
        return new StoredUser(id, rs.getString("username"), rs.getString("full_name"), rs.getInt("uid"), primary,
                auxiliaryGroups(id), rs.getString("home"), rs.getString("home_mode"), rs.getString("shell"),
                Optional.ofNullable(rs.getString("password_hash")), rs.getBoolean("password_disabled"),
                rs.getBoolean("locked"), rs.getString("email"), rs.getBoolean("builtin"));
    }
}
