//! The reports' data: usage per hour and source (`usage_hours`, `usage_sources`), Claude Code
//! usage per day and actor (`claude_code_days`).
//!
//! **Why the totals always agree.** Usage is stored as whole hours, one row per hour and source
//! (key, workspace, model, tier, context window, geo: everything a report groups or filters by),
//! with integer token counts. An hourly or daily bucket is the sum of the rows of its hours
//! (SQLite sums the integers exactly); a minute bucket is a share of each row of its hour: the
//! hour's 60 minutes have weights that depend only on the hour, and a row's minute `m` gets
//! `floor(T·C(m+1)/W) − floor(T·C(m)/W)` of its total `T` (C the running sum of the weights, W
//! their total), which adds up over the 60 minutes to exactly `T`. Every bucket of every width
//! and every group is therefore a sum of whole rows or of rows' fixed shares, and any grouping,
//! filter or width adds up to the same totals, to the token.
//!
//! **Why costs agree to the cent.** A cost is tokens times the price of one token
//! ([`crate::pricing`]), in exact decimal cents with no rounding at all (a token's price has at
//! most 8 decimals of a cent, so a cost has at most 8 too). A bucket's amount is the exact sum of
//! its rows' costs, so a grouping's amount is exactly the sum of the finer groupings' amounts,
//! and the amounts the API sends (as decimal strings, trailing zeros dropped) add up exactly.

use std::collections::{BTreeMap, HashMap};

use admin_wire::{
    CacheCreation, ClaudeCodeActor, ClaudeCodeRecord, ContextWindow, CoreMetrics, CostBucket, CostResult, CostType,
    CustomerType, Decimal, EstimatedCost, ModelBreakdown, ModelTokens, ReportInferenceGeo, ServerToolUse, ServiceTier,
    TokenType, ToolActions, UsageBucket, UsageResult, WireName,
};
use serde::{Deserialize, Serialize};
use sqlx::{QueryBuilder, Sqlite, SqliteConnection};

use crate::clock::format_micros;
use crate::error::{ApiError, ApiResult, ErrorKind};
use crate::pagination::push_any_of;
use crate::pricing;

pub const MINUTE: i64 = 60;
pub const HOUR: i64 = 3_600;
pub const DAY: i64 = 86_400;

/// One page of buckets: `count` buckets of `width` seconds, the first starting at `first` (unix
/// seconds, a multiple of `width`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Buckets {
    pub first: i64,
    pub width: i64,
    pub count: i64,
}

impl Buckets {
    fn end(&self) -> i64 {
        self.first + self.width * self.count
    }

    /// The hours whose rows the buckets need: `[first hour, end hour)`.
    fn hours(&self) -> (i64, i64) {
        (self.first.div_euclid(HOUR), (self.end() + HOUR - 1).div_euclid(HOUR))
    }

    fn bounds(&self, index: i64) -> (String, String) {
        let start = self.first + index * self.width;
        (
            format_micros(start * 1_000_000),
            format_micros((start + self.width) * 1_000_000),
        )
    }
}

/// The usage report's filters; an empty list does not filter.
#[derive(Clone, Debug, Default)]
pub struct UsageFilters {
    pub api_key_ids: Vec<String>,
    /// Workspaces by id, other than the default one.
    pub workspace_ids: Vec<String>,
    /// Whether `workspace_ids[]` named the default workspace (whose usage has no workspace id).
    pub default_workspace: bool,
    pub models: Vec<String>,
    pub service_tiers: Vec<ServiceTier>,
    pub context_windows: Vec<ContextWindow>,
    pub inference_geos: Vec<ReportInferenceGeo>,
}

/// Which of the six dimensions (in the order of [`admin_wire::UsageGroupBy::ALL`]) a report
/// groups by.
pub type Grouping = [bool; 6];

/// A group's values of the six dimensions (`None` where not grouped, and for the default
/// workspace).
type GroupKey = [Option<String>; 6];

/// The token counts of a row or a sum of rows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tokens {
    pub uncached_input: i64,
    pub cache_read_input: i64,
    pub cache_creation_5m: i64,
    pub cache_creation_1h: i64,
    pub output: i64,
    pub web_search_requests: i64,
}

impl Tokens {
    fn fields(&self) -> [i64; 6] {
        [
            self.uncached_input,
            self.cache_read_input,
            self.cache_creation_5m,
            self.cache_creation_1h,
            self.output,
            self.web_search_requests,
        ]
    }

    fn from_fields(fields: [i64; 6]) -> Self {
        let [uncached_input, cache_read_input, cache_creation_5m, cache_creation_1h, output, web_search_requests] =
            fields;
        Tokens {
            uncached_input,
            cache_read_input,
            cache_creation_5m,
            cache_creation_1h,
            output,
            web_search_requests,
        }
    }

    fn add(&mut self, other: &Tokens) {
        let sum = std::array::from_fn(|i| self.fields()[i] + other.fields()[i]);
        *self = Tokens::from_fields(sum);
    }

    pub fn is_zero(&self) -> bool {
        self.fields() == [0; 6]
    }

    /// The token kinds with a price, and how many of each.
    fn by_token_type(&self) -> [(TokenType, i64); 5] {
        [
            (TokenType::UncachedInputTokens, self.uncached_input),
            (TokenType::OutputTokens, self.output),
            (TokenType::CacheReadInputTokens, self.cache_read_input),
            (TokenType::CacheCreationEphemeral5mInputTokens, self.cache_creation_5m),
            (TokenType::CacheCreationEphemeral1hInputTokens, self.cache_creation_1h),
        ]
    }

    fn into_result(self, key: GroupKey) -> UsageResult {
        let [api_key_id, workspace_id, model, service_tier, context_window, inference_geo] = key;
        // Counts are sums of non-negative integers (the table's CHECKs).
        let count = |n: i64| n.max(0) as u64;
        UsageResult {
            uncached_input_tokens: count(self.uncached_input),
            cache_read_input_tokens: count(self.cache_read_input),
            cache_creation: CacheCreation {
                ephemeral_1h_input_tokens: count(self.cache_creation_1h),
                ephemeral_5m_input_tokens: count(self.cache_creation_5m),
            },
            output_tokens: count(self.output),
            server_tool_use: ServerToolUse {
                web_search_requests: count(self.web_search_requests),
            },
            api_key_id,
            workspace_id,
            model,
            service_tier: service_tier.as_deref().map(ServiceTier::from_wire),
            context_window: context_window.as_deref().map(ContextWindow::from_wire),
            inference_geo: inference_geo.as_deref().map(ReportInferenceGeo::from_wire),
        }
    }
}

/// A source as stored.
#[derive(sqlx::FromRow)]
struct SourceRow {
    id: i64,
    api_key_id: String,
    workspace_id: Option<String>,
    model: String,
    service_tier: String,
    context_window: String,
    inference_geo: String,
}

impl SourceRow {
    fn dimensions(&self) -> [Option<&str>; 6] {
        [
            Some(&self.api_key_id),
            self.workspace_id.as_deref(),
            Some(&self.model),
            Some(&self.service_tier),
            Some(&self.context_window),
            Some(&self.inference_geo),
        ]
    }

    fn matches(&self, filters: &UsageFilters) -> bool {
        fn any<T: WireName>(values: &[T], value: &str) -> bool {
            values.is_empty() || values.iter().any(|known| known.as_str() == value)
        }
        let workspace = filters.workspace_ids.is_empty() && !filters.default_workspace
            || match &self.workspace_id {
                None => filters.default_workspace,
                Some(id) => filters.workspace_ids.contains(id),
            };
        (filters.api_key_ids.is_empty() || filters.api_key_ids.contains(&self.api_key_id))
            && workspace
            && (filters.models.is_empty() || filters.models.contains(&self.model))
            && any(&filters.service_tiers, &self.service_tier)
            && any(&filters.context_windows, &self.context_window)
            && any(&filters.inference_geos, &self.inference_geo)
    }
}

async fn sources(conn: &mut SqliteConnection) -> sqlx::Result<Vec<SourceRow>> {
    sqlx::query_as(
        "SELECT id, api_key_id, workspace_id, model, service_tier, context_window, inference_geo FROM usage_sources",
    )
    .fetch_all(&mut *conn)
    .await
}

/// Which group each source's usage goes to, among `groups` (in their order); a source that is
/// filtered out has none.
struct Groups<K> {
    of_source: HashMap<i64, usize>,
    keys: Vec<K>,
    /// Whether every source is in a group (nothing is filtered out).
    every_source: bool,
}

impl<K: Ord + Clone> Groups<K> {
    /// `key` gives a source's group, `None` to leave it out. The groups are numbered in `K`'s
    /// order, so that results come in a fixed order.
    fn new(sources: &[SourceRow], key: impl Fn(&SourceRow) -> Option<K>) -> Self {
        let keyed: Vec<(i64, K)> = sources
            .iter()
            .filter_map(|source| key(source).map(|k| (source.id, k)))
            .collect();
        let mut keys: Vec<K> = keyed.iter().map(|(_, k)| k.clone()).collect();
        keys.sort();
        keys.dedup();
        let every_source = keyed.len() == sources.len();
        let of_source = keyed
            .into_iter()
            .map(|(id, k)| (id, keys.binary_search(&k).expect("a key of the list")))
            .collect();
        Groups {
            of_source,
            keys,
            every_source,
        }
    }
}

/// The rows of the hours `[from, to)` (of the sources `only`, or all), handed over by SQLite as
/// one value (see [`crate::pagination::fetch_page_packed`]): `[hour, source, six counts]` each.
async fn hour_rows(
    conn: &mut SqliteConnection,
    (from, to): (i64, i64),
    only: Option<&[i64]>,
) -> sqlx::Result<Vec<[i64; 8]>> {
    if only.is_some_and(|only| only.is_empty()) {
        return Ok(Vec::new());
    }
    let mut query = QueryBuilder::<Sqlite>::new(
        "SELECT json_group_array(json_array(hour, source_id, uncached_input_tokens, cache_read_input_tokens, \
         cache_creation_5m_input_tokens, cache_creation_1h_input_tokens, output_tokens, web_search_requests)) \
         FROM usage_hours WHERE hour >= ",
    );
    query.push_bind(from).push(" AND hour < ").push_bind(to);
    if let Some(only) = only {
        push_any_of(&mut query, "source_id", only.iter().copied());
    }
    let packed: String = query.build_query_scalar().fetch_one(&mut *conn).await?;
    serde_json::from_str(&packed).map_err(|error| sqlx::Error::Decode(Box::new(error)))
}

/// The weights of an hour's 60 minutes, as running sums: `C(0) = 0, ..., C(60) = W`. They depend
/// only on the hour, so a minute's share of a row is the same in every report.
fn minute_weights(hour: i64) -> [u64; 61] {
    let mut sums = [0u64; 61];
    for minute in 0..60 {
        let weight = 20 + crate::demo::usage::mix((hour as u64) << 6 | minute as u64) % 80;
        sums[minute + 1] = sums[minute] + weight;
    }
    sums
}

/// A row's share of its hour's total in `minute` (see the module's documentation).
fn minute_share(total: i64, weights: &[u64; 61], minute: usize) -> i64 {
    let total = total.max(0) as u128;
    let whole = u128::from(weights[60]);
    let upto = |m: usize| total * u128::from(weights[m]) / whole;
    (upto(minute + 1) - upto(minute)) as i64
}

/// The sums per bucket and group of the rows of `groups`' sources in `buckets`: whole hours for
/// hourly and daily buckets, each row's share of a minute for minute buckets.
async fn sum_buckets<K>(
    conn: &mut SqliteConnection,
    buckets: &Buckets,
    groups: &Groups<K>,
) -> sqlx::Result<HashMap<(i64, usize), Tokens>> {
    let mut only: Vec<i64> = groups.of_source.keys().copied().collect();
    only.sort_unstable();
    let rows = hour_rows(conn, buckets.hours(), (!groups.every_source).then_some(&only[..])).await?;
    let mut sums: HashMap<(i64, usize), Tokens> = HashMap::new();
    let mut weights = (i64::MIN, [0u64; 61]);
    for row in rows {
        let [hour, source, counts @ ..] = row;
        let Some(&group) = groups.of_source.get(&source) else {
            continue;
        };
        let tokens = Tokens::from_fields(counts);
        if buckets.width >= HOUR {
            let bucket = (hour * HOUR - buckets.first).div_euclid(buckets.width);
            if (0..buckets.count).contains(&bucket) {
                sums.entry((bucket, group)).or_default().add(&tokens);
            }
            continue;
        }
        if weights.0 != hour {
            weights = (hour, minute_weights(hour));
        }
        let first_minute = buckets.first.div_euclid(MINUTE);
        for minute in 0..60 {
            let bucket = hour * 60 + minute as i64 - first_minute;
            if !(0..buckets.count).contains(&bucket) {
                continue;
            }
            let share = Tokens::from_fields(tokens.fields().map(|total| minute_share(total, &weights.1, minute)));
            if !share.is_zero() {
                sums.entry((bucket, group)).or_default().add(&share);
            }
        }
    }
    Ok(sums)
}

/// The sums of [`sum_buckets`] as each bucket's entries, in the groups' order.
fn by_bucket(buckets: &Buckets, sums: HashMap<(i64, usize), Tokens>) -> Vec<Vec<(usize, Tokens)>> {
    let mut per_bucket: Vec<Vec<(usize, Tokens)>> = vec![Vec::new(); buckets.count as usize];
    for ((bucket, group), tokens) in sums {
        per_bucket[bucket as usize].push((group, tokens));
    }
    for entries in &mut per_bucket {
        entries.sort_unstable_by_key(|(group, _)| *group);
    }
    per_bucket
}

/// The usage report's buckets, oldest first, every bucket present (`results: []` when empty),
/// each bucket's results in the order of their dimensions (`null` first).
pub async fn usage_report(
    conn: &mut SqliteConnection,
    buckets: Buckets,
    filters: &UsageFilters,
    grouping: &Grouping,
) -> ApiResult<Vec<UsageBucket>> {
    let sources = sources(conn).await?;
    let groups = Groups::new(&sources, |source| {
        source.matches(filters).then(|| {
            let dimensions = source.dimensions();
            let key: GroupKey = std::array::from_fn(|i| dimensions[i].filter(|_| grouping[i]).map(str::to_owned));
            key
        })
    });
    let sums = sum_buckets(conn, &buckets, &groups).await?;
    Ok(by_bucket(&buckets, sums)
        .into_iter()
        .enumerate()
        .map(|(index, entries)| {
            let (starting_at, ending_at) = buckets.bounds(index as i64);
            UsageBucket {
                starting_at,
                ending_at,
                results: entries
                    .into_iter()
                    .map(|(group, tokens)| tokens.into_result(groups.keys[group].clone()))
                    .collect(),
            }
        })
        .collect())
}

/// How the cost report groups.
#[derive(Clone, Copy, Debug, Default)]
pub struct CostGrouping {
    pub workspace: bool,
    pub description: bool,
}

/// One line of a cost bucket, ordered by workspace then description (the enums by wire name).
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
struct CostLine {
    workspace_id: Option<String>,
    description: Option<String>,
    cost_type: Option<&'static str>,
    model: Option<String>,
    service_tier: Option<&'static str>,
    token_type: Option<&'static str>,
    context_window: Option<&'static str>,
    inference_geo: Option<&'static str>,
}

fn no_price(model: &str) -> ApiError {
    tracing::error!(model, "a usage row has no price");
    ApiError::new(ErrorKind::Api, "Internal server error.")
}

/// What a cost group's price depends on (and its workspace and geo when the report shows them).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Priced {
    workspace_id: Option<String>,
    model: String,
    service_tier: String,
    context_window: String,
    inference_geo: Option<String>,
}

/// The cost report's daily buckets: each group's tokens priced one kind at a time, added up per
/// line (exact decimal cents, never rounded).
pub async fn cost_report(
    conn: &mut SqliteConnection,
    buckets: Buckets,
    grouping: CostGrouping,
) -> ApiResult<Vec<CostBucket>> {
    debug_assert_eq!(buckets.width, DAY);
    let sources = sources(conn).await?;
    let groups = Groups::new(&sources, |source| {
        Some(Priced {
            workspace_id: source.workspace_id.clone().filter(|_| grouping.workspace),
            model: source.model.clone(),
            service_tier: source.service_tier.clone(),
            context_window: source.context_window.clone(),
            inference_geo: Some(source.inference_geo.clone()).filter(|_| grouping.description),
        })
    });
    let sums = sum_buckets(conn, &buckets, &groups).await?;
    let mut data = Vec::new();
    for (index, entries) in by_bucket(&buckets, sums).into_iter().enumerate() {
        let mut lines: BTreeMap<CostLine, Decimal> = BTreeMap::new();
        for (group, tokens) in entries {
            let priced = &groups.keys[group];
            let model = priced.model.as_str();
            let tier = ServiceTier::from_wire(&priced.service_tier);
            let window = ContextWindow::from_wire(&priced.context_window);
            let geo = priced.inference_geo.as_deref().map(ReportInferenceGeo::from_wire);
            let base = CostLine {
                workspace_id: priced.workspace_id.clone(),
                ..Default::default()
            };
            for (token, count) in tokens.by_token_type() {
                if count == 0 {
                    continue;
                }
                let price = pricing::token_price(model, tier, window, token).ok_or_else(|| no_price(model))?;
                let line = if grouping.description {
                    CostLine {
                        description: Some(pricing::description(model, tier, window, token)),
                        cost_type: Some(CostType::Tokens.as_str()),
                        model: Some(model.to_owned()),
                        service_tier: Some(tier.as_str()),
                        token_type: Some(token.as_str()),
                        context_window: Some(window.as_str()),
                        inference_geo: geo.map(WireName::as_str),
                        ..base.clone()
                    }
                } else {
                    base.clone()
                };
                *lines.entry(line).or_default() += Decimal::from(count) * price;
            }
            if tokens.web_search_requests > 0 {
                let line = if grouping.description {
                    CostLine {
                        description: Some(pricing::WEB_SEARCH_DESCRIPTION.to_owned()),
                        cost_type: Some(CostType::WebSearch.as_str()),
                        ..base.clone()
                    }
                } else {
                    base.clone()
                };
                *lines.entry(line).or_default() +=
                    Decimal::from(tokens.web_search_requests) * Decimal::from(pricing::WEB_SEARCH_CENTS);
            }
        }
        let (starting_at, ending_at) = buckets.bounds(index as i64);
        data.push(CostBucket {
            starting_at,
            ending_at,
            results: lines
                .into_iter()
                .map(|(line, amount)| CostResult {
                    amount: amount.normalize(),
                    currency: "USD".to_owned(),
                    workspace_id: line.workspace_id,
                    description: line.description,
                    cost_type: line.cost_type.map(CostType::from_wire),
                    model: line.model,
                    service_tier: line.service_tier.map(ServiceTier::from_wire),
                    token_type: line.token_type.map(TokenType::from_wire),
                    context_window: line.context_window.map(ContextWindow::from_wire),
                    inference_geo: line.inference_geo.map(ReportInferenceGeo::from_wire),
                })
                .collect(),
        });
    }
    Ok(data)
}

/// A Claude Code day's `core_metrics` and `tool_actions`, as stored.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct ClaudeCodeMetrics {
    pub core_metrics: CoreMetrics,
    pub tool_actions: BTreeMap<String, ToolActions>,
}

/// One model's tokens in a Claude Code day, as stored.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ClaudeCodeModel {
    pub model: String,
    pub tokens: ModelTokens,
}

/// A Claude Code day as stored (and as the demo writes it).
#[derive(Clone, Debug)]
pub struct ClaudeCodeDay {
    pub day: i64,
    pub actor: ClaudeCodeActor,
    pub customer_type: CustomerType,
    pub terminal_type: String,
    pub metrics: ClaudeCodeMetrics,
    pub models: Vec<ClaudeCodeModel>,
}

/// The estimated cost of a model's Claude Code tokens: standard tier, up to 200k of context,
/// cache writes at the 5-minute price. Exact decimal cents.
pub fn claude_code_cost(model: &ClaudeCodeModel) -> ApiResult<Decimal> {
    let price = |token| {
        pricing::token_price(&model.model, ServiceTier::Standard, ContextWindow::UpTo200k, token)
            .ok_or_else(|| no_price(&model.model))
    };
    let tokens = &model.tokens;
    Ok(Decimal::from(tokens.input) * price(TokenType::UncachedInputTokens)?
        + Decimal::from(tokens.output) * price(TokenType::OutputTokens)?
        + Decimal::from(tokens.cache_read) * price(TokenType::CacheReadInputTokens)?
        + Decimal::from(tokens.cache_creation) * price(TokenType::CacheCreationEphemeral5mInputTokens)?)
}

/// The Claude Code records of one UTC day (`day` since the epoch), from `offset` on, at most
/// `limit` of them (members by email, then API keys by name), and whether more follow.
pub async fn claude_code(
    conn: &mut SqliteConnection,
    organization_id: &str,
    day: i64,
    offset: i64,
    limit: i64,
) -> ApiResult<(Vec<ClaudeCodeRecord>, bool)> {
    let rows: Vec<(String, String, CustomerType, String, String, String)> = sqlx::query_as(
        "SELECT actor_type, actor, customer_type, terminal_type, metrics, models FROM claude_code_days \
         WHERE day = ? ORDER BY actor_type DESC, actor LIMIT ? OFFSET ?",
    )
    .bind(day)
    .bind(limit + 1)
    .bind(offset)
    .fetch_all(&mut *conn)
    .await?;
    let has_more = rows.len() as i64 > limit;
    let date = format_micros(day * DAY * 1_000_000);
    let decode = |error: serde_json::Error| ApiError::from(sqlx::Error::Decode(Box::new(error)));
    let mut records = Vec::new();
    for (actor_type, actor, customer_type, terminal_type, metrics, models) in rows.into_iter().take(limit as usize) {
        let metrics: ClaudeCodeMetrics = serde_json::from_str(&metrics).map_err(decode)?;
        let models: Vec<ClaudeCodeModel> = serde_json::from_str(&models).map_err(decode)?;
        let mut model_breakdown = Vec::new();
        for model in models {
            model_breakdown.push(ModelBreakdown {
                estimated_cost: EstimatedCost {
                    amount: claude_code_cost(&model)?.normalize(),
                    currency: "USD".to_owned(),
                },
                model: model.model,
                tokens: model.tokens,
            });
        }
        records.push(ClaudeCodeRecord {
            date: date.clone(),
            actor: match actor_type.as_str() {
                "api_actor" => ClaudeCodeActor::ApiActor { api_key_name: actor },
                _ => ClaudeCodeActor::UserActor { email_address: actor },
            },
            organization_id: organization_id.to_owned(),
            customer_type,
            terminal_type: Some(terminal_type),
            core_metrics: metrics.core_metrics,
            tool_actions: metrics.tool_actions,
            model_breakdown,
        });
    }
    Ok((records, has_more))
}

// --- Writing (the demo) --------------------------------------------------------------------

/// A source's values, as the demo makes them.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Source {
    pub api_key_id: String,
    pub workspace_id: Option<String>,
    pub model: &'static str,
    pub service_tier: ServiceTier,
    pub context_window: ContextWindow,
    pub inference_geo: ReportInferenceGeo,
}

/// The id of `source`'s row, made if there is none yet.
pub async fn source_id(conn: &mut SqliteConnection, source: &Source) -> sqlx::Result<i64> {
    sqlx::query(
        "INSERT OR IGNORE INTO usage_sources \
         (api_key_id, workspace_id, model, service_tier, context_window, inference_geo) VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(&source.api_key_id)
    .bind(&source.workspace_id)
    .bind(source.model)
    .bind(source.service_tier)
    .bind(source.context_window)
    .bind(source.inference_geo)
    .execute(&mut *conn)
    .await?;
    sqlx::query_scalar(
        "SELECT id FROM usage_sources WHERE api_key_id = ? AND model = ? AND service_tier = ? \
         AND context_window = ? AND inference_geo = ?",
    )
    .bind(&source.api_key_id)
    .bind(source.model)
    .bind(source.service_tier)
    .bind(source.context_window)
    .bind(source.inference_geo)
    .fetch_one(&mut *conn)
    .await
}

/// Rows per statement: they go to SQLite as one JSON array, unpacked by `json_each`.
const ROWS_PER_STATEMENT: usize = 20_000;

/// Writes hours of usage: `(hour, source id, tokens)`; an hour a source already has is kept.
pub async fn insert_hours(conn: &mut SqliteConnection, rows: &[(i64, i64, Tokens)]) -> sqlx::Result<()> {
    for chunk in rows.chunks(ROWS_PER_STATEMENT) {
        let packed: Vec<[i64; 8]> = chunk
            .iter()
            .map(|(hour, source, t)| {
                let [a, b, c, d, e, f] = t.fields();
                [*hour, *source, a, b, c, d, e, f]
            })
            .collect();
        let packed = serde_json::to_string(&packed).map_err(|error| sqlx::Error::Encode(Box::new(error)))?;
        sqlx::query(
            "INSERT OR IGNORE INTO usage_hours (hour, source_id, uncached_input_tokens, cache_read_input_tokens, \
             cache_creation_5m_input_tokens, cache_creation_1h_input_tokens, output_tokens, web_search_requests) \
             SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5, value ->> 6, \
             value ->> 7 FROM json_each(?)",
        )
        .bind(packed)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Writes Claude Code days; a day an actor already has is kept.
pub async fn insert_claude_code_days(conn: &mut SqliteConnection, days: &[ClaudeCodeDay]) -> sqlx::Result<()> {
    for chunk in days.chunks(ROWS_PER_STATEMENT / 10) {
        let packed: Vec<serde_json::Value> = chunk
            .iter()
            .map(|day| {
                let (actor_type, actor) = match &day.actor {
                    ClaudeCodeActor::ApiActor { api_key_name } => ("api_actor", api_key_name.as_str()),
                    ClaudeCodeActor::UserActor { email_address } => ("user_actor", email_address.as_str()),
                    ClaudeCodeActor::Unknown => ("user_actor", ""),
                };
                serde_json::json!([
                    day.day,
                    actor_type,
                    actor,
                    day.customer_type.as_str(),
                    day.terminal_type,
                    serde_json::to_string(&day.metrics).unwrap_or_default(),
                    serde_json::to_string(&day.models).unwrap_or_default(),
                ])
            })
            .collect();
        let packed = serde_json::to_string(&packed).map_err(|error| sqlx::Error::Encode(Box::new(error)))?;
        sqlx::query(
            "INSERT OR IGNORE INTO claude_code_days \
             (day, actor_type, actor, customer_type, terminal_type, metrics, models) \
             SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5, value ->> 6 \
             FROM json_each(?)",
        )
        .bind(packed)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minute_shares_add_up_to_the_hour() {
        for hour in [0, 1, 480_000, 493_117] {
            let weights = minute_weights(hour);
            for total in [0, 1, 59, 60, 61, 12_345, 987_654_321] {
                let shares: Vec<i64> = (0..60).map(|m| minute_share(total, &weights, m)).collect();
                assert_eq!(shares.iter().sum::<i64>(), total, "hour {hour}, total {total}");
                assert!(shares.iter().all(|share| *share >= 0));
            }
        }
        // The weights differ from hour to hour, and stay the same for the same hour.
        assert_ne!(minute_weights(1), minute_weights(2));
        assert_eq!(minute_weights(7), minute_weights(7));
    }
}
