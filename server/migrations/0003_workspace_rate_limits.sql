-- A workspace's own limits, each overriding one limiter of one of the organization's rate-limit
-- groups (the organization's limits themselves are fixed: `server/src/db/rate_limits.rs`).
CREATE TABLE workspace_rate_limits (
    workspace_id TEXT NOT NULL REFERENCES workspaces (id),
    group_id     TEXT NOT NULL,   -- rlg_..., a group of the organization's table
    limit_type   TEXT NOT NULL,   -- requests_per_minute, output_tokens_per_minute, ...
    value        INTEGER NOT NULL CHECK (value >= 0),
    PRIMARY KEY (workspace_id, group_id, limit_type)
);
