-- Builtin groups and accounts (SPEC §4). None has a password: the first administrator password
-- comes from --admin-password-file, the local console menu, or DATA_DIR/initial-admin-password.
INSERT INTO groups (gid, name, builtin) VALUES (0, 'root', 1);
INSERT INTO groups (gid, name, builtin) VALUES (544, 'admins', 1);
INSERT INTO groups (gid, name, builtin) VALUES (545, 'readonly-admins', 1);
INSERT INTO groups (gid, name, builtin) VALUES (950, 'admin', 1);

INSERT INTO users (username, full_name, uid, primary_group_id, home, home_mode, shell, builtin)
VALUES ('root', 'root', 0, (SELECT id FROM groups WHERE name = 'root'), 'home', '755', 'console', 1);
INSERT INTO users (username, full_name, uid, primary_group_id, home, home_mode, shell, builtin)
VALUES ('admin', 'Administrator', 950, (SELECT id FROM groups WHERE name = 'admin'), 'home/admin', '700', 'console', 1);

INSERT INTO memberships (user_id, group_id)
SELECT u.id, g.id FROM users u, groups g WHERE u.username IN ('root', 'admin') AND g.name = 'admins';
