-- Times are integer microseconds since the Unix epoch (UTC); the API formats them as RFC 3339.
-- Ids are prefix + 24 base58 characters and time-ordered, so ORDER BY id is creation order.

CREATE TABLE organization (
    id   TEXT PRIMARY KEY,
    name TEXT NOT NULL
);

CREATE TABLE admin_keys (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    key_hash   BLOB NOT NULL UNIQUE,   -- SHA-256 of the key; the key itself is never stored
    hint       TEXT NOT NULL,          -- last characters, for `keys list`
    read_only  INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    revoked_at INTEGER
);

CREATE TABLE users (
    id        TEXT PRIMARY KEY,
    email     TEXT NOT NULL,
    email_key TEXT NOT NULL UNIQUE,    -- lower-cased email: emails compare case-insensitively
    name      TEXT NOT NULL,
    role      TEXT NOT NULL CHECK (role IN ('admin', 'user', 'developer', 'billing', 'claude_code_user')),
    added_at  INTEGER NOT NULL
);
CREATE INDEX users_role ON users (role, id);

CREATE TABLE invites (
    id         TEXT PRIMARY KEY,
    email      TEXT NOT NULL,
    email_key  TEXT NOT NULL,
    role       TEXT NOT NULL CHECK (role IN ('user', 'developer', 'billing', 'claude_code_user')),
    invited_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    -- 'expired' is not stored: a pending invite past expires_at reads as expired.
    state      TEXT NOT NULL CHECK (state IN ('pending', 'accepted', 'deleted'))
);
CREATE INDEX invites_email_key ON invites (email_key, state);

CREATE TABLE workspaces (
    id            TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    display_color TEXT NOT NULL,
    created_at    INTEGER NOT NULL,
    archived_at   INTEGER
);

CREATE TABLE workspace_members (
    workspace_id   TEXT NOT NULL REFERENCES workspaces (id),
    user_id        TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    workspace_role TEXT NOT NULL CHECK (workspace_role IN
        ('workspace_user', 'workspace_developer', 'workspace_admin', 'workspace_billing')),
    PRIMARY KEY (workspace_id, user_id)
);
CREATE INDEX workspace_members_user ON workspace_members (user_id);

CREATE TABLE api_keys (
    id                 TEXT PRIMARY KEY,
    name               TEXT NOT NULL,
    workspace_id       TEXT REFERENCES workspaces (id),   -- NULL: the default workspace
    created_at         INTEGER NOT NULL,
    created_by_user_id TEXT NOT NULL,                     -- no FK: keys outlive their creator
    partial_key_hint   TEXT NOT NULL,
    status             TEXT NOT NULL CHECK (status IN ('active', 'inactive', 'archived'))
);
CREATE INDEX api_keys_workspace ON api_keys (workspace_id, id);
CREATE INDEX api_keys_created_by ON api_keys (created_by_user_id, id);
