-- Keypairs and connections to other SSH servers (SPEC §5), and how long the audit log is kept (SPEC §8).

-- Keypairs: the private part is sealed with the data directory's secret file, as host keys are.
CREATE TABLE keypairs (
    name               TEXT PRIMARY KEY,
    key_type           TEXT    NOT NULL,                   -- ssh-ed25519, ecdsa-sha2-nistp256, ssh-rsa, ...
    bits               INTEGER NOT NULL,
    public_key         TEXT    NOT NULL,                   -- "type base64", as in authorized_keys
    fingerprint        TEXT    NOT NULL,                   -- SHA256:...
    sealed_private_key BLOB    NOT NULL,
    created_at         TEXT    NOT NULL
);

-- Connections: remote_host_key is empty until 'ssh connections discover-host-key' pins it.
CREATE TABLE connections (
    name                 TEXT PRIMARY KEY,
    host                 TEXT    NOT NULL,
    port                 INTEGER NOT NULL DEFAULT 22 CHECK (port BETWEEN 1 AND 65535),
    username             TEXT    NOT NULL,
    keypair              TEXT    NOT NULL REFERENCES keypairs (name),
    remote_host_key      TEXT    NOT NULL DEFAULT '',      -- "type base64" of the pinned key
    connect_timeout      INTEGER NOT NULL DEFAULT 10 CHECK (connect_timeout BETWEEN 1 AND 300),
    created_at           TEXT    NOT NULL
);

-- Audit retention: entries beyond max_entries, or older than max_age_days, are pruned in the background.
CREATE TABLE audit_retention (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    max_entries  INTEGER NOT NULL DEFAULT 100000 CHECK (max_entries >= 100),
    max_age_days INTEGER NOT NULL DEFAULT 365 CHECK (max_age_days >= 1)
);
INSERT INTO audit_retention (id) VALUES (1);

CREATE INDEX audit_kind ON audit (kind);
