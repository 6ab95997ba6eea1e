-- Today's shapes of the contract: the nine organization roles, the restricted developer, API keys
-- with no creator, an expiry or a service-account principal, invites' acceptance time, workspaces'
-- data residency and tags, and the default workspace's real id.
--
-- SQLite cannot change a CHECK constraint or drop NOT NULL in place, so three tables are rebuilt
-- (new table, copy, drop, rename). Foreign keys stay on (sqlx runs a migration in a transaction,
-- where the pragma to turn them off does nothing), and dropping `users` would then cascade to
-- every workspace membership: so the memberships are set aside first and put back after.

CREATE TABLE workspace_members_kept AS SELECT workspace_id, user_id, workspace_role FROM workspace_members;
DROP TABLE workspace_members;

CREATE TABLE users_new (
    id        TEXT PRIMARY KEY,
    email     TEXT NOT NULL,
    email_key TEXT NOT NULL UNIQUE,
    name      TEXT NOT NULL,
    role      TEXT NOT NULL CHECK (role IN ('admin', 'user', 'developer', 'billing', 'claude_code_user',
                                            'owner', 'primary_owner', 'membership_admin', 'managed')),
    added_at  INTEGER NOT NULL
);
INSERT INTO users_new (id, email, email_key, name, role, added_at)
    SELECT id, email, email_key, name, role, added_at FROM users;
DROP TABLE users;
ALTER TABLE users_new RENAME TO users;
CREATE INDEX users_role ON users (role, id);

CREATE TABLE workspace_members (
    workspace_id   TEXT NOT NULL REFERENCES workspaces (id),
    user_id        TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    workspace_role TEXT NOT NULL CHECK (workspace_role IN
        ('workspace_user', 'workspace_developer', 'workspace_restricted_developer', 'workspace_admin',
         'workspace_billing')),
    PRIMARY KEY (workspace_id, user_id)
);
INSERT INTO workspace_members (workspace_id, user_id, workspace_role)
    SELECT workspace_id, user_id, workspace_role FROM workspace_members_kept;
DROP TABLE workspace_members_kept;
CREATE INDEX workspace_members_user ON workspace_members (user_id);

CREATE TABLE api_keys_new (
    id                 TEXT PRIMARY KEY,
    name               TEXT NOT NULL,
    workspace_id       TEXT REFERENCES workspaces (id),   -- NULL: the default workspace
    created_at         INTEGER NOT NULL,
    created_by_user_id TEXT,                              -- NULL: a legacy or system key; no FK
    partial_key_hint   TEXT,
    expires_at         INTEGER,                           -- NULL: never
    service_account_id TEXT,                              -- set: the key acts as that service account
    -- 'expired' is not stored: an active or inactive key past expires_at reads as expired.
    status             TEXT NOT NULL CHECK (status IN ('active', 'inactive', 'archived'))
);
INSERT INTO api_keys_new (id, name, workspace_id, created_at, created_by_user_id, partial_key_hint, status)
    SELECT id, name, workspace_id, created_at, created_by_user_id, partial_key_hint, status FROM api_keys;
DROP TABLE api_keys;
ALTER TABLE api_keys_new RENAME TO api_keys;
CREATE INDEX api_keys_workspace ON api_keys (workspace_id, id);
CREATE INDEX api_keys_created_by ON api_keys (created_by_user_id, id);

ALTER TABLE invites ADD COLUMN accepted_at INTEGER;
-- An accepted invite's invitee joined when they accepted it.
UPDATE invites SET accepted_at = COALESCE(
    (SELECT added_at FROM users WHERE users.email_key = invites.email_key), invited_at)
    WHERE state = 'accepted';

-- Where inference may run: 'unrestricted' or a JSON list of geos; the data itself is in the US.
ALTER TABLE workspaces ADD COLUMN allowed_inference_geos TEXT NOT NULL DEFAULT 'unrestricted';
ALTER TABLE workspaces ADD COLUMN default_inference_geo TEXT NOT NULL DEFAULT 'global'
    CHECK (default_inference_geo IN ('us', 'global'));
-- A JSON object of string to string.
ALTER TABLE workspaces ADD COLUMN tags TEXT NOT NULL DEFAULT '{}';

-- The default workspace is not a row of `workspaces` (it has no members and cannot change): only
-- its id and creation time, made once when the server opens the database.
ALTER TABLE organization ADD COLUMN default_workspace_id TEXT;
ALTER TABLE organization ADD COLUMN created_at INTEGER;
