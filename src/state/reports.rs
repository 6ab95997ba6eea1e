//! The reports' settings, kept in the URL (range, bucket width, grouping, filters), the request
//! they make, and a report's buckets added up per group: per bucket for the chart, in total for
//! the table. Counts are added as integers and money as exact decimals; only the chart reads
//! floats.

use super::url::UrlQuery;
use crate::api::{
    BucketWidth, CostBucket, CostGroupBy, CostReportQuery, Decimal, UsageBucket, UsageGroupBy, UsageReportQuery,
    UsageResult, WireName,
};
use chrono::{Days, NaiveDate};
use std::ops::AddAssign;

/// The longest custom range, in days: a year of hourly buckets is already 53 pages.
pub const MAX_DAYS: u64 = 366;
/// The longest range that may have minute buckets: one page of 1,440.
pub const MAX_MINUTE_DAYS: u64 = 1;

/// Which report a request is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ReportKind {
    Usage,
    Cost,
}

/// A preset or custom date range, as the URL's `range` names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Preset {
    Last7,
    Last30,
    Last90,
    Custom,
}

impl Preset {
    pub const ALL: [Preset; 4] = [Self::Last7, Self::Last30, Self::Last90, Self::Custom];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Last7 => "7d",
            Self::Last30 => "30d",
            Self::Last90 => "90d",
            Self::Custom => "custom",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Last7 => "Last 7 days",
            Self::Last30 => "Last 30 days",
            Self::Last90 => "Last 90 days",
            Self::Custom => "Custom range",
        }
    }

    fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.as_str() == value)
    }

    fn days(self) -> Option<u64> {
        match self {
            Self::Last7 => Some(7),
            Self::Last30 => Some(30),
            Self::Last90 => Some(90),
            Self::Custom => None,
        }
    }
}

/// Whole UTC days, first and last included.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct DayRange {
    pub first: NaiveDate,
    pub last: NaiveDate,
}

impl DayRange {
    /// The `days` days that end today (UTC).
    pub fn last_days(today: NaiveDate, days: u64) -> Self {
        Self {
            first: today - Days::new(days.saturating_sub(1)),
            last: today,
        }
    }

    pub fn days(&self) -> u64 {
        (self.last - self.first).num_days().max(0) as u64 + 1
    }

    /// The first day's midnight, RFC 3339.
    pub fn starting_at(&self) -> String {
        format!("{}T00:00:00Z", self.first.format("%Y-%m-%d"))
    }

    /// The midnight after the last day (the range's end is exclusive).
    pub fn ending_at(&self) -> String {
        format!("{}T00:00:00Z", (self.last + Days::new(1)).format("%Y-%m-%d"))
    }

    /// `2026-11-04_2026-12-03`, for file names.
    pub fn slug(&self) -> String {
        format!("{}_{}", self.first.format("%Y-%m-%d"), self.last.format("%Y-%m-%d"))
    }
}

/// Today in UTC, by the browser's clock.
pub fn today_utc() -> NaiveDate {
    chrono::DateTime::from_timestamp_millis(js_sys::Date::now() as i64)
        .map(|now| now.date_naive())
        .unwrap_or_default()
}

/// A `YYYY-MM-DD` date.
pub fn parse_day(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

/// The settings of a report page as the URL holds them: `range` (`7d`, `30d`, `90d` or `custom`
/// with `from` and `to`), `width`, `group`, and the filters `workspace_ids`, `api_key_ids`,
/// `models` (repeated).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportSettings {
    pub preset: Preset,
    /// The range asked for, or why the custom one cannot be asked for.
    pub range: Result<DayRange, String>,
    pub width: BucketWidth,
    /// The wire name of the dimension grouped by, if any.
    pub group: Option<String>,
    pub workspace_ids: Vec<String>,
    pub api_key_ids: Vec<String>,
    pub models: Vec<String>,
}

impl ReportSettings {
    /// Reads the URL (tracked). Without settings: the last 30 days, by day, not grouped.
    pub fn from_url(url: &UrlQuery, kind: ReportKind, today: NaiveDate) -> Self {
        let preset = url
            .get("range")
            .and_then(|r| Preset::parse(&r))
            .unwrap_or(Preset::Last30);
        let range = match preset.days() {
            Some(days) => Ok(DayRange::last_days(today, days)),
            None => custom_range(url.get("from"), url.get("to")),
        };
        let width = match (kind, url.get("width").and_then(|w| BucketWidth::parse(&w))) {
            (ReportKind::Usage, Some(BucketWidth::Hour)) => BucketWidth::Hour,
            (ReportKind::Usage, Some(BucketWidth::Minute))
                if range.as_ref().is_ok_and(|r| r.days() <= MAX_MINUTE_DAYS) =>
            {
                BucketWidth::Minute
            }
            _ => BucketWidth::Day,
        };
        let group = url.get("group").filter(|g| match kind {
            ReportKind::Usage => UsageGroupBy::parse(g).is_some(),
            ReportKind::Cost => CostGroupBy::parse(g).is_some(),
        });
        // The cost report has no filters.
        let filter = |key| match kind {
            ReportKind::Usage => url.get_all(key),
            ReportKind::Cost => Vec::new(),
        };
        Self {
            preset,
            range,
            width,
            group,
            workspace_ids: filter("workspace_ids"),
            api_key_ids: filter("api_key_ids"),
            models: filter("models"),
        }
    }

    /// A range, by day, not grouped nor filtered.
    pub fn from_range(range: DayRange) -> Self {
        Self {
            preset: Preset::Custom,
            range: Ok(range),
            width: BucketWidth::Day,
            group: None,
            workspace_ids: Vec::new(),
            api_key_ids: Vec::new(),
            models: Vec::new(),
        }
    }

    /// How many pages the report takes at the largest page size.
    pub fn expected_pages(&self) -> usize {
        let Ok(range) = &self.range else { return 0 };
        let buckets = range.days() * 86_400 / self.width.seconds().unwrap_or(86_400) as u64;
        buckets.div_ceil(self.width.max_limit() as u64) as usize
    }

    /// The request these settings make, if the range can be asked for.
    pub fn request(&self, kind: ReportKind) -> Option<ReportRequest> {
        let range = self.range.as_ref().ok()?;
        Some(ReportRequest {
            kind,
            starting_at: range.starting_at(),
            ending_at: range.ending_at(),
            width: self.width.as_str(),
            group: self.group.clone(),
            workspace_ids: self.workspace_ids.clone(),
            api_key_ids: self.api_key_ids.clone(),
            models: self.models.clone(),
        })
    }
}

fn custom_range(from: Option<String>, to: Option<String>) -> Result<DayRange, String> {
    let (Some(from), Some(to)) = (from, to) else {
        return Err("Choose the first and the last day of the range.".to_owned());
    };
    let (Some(first), Some(last)) = (parse_day(&from), parse_day(&to)) else {
        return Err("A day is written YYYY-MM-DD.".to_owned());
    };
    let range = DayRange { first, last };
    if last < first {
        Err("The range ends before it starts: choose a last day on or after the first.".to_owned())
    } else if range.days() > MAX_DAYS {
        Err(format!(
            "A range has at most {MAX_DAYS} days (this one has {}).",
            range.days()
        ))
    } else {
        Ok(range)
    }
}

/// One report, every page of it, as the query cache keys it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ReportRequest {
    pub kind: ReportKind,
    pub starting_at: String,
    pub ending_at: String,
    pub width: &'static str,
    pub group: Option<String>,
    pub workspace_ids: Vec<String>,
    pub api_key_ids: Vec<String>,
    pub models: Vec<String>,
}

impl ReportRequest {
    /// The usage report's query for one page (`page`: the token of the page after the first).
    pub fn usage_query(&self, page: Option<String>) -> UsageReportQuery {
        let width = BucketWidth::parse(self.width).unwrap_or(BucketWidth::Day);
        UsageReportQuery {
            starting_at: self.starting_at.clone(),
            ending_at: Some(self.ending_at.clone()),
            bucket_width: Some(width),
            limit: Some(width.max_limit()),
            page,
            api_key_ids: self.api_key_ids.clone(),
            workspace_ids: self.workspace_ids.clone(),
            models: self.models.clone(),
            group_by: self.group.iter().filter_map(|g| UsageGroupBy::parse(g)).collect(),
            ..Default::default()
        }
    }

    /// The cost report's query for one page.
    pub fn cost_query(&self, page: Option<String>) -> CostReportQuery {
        CostReportQuery {
            starting_at: self.starting_at.clone(),
            ending_at: Some(self.ending_at.clone()),
            bucket_width: Some(BucketWidth::Day),
            limit: Some(BucketWidth::Day.max_limit()),
            page,
            group_by: self.group.iter().filter_map(|g| CostGroupBy::parse(g)).collect(),
        }
    }
}

// --- Adding up ---------------------------------------------------------------------------------

/// The token counts of the usage table's columns, added as integers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tokens {
    pub uncached_input: u64,
    pub cache_read: u64,
    pub cache_write: u64,
    pub output: u64,
    pub web_searches: u64,
}

impl Tokens {
    pub fn of(result: &UsageResult) -> Self {
        Self {
            uncached_input: result.uncached_input_tokens,
            cache_read: result.cache_read_input_tokens,
            cache_write: result.cache_creation.ephemeral_1h_input_tokens
                + result.cache_creation.ephemeral_5m_input_tokens,
            output: result.output_tokens,
            web_searches: result.server_tool_use.web_search_requests,
        }
    }

    /// Every token: input of each kind, and output.
    pub fn total(&self) -> u64 {
        self.uncached_input + self.cache_read + self.cache_write + self.output
    }
}

impl AddAssign for Tokens {
    fn add_assign(&mut self, other: Self) {
        self.uncached_input += other.uncached_input;
        self.cache_read += other.cache_read;
        self.cache_write += other.cache_write;
        self.output += other.output;
        self.web_searches += other.web_searches;
    }
}

/// One group of a report: what it is (the grouped dimension's value; `None` for a `null` one,
/// or for the whole report when it is not grouped), its value in each bucket, and in total.
#[derive(Clone, Debug, PartialEq)]
pub struct Group<V> {
    pub key: Option<String>,
    pub per_bucket: Vec<V>,
    pub total: V,
}

/// A report added up: each bucket's start (ms since the epoch) and the groups, largest first.
#[derive(Clone, Debug, PartialEq)]
pub struct Breakdown<V> {
    pub starts_ms: Vec<f64>,
    pub groups: Vec<Group<V>>,
}

impl<V> Breakdown<V> {
    /// Whether nothing at all was used in the range (the buckets are there, empty).
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }
}

/// Adds a report's results up by group: `buckets` as (start, results), `key` the group of a
/// result, `value` what it adds. Groups come largest first by `size`, then by key.
fn breakdown<R, V: Copy + Default + AddAssign>(
    buckets: &[(&str, &[R])],
    key: impl Fn(&R) -> Option<String>,
    value: impl Fn(&R) -> V,
    size: impl Fn(&V) -> Decimal,
) -> Breakdown<V> {
    let mut groups: Vec<Group<V>> = Vec::new();
    for (index, (_, results)) in buckets.iter().enumerate() {
        for result in results.iter() {
            let key = key(result);
            let position = match groups.iter().position(|g| g.key == key) {
                Some(position) => position,
                None => {
                    groups.push(Group {
                        key,
                        per_bucket: vec![V::default(); buckets.len()],
                        total: V::default(),
                    });
                    groups.len() - 1
                }
            };
            let group = &mut groups[position];
            group.per_bucket[index] += value(result);
            group.total += value(result);
        }
    }
    groups.sort_by(|a, b| size(&b.total).cmp(&size(&a.total)).then_with(|| a.key.cmp(&b.key)));
    Breakdown {
        starts_ms: buckets.iter().map(|(start, _)| js_sys::Date::parse(start)).collect(),
        groups,
    }
}

/// The usage report by `group` (a [`UsageGroupBy`] wire name; `None`: one group for all).
pub fn usage_breakdown(buckets: &[UsageBucket], group: Option<&str>) -> Breakdown<Tokens> {
    let group = group.and_then(UsageGroupBy::parse);
    let buckets: Vec<(&str, &[UsageResult])> = buckets
        .iter()
        .map(|b| (b.starting_at.as_str(), b.results.as_slice()))
        .collect();
    breakdown(
        &buckets,
        |result| match group? {
            UsageGroupBy::ApiKeyId => result.api_key_id.clone(),
            UsageGroupBy::WorkspaceId => result.workspace_id.clone(),
            UsageGroupBy::Model => result.model.clone(),
            UsageGroupBy::ServiceTier => result.service_tier.map(|t| t.as_str().to_owned()),
            UsageGroupBy::ContextWindow => result.context_window.map(|c| c.as_str().to_owned()),
            UsageGroupBy::InferenceGeo => result.inference_geo.map(|g| g.as_str().to_owned()),
            UsageGroupBy::Unknown(_) => None,
        },
        Tokens::of,
        |tokens| Decimal::from(tokens.total()),
    )
}

/// The cost report by `group` (a [`CostGroupBy`] wire name), in cents.
pub fn cost_breakdown(buckets: &[CostBucket], group: Option<&str>) -> Breakdown<Decimal> {
    let group = group.and_then(CostGroupBy::parse);
    let buckets: Vec<(&str, &[crate::api::CostResult])> = buckets
        .iter()
        .map(|b| (b.starting_at.as_str(), b.results.as_slice()))
        .collect();
    breakdown(
        &buckets,
        |result| match group? {
            CostGroupBy::WorkspaceId => result.workspace_id.clone(),
            CostGroupBy::Description => result.description.clone(),
            CostGroupBy::Unknown(_) => None,
        },
        |result| result.amount,
        |cents| *cents,
    )
}

/// Cents as exact dollars: `"12345.678"` cents is `"123.45678"` dollars.
pub fn dollars(cents: Decimal) -> Decimal {
    cents / Decimal::ONE_HUNDRED
}

/// Cents as dollars rounded to the cent, half away from zero (as `Intl` rounds): what a table
/// shows and its CSV writes.
pub fn to_the_cent(cents: Decimal) -> Decimal {
    dollars(cents).round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
}

// --- Naming groups -----------------------------------------------------------------------------

/// The colours of groups that are not workspaces, in order: distinct and readable on the light
/// and the dark theme alike.
pub const PALETTE: [&str; 10] = [
    "#4e79a7", "#f28e2b", "#e15759", "#59a14f", "#b07aa1", "#76b7b2", "#edc948", "#ff9da7", "#9c755f", "#8cd17d",
];
/// The default workspace's colour (it has none of its own).
pub const DEFAULT_WORKSPACE_COLOUR: &str = "#8a8f98";

/// What a report's group is called, and its colour: `dimension` is the grouping's wire name,
/// `key` the group's value, `index` its place (for the palette). Workspaces have their own
/// colours; `workspace` and `api_key` look names up (`None`: not known, shown by id).
pub fn group_name(
    dimension: Option<&str>,
    key: Option<&str>,
    index: usize,
    workspace: impl Fn(&str) -> Option<(String, Option<String>)>,
    api_key: impl Fn(&str) -> Option<String>,
) -> (String, String) {
    use crate::api::{ContextWindow, Label, ReportInferenceGeo, ServiceTier};
    let colour = PALETTE[index % PALETTE.len()].to_owned();
    let Some(dimension) = dimension else {
        return ("Everything".to_owned(), colour);
    };
    let Some(key) = key else {
        return match dimension {
            "workspace_id" => ("Default workspace".to_owned(), DEFAULT_WORKSPACE_COLOUR.to_owned()),
            _ => ("Not recorded".to_owned(), colour),
        };
    };
    let name = match dimension {
        "workspace_id" => match workspace(key) {
            Some((name, workspace_colour)) => return (name, workspace_colour.unwrap_or(colour)),
            None => key.to_owned(),
        },
        "api_key_id" => api_key(key).unwrap_or_else(|| key.to_owned()),
        "service_tier" => ServiceTier::from_wire(key).label().to_owned(),
        "context_window" => ContextWindow::from_wire(key).label().to_owned(),
        "inference_geo" => ReportInferenceGeo::from_wire(key).label().to_owned(),
        _ => key.to_owned(),
    };
    (name, colour)
}
