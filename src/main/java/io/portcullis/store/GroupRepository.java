package io.portcullis.store;

import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** Groups and their memberships. */
@Repository
public class GroupRepository {

    /** One stored group. */
    public record StoredGroup(long id, int gid, String name, boolean builtin) {
    }

    private static final String COLUMNS = "id, gid, name, builtin";

    private final JdbcClient db;

    public GroupRepository(JdbcClient db) {
        this.db = db;
    }

    public List<StoredGroup> findAll() {
        return db.sql("SELECT " + COLUMNS + " FROM groups ORDER BY gid").query(GroupRepository::map).list();
    }

    public Optional<StoredGroup> findByName(String name) {
        return db.sql("SELECT " + COLUMNS + " FROM groups WHERE name = ?").param(name).query(GroupRepository::map).optional();
    }

    public Optional<StoredGroup> findById(long id) {
        return db.sql("SELECT " + COLUMNS + " FROM groups WHERE id = ?").param(id).query(GroupRepository::map).optional();
    }

    /** The group that has this gid, if any. */
    public Optional<String> nameWithGid(int gid) {
        return db.sql("SELECT name FROM groups WHERE gid = ?").param(gid).query(String.class).optional();
    }

    public StoredGroup insert(int gid, String name) {
        var keys = new GeneratedKeyHolder();
        db.sql("INSERT INTO groups (gid, name) VALUES (?, ?)").params(gid, name).update(keys);
        return new StoredGroup(keys.getKey().longValue(), gid, name, false);
    }

    public void update(long id, int gid, String name) {
        db.sql("UPDATE groups SET gid = ?, name = ? WHERE id = ?").params(gid, name, id).update();
    }

    public void delete(long id) {
        db.sql("DELETE FROM groups WHERE id = ?").param(id).update();
    }

    /** Usernames whose primary group this is, or who are auxiliary members, sorted. */
    public List<String> memberNames(long groupId) {
        return db.sql("""
                SELECT username FROM users WHERE primary_group_id = ?
                UNION
                SELECT u.username FROM users u JOIN memberships m ON m.user_id = u.id WHERE m.group_id = ?
                ORDER BY 1
                """).params(groupId, groupId).query(String.class).list();
    }

    /** Whether some user has this as primary group (such a group cannot be deleted). */
    public boolean isPrimaryGroupOfAnyone(long groupId) {
        return db.sql("SELECT COUNT(*) FROM users WHERE primary_group_id = ?").param(groupId).query(Integer.class).single() > 0;
    }

    public void addMember(long groupId, long userId) {
        db.sql("INSERT OR IGNORE INTO memberships (user_id, group_id) VALUES (?, ?)").params(userId, groupId).update();
    }

    public boolean removeMember(long groupId, long userId) {
        return db.sql("DELETE FROM memberships WHERE user_id = ? AND group_id = ?").params(userId, groupId).update() > 0;
    }

    static StoredGroup map(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new StoredGroup(rs.getLong("id"), rs.getInt("gid"), rs.getString("name"), rs.getBoolean("builtin"));
    }
}
