//! The reports over HTTP against the demo's usage: `GET /usage_report/messages`,
//! `/cost_report` and `/usage_report/claude_code`. Every parameter and every 400, bucket
//! snapping, empty buckets, the limits of each width, filters, every `group_by[]`, pagination
//! across page tokens, and the totals invariant: whatever the grouping or bucket width, the
//! tokens add up to the same totals, and costs to the same cents.
mod common;

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::str::FromStr;

use admin_wire::{ClaudeCodeActor, ClaudeCodeReport, CostReport, Decimal, UsageBucket, UsageReport, UsageResult};
use common::*;
use serde_json::Value;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

const HOUR: i64 = 3_600;
const DAY_SECONDS: i64 = 86_400;
const MODELS: [&str; 4] = [
    "claude-haiku-4-5-20251001",
    "claude-opus-4-5-20251101",
    "claude-sonnet-4-20250514",
    "claude-sonnet-4-5-20250929",
];
/// The small demo's keys with usage.
const KEYS: [&str; 13] = [
    "backend 1",
    "batch jobs 1",
    "eval harness 1",
    "notebook 1",
    "support bot 1",
    "prototype 1",
    "etl 1",
    "batch jobs 2",
    "ci 2",
    "notebook 2",
    "support bot 2",
    "deploy bot",
    "legacy production key",
];

async fn demo() -> TestServer {
    TestServer::start_with(ServeOptions {
        demo: true,
        ..Default::default()
    })
    .await
}

/// RFC 3339 of unix seconds: `2025-08-01T00:00:00Z`.
fn at(seconds: i64) -> String {
    OffsetDateTime::from_unix_timestamp(seconds)
        .unwrap()
        .format(&Rfc3339)
        .unwrap()
}

/// The start of today (UTC), in unix seconds.
fn today() -> i64 {
    now_secs().div_euclid(DAY_SECONDS) * DAY_SECONDS
}

fn seconds_of(time: &str) -> i64 {
    parse_time(time).div_euclid(SECOND)
}

/// Every page of a report from `path` (which has its query), checked as it goes: each page at
/// most `limit` buckets, buckets contiguous across pages, `next_page` null exactly on the last.
async fn walk(api: &Api, path: &str, limit: usize) -> Vec<Value> {
    let mut items = Vec::new();
    let mut page: Option<String> = None;
    for _ in 0..10_000 {
        let url = match &page {
            Some(token) => with_query(path, &format!("page={token}")),
            None => path.to_owned(),
        };
        let body = api.get(&url).await.ok();
        assert_keys(&body, &["data", "has_more", "next_page"]);
        let data = body["data"].as_array().unwrap();
        assert!(data.len() <= limit, "{url}: {} items, limit {limit}", data.len());
        items.extend(data.iter().cloned());
        match body["has_more"].as_bool().unwrap() {
            true => {
                assert!(!data.is_empty(), "{url}: an empty page with more after it");
                page = Some(str_of(&body, "next_page").to_owned());
            }
            false => {
                assert!(
                    body["next_page"].is_null(),
                    "{url}: next_page must be null on the last page"
                );
                return items;
            }
        }
    }
    panic!("{path}: too many pages");
}

/// The buckets of a usage report, every page, read as wire types and checked to be contiguous
/// buckets of `width` seconds from `first`.
async fn usage(api: &Api, query: &str, width: i64, limit: usize) -> Vec<UsageBucket> {
    let items = walk(api, &format!("/usage_report/messages?{query}"), limit).await;
    let buckets: Vec<UsageBucket> = items
        .into_iter()
        .map(|item| {
            check_usage_bucket(&item);
            serde_json::from_value(item).unwrap()
        })
        .collect();
    for pair in buckets.windows(2) {
        assert_eq!(
            pair[0].ending_at, pair[1].starting_at,
            "{query}: buckets are contiguous"
        );
    }
    for bucket in &buckets {
        let start = seconds_of(&bucket.starting_at);
        assert_eq!(seconds_of(&bucket.ending_at) - start, width, "{query}");
        assert_eq!(start.rem_euclid(width), 0, "{query}: snapped to its width in UTC");
    }
    buckets
}

fn check_usage_bucket(bucket: &Value) {
    assert_keys(bucket, &["starting_at", "ending_at", "results"]);
    parse_time(str_of(bucket, "starting_at"));
    parse_time(str_of(bucket, "ending_at"));
    for result in bucket["results"].as_array().unwrap() {
        assert_keys(
            result,
            &[
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
            ],
        );
        assert_keys(
            &result["cache_creation"],
            &["ephemeral_1h_input_tokens", "ephemeral_5m_input_tokens"],
        );
        assert_keys(&result["server_tool_use"], &["web_search_requests"]);
    }
}

/// The six counts of a result.
fn counts(result: &UsageResult) -> [u64; 6] {
    [
        result.uncached_input_tokens,
        result.cache_read_input_tokens,
        result.cache_creation.ephemeral_5m_input_tokens,
        result.cache_creation.ephemeral_1h_input_tokens,
        result.output_tokens,
        result.server_tool_use.web_search_requests,
    ]
}

fn add(total: &mut [u64; 6], more: [u64; 6]) {
    for (sum, n) in total.iter_mut().zip(more) {
        *sum += n;
    }
}

fn total(buckets: &[UsageBucket]) -> [u64; 6] {
    let mut sum = [0; 6];
    for result in buckets.iter().flat_map(|bucket| &bucket.results) {
        add(&mut sum, counts(result));
    }
    sum
}

/// The totals per value of one dimension (the results' `field`, as JSON).
fn totals_by(buckets: &[UsageBucket], field: &str) -> BTreeMap<String, [u64; 6]> {
    let mut by = BTreeMap::new();
    for result in buckets.iter().flat_map(|bucket| &bucket.results) {
        let value = serde_json::to_value(result).unwrap()[field].to_string();
        add(by.entry(value).or_insert([0; 6]), counts(result));
    }
    by
}

const DIMENSIONS: [&str; 6] = [
    "api_key_id",
    "workspace_id",
    "model",
    "service_tier",
    "context_window",
    "inference_geo",
];

/// Two whole past days: from the start of the day three days ago to the start of yesterday.
fn two_days() -> (i64, i64) {
    (today() - 3 * DAY_SECONDS, today() - DAY_SECONDS)
}

#[tokio::test]
async fn every_bad_parameter_is_a_400_that_names_it() {
    let s = demo().await;
    let api = s.api();
    let start = at(today() - 7 * DAY_SECONDS);
    let usage_cases: Vec<(String, &str)> = vec![
        (String::new(), "starting_at"),
        ("bucket_width=1h".into(), "starting_at"),
        ("starting_at=yesterday".into(), "starting_at"),
        ("starting_at=2025-08-01".into(), "starting_at"),
        (format!("starting_at={start}&ending_at=soon"), "ending_at"),
        (
            format!("starting_at={start}&ending_at={}", at(today() - 8 * DAY_SECONDS)),
            "ending_at",
        ),
        (format!("starting_at={start}&ending_at={start}"), "ending_at"),
        (format!("starting_at={start}&bucket_width=1w"), "bucket_width"),
        (format!("starting_at={start}&bucket_width=1D"), "bucket_width"),
        (format!("starting_at={start}&limit=0"), "limit"),
        (format!("starting_at={start}&limit=32"), "limit"),
        (format!("starting_at={start}&limit=seven"), "limit"),
        (format!("starting_at={start}&bucket_width=1h&limit=169"), "limit"),
        (format!("starting_at={start}&bucket_width=1m&limit=1441"), "limit"),
        (format!("starting_at={start}&group_by[]=user"), "group_by[]"),
        (
            format!("starting_at={start}&group_by[]=model&group_by[]=description"),
            "group_by[]",
        ),
        (format!("starting_at={start}&service_tiers[]=turbo"), "service_tiers[]"),
        (format!("starting_at={start}&context_window[]=1M"), "context_window[]"),
        (format!("starting_at={start}&inference_geos[]=eu"), "inference_geos[]"),
        (format!("starting_at={start}&page=page_nope"), "page"),
        (format!("starting_at={start}&page=2025-08-02T00:00:00Z"), "page"),
        (format!("starting_at={start}&group_by=model"), "group_by"),
        (format!("starting_at={start}&workspace_id=wrkspc_x"), "workspace_id"),
        (format!("starting_at={start}&ending_at="), "ending_at"),
    ];
    for (query, name) in &usage_cases {
        let url = format!("/usage_report/messages?{query}");
        let message = api.get(&url).await.expect_error(400, "invalid_request_error");
        assert!(
            message.contains(name),
            "{url}: the message must name `{name}`: {message}"
        );
    }
    let cost_cases: Vec<(String, &str)> = vec![
        (String::new(), "starting_at"),
        ("starting_at=last-week".into(), "starting_at"),
        (
            format!("starting_at={start}&ending_at={}", at(today() - 30 * DAY_SECONDS)),
            "ending_at",
        ),
        (format!("starting_at={start}&bucket_width=1h"), "bucket_width"),
        (format!("starting_at={start}&bucket_width=1m"), "bucket_width"),
        (format!("starting_at={start}&limit=32"), "limit"),
        (format!("starting_at={start}&limit=0"), "limit"),
        (format!("starting_at={start}&group_by[]=model"), "group_by[]"),
        (format!("starting_at={start}&group_by[]=api_key_id"), "group_by[]"),
        (format!("starting_at={start}&page=x"), "page"),
        (
            format!("starting_at={start}&models[]=claude-haiku-4-5-20251001"),
            "models[]",
        ),
    ];
    for (query, name) in &cost_cases {
        let url = format!("/cost_report?{query}");
        let message = api.get(&url).await.expect_error(400, "invalid_request_error");
        assert!(
            message.contains(name),
            "{url}: the message must name `{name}`: {message}"
        );
    }
    let day = &start[..10];
    let code_cases: Vec<(String, &str)> = vec![
        (String::new(), "starting_at"),
        ("starting_at=2025-13-01".into(), "starting_at"),
        (format!("starting_at={start}"), "starting_at"),
        (format!("starting_at={day}&limit=1001"), "limit"),
        (format!("starting_at={day}&limit=0"), "limit"),
        (format!("starting_at={day}&page=page_00"), "page"),
        (format!("starting_at={day}&ending_at={day}"), "ending_at"),
    ];
    for (query, name) in &code_cases {
        let url = format!("/usage_report/claude_code?{query}");
        let message = api.get(&url).await.expect_error(400, "invalid_request_error");
        assert!(
            message.contains(name),
            "{url}: the message must name `{name}`: {message}"
        );
    }
    // The reports need a key like every route.
    s.anon()
        .get(&format!("/usage_report/messages?starting_at={start}"))
        .await
        .expect_error(401, "authentication_error");
}

#[tokio::test]
async fn buckets_snap_to_the_utc_minute_hour_and_day_and_empty_ones_are_there() {
    let s = demo().await;
    let api = s.api();
    // 2020: long before the demo's usage, so every bucket is empty, and still there.
    let cases = [
        // (starting_at, ending_at, width, first bucket, buckets)
        (
            "2020-03-04T10:17:31Z",
            "2020-03-04T13:00:01Z",
            "1h",
            "2020-03-04T10:00:00Z",
            4,
        ),
        (
            "2020-03-04T10:17:31.5Z",
            "2020-03-04T13:00:00Z",
            "1h",
            "2020-03-04T10:00:00Z",
            3,
        ),
        (
            "2020-03-04T23:30:00-02:00",
            "2020-03-07T00:00:00Z",
            "1d",
            "2020-03-05T00:00:00Z",
            2,
        ),
        (
            "2020-03-04T10:17:31+05:30",
            "2020-03-04T04:50:00Z",
            "1m",
            "2020-03-04T04:47:00Z",
            3,
        ),
        (
            "2020-03-04T00:00:00Z",
            "2020-03-04T00:00:00.000001Z",
            "1d",
            "2020-03-04T00:00:00Z",
            1,
        ),
    ];
    for (start, end, width, first, count) in cases {
        let query = format!("starting_at={start}&ending_at={end}&bucket_width={width}");
        let url = format!("/usage_report/messages?{}", query.replace('+', "%2B"));
        let body = api.get(&url).await.ok();
        let data = body["data"].as_array().unwrap();
        assert_eq!(data.len(), count, "{url}: {body}");
        assert_eq!(
            parse_time(str_of(&data[0], "starting_at")),
            parse_time(&first.replace('Z', ".000000Z"))
        );
        for bucket in data {
            check_usage_bucket(bucket);
            assert_eq!(bucket["results"], serde_json::json!([]), "{url}: an empty bucket");
        }
        assert_eq!(
            (body["has_more"].clone(), body["next_page"].clone()),
            (false.into(), Value::Null)
        );
    }
    // Cost too: daily buckets, empty ones included.
    let body = api
        .get("/cost_report?starting_at=2020-03-04T12:00:00Z&ending_at=2020-03-06T12:00:00Z")
        .await
        .ok();
    let days: Vec<&str> = body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| str_of(b, "starting_at"))
        .collect();
    assert_eq!(
        days,
        [
            "2020-03-04T00:00:00.000000Z",
            "2020-03-05T00:00:00.000000Z",
            "2020-03-06T00:00:00.000000Z"
        ]
    );
    // Without ending_at, the report runs to the bucket that holds now.
    let hours = usage(
        &api,
        &format!("starting_at={}&bucket_width=1h&limit=168", at(today())),
        HOUR,
        168,
    )
    .await;
    let last = hours.last().unwrap();
    assert!(seconds_of(&last.starting_at) <= now_secs() && now_secs() < seconds_of(&last.ending_at));
    // The current hour has no usage yet; every hour of today before it has.
    assert!(last.results.is_empty());
    assert!(hours[..hours.len() - 1].iter().all(|bucket| !bucket.results.is_empty()));
    // A report that starts in the future has no buckets.
    let body = api
        .get(&format!(
            "/usage_report/messages?starting_at={}",
            at(today() + 9 * DAY_SECONDS)
        ))
        .await
        .ok();
    assert_eq!(body["data"], serde_json::json!([]));
}

#[tokio::test]
async fn limits_have_their_defaults_and_ranges_per_width() {
    let s = demo().await;
    let api = s.api();
    let start = at(today() - 60 * DAY_SECONDS);
    let count = |body: Value| body["data"].as_array().unwrap().len();
    for (width, default, max) in [("1d", 7, 31), ("1h", 24, 168), ("1m", 60, 1440)] {
        let base = format!("/usage_report/messages?starting_at={start}&bucket_width={width}");
        assert_eq!(count(api.get(&base).await.ok()), default, "{width}: default");
        assert_eq!(
            count(api.get(&format!("{base}&limit={max}")).await.ok()),
            max,
            "{width}: max"
        );
        assert_eq!(count(api.get(&format!("{base}&limit=1")).await.ok()), 1, "{width}: 1");
        let message = api
            .get(&format!("{base}&limit={}", max + 1))
            .await
            .expect_error(400, "invalid_request_error");
        assert!(message.contains(&max.to_string()), "{message}");
    }
    // Without bucket_width: daily buckets.
    let body = api
        .get(&format!("/usage_report/messages?starting_at={start}"))
        .await
        .ok();
    let first = &body["data"][0];
    assert_eq!(
        seconds_of(str_of(first, "ending_at")) - seconds_of(str_of(first, "starting_at")),
        DAY_SECONDS
    );
    let cost = format!("/cost_report?starting_at={start}");
    assert_eq!(count(api.get(&cost).await.ok()), 7);
    assert_eq!(
        count(api.get(&format!("{cost}&bucket_width=1d&limit=31")).await.ok()),
        31
    );
    let day = &at(last_weekday())[..10];
    let all = api
        .get(&format!("/usage_report/claude_code?starting_at={day}&limit=1000"))
        .await
        .ok();
    let records = count(all);
    assert!(records >= 1, "the demo's Claude Code users work most days");
    let one = api
        .get(&format!("/usage_report/claude_code?starting_at={day}&limit=1"))
        .await
        .ok();
    assert_eq!(count(one.clone()), 1);
    assert_eq!(one["has_more"], records > 1);
}

#[tokio::test]
async fn every_group_by_shows_its_dimension_and_only_it() {
    let s = demo().await;
    let api = s.api();
    let (from, to) = two_days();
    let range = format!("starting_at={}&ending_at={}", at(from), at(to));
    let workspaces = api.list_all("/workspaces?include_default=true").await;
    let default_id = item_id(&workspaces[0]);
    let keys = api.list_all("/api_keys").await;
    let key_ids: HashSet<String> = keys
        .iter()
        .filter(|key| KEYS.contains(&str_of(key, "name")))
        .map(item_id)
        .collect();
    assert_eq!(key_ids.len(), KEYS.len(), "the demo's keys with usage");
    let active: HashSet<String> = workspaces[1..]
        .iter()
        .filter(|w| w["archived_at"].is_null())
        .map(item_id)
        .collect();
    let ungrouped = usage(&api, &range, DAY_SECONDS, 7).await;
    for bucket in &ungrouped {
        assert_eq!(bucket.results.len(), 1, "one result per bucket without grouping");
        let json = serde_json::to_value(&bucket.results[0]).unwrap();
        for dimension in DIMENSIONS {
            assert!(json[dimension].is_null(), "{dimension} is null unless grouped by");
        }
    }
    let expected: [(&str, BTreeSet<String>); 6] = [
        ("api_key_id", key_ids.iter().map(|id| format!("\"{id}\"")).collect()),
        (
            "workspace_id",
            active
                .iter()
                .map(|id| format!("\"{id}\""))
                .chain(["null".to_owned()])
                .collect(),
        ),
        ("model", MODELS.iter().map(|m| format!("\"{m}\"")).collect()),
        ("service_tier", ["\"batch\"", "\"standard\""].map(String::from).into()),
        ("context_window", ["\"0-200k\"", "\"200k-1M\""].map(String::from).into()),
        (
            "inference_geo",
            ["\"global\"", "\"not_available\"", "\"us\""].map(String::from).into(),
        ),
    ];
    let everything = total(&ungrouped);
    for (dimension, values) in expected {
        let grouped = usage(&api, &format!("{range}&group_by[]={dimension}"), DAY_SECONDS, 7).await;
        let by = totals_by(&grouped, dimension);
        assert_eq!(by.keys().cloned().collect::<BTreeSet<_>>(), values, "{dimension}");
        for result in grouped.iter().flat_map(|bucket| &bucket.results) {
            let json = serde_json::to_value(result).unwrap();
            for other in DIMENSIONS.iter().filter(|other| **other != dimension) {
                assert!(json[other].is_null(), "grouped by {dimension}: {other} must be null");
            }
        }
        assert_eq!(total(&grouped), everything, "grouped by {dimension}: the same totals");
        // A bucket's results are ordered by their dimension, and each appears once.
        for bucket in &grouped {
            let values: Vec<String> = bucket
                .results
                .iter()
                .map(|r| serde_json::to_value(r).unwrap()[dimension].to_string())
                .collect();
            let mut sorted = values.clone();
            sorted.sort_by_key(|value| (value != "null", value.clone()));
            sorted.dedup();
            assert_eq!(values, sorted, "{dimension}: in order (null first), once each");
        }
    }
    // The default workspace's usage shows as null, never as its id.
    let by_workspace = usage(&api, &format!("{range}&group_by[]=workspace_id"), DAY_SECONDS, 7).await;
    assert!(by_workspace
        .iter()
        .flat_map(|b| &b.results)
        .all(|r| r.workspace_id.as_deref() != Some(default_id.as_str())));
    // Grouped by several dimensions at once: each result has them all, the totals stay.
    let all = DIMENSIONS.map(|d| format!("group_by[]={d}")).join("&");
    let grouped = usage(&api, &format!("{range}&{all}&group_by[]=model"), DAY_SECONDS, 7).await;
    assert_eq!(total(&grouped), everything);
    for result in grouped.iter().flat_map(|b| &b.results) {
        assert!(result.api_key_id.is_some() && result.model.is_some() && result.service_tier.is_some());
        assert!(result.context_window.is_some() && result.inference_geo.is_some());
    }
}

#[tokio::test]
async fn every_filter_keeps_exactly_its_usage() {
    let s = demo().await;
    let api = s.api();
    let (from, to) = two_days();
    let range = format!("starting_at={}&ending_at={}", at(from), at(to));
    let default_id = item_id(&api.list_all("/workspaces?include_default=true").await[0]);
    let filter_of = |dimension: &str| match dimension {
        "api_key_id" => "api_key_ids[]",
        "workspace_id" => "workspace_ids[]",
        "model" => "models[]",
        "service_tier" => "service_tiers[]",
        "context_window" => "context_window[]",
        _ => "inference_geos[]",
    };
    for dimension in DIMENSIONS {
        let grouped = usage(&api, &format!("{range}&group_by[]={dimension}"), DAY_SECONDS, 7).await;
        let by = totals_by(&grouped, dimension);
        let values: Vec<&String> = by.keys().collect();
        // Each value alone, and two values together.
        for (n, value) in values.iter().enumerate() {
            let name = match value.as_str() {
                "null" => default_id.clone(), // the default workspace, by its id
                quoted => quoted.trim_matches('"').to_owned(),
            };
            let filtered = usage(
                &api,
                &format!("{range}&{}={name}", filter_of(dimension)),
                DAY_SECONDS,
                7,
            )
            .await;
            assert_eq!(total(&filtered), by[*value], "{dimension} = {name}");
            if let Some(next) = values.get(n + 1) {
                let other = match next.as_str() {
                    "null" => default_id.clone(),
                    quoted => quoted.trim_matches('"').to_owned(),
                };
                let both = usage(
                    &api,
                    &format!(
                        "{range}&{f}={name}&{f}={other}&group_by[]={dimension}",
                        f = filter_of(dimension)
                    ),
                    DAY_SECONDS,
                    7,
                )
                .await;
                let by_both = totals_by(&both, dimension);
                assert_eq!(by_both.keys().collect::<Vec<_>>(), vec![*value, *next], "{dimension}");
                assert_eq!((by_both[*value], by_both[*next]), (by[*value], by[*next]));
            }
        }
    }
    // Filters combine (AND across parameters); a value that names nothing matches nothing.
    let haiku_batch = usage(
        &api,
        &format!("{range}&models[]=claude-haiku-4-5-20251001&service_tiers[]=batch&group_by[]=api_key_id"),
        DAY_SECONDS,
        7,
    )
    .await;
    assert!(!haiku_batch.iter().all(|b| b.results.is_empty()));
    for result in haiku_batch.iter().flat_map(|b| &b.results) {
        assert!(result.api_key_id.is_some());
    }
    let nothing = usage(&api, &format!("{range}&api_key_ids[]=apikey_nothing"), DAY_SECONDS, 7).await;
    assert_eq!(nothing.len(), 2);
    assert!(nothing.iter().all(|b| b.results.is_empty()));
    let priority = usage(&api, &format!("{range}&service_tiers[]=priority"), DAY_SECONDS, 7).await;
    assert!(priority.iter().all(|b| b.results.is_empty()));
}

#[tokio::test]
async fn usage_totals_are_the_same_for_every_grouping_and_width() {
    let s = demo().await;
    let api = s.api();
    let (from, to) = two_days();
    let range = format!("starting_at={}&ending_at={}", at(from), at(to));
    let daily = usage(&api, &range, DAY_SECONDS, 7).await;
    let expected = total(&daily);
    assert!(
        expected.iter().all(|n| *n > 0),
        "every kind of count is used: {expected:?}"
    );
    let hourly = usage(&api, &format!("{range}&bucket_width=1h&limit=17"), HOUR, 17).await;
    assert_eq!(hourly.len(), 48);
    assert_eq!(total(&hourly), expected, "1h");
    let minutes = usage(&api, &format!("{range}&bucket_width=1m&limit=1440"), 60, 1440).await;
    assert_eq!(minutes.len(), 2 * 1440);
    assert_eq!(total(&minutes), expected, "1m");
    // Each day is its 24 hours, each hour its 60 minutes.
    for (d, day) in daily.iter().enumerate() {
        assert_eq!(total(std::slice::from_ref(day)), total(&hourly[d * 24..(d + 1) * 24]));
    }
    for (h, hour) in hourly.iter().enumerate() {
        assert_eq!(
            total(std::slice::from_ref(hour)),
            total(&minutes[h * 60..(h + 1) * 60]),
            "hour {h}"
        );
    }
    // Every grouping, at every width: the same totals; and at every bucket, the groups add up
    // to the ungrouped bucket.
    let groupings = [
        "group_by[]=model",
        "group_by[]=api_key_id&group_by[]=service_tier",
        "group_by[]=workspace_id&group_by[]=context_window&group_by[]=inference_geo",
    ];
    for grouping in groupings {
        for (width, seconds, limit, ungrouped) in [
            ("1d", DAY_SECONDS, 7, &daily),
            ("1h", HOUR, 168, &hourly),
            ("1m", 60, 1440, &minutes),
        ] {
            let query = format!("{range}&bucket_width={width}&limit={limit}&{grouping}");
            let grouped = usage(&api, &query, seconds, limit).await;
            assert_eq!(total(&grouped), expected, "{query}");
            assert_eq!(grouped.len(), ungrouped.len());
            for (bucket, whole) in grouped.iter().zip(ungrouped.iter()) {
                assert_eq!(
                    total(std::slice::from_ref(bucket)),
                    total(std::slice::from_ref(whole)),
                    "{query}"
                );
            }
        }
    }
    // A minute of usage is never a minute with no hour behind it.
    assert!(minutes.iter().filter(|m| !m.results.is_empty()).count() > 2000);
}

/// The amounts of a cost report, every page.
async fn cost(api: &Api, query: &str) -> CostReport {
    let items = walk(api, &format!("/cost_report?{query}"), 31).await;
    for bucket in &items {
        assert_keys(bucket, &["starting_at", "ending_at", "results"]);
        for result in bucket["results"].as_array().unwrap() {
            assert_keys(
                result,
                &[
                    "amount",
                    "currency",
                    "workspace_id",
                    "description",
                    "cost_type",
                    "model",
                    "service_tier",
                    "token_type",
                    "context_window",
                    "inference_geo",
                ],
            );
            let amount = result["amount"].as_str().expect("amount is a decimal string");
            assert!(Decimal::from_str(amount).is_ok(), "{amount}");
            assert_eq!(result["currency"], "USD");
        }
    }
    serde_json::from_value(serde_json::json!({"data": items, "has_more": false, "next_page": null})).unwrap()
}

fn amounts_by_day(report: &CostReport) -> Vec<Decimal> {
    report
        .data
        .iter()
        .map(|bucket| bucket.results.iter().map(|r| r.amount).sum())
        .collect()
}

#[tokio::test]
async fn cost_totals_agree_to_the_cent_whatever_the_grouping() {
    let s = demo().await;
    let api = s.api();
    let range = format!(
        "starting_at={}&ending_at={}",
        at(today() - 10 * DAY_SECONDS),
        at(today())
    );
    let ungrouped = cost(&api, &range).await;
    assert_eq!(ungrouped.data.len(), 10);
    for bucket in &ungrouped.data {
        assert_eq!(bucket.results.len(), 1);
        let result = &bucket.results[0];
        assert!(result.workspace_id.is_none() && result.description.is_none() && result.cost_type.is_none());
        assert!(result.model.is_none() && result.token_type.is_none() && result.service_tier.is_none());
        assert!(result.amount > Decimal::ZERO);
    }
    let per_day = amounts_by_day(&ungrouped);
    for grouping in [
        "group_by[]=workspace_id",
        "group_by[]=description",
        "group_by[]=workspace_id&group_by[]=description",
    ] {
        let grouped = cost(&api, &format!("{range}&{grouping}&limit=3")).await;
        assert_eq!(
            amounts_by_day(&grouped),
            per_day,
            "{grouping}: every day to the cent, exactly"
        );
        for result in grouped.data.iter().flat_map(|b| &b.results) {
            if grouping.contains("description") {
                assert!(result.description.is_some() && result.cost_type.is_some());
            } else {
                assert!(result.description.is_none() && result.model.is_none());
            }
        }
    }
    // Finer groupings add up to the coarser ones: per workspace and day.
    let by_workspace = cost(&api, &format!("{range}&group_by[]=workspace_id")).await;
    let both = cost(&api, &format!("{range}&group_by[]=workspace_id&group_by[]=description")).await;
    for (coarse, fine) in by_workspace.data.iter().zip(&both.data) {
        for line in &coarse.results {
            let sum: Decimal = fine
                .results
                .iter()
                .filter(|r| r.workspace_id == line.workspace_id)
                .map(|r| r.amount)
                .sum();
            assert_eq!(sum, line.amount, "{:?} on {}", line.workspace_id, coarse.starting_at);
        }
    }
    // The default workspace is null here too, and every active workspace has a cost.
    let workspaces: BTreeSet<Option<String>> = by_workspace
        .data
        .iter()
        .flat_map(|b| &b.results)
        .map(|r| r.workspace_id.clone())
        .collect();
    assert!(workspaces.contains(&None));
    assert_eq!(workspaces.len(), 8, "the default workspace and the 7 active ones");
}

#[tokio::test]
async fn costs_are_the_usage_priced_by_the_one_table() {
    let s = demo().await;
    let api = s.api();
    let (from, to) = two_days();
    let range = format!("starting_at={}&ending_at={}", at(from), at(to));
    let dims = "group_by[]=model&group_by[]=service_tier&group_by[]=context_window&group_by[]=inference_geo";
    let usage = usage(&api, &format!("{range}&{dims}"), DAY_SECONDS, 7).await;
    let lines = cost(&api, &format!("{range}&group_by[]=description")).await;
    let cents = |text: &str| Decimal::from_str(text).unwrap();
    // (model, tier, window, token type, price of one token in cents)
    let prices = [
        (
            "claude-sonnet-4-5-20250929",
            "standard",
            "0-200k",
            "uncached_input_tokens",
            cents("0.0003"),
        ),
        (
            "claude-sonnet-4-5-20250929",
            "standard",
            "0-200k",
            "output_tokens",
            cents("0.0015"),
        ),
        (
            "claude-sonnet-4-5-20250929",
            "standard",
            "0-200k",
            "cache_read_input_tokens",
            cents("0.00003"),
        ),
        (
            "claude-sonnet-4-5-20250929",
            "standard",
            "0-200k",
            "cache_creation.ephemeral_5m_input_tokens",
            cents("0.000375"),
        ),
        (
            "claude-sonnet-4-5-20250929",
            "standard",
            "200k-1M",
            "uncached_input_tokens",
            cents("0.0006"),
        ),
        (
            "claude-sonnet-4-5-20250929",
            "batch",
            "0-200k",
            "output_tokens",
            cents("0.00075"),
        ),
        (
            "claude-haiku-4-5-20251001",
            "batch",
            "0-200k",
            "output_tokens",
            cents("0.00025"),
        ),
        (
            "claude-opus-4-5-20251101",
            "standard",
            "0-200k",
            "uncached_input_tokens",
            cents("0.0005"),
        ),
        (
            "claude-opus-4-5-20251101",
            "standard",
            "0-200k",
            "cache_creation.ephemeral_1h_input_tokens",
            cents("0.001"),
        ),
    ];
    for (day, (tokens, priced)) in usage.iter().zip(&lines.data).enumerate() {
        for (model, tier, window, token_type, price) in &prices {
            let count: u64 = tokens
                .results
                .iter()
                .filter(|r| {
                    r.model.as_deref() == Some(*model)
                        && r.service_tier.map(admin_wire::WireName::as_str) == Some(*tier)
                        && r.context_window.map(admin_wire::WireName::as_str) == Some(*window)
                })
                .map(|r| match *token_type {
                    "uncached_input_tokens" => r.uncached_input_tokens,
                    "output_tokens" => r.output_tokens,
                    "cache_read_input_tokens" => r.cache_read_input_tokens,
                    "cache_creation.ephemeral_5m_input_tokens" => r.cache_creation.ephemeral_5m_input_tokens,
                    _ => r.cache_creation.ephemeral_1h_input_tokens,
                })
                .sum();
            let amount: Decimal = priced
                .results
                .iter()
                .filter(|r| {
                    r.model.as_deref() == Some(*model)
                        && r.service_tier.map(admin_wire::WireName::as_str) == Some(*tier)
                        && r.context_window.map(admin_wire::WireName::as_str) == Some(*window)
                        && r.token_type.map(admin_wire::WireName::as_str) == Some(*token_type)
                })
                .map(|r| r.amount)
                .sum();
            assert!(count > 0, "day {day}: {model} {tier} {window} {token_type} is used");
            assert_eq!(
                amount,
                Decimal::from(count) * price,
                "day {day}: {model} {tier} {window} {token_type}"
            );
        }
        // Web searches: a cent each.
        let searches: u64 = tokens
            .results
            .iter()
            .map(|r| r.server_tool_use.web_search_requests)
            .sum();
        let search_cost: Decimal = priced
            .results
            .iter()
            .filter(|r| r.cost_type == Some(admin_wire::CostType::WebSearch))
            .map(|r| r.amount)
            .sum();
        assert!(searches > 0);
        assert_eq!(search_cost, Decimal::from(searches));
    }
    // Amounts are exact decimal strings, written without trailing zeros.
    let raw = api
        .get(&format!("/cost_report?{range}&group_by[]=description"))
        .await
        .ok();
    for result in raw["data"][0]["results"].as_array().unwrap() {
        let amount = str_of(result, "amount");
        let trailing_zero = amount.contains('.') && amount.ends_with('0');
        assert!(!amount.contains('e') && !trailing_zero, "{amount}");
    }
}

#[tokio::test]
async fn page_tokens_walk_every_bucket_once_and_belong_to_their_report() {
    let s = demo().await;
    let api = s.api();
    let (from, to) = (today() - 10 * DAY_SECONDS, today());
    let range = format!("starting_at={}&ending_at={}", at(from), at(to));
    for limit in [1, 7, 50, 168] {
        let hours = usage(
            &api,
            &format!("{range}&bucket_width=1h&limit={limit}&group_by[]=model"),
            HOUR,
            limit,
        )
        .await;
        assert_eq!(hours.len(), 240, "limit {limit}");
        assert_eq!(seconds_of(&hours[0].starting_at), from);
        let starts: HashSet<&str> = hours.iter().map(|b| b.starting_at.as_str()).collect();
        assert_eq!(starts.len(), 240, "no bucket twice");
    }
    let daily = usage(&api, &format!("{range}&limit=3"), DAY_SECONDS, 3).await;
    let hourly = usage(&api, &format!("{range}&bucket_width=1h&limit=100"), HOUR, 100).await;
    assert_eq!(total(&daily), total(&hourly));
    // A token names the next bucket of its own report: with other parameters it is refused.
    let first = api.get(&format!("/usage_report/messages?{range}&limit=3")).await.ok();
    assert_eq!(first["has_more"], true);
    let token = str_of(&first, "next_page").to_owned();
    let second = api
        .get(&format!("/usage_report/messages?{range}&limit=3&page={token}"))
        .await
        .ok();
    assert_eq!(second["data"][0]["starting_at"], first["data"][2]["ending_at"]);
    // `limit` may change from page to page.
    let longer = api
        .get(&format!("/usage_report/messages?{range}&limit=5&page={token}"))
        .await
        .ok();
    assert_eq!(longer["data"].as_array().unwrap().len(), 5);
    for other in [
        format!("/usage_report/messages?{range}&limit=3&group_by[]=model&page={token}"),
        format!("/usage_report/messages?{range}&limit=3&bucket_width=1h&page={token}"),
        format!("/usage_report/messages?{range}&limit=3&models[]=x&page={token}"),
        format!(
            "/usage_report/messages?starting_at={}&limit=3&page={token}",
            at(from - DAY_SECONDS)
        ),
        format!("/cost_report?{range}&limit=3&page={token}"),
        format!("/usage_report/messages?{range}&limit=3&page={}", token.to_uppercase()),
        format!(
            "/usage_report/messages?{range}&limit=3&page={}",
            &token[..token.len() - 2]
        ),
    ] {
        let message = api.get(&other).await.expect_error(400, "invalid_request_error");
        assert!(message.contains("page"), "{other}: {message}");
    }
    // Cost pages, the same way.
    let days = cost(&api, &format!("{range}&limit=4&group_by[]=workspace_id")).await;
    assert_eq!(days.data.len(), 10);
    let once = cost(&api, &format!("{range}&limit=31&group_by[]=workspace_id")).await;
    assert_eq!(days.data, once.data);
    // Claude Code pages: every record once, in the same order as one long page.
    let day = last_weekday();
    let date = &at(day)[..10];
    let all: ClaudeCodeReport = serde_json::from_value(
        api.get(&format!("/usage_report/claude_code?starting_at={date}&limit=1000"))
            .await
            .ok(),
    )
    .unwrap();
    assert!(all.data.len() >= 3, "a weekday has several Claude Code records");
    let walked = walk(
        &api,
        &format!("/usage_report/claude_code?starting_at={date}&limit=2"),
        2,
    )
    .await;
    let walked: Vec<admin_wire::ClaudeCodeRecord> =
        walked.into_iter().map(|r| serde_json::from_value(r).unwrap()).collect();
    assert_eq!(walked, all.data);
    let first = api
        .get(&format!("/usage_report/claude_code?starting_at={date}&limit=1"))
        .await
        .ok();
    let token = str_of(&first, "next_page");
    let other_day = &at(day - DAY_SECONDS)[..10];
    api.get(&format!(
        "/usage_report/claude_code?starting_at={other_day}&page={token}"
    ))
    .await
    .expect_error(400, "invalid_request_error");
}

/// 0 for Monday ... 6 for Sunday.
fn weekday(seconds: i64) -> i64 {
    (seconds.div_euclid(DAY_SECONDS) + 3).rem_euclid(7)
}

/// The start of the last weekday before today (UTC).
fn last_weekday() -> i64 {
    let mut day = today() - DAY_SECONDS;
    while weekday(day) >= 5 {
        day -= DAY_SECONDS;
    }
    day
}

#[tokio::test]
async fn the_demo_has_90_days_with_a_weekly_rhythm_and_one_spike() {
    let s = demo().await;
    let api = s.api();
    let start = today() - 90 * DAY_SECONDS;
    let days = usage(
        &api,
        &format!("starting_at={}&limit=31", at(start - 5 * DAY_SECONDS)),
        DAY_SECONDS,
        31,
    )
    .await;
    assert_eq!(days.len(), 96, "5 days before, 90 days, today");
    assert!(
        days[..5].iter().all(|d| d.results.is_empty()),
        "nothing before the 90 days"
    );
    assert!(
        days[5..95].iter().all(|d| !d.results.is_empty()),
        "every day of the 90 has usage"
    );
    // Today, up to the last whole hour.
    assert_eq!(days[95].results.is_empty(), now_secs() - today() < HOUR);
    let tokens = |bucket: &UsageBucket| bucket.results.iter().map(|r| r.total_tokens()).sum::<u64>();
    let spike = (0..90)
        .map(|n| start + n * DAY_SECONDS)
        .find(|day| (day / DAY_SECONDS) % 90 == 37)
        .unwrap();
    let full: Vec<&UsageBucket> = days[5..95].iter().collect();
    let (mut weekdays, mut weekends) = (Vec::new(), Vec::new());
    for day in &full {
        let at = seconds_of(&day.starting_at);
        if at == spike {
            continue;
        }
        if weekday(at) < 5 {
            weekdays.push(tokens(day));
        } else {
            weekends.push(tokens(day));
        }
    }
    let mean = |v: &[u64]| v.iter().sum::<u64>() / v.len() as u64;
    assert!(mean(&weekdays) > mean(&weekends) * 3 / 2, "weekdays are busier");
    // The spike: the busiest day by far, on the day the README names.
    let busiest = full.iter().max_by_key(|d| tokens(d)).unwrap();
    assert_eq!(seconds_of(&busiest.starting_at), spike);
    assert!(
        tokens(busiest) > mean(&weekdays) * 3 / 2,
        "the spike {} against {} on an average weekday",
        tokens(busiest),
        mean(&weekdays)
    );
    // The demo's keys, models and tiers over the 90 days.
    let range = format!("starting_at={}&ending_at={}", at(start), at(today()));
    let by_model = usage(
        &api,
        &format!("{range}&limit=31&group_by[]=model&group_by[]=service_tier"),
        DAY_SECONDS,
        31,
    )
    .await;
    let pairs: BTreeSet<(String, String)> = by_model
        .iter()
        .flat_map(|b| &b.results)
        .map(|r| {
            (
                r.model.clone().unwrap(),
                admin_wire::WireName::as_str(r.service_tier.unwrap()).to_owned(),
            )
        })
        .collect();
    let models: BTreeSet<&str> = pairs.iter().map(|(m, _)| m.as_str()).collect();
    assert_eq!(models, MODELS.into_iter().collect());
    assert!(pairs.contains(&("claude-haiku-4-5-20251001".into(), "batch".into())));
    assert!(pairs.contains(&("claude-haiku-4-5-20251001".into(), "standard".into())));
    // Claude Code: six members and one API key over the last two weeks.
    let mut actors = BTreeSet::new();
    for n in 1..=14 {
        let date = &at(today() - n * DAY_SECONDS)[..10];
        let report: ClaudeCodeReport = serde_json::from_value(
            api.get(&format!("/usage_report/claude_code?starting_at={date}&limit=1000"))
                .await
                .ok(),
        )
        .unwrap();
        for record in report.data {
            assert_eq!(record.date, format!("{date}T00:00:00.000000Z"));
            actors.insert(format!("{:?}", record.actor));
        }
    }
    assert_eq!(actors.len(), 7, "{actors:?}");
    assert!(actors.contains(&format!(
        "{:?}",
        ClaudeCodeActor::ApiActor {
            api_key_name: "ci 2".into()
        }
    )));
    // Today has no Claude Code records yet (a day is reported once it is over).
    let today_date = &at(today())[..10];
    let body = api
        .get(&format!("/usage_report/claude_code?starting_at={today_date}"))
        .await
        .ok();
    assert_eq!(body["data"], serde_json::json!([]));
}

#[tokio::test]
async fn claude_code_records_have_todays_shape_and_priced_costs() {
    let s = demo().await;
    let api = s.api();
    let org = api.get("/me").await.ok();
    let day = last_weekday();
    let date = &at(day)[..10];
    let body = api
        .get(&format!("/usage_report/claude_code?starting_at={date}&limit=1000"))
        .await
        .ok();
    let cents = |text: &str| Decimal::from_str(text).unwrap();
    let records = body["data"].as_array().unwrap();
    assert!(!records.is_empty());
    let members: HashSet<String> = api
        .list_all("/users")
        .await
        .iter()
        .map(|u| str_of(u, "email").to_owned())
        .collect();
    for record in records {
        assert_keys(
            record,
            &[
                "date",
                "actor",
                "organization_id",
                "customer_type",
                "terminal_type",
                "core_metrics",
                "tool_actions",
                "model_breakdown",
            ],
        );
        assert_eq!(record["organization_id"], org["id"]);
        assert!(["api", "subscription"].contains(&str_of(record, "customer_type")));
        match str_of(&record["actor"], "type") {
            "user_actor" => {
                assert_keys(&record["actor"], &["type", "email_address"]);
                assert!(members.contains(str_of(&record["actor"], "email_address")));
            }
            "api_actor" => assert_keys(&record["actor"], &["type", "api_key_name"]),
            other => panic!("actor type {other}"),
        }
        assert_keys(
            &record["core_metrics"],
            &[
                "num_sessions",
                "lines_of_code",
                "commits_by_claude_code",
                "pull_requests_by_claude_code",
            ],
        );
        for model in record["model_breakdown"].as_array().unwrap() {
            assert_keys(model, &["model", "tokens", "estimated_cost"]);
            let cost = &model["estimated_cost"];
            assert!(
                cost["amount"].is_number(),
                "estimated_cost.amount is a JSON number: {cost}"
            );
            assert_eq!(cost["currency"], "USD");
            let tokens = &model["tokens"];
            let n = |field: &str| Decimal::from(tokens[field].as_u64().unwrap());
            let (input, output) = match str_of(model, "model") {
                "claude-sonnet-4-5-20250929" => (cents("0.0003"), cents("0.0015")),
                "claude-haiku-4-5-20251001" => (cents("0.0001"), cents("0.0005")),
                "claude-opus-4-5-20251101" => (cents("0.0005"), cents("0.0025")),
                other => panic!("model {other}"),
            };
            let expected = n("input") * input
                + n("output") * output
                + n("cache_read") * input / Decimal::from(10)
                + n("cache_creation") * input * cents("1.25");
            // Read exactly from the JSON number (the wire crate's decoding).
            let read: admin_wire::EstimatedCost = serde_json::from_value(cost.clone()).unwrap();
            assert_eq!(read.amount, expected, "{model}");
        }
    }
    // Members first (by email), then API keys.
    let order: Vec<(bool, String)> = records
        .iter()
        .map(|r| {
            let actor = &r["actor"];
            let api = str_of(actor, "type") == "api_actor";
            let name = if api {
                str_of(actor, "api_key_name")
            } else {
                str_of(actor, "email_address")
            };
            (api, name.to_owned())
        })
        .collect();
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(order, sorted);
}

#[tokio::test]
async fn the_same_hour_gets_the_same_numbers_and_a_restart_adds_the_missing_hours() {
    let mut s = demo().await;
    let other = demo().await;
    let (from, to) = two_days();
    let query = format!(
        "starting_at={}&ending_at={}&bucket_width=1h&limit=48&group_by[]=model",
        at(from),
        at(to)
    );
    let a = usage(&s.api(), &query, HOUR, 48).await;
    let b = usage(&other.api(), &query, HOUR, 48).await;
    assert_eq!(a, b, "two demos made apart give the same hours the same numbers");
    // Forget the last 30 hours, as if the demo had been made 30 hours ago; `serve --demo` on the
    // same database then adds them back, the same as they were.
    // Up to an hour ago: the hours since the demo was made are the same before and after.
    let recent = format!(
        "starting_at={}&ending_at={}&bucket_width=1h&limit=168&group_by[]=api_key_id",
        at(today() - 2 * DAY_SECONDS),
        at(now_secs().div_euclid(HOUR) * HOUR - HOUR)
    );
    let before = usage(&s.api(), &recent, HOUR, 168).await;
    s.stop().await;
    {
        use sqlx::Connection;
        let mut conn = sqlx::SqliteConnection::connect(&format!("sqlite://{}", s.db.display()))
            .await
            .unwrap();
        let through: i64 = sqlx::query_scalar("SELECT through_hour FROM demo_usage")
            .fetch_one(&mut conn)
            .await
            .unwrap();
        let gone = sqlx::query("DELETE FROM usage_hours WHERE hour >= ?")
            .bind(through - 30)
            .execute(&mut conn)
            .await
            .unwrap();
        assert!(gone.rows_affected() > 30 * 10);
        sqlx::query("UPDATE demo_usage SET through_hour = through_hour - 30")
            .execute(&mut conn)
            .await
            .unwrap();
    }
    s.start_again().await;
    let after = usage(&s.api(), &recent, HOUR, 168).await;
    assert_eq!(after, before);
    assert!(s.log().contains("demo usage: added"), "{}", s.log());
}

#[tokio::test]
async fn the_large_demo_has_usage_in_every_workspace() {
    let s = TestServer::start_with(ServeOptions {
        demo: true,
        demo_size: Some("large"),
        ..Default::default()
    })
    .await;
    let api = s.api();
    let (from, to) = two_days();
    let range = format!("starting_at={}&ending_at={}", at(from), at(to));
    let by_workspace = usage(&api, &format!("{range}&group_by[]=workspace_id"), DAY_SECONDS, 7).await;
    let workspaces: BTreeSet<Option<String>> = by_workspace
        .iter()
        .flat_map(|b| &b.results)
        .map(|r| r.workspace_id.clone())
        .collect();
    assert_eq!(workspaces.len(), 101, "100 workspaces and the default one");
    let hourly = usage(
        &api,
        &format!("{range}&bucket_width=1h&limit=48&group_by[]=workspace_id"),
        HOUR,
        48,
    )
    .await;
    assert_eq!(total(&hourly), total(&by_workspace));
    let report: UsageReport = serde_json::from_value(
        api.get(&format!("/usage_report/messages?{range}&group_by[]=api_key_id"))
            .await
            .ok(),
    )
    .unwrap();
    let keys: HashSet<&str> = report
        .data
        .iter()
        .flat_map(|b| &b.results)
        .filter_map(|r| r.api_key_id.as_deref())
        .collect();
    assert!(keys.len() > 250, "{} keys", keys.len());
    let claude_code = api
        .get(&format!(
            "/usage_report/claude_code?starting_at={}&limit=1000",
            &at(from)[..10]
        ))
        .await
        .ok();
    assert!(claude_code["data"].as_array().unwrap().len() > 20);
}

#[tokio::test]
async fn the_openapi_document_describes_the_three_reports() {
    let s = TestServer::start().await;
    let doc = send(s.http().get(s.url("/openapi.json"))).await.ok();
    let params = |path: &str| -> BTreeMap<String, Value> {
        let op = &doc["paths"][format!("/v1/organizations{path}")]["get"];
        assert!(op["responses"]["200"].is_object(), "{path}: {op}");
        op["parameters"]
            .as_array()
            .unwrap_or_else(|| panic!("{path}: no parameters"))
            .iter()
            .filter(|p| p["in"] == "query")
            .map(|p| (str_of(p, "name").to_owned(), p.clone()))
            .collect()
    };
    let schema = |name: &str| doc["components"]["schemas"][name].clone();
    let enum_of = |param: &Value| -> Vec<String> {
        let items = &param["schema"]["items"];
        let target = if items.is_null() { &param["schema"] } else { items };
        // A default puts the reference in a `oneOf`.
        let target = if target["oneOf"].is_array() {
            &target["oneOf"][0]
        } else {
            target
        };
        let name = str_of(target, "$ref").rsplit('/').next().unwrap().to_owned();
        schema(&name)["enum"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_owned())
            .collect()
    };
    let usage = params("/usage_report/messages");
    assert_eq!(
        usage.keys().map(String::as_str).collect::<BTreeSet<_>>(),
        BTreeSet::from([
            "starting_at",
            "ending_at",
            "bucket_width",
            "limit",
            "page",
            "api_key_ids[]",
            "workspace_ids[]",
            "models[]",
            "service_tiers[]",
            "context_window[]",
            "inference_geos[]",
            "group_by[]",
        ])
    );
    assert_eq!(usage["starting_at"]["required"], true);
    assert_eq!(enum_of(&usage["bucket_width"]), ["1m", "1h", "1d"]);
    assert_eq!(enum_of(&usage["group_by[]"]), DIMENSIONS);
    assert_eq!(
        enum_of(&usage["service_tiers[]"]),
        [
            "standard",
            "batch",
            "priority",
            "priority_on_demand",
            "flex",
            "flex_discount"
        ]
    );
    assert_eq!(enum_of(&usage["context_window[]"]), ["0-200k", "200k-1M"]);
    assert_eq!(enum_of(&usage["inference_geos[]"]), ["global", "us", "not_available"]);
    assert_eq!(
        (
            usage["limit"]["schema"]["minimum"].clone(),
            usage["limit"]["schema"]["maximum"].clone()
        ),
        (1.into(), 1440.into())
    );
    let cost = params("/cost_report");
    assert_eq!(
        cost.keys().map(String::as_str).collect::<BTreeSet<_>>(),
        BTreeSet::from([
            "starting_at",
            "ending_at",
            "bucket_width",
            "limit",
            "page",
            "group_by[]"
        ])
    );
    assert_eq!(enum_of(&cost["group_by[]"]), ["workspace_id", "description"]);
    assert_eq!(cost["limit"]["schema"]["maximum"], 31);
    assert_eq!(cost["limit"]["schema"]["default"], 7);
    let code = params("/usage_report/claude_code");
    assert_eq!(
        code.keys().map(String::as_str).collect::<BTreeSet<_>>(),
        BTreeSet::from(["starting_at", "limit", "page"])
    );
    assert_eq!(code["starting_at"]["schema"]["format"], "date");
    assert_eq!(code["limit"]["schema"]["maximum"], 1000);
    // Every reference resolves (a parameter's enum too, which no answer brings along).
    fn refs<'a>(value: &'a Value, found: &mut Vec<&'a str>) {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(target)) = map.get("$ref") {
                    found.push(target);
                }
                map.values().for_each(|v| refs(v, found));
            }
            Value::Array(items) => items.iter().for_each(|v| refs(v, found)),
            _ => {}
        }
    }
    let mut found = Vec::new();
    refs(&doc, &mut found);
    for target in found {
        let (kind, name) = target
            .strip_prefix("#/components/")
            .and_then(|rest| rest.split_once('/'))
            .expect("a reference into the components");
        assert!(doc["components"][kind][name].is_object(), "{target} names nothing");
    }
    // The answers' schemas: amounts as strings, estimated costs as numbers.
    assert_eq!(schema("CostResult")["properties"]["amount"]["type"], "string");
    assert_eq!(schema("EstimatedCost")["properties"]["amount"]["type"], "number");
    let result = schema("UsageResult");
    for field in [
        "cache_creation",
        "server_tool_use",
        "uncached_input_tokens",
        "output_tokens",
    ] {
        assert!(
            result["required"].as_array().unwrap().contains(&field.into()),
            "{field} is always there"
        );
    }
}
