//! The reports: message usage, cost, and Claude Code usage. Page-token pages of time buckets
//! (oldest first, snapped to the UTC minute, hour or day, empty buckets included) or of Claude
//! Code records.
//!
//! Decisions beyond the contract:
//! - `starting_at` is snapped down to its bucket's start, `ending_at` (exclusive) up to a bucket's
//!   end: a bucket is in the report when it starts before `ending_at`. Without `ending_at` the
//!   report runs to the bucket that holds now. `ending_at` must be after `starting_at`.
//! - A page token (`page=`) is opaque: it names the next bucket (or record) and the report it
//!   belongs to (every parameter but `limit` and `page`); a token of another report, or of the
//!   same report with other parameters, is a 400, like a malformed one. `limit` may change from
//!   page to page.
//! - `workspace_ids[]` may name the default workspace by its id (its usage shows as
//!   `workspace_id: null`). Ids that name nothing match nothing; they are not refused.
//! - A repeated `group_by[]` value counts once.

use admin_wire::{
    BucketWidth, ClaudeCodeRecord, ContextWindow, CostBucket, CostGroupBy, ReportInferenceGeo, ReportPage, ServiceTier,
    UsageBucket, UsageGroupBy, WireName,
};
use axum::extract::State;
use axum::Json;
use serde::Deserialize;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::app::AppState;
use crate::clock::now_micros;
use crate::db;
use crate::db::usage::{Buckets, CostGrouping, Grouping, UsageFilters, DAY};
use crate::error::{ApiError, ApiResult};
use crate::extract::QueryParams;
use crate::openapi::errors;
use crate::pagination::parse_limit;

/// The schemas only the query parameters refer to (the answers' schemas come with them).
#[derive(utoipa::OpenApi)]
#[openapi(components(schemas(BucketWidth, UsageGroupBy, CostGroupBy, FilterValue)))]
struct QuerySchemas;

/// A value of a filter list (`api_key_ids[]`, `workspace_ids[]`, `models[]`): never empty.
struct FilterValue;

impl utoipa::PartialSchema for FilterValue {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .min_length(Some(1))
            .into()
    }
}

impl utoipa::ToSchema for FilterValue {}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(<QuerySchemas as utoipa::OpenApi>::openapi())
        .routes(routes!(usage_report))
        .routes(routes!(cost_report))
        .routes(routes!(claude_code_report))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct UsageQuery {
    /// The start of the report (RFC 3339), snapped down to the start of its bucket (UTC).
    #[param(required = true, value_type = String, format = DateTime, min_length = 1, example = "2025-08-01T00:00:00Z")]
    starting_at: Option<String>,
    /// The end of the report (RFC 3339, exclusive): buckets that start before it are in the
    /// report. Default: the report runs to the bucket that holds now.
    #[param(value_type = Option<String>, format = DateTime, min_length = 1)]
    ending_at: Option<String>,
    /// The width of the buckets: `1m`, `1h` or `1d` (default `1d`).
    #[param(value_type = Option<BucketWidth>, default = "1d")]
    bucket_width: Option<String>,
    /// Buckets per page: for `1d` 1 to 31 (default 7), for `1h` 1 to 168 (default 24), for
    /// `1m` 1 to 1440 (default 60).
    #[param(value_type = Option<i64>, minimum = 1, maximum = 1440)]
    limit: Option<String>,
    /// The `next_page` of the previous page.
    #[param(min_length = 1)]
    page: Option<String>,
    /// Only the usage of these API keys (repeat the parameter).
    #[serde(rename = "api_key_ids[]", default)]
    #[param(value_type = Vec<FilterValue>)]
    api_key_ids: Vec<String>,
    /// Only the usage of these workspaces; the default workspace by its id.
    #[serde(rename = "workspace_ids[]", default)]
    #[param(value_type = Vec<FilterValue>)]
    workspace_ids: Vec<String>,
    /// Only the usage of these models.
    #[serde(rename = "models[]", default)]
    #[param(value_type = Vec<FilterValue>)]
    models: Vec<String>,
    /// Only the usage of these service tiers.
    #[serde(rename = "service_tiers[]", default)]
    #[param(value_type = Vec<ServiceTier>)]
    service_tiers: Vec<String>,
    /// Only the usage in these context windows.
    #[serde(rename = "context_window[]", default)]
    #[param(value_type = Vec<ContextWindow>)]
    context_window: Vec<String>,
    /// Only the usage whose inference ran in these geos.
    #[serde(rename = "inference_geos[]", default)]
    #[param(value_type = Vec<ReportInferenceGeo>)]
    inference_geos: Vec<String>,
    /// Group each bucket's usage by these dimensions (the others are `null` in the results).
    #[serde(rename = "group_by[]", default)]
    #[param(value_type = Vec<UsageGroupBy>)]
    group_by: Vec<String>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct CostQuery {
    /// The start of the report (RFC 3339), snapped down to the start of its UTC day.
    #[param(required = true, value_type = String, format = DateTime, min_length = 1, example = "2025-08-01T00:00:00Z")]
    starting_at: Option<String>,
    /// The end of the report (RFC 3339, exclusive): days that start before it are in the report.
    /// Default: the report runs to today.
    #[param(value_type = Option<String>, format = DateTime, min_length = 1)]
    ending_at: Option<String>,
    /// The width of the buckets: `1d` only.
    #[param(value_type = Option<String>, pattern = "^1d$", default = "1d")]
    bucket_width: Option<String>,
    /// Days per page, 1 to 31 (default 7).
    #[param(value_type = Option<i64>, minimum = 1, maximum = 31, default = 7)]
    limit: Option<String>,
    /// The `next_page` of the previous page.
    #[param(min_length = 1)]
    page: Option<String>,
    /// Group each day's cost by workspace and/or by line item (`description`).
    #[serde(rename = "group_by[]", default)]
    #[param(value_type = Vec<CostGroupBy>)]
    group_by: Vec<String>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct ClaudeCodeQuery {
    /// The UTC day of the report, `YYYY-MM-DD`.
    #[param(required = true, value_type = String, format = Date, min_length = 1, example = "2025-09-01")]
    starting_at: Option<String>,
    /// Records per page, 1 to 1000 (default 20).
    #[param(value_type = Option<i64>, minimum = 1, maximum = 1000, default = 20)]
    limit: Option<String>,
    /// The `next_page` of the previous page.
    #[param(min_length = 1)]
    page: Option<String>,
}

/// FNV-1a of the report's parameters: what a page token must belong to.
fn fingerprint(parts: &[&str]) -> u64 {
    parts.iter().fold(0xCBF2_9CE4_8422_2325u64, |hash, part| {
        part.bytes().chain([0u8]).fold(hash, |hash, byte| {
            (hash ^ u64::from(byte)).wrapping_mul(0x100_0000_01B3)
        })
    })
}

/// The prefix of this server's report page tokens.
const TOKEN_PREFIX: &str = "page_";

fn page_token(position: i64, fingerprint: u64) -> String {
    format!("{TOKEN_PREFIX}{:016x}{fingerprint:016x}", position as u64)
}

fn refused_token(token: &str) -> ApiError {
    ApiError::invalid(format!(
        "page `{token}` is not a page token of this report (with these parameters): send the `next_page` of the \
         previous page, with the same parameters."
    ))
}

/// The position a page token names, if it is a token of the report `fingerprint` names.
fn read_token(token: &str, fingerprint: u64) -> ApiResult<i64> {
    let refused = || refused_token(token);
    let hex = token.strip_prefix(TOKEN_PREFIX).ok_or_else(refused)?;
    if hex.len() != 32 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(refused());
    }
    let position = u64::from_str_radix(&hex[..16], 16).map_err(|_| refused())? as i64;
    let owner = u64::from_str_radix(&hex[16..], 16).map_err(|_| refused())?;
    if owner != fingerprint {
        return Err(refused());
    }
    Ok(position)
}

/// An RFC 3339 time, as whole seconds since the epoch and whether it has a fraction.
fn parse_time(name: &str, text: &str) -> ApiResult<(i64, bool)> {
    let at = OffsetDateTime::parse(text, &Rfc3339).map_err(|_| {
        ApiError::invalid(format!(
            "{name} must be an RFC 3339 time such as 2025-08-01T00:00:00Z, not `{text}`."
        ))
    })?;
    Ok((at.unix_timestamp(), at.nanosecond() > 0))
}

/// A report's time range, snapped to its buckets.
struct Range {
    /// The first bucket's start.
    start: i64,
    /// The end of the last bucket (exclusive).
    end: i64,
    width: i64,
    /// `ending_at` as snapped, or `open` when it was not given (for the page token).
    end_given: String,
}

impl Range {
    fn parse(starting_at: Option<&str>, ending_at: Option<&str>, width: i64) -> ApiResult<Range> {
        let starting_at = starting_at.ok_or_else(|| {
            ApiError::invalid(
                "starting_at is required: the start of the report, in RFC 3339 (e.g. 2025-08-01T00:00:00Z).",
            )
        })?;
        let (start_seconds, start_fraction) = parse_time("starting_at", starting_at)?;
        let start = start_seconds.div_euclid(width) * width;
        let snap_up = |seconds: i64| -> i64 { (seconds + width - 1).div_euclid(width) * width };
        let (end, end_given) = match ending_at {
            Some(text) => {
                let (seconds, fraction) = parse_time("ending_at", text)?;
                let after = seconds > start_seconds || (seconds == start_seconds && fraction && !start_fraction);
                if !after {
                    return Err(ApiError::invalid(format!(
                        "ending_at (`{text}`) must be after starting_at (`{starting_at}`)."
                    )));
                }
                // A fraction past the second still starts the next bucket when that is where it falls.
                let end = snap_up(seconds + i64::from(fraction));
                (end, end.to_string())
            }
            None => {
                let now = now_micros().div_euclid(1_000_000);
                (snap_up(now + 1).max(start), "open".to_owned())
            }
        };
        Ok(Range {
            start,
            end,
            width,
            end_given,
        })
    }

    /// The page `token` names (the first without one), of at most `limit` buckets, and the
    /// next page's token when more buckets follow.
    fn page(&self, token: Option<&str>, limit: i64, fingerprint: u64) -> ApiResult<(Buckets, Option<String>)> {
        let first = match token {
            None => self.start,
            Some(token) => {
                let position = read_token(token, fingerprint)?;
                if position <= self.start || position > self.end || (position - self.start) % self.width != 0 {
                    return Err(refused_token(token));
                }
                position
            }
        };
        let count = ((self.end - first) / self.width).clamp(0, limit);
        let next = first + count * self.width;
        let token = (next < self.end).then(|| page_token(next, fingerprint));
        Ok((
            Buckets {
                first,
                width: self.width,
                count,
            },
            token,
        ))
    }
}

/// `limit` for buckets of `width`: the contract's default when absent, else 1 to its maximum.
fn bucket_limit(text: Option<&str>, width: BucketWidth) -> ApiResult<i64> {
    let max = i64::from(width.max_limit());
    match text {
        None => Ok(i64::from(width.default_limit())),
        Some(text) => text
            .parse::<i64>()
            .ok()
            .filter(|limit| (1..=max).contains(limit))
            .ok_or_else(|| {
                ApiError::invalid(format!(
                    "limit must be an integer from 1 to {max} for bucket_width `{}`, not `{text}`.",
                    width.as_str()
                ))
            }),
    }
}

fn names<T: WireName>(values: &[T]) -> String {
    values
        .iter()
        .map(|value| format!("`{}`", value.as_str()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Each of `values` as a known value of `T`, else a 400 naming `name` and what it takes.
fn known_values<T: WireName>(name: &str, values: &[String], all: &[T]) -> ApiResult<Vec<T>> {
    values
        .iter()
        .map(|value| {
            T::parse(value)
                .ok_or_else(|| ApiError::invalid(format!("{name} must be among {}, not `{value}`.", names(all))))
        })
        .collect()
}

/// A list as part of a fingerprint: sorted, each value once.
fn canonical(values: impl IntoIterator<Item = String>) -> String {
    let mut values: Vec<String> = values.into_iter().collect();
    values.sort();
    values.dedup();
    values.join("\u{1}")
}

/// Message usage: token counts per bucket, grouped and filtered as asked.
#[utoipa::path(get, path = "/usage_report/messages", tag = "reports", params(UsageQuery),
    responses((status = 200, description = "A page of buckets, oldest first (empty buckets included).",
        body = ReportPage<UsageBucket>),
        errors::Read))]
async fn usage_report(
    State(state): State<AppState>,
    QueryParams(query): QueryParams<UsageQuery>,
) -> ApiResult<Json<ReportPage<UsageBucket>>> {
    let width = match query.bucket_width.as_deref() {
        None => BucketWidth::Day,
        Some(text) => BucketWidth::parse(text).ok_or_else(|| {
            ApiError::invalid(format!(
                "bucket_width must be one of {}, not `{text}`.",
                names(&BucketWidth::ALL)
            ))
        })?,
    };
    let seconds = width.seconds().expect("a known width");
    let range = Range::parse(query.starting_at.as_deref(), query.ending_at.as_deref(), seconds)?;
    let limit = bucket_limit(query.limit.as_deref(), width)?;
    let group_by = known_values("group_by[]", &query.group_by, &UsageGroupBy::ALL)?;
    let grouping: Grouping = UsageGroupBy::ALL.map(|dimension| group_by.contains(&dimension));
    let service_tiers = known_values("service_tiers[]", &query.service_tiers, &ServiceTier::ALL)?;
    let context_windows = known_values("context_window[]", &query.context_window, &ContextWindow::ALL)?;
    let inference_geos = known_values("inference_geos[]", &query.inference_geos, &ReportInferenceGeo::ALL)?;

    let mut conn = state.db.read().await?;
    let (default_id, _) = db::organization::default_workspace(&mut conn).await?;
    let (defaults, workspace_ids): (Vec<String>, Vec<String>) =
        query.workspace_ids.iter().cloned().partition(|id| *id == default_id);
    let filters = UsageFilters {
        api_key_ids: query.api_key_ids.clone(),
        workspace_ids,
        default_workspace: !defaults.is_empty(),
        models: query.models.clone(),
        service_tiers,
        context_windows,
        inference_geos,
    };
    let owner = fingerprint(&[
        "usage",
        width.as_str(),
        &range.start.to_string(),
        &range.end_given,
        &canonical(query.api_key_ids),
        &canonical(query.workspace_ids),
        &canonical(query.models),
        &canonical(filters.service_tiers.iter().map(|v| v.as_str().to_owned())),
        &canonical(filters.context_windows.iter().map(|v| v.as_str().to_owned())),
        &canonical(filters.inference_geos.iter().map(|v| v.as_str().to_owned())),
        &canonical(group_by.iter().map(|v| v.as_str().to_owned())),
    ]);
    let (buckets, next_page) = range.page(query.page.as_deref(), limit, owner)?;
    let data = db::usage::usage_report(&mut conn, buckets, &filters, &grouping).await?;
    Ok(Json(ReportPage {
        data,
        has_more: next_page.is_some(),
        next_page,
    }))
}

/// Cost per day, in exact decimal cents, from the usage and the server's price table.
#[utoipa::path(get, path = "/cost_report", tag = "reports", params(CostQuery),
    responses((status = 200, description = "A page of days, oldest first (empty days included); amounts are decimal \
        strings of cents.", body = ReportPage<CostBucket>),
        errors::Read))]
async fn cost_report(
    State(state): State<AppState>,
    QueryParams(query): QueryParams<CostQuery>,
) -> ApiResult<Json<ReportPage<CostBucket>>> {
    if let Some(text) = query.bucket_width.as_deref() {
        if BucketWidth::parse(text) != Some(BucketWidth::Day) {
            return Err(ApiError::invalid(format!(
                "bucket_width must be `1d` (the cost report has daily buckets only), not `{text}`."
            )));
        }
    }
    let range = Range::parse(query.starting_at.as_deref(), query.ending_at.as_deref(), DAY)?;
    let limit = bucket_limit(query.limit.as_deref(), BucketWidth::Day)?;
    let group_by = known_values("group_by[]", &query.group_by, &CostGroupBy::ALL)?;
    let grouping = CostGrouping {
        workspace: group_by.contains(&CostGroupBy::WorkspaceId),
        description: group_by.contains(&CostGroupBy::Description),
    };
    let owner = fingerprint(&[
        "cost",
        &range.start.to_string(),
        &range.end_given,
        &canonical(group_by.iter().map(|v| v.as_str().to_owned())),
    ]);
    let (buckets, next_page) = range.page(query.page.as_deref(), limit, owner)?;
    let data = db::usage::cost_report(&mut *state.db.read().await?, buckets, grouping).await?;
    Ok(Json(ReportPage {
        data,
        has_more: next_page.is_some(),
        next_page,
    }))
}

/// Claude Code usage on one UTC day: a record per member or API key that used it.
#[utoipa::path(get, path = "/usage_report/claude_code", tag = "reports", params(ClaudeCodeQuery),
    responses((status = 200, description = "A page of the day's records: members by email, then API keys by name.",
        body = ReportPage<ClaudeCodeRecord>),
        errors::Read))]
async fn claude_code_report(
    State(state): State<AppState>,
    QueryParams(query): QueryParams<ClaudeCodeQuery>,
) -> ApiResult<Json<ReportPage<ClaudeCodeRecord>>> {
    let text = query.starting_at.as_deref().ok_or_else(|| {
        ApiError::invalid("starting_at is required: the UTC day of the report, as YYYY-MM-DD (e.g. 2025-09-01).")
    })?;
    let format = time::macros::format_description!("[year]-[month]-[day]");
    let date = time::Date::parse(text, &format)
        .map_err(|_| ApiError::invalid(format!("starting_at must be a UTC day as YYYY-MM-DD, not `{text}`.")))?;
    let day = (date.to_julian_day()
        - time::Date::from_calendar_date(1970, time::Month::January, 1)
            .expect("a valid date")
            .to_julian_day()) as i64;
    let limit = match query.limit.as_deref() {
        None => 20,
        Some(text) => parse_limit(text)?,
    };
    let owner = fingerprint(&["claude_code", &day.to_string()]);
    let offset = match query.page.as_deref() {
        None => 0,
        Some(token) => read_token(token, owner)?,
    };
    let (data, has_more) =
        db::usage::claude_code(&mut *state.db.read().await?, &state.organization_id, day, offset, limit).await?;
    Ok(Json(ReportPage {
        data,
        has_more,
        next_page: has_more.then(|| page_token(offset + limit, owner)),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_belong_to_their_report() {
        let token = page_token(1_754_006_400, 42);
        assert_eq!(read_token(&token, 42).unwrap(), 1_754_006_400);
        assert!(read_token(&token, 43).is_err());
        for bad in [
            "",
            "page_",
            "page_zz",
            "x",
            &token[..token.len() - 1],
            &format!("{token}0"),
        ] {
            assert!(read_token(bad, 42).is_err(), "{bad}");
        }
        assert_ne!(fingerprint(&["a", "bc"]), fingerprint(&["ab", "c"]));
    }

    #[test]
    fn ranges_snap_to_their_buckets() {
        let range = Range::parse(Some("2025-08-01T10:15:00Z"), Some("2025-08-01T12:00:01Z"), 3_600).unwrap();
        // 10:00 to 13:00: the bucket of 12:00 starts before 12:00:01.
        assert_eq!((range.start, range.end), (1_754_042_400, 1_754_053_200));
        let range = Range::parse(Some("2025-08-01T10:15:00+02:00"), Some("2025-08-02T00:00:00Z"), 86_400).unwrap();
        assert_eq!((range.start, range.end), (1_754_006_400, 1_754_092_800));
        let (buckets, next) = range.page(None, 7, 1).unwrap();
        assert_eq!((buckets.count, next), (1, None));
        assert!(Range::parse(Some("2025-08-01T00:00:00Z"), Some("2025-08-01T00:00:00Z"), 60).is_err());
        assert!(Range::parse(Some("2025-08-01"), None, 60).is_err());
        assert!(Range::parse(None, None, 60).is_err());
    }
}
