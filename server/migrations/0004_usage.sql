-- Message usage and Claude Code usage, for the reports (`GET /usage_report/messages`,
-- `/cost_report`, `/usage_report/claude_code`). Only the demo writes them.
--
-- Usage is kept per hour: one row per UTC hour and source, a source being everything a report
-- groups or filters by (key, workspace, model, service tier, context window, inference geo).
-- Every report is a sum of whole rows: a day is 24 hours of rows, a minute a share of its hour's
-- row (server/src/db/usage.rs), so totals agree whatever the bucket width or grouping. Costs are
-- not stored: they are the rows' tokens times the price table (server/src/pricing.rs), in exact
-- decimal.
CREATE TABLE usage_sources (
    id             INTEGER PRIMARY KEY,
    api_key_id     TEXT NOT NULL,
    workspace_id   TEXT,            -- NULL: the default workspace
    model          TEXT NOT NULL,
    service_tier   TEXT NOT NULL,
    context_window TEXT NOT NULL,
    inference_geo  TEXT NOT NULL,
    UNIQUE (api_key_id, model, service_tier, context_window, inference_geo)
);

CREATE TABLE usage_hours (
    hour                           INTEGER NOT NULL,  -- hours since the epoch: [hour * 3600 s, + 3600 s)
    source_id                      INTEGER NOT NULL REFERENCES usage_sources (id),
    uncached_input_tokens          INTEGER NOT NULL CHECK (uncached_input_tokens >= 0),
    cache_read_input_tokens        INTEGER NOT NULL CHECK (cache_read_input_tokens >= 0),
    cache_creation_5m_input_tokens INTEGER NOT NULL CHECK (cache_creation_5m_input_tokens >= 0),
    cache_creation_1h_input_tokens INTEGER NOT NULL CHECK (cache_creation_1h_input_tokens >= 0),
    output_tokens                  INTEGER NOT NULL CHECK (output_tokens >= 0),
    web_search_requests            INTEGER NOT NULL CHECK (web_search_requests >= 0),
    PRIMARY KEY (hour, source_id)
) WITHOUT ROWID;

-- One actor's Claude Code usage on one UTC day; `metrics` is the record's core_metrics and
-- tool_actions, `models` its tokens per model (the estimated cost comes from the price table).
CREATE TABLE claude_code_days (
    day           INTEGER NOT NULL,  -- days since the epoch
    actor_type    TEXT NOT NULL CHECK (actor_type IN ('user_actor', 'api_actor')),
    actor         TEXT NOT NULL,     -- the member's email, or the API key's name
    customer_type TEXT NOT NULL CHECK (customer_type IN ('api', 'subscription')),
    terminal_type TEXT NOT NULL,
    metrics       TEXT NOT NULL,
    models        TEXT NOT NULL,
    PRIMARY KEY (day, actor_type, actor)
) WITHOUT ROWID;

-- What the demo made, so that a later `serve --demo` on the same database can add the hours and
-- days since then (the same numbers it would have made then: they depend only on the hour).
CREATE TABLE demo_usage (
    size         TEXT NOT NULL CHECK (size IN ('small', 'large')),
    through_hour INTEGER NOT NULL,   -- usage exists for the hours before this one
    through_day  INTEGER NOT NULL    -- Claude Code records exist for the days before this one
);
