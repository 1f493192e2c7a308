-- Portcullis schema, version 1. Every later change is a new V<n>__*.sql file; never edit this one.

-- Services (SPEC §2): "running" is the state the appliance last left the service in,
-- "start_automatically" decides whether it starts at boot.
CREATE TABLE services (
    name                TEXT PRIMARY KEY,
    running             INTEGER NOT NULL DEFAULT 0 CHECK (running IN (0, 1)),
    start_automatically INTEGER NOT NULL DEFAULT 0 CHECK (start_automatically IN (0, 1))
);
INSERT INTO services (name, running, start_automatically) VALUES ('ssh', 0, 1);

-- SSH service settings (SPEC §3): exactly one row, every field with its shipped default.
CREATE TABLE ssh_settings (
    id                       INTEGER PRIMARY KEY CHECK (id = 1),
    tcp_port                 INTEGER NOT NULL DEFAULT 2222,
    bind_interfaces          TEXT    NOT NULL DEFAULT '',       -- comma-separated interface names
    root_login_with_password INTEGER NOT NULL DEFAULT 0,
    password_auth            INTEGER NOT NULL DEFAULT 1,
    password_login_groups    TEXT    NOT NULL DEFAULT '',       -- comma-separated group names
    kerberos_auth            INTEGER NOT NULL DEFAULT 0,
    tcp_forwarding           INTEGER NOT NULL DEFAULT 0,
    compression              INTEGER NOT NULL DEFAULT 0,
    sftp_log_level           TEXT    NOT NULL DEFAULT 'ERROR',
    sftp_log_facility        TEXT    NOT NULL DEFAULT 'AUTH',
    weak_ciphers             TEXT    NOT NULL DEFAULT '',       -- comma-separated: AES128-CBC, NONE
    aux_params               TEXT    NOT NULL DEFAULT ''        -- sshd_config(5) lines
);
INSERT INTO ssh_settings (id) VALUES (1);

-- Accounts (SPEC §4).
CREATE TABLE groups (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    gid     INTEGER NOT NULL UNIQUE,
    name    TEXT    NOT NULL UNIQUE,
    builtin INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE users (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    username          TEXT    NOT NULL UNIQUE,
    full_name         TEXT    NOT NULL DEFAULT '',
    uid               INTEGER NOT NULL UNIQUE,
    primary_group_id  INTEGER NOT NULL REFERENCES groups (id),
    home              TEXT    NOT NULL,                    -- relative paths are under the data directory
    home_mode         TEXT    NOT NULL DEFAULT '700',
    shell             TEXT    NOT NULL,
    password_hash     TEXT,                                -- Argon2id; NULL = no password set
    password_disabled INTEGER NOT NULL DEFAULT 0,
    locked            INTEGER NOT NULL DEFAULT 0,
    email             TEXT    NOT NULL DEFAULT '',
    builtin           INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE memberships (
    user_id  INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    group_id INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, group_id)
);

CREATE TABLE user_keys (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    key_type    TEXT    NOT NULL,
    public_key  TEXT    NOT NULL,                          -- "type base64", as in authorized_keys
    comment     TEXT    NOT NULL DEFAULT '',
    fingerprint TEXT    NOT NULL,                          -- SHA256:...
    added_at    TEXT    NOT NULL,
    UNIQUE (user_id, fingerprint)
);

-- Host keys (SPEC §3): private parts sealed with the data directory's secret file.
CREATE TABLE host_keys (
    key_type           TEXT PRIMARY KEY,                   -- ssh-ed25519, ecdsa-sha2-nistp256, ssh-rsa
    public_key         TEXT NOT NULL,
    fingerprint        TEXT NOT NULL,
    sealed_private_key BLOB NOT NULL,
    created_at         TEXT NOT NULL
);

-- Audit log (SPEC §8).
CREATE TABLE audit (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    at      TEXT NOT NULL,                                 -- ISO-8601 instant, UTC
    actor   TEXT NOT NULL,                                 -- username, or 'console' for the local menu
    address TEXT NOT NULL,                                 -- remote address, or 'local'
    kind    TEXT NOT NULL,                                 -- login, change, service, session, transfer
    action  TEXT NOT NULL,
    detail  TEXT NOT NULL DEFAULT '',
    outcome TEXT NOT NULL DEFAULT 'ok'
);
CREATE INDEX audit_at ON audit (at);
CREATE INDEX audit_actor ON audit (actor);
