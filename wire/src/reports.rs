//! The three reports (`../shared/admin-api.md`, "Reports"): message usage, cost and Claude Code
//! usage. Page-token pages ([`ReportPage`]) of time buckets, oldest first, empty buckets included.
//!
//! Money is exact decimal, never floating point: a cost's `amount` is a decimal string of cents
//! (`"123.45"` is $1.23) read into a [`Decimal`] as written and written back the same; a Claude
//! Code `estimated_cost.amount` is a JSON number of cents, read exactly too (see
//! [`cents_number`]). Add amounts up as `Decimal`s.
//!
//! Reading is tolerant like the rest of the crate: every enum has `Unknown(name)`, an actor of a
//! kind this crate does not know reads as [`ClaudeCodeActor::Unknown`], unknown fields are
//! ignored, and a dimension or count left out reads as `null` or 0.

use std::collections::BTreeMap;

pub use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{intern, strict, TokenPage, WireName};

/// A page of a report: `{"data", "has_more", "next_page"}`; `next_page` is `null` when
/// `has_more` is false, else the `page=` of the next request (an opaque token).
pub type ReportPage<T> = TokenPage<T>;

/// `GET /usage_report/messages`.
pub type UsageReport = ReportPage<UsageBucket>;
/// `GET /cost_report`.
pub type CostReport = ReportPage<CostBucket>;
/// `GET /usage_report/claude_code`.
pub type ClaudeCodeReport = ReportPage<ClaudeCodeRecord>;

wire_enum! {
    /// The width of a report's time buckets, snapped to the UTC minute, hour or day.
    BucketWidth { Minute = "1m", Hour = "1h", Day = "1d" }
}

impl BucketWidth {
    pub const ALL: [BucketWidth; 3] = [Self::Minute, Self::Hour, Self::Day];

    /// The bucket's length in seconds (`None` for a width this crate does not know).
    pub fn seconds(self) -> Option<i64> {
        match self {
            Self::Minute => Some(60),
            Self::Hour => Some(3_600),
            Self::Day => Some(86_400),
            Self::Unknown(_) => None,
        }
    }

    /// Buckets per page when `limit` is not given: 60 minutes, 24 hours, 7 days.
    pub fn default_limit(self) -> u32 {
        match self {
            Self::Minute => 60,
            Self::Hour => 24,
            Self::Day | Self::Unknown(_) => 7,
        }
    }

    /// The largest `limit`: 1440 minutes, 168 hours, 31 days.
    pub fn max_limit(self) -> u32 {
        match self {
            Self::Minute => 1_440,
            Self::Hour => 168,
            Self::Day | Self::Unknown(_) => 31,
        }
    }
}

wire_enum! {
    /// A dimension of the usage report's `group_by[]`.
    UsageGroupBy { ApiKeyId, WorkspaceId, Model, ServiceTier, ContextWindow, InferenceGeo }
}

impl UsageGroupBy {
    pub const ALL: [UsageGroupBy; 6] = [
        Self::ApiKeyId,
        Self::WorkspaceId,
        Self::Model,
        Self::ServiceTier,
        Self::ContextWindow,
        Self::InferenceGeo,
    ];
}

wire_enum! {
    /// A dimension of the cost report's `group_by[]`: `description` brings the line item's
    /// `cost_type`, `model`, `service_tier`, `token_type`, `context_window` and `inference_geo`.
    CostGroupBy { WorkspaceId, Description }
}

impl CostGroupBy {
    pub const ALL: [CostGroupBy; 2] = [Self::WorkspaceId, Self::Description];
}

wire_enum! {
    /// How a request was served: `standard`, `batch` (half price), and the priority and flex tiers.
    ServiceTier { Standard, Batch, Priority, PriorityOnDemand, Flex, FlexDiscount }
}

impl ServiceTier {
    pub const ALL: [ServiceTier; 6] = [
        Self::Standard,
        Self::Batch,
        Self::Priority,
        Self::PriorityOnDemand,
        Self::Flex,
        Self::FlexDiscount,
    ];
}

wire_enum! {
    /// The context window a request's input fell in.
    ContextWindow { UpTo200k = "0-200k", From200kTo1M = "200k-1M" }
}

impl ContextWindow {
    pub const ALL: [ContextWindow; 2] = [Self::UpTo200k, Self::From200kTo1M];
}

wire_enum! {
    /// Where a request's inference ran, as the reports say it (`not_available` for requests
    /// from before the API recorded it). Workspaces' residency settings use [`crate::InferenceGeo`].
    ReportInferenceGeo { Global, Us, NotAvailable }
}

impl ReportInferenceGeo {
    pub const ALL: [ReportInferenceGeo; 3] = [Self::Global, Self::Us, Self::NotAvailable];
}

wire_enum! {
    /// What a cost line item is for.
    CostType { Tokens, WebSearch, CodeExecution, SessionUsage }
}

impl CostType {
    pub const ALL: [CostType; 4] = [Self::Tokens, Self::WebSearch, Self::CodeExecution, Self::SessionUsage];
}

wire_enum! {
    /// The kind of tokens a cost line item counts, named like the usage report's fields.
    TokenType {
        UncachedInputTokens,
        OutputTokens,
        CacheReadInputTokens,
        CacheCreationEphemeral1hInputTokens = "cache_creation.ephemeral_1h_input_tokens",
        CacheCreationEphemeral5mInputTokens = "cache_creation.ephemeral_5m_input_tokens",
    }
}

impl TokenType {
    pub const ALL: [TokenType; 5] = [
        Self::UncachedInputTokens,
        Self::OutputTokens,
        Self::CacheReadInputTokens,
        Self::CacheCreationEphemeral1hInputTokens,
        Self::CacheCreationEphemeral5mInputTokens,
    ];
}

wire_enum! {
    /// Whether a Claude Code user works through the API or a Claude subscription.
    CustomerType { Api, Subscription }
}

impl CustomerType {
    pub const ALL: [CustomerType; 2] = [Self::Api, Self::Subscription];
}

wire_name!(
    BucketWidth,
    UsageGroupBy,
    CostGroupBy,
    ServiceTier,
    ContextWindow,
    ReportInferenceGeo,
    CostType,
    TokenType,
    CustomerType
);

// --- Message usage -------------------------------------------------------------------------

/// `{ephemeral_1h_input_tokens, ephemeral_5m_input_tokens}`: tokens written to the prompt cache.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct CacheCreation {
    #[cfg_attr(feature = "utoipa", schema(required = true))]
    #[serde(default)]
    pub ephemeral_1h_input_tokens: u64,
    #[cfg_attr(feature = "utoipa", schema(required = true))]
    #[serde(default)]
    pub ephemeral_5m_input_tokens: u64,
}

/// `{web_search_requests}`: server tools used.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct ServerToolUse {
    #[cfg_attr(feature = "utoipa", schema(required = true))]
    #[serde(default)]
    pub web_search_requests: u64,
}

/// One group's usage in a bucket. Each dimension is `null` unless the report is grouped by it
/// (`workspace_id` is `null` for the default workspace too); `cache_creation` and
/// `server_tool_use` are always there.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct UsageResult {
    #[cfg_attr(feature = "utoipa", schema(required = true))]
    #[serde(default)]
    pub uncached_input_tokens: u64,
    #[cfg_attr(feature = "utoipa", schema(required = true))]
    #[serde(default)]
    pub cache_read_input_tokens: u64,
    #[cfg_attr(feature = "utoipa", schema(required = true))]
    #[serde(default)]
    pub cache_creation: CacheCreation,
    #[cfg_attr(feature = "utoipa", schema(required = true))]
    #[serde(default)]
    pub output_tokens: u64,
    #[cfg_attr(feature = "utoipa", schema(required = true))]
    #[serde(default)]
    pub server_tool_use: ServerToolUse,
    #[cfg_attr(feature = "utoipa", schema(example = "apikey_01Rj2N8SVvo6BePZj99NhmiT"))]
    #[cfg_attr(feature = "utoipa", schema(required = true))]
    #[serde(default)]
    pub api_key_id: Option<String>,
    /// `null` for the default workspace, or when not grouped by workspace.
    #[cfg_attr(feature = "utoipa", schema(required = true))]
    #[serde(default)]
    pub workspace_id: Option<String>,
    #[cfg_attr(feature = "utoipa", schema(example = "claude-sonnet-4-5-20250929"))]
    #[cfg_attr(feature = "utoipa", schema(required = true))]
    #[serde(default)]
    pub model: Option<String>,
    #[cfg_attr(feature = "utoipa", schema(required = true))]
    #[serde(default)]
    pub service_tier: Option<ServiceTier>,
    #[cfg_attr(feature = "utoipa", schema(required = true))]
    #[serde(default)]
    pub context_window: Option<ContextWindow>,
    #[cfg_attr(feature = "utoipa", schema(required = true))]
    #[serde(default)]
    pub inference_geo: Option<ReportInferenceGeo>,
}

impl UsageResult {
    /// Input tokens of every kind: uncached, read from and written to the cache.
    pub fn input_tokens(&self) -> u64 {
        self.uncached_input_tokens
            + self.cache_read_input_tokens
            + self.cache_creation.ephemeral_1h_input_tokens
            + self.cache_creation.ephemeral_5m_input_tokens
    }

    /// Every token counted: [`input_tokens`](Self::input_tokens) and output.
    pub fn total_tokens(&self) -> u64 {
        self.input_tokens() + self.output_tokens
    }
}

/// One bucket of the usage report: `[starting_at, ending_at)` and a result per group (`[]` when
/// there was no usage).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct UsageBucket {
    #[cfg_attr(feature = "utoipa", schema(format = DateTime))]
    pub starting_at: String,
    #[cfg_attr(feature = "utoipa", schema(format = DateTime))]
    pub ending_at: String,
    pub results: Vec<UsageResult>,
}

// --- Cost ----------------------------------------------------------------------------------

/// One line of the cost report. `amount` is a decimal string of cents (`"123.45"` is $1.23),
/// kept exactly. Everything but `amount` and `currency` is `null` unless the report is grouped by
/// `description` (`workspace_id`: unless grouped by `workspace_id`; `null` for the default
/// workspace too).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct CostResult {
    /// Cents, as a decimal string: `"123.45"` is $1.23.
    #[cfg_attr(feature = "utoipa", schema(value_type = String, example = "123.45"))]
    #[serde(with = "rust_decimal::serde::str")]
    pub amount: Decimal,
    #[cfg_attr(feature = "utoipa", schema(example = "USD"))]
    pub currency: String,
    #[cfg_attr(feature = "utoipa", schema(required = true))]
    #[serde(default)]
    pub workspace_id: Option<String>,
    #[cfg_attr(feature = "utoipa", schema(example = "Claude Sonnet 4.5 Usage - Input Tokens"))]
    #[cfg_attr(feature = "utoipa", schema(required = true))]
    #[serde(default)]
    pub description: Option<String>,
    #[cfg_attr(feature = "utoipa", schema(required = true))]
    #[serde(default)]
    pub cost_type: Option<CostType>,
    #[cfg_attr(feature = "utoipa", schema(required = true))]
    #[serde(default)]
    pub model: Option<String>,
    #[cfg_attr(feature = "utoipa", schema(required = true))]
    #[serde(default)]
    pub service_tier: Option<ServiceTier>,
    #[cfg_attr(feature = "utoipa", schema(required = true))]
    #[serde(default)]
    pub token_type: Option<TokenType>,
    #[cfg_attr(feature = "utoipa", schema(required = true))]
    #[serde(default)]
    pub context_window: Option<ContextWindow>,
    #[cfg_attr(feature = "utoipa", schema(required = true))]
    #[serde(default)]
    pub inference_geo: Option<ReportInferenceGeo>,
}

/// One day of the cost report.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct CostBucket {
    #[cfg_attr(feature = "utoipa", schema(format = DateTime))]
    pub starting_at: String,
    #[cfg_attr(feature = "utoipa", schema(format = DateTime))]
    pub ending_at: String,
    pub results: Vec<CostResult>,
}

// --- Claude Code ---------------------------------------------------------------------------

/// Who used Claude Code.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ClaudeCodeActor {
    /// `{"type":"user_actor","email_address"}`: a member signed in to Claude Code.
    UserActor { email_address: String },
    /// `{"type":"api_actor","api_key_name"}`: Claude Code used with an API key.
    ApiActor { api_key_name: String },
    /// A kind this crate does not know: read, never sent.
    #[serde(other)]
    Unknown,
}

#[cfg(feature = "utoipa")]
mod actor_schema {
    // The kinds the server sends (a mirror without `Unknown`).
    #[derive(utoipa::ToSchema)]
    #[serde(tag = "type", rename_all = "snake_case")]
    #[allow(dead_code)]
    pub enum ClaudeCodeActor {
        UserActor { email_address: String },
        ApiActor { api_key_name: String },
    }

    impl utoipa::PartialSchema for super::ClaudeCodeActor {
        fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
            <ClaudeCodeActor as utoipa::PartialSchema>::schema()
        }
    }

    impl utoipa::ToSchema for super::ClaudeCodeActor {
        fn name() -> std::borrow::Cow<'static, str> {
            std::borrow::Cow::Borrowed("ClaudeCodeActor")
        }
    }
}

/// `{added, removed}`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct LinesOfCode {
    #[cfg_attr(feature = "utoipa", schema(required = true))]
    #[serde(default)]
    pub added: u64,
    #[cfg_attr(feature = "utoipa", schema(required = true))]
    #[serde(default)]
    pub removed: u64,
}

/// A day's sessions, lines, commits and pull requests.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct CoreMetrics {
    #[cfg_attr(feature = "utoipa", schema(required = true))]
    #[serde(default)]
    pub num_sessions: u64,
    #[cfg_attr(feature = "utoipa", schema(required = true))]
    #[serde(default)]
    pub lines_of_code: LinesOfCode,
    #[cfg_attr(feature = "utoipa", schema(required = true))]
    #[serde(default)]
    pub commits_by_claude_code: u64,
    #[cfg_attr(feature = "utoipa", schema(required = true))]
    #[serde(default)]
    pub pull_requests_by_claude_code: u64,
}

/// How often a tool's proposals were accepted and rejected.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct ToolActions {
    #[cfg_attr(feature = "utoipa", schema(required = true))]
    #[serde(default)]
    pub accepted: u64,
    #[cfg_attr(feature = "utoipa", schema(required = true))]
    #[serde(default)]
    pub rejected: u64,
}

/// `{input, output, cache_read, cache_creation}`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct ModelTokens {
    #[cfg_attr(feature = "utoipa", schema(required = true))]
    #[serde(default)]
    pub input: u64,
    #[cfg_attr(feature = "utoipa", schema(required = true))]
    #[serde(default)]
    pub output: u64,
    #[cfg_attr(feature = "utoipa", schema(required = true))]
    #[serde(default)]
    pub cache_read: u64,
    #[cfg_attr(feature = "utoipa", schema(required = true))]
    #[serde(default)]
    pub cache_creation: u64,
}

/// `{amount, currency}`: `amount` is a JSON number of cents (`1025` or `10.25`), read exactly
/// into a [`Decimal`] ([`cents_number`]).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct EstimatedCost {
    /// Cents, as a JSON number.
    #[cfg_attr(feature = "utoipa", schema(value_type = f64, example = 1025))]
    #[serde(with = "cents_number")]
    pub amount: Decimal,
    #[cfg_attr(feature = "utoipa", schema(example = "USD"))]
    pub currency: String,
}

/// One model's share of a Claude Code record.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct ModelBreakdown {
    #[cfg_attr(feature = "utoipa", schema(example = "claude-sonnet-4-5-20250929"))]
    pub model: String,
    #[cfg_attr(feature = "utoipa", schema(required = true))]
    #[serde(default)]
    pub tokens: ModelTokens,
    pub estimated_cost: EstimatedCost,
}

/// One actor's Claude Code usage on one UTC day (`date` is that day's midnight, RFC 3339).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct ClaudeCodeRecord {
    #[cfg_attr(feature = "utoipa", schema(format = DateTime))]
    pub date: String,
    pub actor: ClaudeCodeActor,
    #[cfg_attr(feature = "utoipa", schema(example = "12345678-1234-5678-1234-567812345678"))]
    pub organization_id: String,
    pub customer_type: CustomerType,
    /// Where Claude Code ran: `vscode`, `iTerm.app`, `ghostty`, ... (free text).
    #[cfg_attr(feature = "utoipa", schema(value_type = String, example = "vscode"))]
    #[cfg_attr(feature = "utoipa", schema(required = true))]
    #[serde(default)]
    pub terminal_type: Option<String>,
    #[cfg_attr(feature = "utoipa", schema(required = true))]
    #[serde(default)]
    pub core_metrics: CoreMetrics,
    /// By tool: `edit_tool`, `multi_edit_tool`, `notebook_edit_tool`, `write_tool`, ...
    #[cfg_attr(feature = "utoipa", schema(required = true))]
    #[serde(default)]
    pub tool_actions: BTreeMap<String, ToolActions>,
    #[cfg_attr(feature = "utoipa", schema(required = true))]
    #[serde(default)]
    pub model_breakdown: Vec<ModelBreakdown>,
}

/// An amount of cents as a JSON number (`estimated_cost.amount`), read exactly into a
/// [`Decimal`]: an integer as it is; a number with a fraction by way of its shortest decimal
/// text (Rust's `f64` display), which gives back the digits that were sent for any number of up
/// to 15 significant digits (every such decimal survives the trip through `f64`), so `10.25`
/// reads as exactly 10.25, never 10.2499999... A string (`"10.25"`) is read as it is too.
/// Written as a JSON integer when it is whole, else as the number whose shortest text is the
/// decimal's (exact up to 15 significant digits, which cents always are here).
pub mod cents_number {
    use std::str::FromStr;

    use rust_decimal::prelude::ToPrimitive;
    use rust_decimal::Decimal;
    use serde::{de, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(value: &Decimal, serializer: S) -> Result<S::Ok, S::Error> {
        let value = value.normalize();
        if value.scale() == 0 {
            if let Some(whole) = value.to_i64() {
                return serializer.serialize_i64(whole);
            }
        }
        let number = f64::from_str(&value.to_string()).map_err(serde::ser::Error::custom)?;
        serializer.serialize_f64(number)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Decimal, D::Error> {
        struct Cents;

        impl de::Visitor<'_> for Cents {
            type Value = Decimal;

            fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
                formatter.write_str("an amount of cents (a number)")
            }

            fn visit_i64<E: de::Error>(self, value: i64) -> Result<Decimal, E> {
                Ok(Decimal::from(value))
            }

            fn visit_u64<E: de::Error>(self, value: u64) -> Result<Decimal, E> {
                Ok(Decimal::from(value))
            }

            fn visit_f64<E: de::Error>(self, value: f64) -> Result<Decimal, E> {
                // `{}` of an f64 is its shortest text that reads back as the same f64, never in
                // exponent form.
                Decimal::from_str(&value.to_string()).map_err(|_| E::invalid_value(de::Unexpected::Float(value), &self))
            }

            fn visit_str<E: de::Error>(self, value: &str) -> Result<Decimal, E> {
                Decimal::from_str(value)
                    .or_else(|_| Decimal::from_scientific(value))
                    .map_err(|_| E::invalid_value(de::Unexpected::Str(value), &self))
            }
        }

        deserializer.deserialize_any(Cents)
    }
}

// --- Queries -------------------------------------------------------------------------------

/// `starting_at`, `ending_at`, `bucket_width`, `limit`, `page`, the filters and `group_by[]` of
/// `GET /usage_report/messages`, as query pairs ([`to_query`](Self::to_query)).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UsageReportQuery {
    /// RFC 3339; snapped down to the bucket's start.
    pub starting_at: String,
    /// RFC 3339, exclusive; snapped up to a bucket's end.
    pub ending_at: Option<String>,
    pub bucket_width: Option<BucketWidth>,
    pub limit: Option<u32>,
    pub page: Option<String>,
    pub api_key_ids: Vec<String>,
    pub workspace_ids: Vec<String>,
    pub models: Vec<String>,
    pub service_tiers: Vec<ServiceTier>,
    pub context_window: Vec<ContextWindow>,
    pub inference_geos: Vec<ReportInferenceGeo>,
    pub group_by: Vec<UsageGroupBy>,
}

impl UsageReportQuery {
    pub fn to_query(&self) -> Vec<(&'static str, String)> {
        let mut pairs = vec![("starting_at", self.starting_at.clone())];
        push_opt(&mut pairs, "ending_at", self.ending_at.clone());
        push_opt(
            &mut pairs,
            "bucket_width",
            self.bucket_width.map(|w| w.as_str().to_owned()),
        );
        push_opt(&mut pairs, "limit", self.limit.map(|limit| limit.to_string()));
        push_opt(&mut pairs, "page", self.page.clone());
        push_all(&mut pairs, "api_key_ids[]", self.api_key_ids.iter().cloned());
        push_all(&mut pairs, "workspace_ids[]", self.workspace_ids.iter().cloned());
        push_all(&mut pairs, "models[]", self.models.iter().cloned());
        push_names(&mut pairs, "service_tiers[]", &self.service_tiers);
        push_names(&mut pairs, "context_window[]", &self.context_window);
        push_names(&mut pairs, "inference_geos[]", &self.inference_geos);
        push_names(&mut pairs, "group_by[]", &self.group_by);
        pairs
    }
}

/// `starting_at`, `ending_at`, `bucket_width`, `limit`, `page` and `group_by[]` of
/// `GET /cost_report`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CostReportQuery {
    pub starting_at: String,
    pub ending_at: Option<String>,
    /// `1d` only.
    pub bucket_width: Option<BucketWidth>,
    pub limit: Option<u32>,
    pub page: Option<String>,
    pub group_by: Vec<CostGroupBy>,
}

impl CostReportQuery {
    pub fn to_query(&self) -> Vec<(&'static str, String)> {
        let mut pairs = vec![("starting_at", self.starting_at.clone())];
        push_opt(&mut pairs, "ending_at", self.ending_at.clone());
        push_opt(
            &mut pairs,
            "bucket_width",
            self.bucket_width.map(|w| w.as_str().to_owned()),
        );
        push_opt(&mut pairs, "limit", self.limit.map(|limit| limit.to_string()));
        push_opt(&mut pairs, "page", self.page.clone());
        push_names(&mut pairs, "group_by[]", &self.group_by);
        pairs
    }
}

/// `starting_at` (one UTC day, `YYYY-MM-DD`), `limit` and `page` of `GET /usage_report/claude_code`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ClaudeCodeQuery {
    pub starting_at: String,
    pub limit: Option<u32>,
    pub page: Option<String>,
}

impl ClaudeCodeQuery {
    pub fn to_query(&self) -> Vec<(&'static str, String)> {
        let mut pairs = vec![("starting_at", self.starting_at.clone())];
        push_opt(&mut pairs, "limit", self.limit.map(|limit| limit.to_string()));
        push_opt(&mut pairs, "page", self.page.clone());
        pairs
    }
}

fn push_opt(pairs: &mut Vec<(&'static str, String)>, name: &'static str, value: Option<String>) {
    if let Some(value) = value {
        pairs.push((name, value));
    }
}

fn push_all(pairs: &mut Vec<(&'static str, String)>, name: &'static str, values: impl Iterator<Item = String>) {
    pairs.extend(values.map(|value| (name, value)));
}

fn push_names<T: WireName>(pairs: &mut Vec<(&'static str, String)>, name: &'static str, values: &[T]) {
    push_all(pairs, name, values.iter().map(|value| value.as_str().to_owned()));
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use super::*;

    #[test]
    fn report_enums_read_and_write_their_wire_names() {
        fn agree<T: WireName + std::fmt::Debug>(all: &[T], names: &[&str]) {
            assert_eq!(all.len(), names.len());
            for (value, name) in all.iter().zip(names) {
                assert_eq!(value.as_str(), *name);
                assert_eq!(serde_json::to_string(value).unwrap(), format!("\"{name}\""));
                assert_eq!(T::parse(name), Some(*value));
            }
        }
        agree(&BucketWidth::ALL, &["1m", "1h", "1d"]);
        agree(
            &UsageGroupBy::ALL,
            &[
                "api_key_id",
                "workspace_id",
                "model",
                "service_tier",
                "context_window",
                "inference_geo",
            ],
        );
        agree(&CostGroupBy::ALL, &["workspace_id", "description"]);
        agree(
            &ServiceTier::ALL,
            &[
                "standard",
                "batch",
                "priority",
                "priority_on_demand",
                "flex",
                "flex_discount",
            ],
        );
        agree(&ContextWindow::ALL, &["0-200k", "200k-1M"]);
        agree(&ReportInferenceGeo::ALL, &["global", "us", "not_available"]);
        agree(
            &CostType::ALL,
            &["tokens", "web_search", "code_execution", "session_usage"],
        );
        agree(
            &TokenType::ALL,
            &[
                "uncached_input_tokens",
                "output_tokens",
                "cache_read_input_tokens",
                "cache_creation.ephemeral_1h_input_tokens",
                "cache_creation.ephemeral_5m_input_tokens",
            ],
        );
        agree(&CustomerType::ALL, &["api", "subscription"]);
        // Unknown values read, keep their name, and are never taken for a known one.
        assert_eq!(ServiceTier::from_wire("turbo"), ServiceTier::Unknown("turbo"));
        assert_eq!(ContextWindow::from_wire("1M-2M").as_str(), "1M-2M");
        assert_eq!(BucketWidth::parse("1w"), None);
        assert_eq!(BucketWidth::parse("day"), None);
        assert_eq!(
            (BucketWidth::Minute.default_limit(), BucketWidth::Minute.max_limit()),
            (60, 1440)
        );
        assert_eq!(
            (BucketWidth::Hour.default_limit(), BucketWidth::Hour.max_limit()),
            (24, 168)
        );
        assert_eq!(
            (BucketWidth::Day.default_limit(), BucketWidth::Day.max_limit()),
            (7, 31)
        );
        // The server reads query values strictly.
        #[derive(Debug, Deserialize)]
        struct Strict {
            #[serde(deserialize_with = "strict::known")]
            width: BucketWidth,
        }
        assert!(serde_json::from_str::<Strict>(r#"{"width":"1w"}"#).is_err());
        assert_eq!(
            serde_json::from_str::<Strict>(r#"{"width":"1h"}"#).unwrap().width,
            BucketWidth::Hour
        );
    }

    #[test]
    fn a_usage_page_reads_todays_shape_and_newer_ones() {
        let page: UsageReport = serde_json::from_str(
            r#"{"data":[{"starting_at":"2025-08-01T00:00:00Z","ending_at":"2025-08-02T00:00:00Z","results":[
                {"uncached_input_tokens":1500,"cache_creation":{"ephemeral_1h_input_tokens":1000,"ephemeral_5m_input_tokens":500},
                 "cache_read_input_tokens":200,"output_tokens":500,"server_tool_use":{"web_search_requests":10},
                 "api_key_id":"apikey_1","workspace_id":null,"model":"claude-sonnet-4-20250514",
                 "service_tier":"galactic","context_window":"0-200k","inference_geo":"mars","new_field":1}]},
                {"starting_at":"2025-08-02T00:00:00Z","ending_at":"2025-08-03T00:00:00Z","results":[]}],
               "has_more":true,"next_page":"page_abc"}"#,
        )
        .unwrap();
        let result = &page.data[0].results[0];
        assert_eq!(result.service_tier, Some(ServiceTier::Unknown("galactic")));
        assert_eq!(result.inference_geo, Some(ReportInferenceGeo::Unknown("mars")));
        assert_eq!(result.context_window, Some(ContextWindow::UpTo200k));
        assert_eq!((result.input_tokens(), result.total_tokens()), (3200, 3700));
        assert_eq!(result.workspace_id, None);
        assert!(page.data[1].results.is_empty());
        assert_eq!(page.next_page.as_deref(), Some("page_abc"));
        // Every field is written, nulls included.
        let json = serde_json::to_value(UsageResult::default()).unwrap();
        for field in [
            "uncached_input_tokens",
            "cache_read_input_tokens",
            "cache_creation",
            "output_tokens",
            "server_tool_use",
            "api_key_id",
            "workspace_id",
            "model",
            "service_tier",
            "context_window",
            "inference_geo",
        ] {
            assert!(json.get(field).is_some(), "{field}");
        }
        assert_eq!(json["cache_creation"]["ephemeral_5m_input_tokens"], 0);
    }

    #[test]
    fn cost_amounts_round_trip_exactly() {
        let json = r#"{"amount":"123.45","currency":"USD","workspace_id":"wrkspc_1","description":null,
                       "cost_type":null,"model":null,"service_tier":null,"token_type":null,
                       "context_window":null,"inference_geo":null}"#;
        let result: CostResult = serde_json::from_str(json).unwrap();
        assert_eq!(result.amount, Decimal::from_str("123.45").unwrap());
        assert_eq!(
            serde_json::to_value(&result).unwrap()["amount"],
            serde_json::json!("123.45")
        );
        // Scale and long fractions are kept as sent; sums are exact.
        for text in ["0", "0.10", "1.005", "123456789012.3456789", "0.333333333333333333"] {
            let parsed: CostResult = serde_json::from_str(&json.replace("123.45", text)).unwrap();
            assert_eq!(
                serde_json::to_value(&parsed).unwrap()["amount"],
                serde_json::json!(text)
            );
        }
        let tenth = Decimal::from_str("0.1").unwrap();
        assert_eq!(
            tenth + Decimal::from_str("0.2").unwrap(),
            Decimal::from_str("0.3").unwrap()
        );
        // A number is not an amount string.
        assert!(serde_json::from_str::<CostResult>(&json.replace("\"123.45\"", "123.45")).is_err());
        let line: CostResult = serde_json::from_str(
            r#"{"amount":"5","currency":"USD","cost_type":"tokens","token_type":"cache_creation.ephemeral_1h_input_tokens",
                "service_tier":"batch","description":"Claude Haiku 4.5 Usage - Input Tokens, Cache Write (1h)"}"#,
        )
        .unwrap();
        assert_eq!(line.token_type, Some(TokenType::CacheCreationEphemeral1hInputTokens));
        assert_eq!(line.workspace_id, None);
    }

    #[test]
    fn claude_code_records_read_exactly() {
        let json = r#"{"date":"2025-09-01T00:00:00Z","actor":{"type":"user_actor","email_address":"a@b.c"},
            "organization_id":"org","customer_type":"api","terminal_type":"vscode",
            "core_metrics":{"num_sessions":5,"lines_of_code":{"added":1543,"removed":892},
                            "commits_by_claude_code":12,"pull_requests_by_claude_code":2},
            "tool_actions":{"edit_tool":{"accepted":45,"rejected":5}},
            "model_breakdown":[{"model":"claude-sonnet-4","tokens":{"input":100,"output":35,"cache_read":10,"cache_creation":5},
                                "estimated_cost":{"currency":"USD","amount":10.25}},
                               {"model":"claude-haiku","tokens":{"input":1,"output":1,"cache_read":0,"cache_creation":0},
                                "estimated_cost":{"currency":"USD","amount":1025}}],
            "subscription_type":"enterprise"}"#;
        let record: ClaudeCodeRecord = serde_json::from_str(json).unwrap();
        assert_eq!(
            record.actor,
            ClaudeCodeActor::UserActor {
                email_address: "a@b.c".into()
            }
        );
        assert_eq!(record.tool_actions["edit_tool"].accepted, 45);
        let amounts: Vec<Decimal> = record
            .model_breakdown
            .iter()
            .map(|model| model.estimated_cost.amount)
            .collect();
        assert_eq!(amounts, [Decimal::from_str("10.25").unwrap(), Decimal::from(1025)]);
        // Written back as the same numbers.
        let written = serde_json::to_value(&record).unwrap();
        assert_eq!(
            written["model_breakdown"][0]["estimated_cost"]["amount"].to_string(),
            "10.25"
        );
        assert_eq!(
            written["model_breakdown"][1]["estimated_cost"]["amount"].to_string(),
            "1025"
        );
        assert_eq!(written["actor"]["type"], "user_actor");
        // Fractions that floating point cannot hold read as the decimal that was sent.
        for text in ["0.1", "0.3", "187.57", "12345678.91", "0.000001", "99999999999.9999"] {
            let cost: EstimatedCost =
                serde_json::from_str(&format!(r#"{{"amount":{text},"currency":"USD"}}"#)).unwrap();
            assert_eq!(cost.amount, Decimal::from_str(text).unwrap(), "{text}");
            // Written as a number that reads back as the same decimal (serde_json may choose an
            // exponent: 1e-6).
            let written = serde_json::to_string(&cost).unwrap();
            assert_eq!(
                serde_json::from_str::<EstimatedCost>(&written).unwrap(),
                cost,
                "{written}"
            );
        }
        let api: ClaudeCodeActor = serde_json::from_str(r#"{"type":"api_actor","api_key_name":"ci"}"#).unwrap();
        assert_eq!(
            api,
            ClaudeCodeActor::ApiActor {
                api_key_name: "ci".into()
            }
        );
        assert_eq!(
            serde_json::from_str::<ClaudeCodeActor>(r#"{"type":"robot_actor","id":"x"}"#).unwrap(),
            ClaudeCodeActor::Unknown
        );
        assert_eq!(
            serde_json::from_str::<ClaudeCodeRecord>(&json.replace(r#""api""#, r#""enterprise""#))
                .unwrap()
                .customer_type,
            CustomerType::Unknown("enterprise")
        );
    }

    #[test]
    fn queries_write_the_contracts_pairs() {
        let query = UsageReportQuery {
            starting_at: "2025-08-01T00:00:00Z".into(),
            bucket_width: Some(BucketWidth::Hour),
            limit: Some(168),
            models: vec!["claude-haiku-4-5".into()],
            context_window: vec![ContextWindow::From200kTo1M],
            group_by: vec![UsageGroupBy::Model, UsageGroupBy::WorkspaceId],
            ..Default::default()
        };
        assert_eq!(
            query.to_query(),
            [
                ("starting_at", "2025-08-01T00:00:00Z".to_owned()),
                ("bucket_width", "1h".into()),
                ("limit", "168".into()),
                ("models[]", "claude-haiku-4-5".into()),
                ("context_window[]", "200k-1M".into()),
                ("group_by[]", "model".into()),
                ("group_by[]", "workspace_id".into()),
            ]
        );
        let cost = CostReportQuery {
            starting_at: "2025-08-01T00:00:00Z".into(),
            page: Some("p".into()),
            group_by: vec![CostGroupBy::Description],
            ..Default::default()
        };
        assert_eq!(
            cost.to_query().last().unwrap(),
            &("group_by[]", "description".to_owned())
        );
        let code = ClaudeCodeQuery {
            starting_at: "2025-09-01".into(),
            limit: Some(5),
            page: None,
        };
        assert_eq!(code.to_query().len(), 2);
    }
}
