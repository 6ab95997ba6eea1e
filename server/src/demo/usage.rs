//! The demo's usage, for the reports: message usage for the last 90 days, hour by hour, and
//! Claude Code usage day by day.
//!
//! Deterministic: an hour's numbers are a function of the hour itself (its weekday, its time of
//! day, a hash of the hour and the source's names) and never of when the demo was made, so the
//! same hour always gets the same numbers, and a later `serve --demo` on the same database adds
//! the hours since then (`top_up`) as it would have made them. A key only has usage from its
//! creation on, and a top-up gives new hours only to keys that are still active.
//!
//! The small demo: 13 keys (the default workspace and every active workspace), 4 models, the
//! `standard` and `batch` tiers, both context windows (Sonnet's long context on "backend 1"),
//! geos `global`, `us` (Production keeps inference in the US) and `not_available` (the legacy
//! key). Weekdays are busier than weekends; office-hours keys peak in the afternoon UTC, batch
//! keys at night. One spike: on the UTC day whose number since 1970-01-01 is 37 modulo 90
//! (exactly one such day in any 90 days), "eval harness 1" runs forty times its busiest Opus usage
//! from 09:00 to 21:00 UTC, whatever the weekday. Claude Code: 6 members (4 Claude Code users and 2 developers) and
//! the key "ci 2", most weekdays and some weekends.

use admin_wire::{
    ClaudeCodeActor, ContextWindow, CustomerType, ModelTokens, ReportInferenceGeo, ServiceTier, ToolActions, WireName,
};
use sqlx::SqliteConnection;

use super::DemoSize;
use crate::db::usage::{self, ClaudeCodeDay, ClaudeCodeMetrics, ClaudeCodeModel, Source, Tokens, DAY, HOUR};

/// Days of usage before today.
pub const DAYS: i64 = 90;
/// The spike is on the days `n` with `n % SPIKE_PERIOD == SPIKE_PHASE` (days since the epoch).
pub const SPIKE_PERIOD: i64 = 90;
pub const SPIKE_PHASE: i64 = 37;

const OPUS: &str = "claude-opus-4-5-20251101";
const SONNET: &str = "claude-sonnet-4-5-20250929";
const SONNET_4: &str = "claude-sonnet-4-20250514";
const HAIKU: &str = "claude-haiku-4-5-20251001";

/// splitmix64's finalizer: a well-mixed 64-bit hash of `x`.
pub fn mix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// FNV-1a: a stable hash of a name (the same on every run and machine).
fn name_hash(text: &str) -> u64 {
    text.bytes().fold(0xCBF2_9CE4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x100_0000_01B3)
    })
}

/// When a source is busy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shape {
    /// Office hours (UTC afternoons), weekdays.
    Office,
    /// Nightly jobs, lighter at weekends.
    Batch,
    /// Around the clock (customers), a little lighter at weekends.
    Flat,
}

/// A source's usage in its busiest hours: input tokens, and the other counts per thousand of them.
#[derive(Clone, Copy, Debug)]
struct Profile {
    key: &'static str,
    model: &'static str,
    tier: ServiceTier,
    window: ContextWindow,
    /// Uncached input tokens in a busy hour.
    base: u64,
    /// Per thousand uncached input tokens.
    cache_read: u64,
    cache_5m: u64,
    cache_1h: u64,
    output: u64,
    /// Web searches in a busy hour.
    searches: u64,
    shape: Shape,
    /// Makes the spike.
    spike: bool,
    /// Used in only about half the hours (the large demo).
    sparse: bool,
}

const fn profile(
    key: &'static str,
    model: &'static str,
    tier: ServiceTier,
    base: u64,
    [cache_read, cache_5m, cache_1h, output]: [u64; 4],
    shape: Shape,
) -> Profile {
    Profile {
        key,
        model,
        tier,
        window: ContextWindow::UpTo200k,
        base,
        cache_read,
        cache_5m,
        cache_1h,
        output,
        searches: 0,
        shape,
        spike: false,
        sparse: false,
    }
}

const STANDARD: ServiceTier = ServiceTier::Standard;
const BATCH: ServiceTier = ServiceTier::Batch;

/// The small demo's sources, by key name (the keys `demo::seed` makes).
const SMALL: [Profile; 17] = [
    profile(
        "backend 1",
        SONNET,
        STANDARD,
        400_000,
        [1500, 150, 0, 250],
        Shape::Office,
    ),
    Profile {
        window: ContextWindow::From200kTo1M,
        ..profile("backend 1", SONNET, STANDARD, 60_000, [800, 100, 0, 120], Shape::Office)
    },
    profile("batch jobs 1", HAIKU, BATCH, 900_000, [0, 0, 0, 300], Shape::Batch),
    profile("batch jobs 1", OPUS, BATCH, 120_000, [0, 0, 0, 400], Shape::Batch),
    Profile {
        spike: true,
        ..profile(
            "eval harness 1",
            OPUS,
            STANDARD,
            80_000,
            [2000, 200, 50, 300],
            Shape::Office,
        )
    },
    profile("eval harness 1", SONNET, BATCH, 200_000, [0, 0, 0, 350], Shape::Batch),
    profile(
        "notebook 1",
        SONNET_4,
        STANDARD,
        50_000,
        [1200, 300, 0, 400],
        Shape::Office,
    ),
    Profile {
        searches: 40,
        ..profile(
            "support bot 1",
            HAIKU,
            STANDARD,
            150_000,
            [3000, 100, 100, 200],
            Shape::Flat,
        )
    },
    profile(
        "prototype 1",
        HAIKU,
        STANDARD,
        40_000,
        [500, 200, 0, 500],
        Shape::Office,
    ),
    profile(
        "prototype 1",
        SONNET,
        STANDARD,
        30_000,
        [500, 200, 0, 450],
        Shape::Office,
    ),
    profile("etl 1", HAIKU, BATCH, 500_000, [0, 0, 0, 150], Shape::Batch),
    profile("batch jobs 2", SONNET, BATCH, 300_000, [0, 0, 0, 300], Shape::Batch),
    profile("ci 2", HAIKU, STANDARD, 60_000, [900, 100, 0, 300], Shape::Office),
    profile(
        "notebook 2",
        OPUS,
        STANDARD,
        40_000,
        [1500, 250, 100, 350],
        Shape::Office,
    ),
    Profile {
        searches: 15,
        ..profile(
            "support bot 2",
            SONNET,
            STANDARD,
            100_000,
            [2500, 150, 0, 220],
            Shape::Flat,
        )
    },
    profile(
        "deploy bot",
        SONNET,
        STANDARD,
        120_000,
        [1000, 100, 0, 200],
        Shape::Office,
    ),
    profile(
        "legacy production key",
        SONNET_4,
        STANDARD,
        90_000,
        [800, 0, 0, 250],
        Shape::Flat,
    ),
];

/// The key whose usage has no recorded geo.
const LEGACY_KEY: &str = "legacy production key";

/// The large demo's sources: three active keys of every workspace and of the default one (the
/// first three of its keys that are active), each on one model, a quarter of them also on Haiku;
/// a quarter in the batch tier. Each is used in about half the hours.
fn large_profiles() -> Vec<Profile> {
    let models = [OPUS, SONNET, SONNET_4, HAIKU];
    let mut profiles = Vec::new();
    let slots = super::large::WORKSPACES + 1;
    for slot in 0..slots {
        let keys = (0..)
            .map(|j| slot + slots * j)
            .filter(|&index| super::large::key_status(index) == "active")
            .take(3);
        for index in keys {
            let name: &'static str = Box::leak(super::large::key_name(index).into_boxed_str());
            let hash = mix(index as u64);
            let tier = if index % 4 == 3 { BATCH } else { STANDARD };
            let shape = if tier == BATCH { Shape::Batch } else { Shape::Office };
            let base = 20_000 + hash % 180_000;
            profiles.push(Profile {
                sparse: true,
                ..profile(
                    name,
                    models[(hash % 4) as usize],
                    tier,
                    base,
                    [1200, 150, 20, 300],
                    shape,
                )
            });
            if hash % 4 == 1 {
                profiles.push(Profile {
                    sparse: true,
                    ..profile(name, HAIKU, tier, base / 2, [600, 100, 0, 250], shape)
                });
            }
        }
    }
    profiles
}

/// 0 for Monday ... 6 for Sunday (1970-01-01 was a Thursday).
fn weekday(day: i64) -> i64 {
    (day + 3).rem_euclid(7)
}

/// How busy an hour is for a shape, in percent of percent (0 to 10,000).
fn rhythm(shape: Shape, hour: i64) -> u64 {
    const OFFICE: [u64; 24] = [
        30, 25, 20, 15, 15, 20, 30, 45, 60, 75, 85, 95, 100, 100, 100, 95, 90, 85, 75, 65, 55, 45, 40, 35,
    ];
    let day = hour.div_euclid(24);
    let time = hour.rem_euclid(24) as usize;
    let weekend = weekday(day) >= 5;
    let (by_day, by_hour) = match shape {
        Shape::Office => (if weekend { 25 } else { 100 }, OFFICE[time]),
        Shape::Batch => (if weekend { 60 } else { 100 }, if time < 6 { 100 } else { 20 }),
        Shape::Flat => (if weekend { 75 } else { 100 }, 55 + OFFICE[time] * 45 / 100),
    };
    by_day * by_hour
}

pub fn is_spike_day(day: i64) -> bool {
    day.rem_euclid(SPIKE_PERIOD) == SPIKE_PHASE
}

/// The spike day among the days `[from, to)`, if there is one.
pub fn spike_day(from: i64, to: i64) -> Option<i64> {
    (from..to).find(|day| is_spike_day(*day))
}

/// A source's usage in `hour`; `None` for an hour it is not used in.
fn hour_tokens(profile: &Profile, salt: u64, hour: i64) -> Option<Tokens> {
    let seed = mix(salt ^ (hour as u64).wrapping_mul(0x2545_F491_4F6C_DD1D));
    if profile.sparse && seed % 100 >= 55 {
        return None;
    }
    let time = hour.rem_euclid(24);
    let scale = if profile.spike && is_spike_day(hour.div_euclid(24)) && (9..21).contains(&time) {
        // Forty times a busy hour, whatever the weekday.
        40 * 10_000
    } else {
        u128::from(rhythm(profile.shape, hour)) // of 10,000
    };
    // Each count its own noise, from 80 % to 120 %.
    let noisy = |amount: u64, n: u32| -> i64 {
        let noise = 800 + u128::from(mix(seed.rotate_left(n * 8)) % 401);
        (u128::from(amount) * scale * noise / 10_000 / 1_000) as i64
    };
    let base = profile.base;
    let tokens = Tokens {
        uncached_input: noisy(base, 1).max(1),
        cache_read_input: noisy(base * profile.cache_read / 1000, 2),
        cache_creation_5m: noisy(base * profile.cache_5m / 1000, 3),
        cache_creation_1h: noisy(base * profile.cache_1h / 1000, 4),
        output: noisy(base * profile.output / 1000, 5),
        web_search_requests: noisy(profile.searches, 6),
    };
    Some(tokens)
}

/// The hours and days the demo covers at `now` (microseconds): from the start of the UTC day 90
/// days ago to the last complete hour, and the 90 days before today.
fn window(now: i64) -> (i64, i64, i64, i64) {
    let seconds = now.div_euclid(1_000_000);
    let today = seconds.div_euclid(DAY);
    let first_day = today - DAYS;
    (first_day * 24, seconds.div_euclid(HOUR), first_day, today)
}

/// An API key as a usage source needs it.
#[derive(sqlx::FromRow)]
struct KeyRow {
    id: String,
    workspace_id: Option<String>,
    created_at: i64,
    status: String,
    expires_at: Option<i64>,
    default_geo: Option<String>,
}

/// Writes the usage of the hours `[from_hour, to_hour)` and the Claude Code days
/// `[from_day, to_day)`.
async fn fill(
    conn: &mut SqliteConnection,
    size: DemoSize,
    now: i64,
    (from_hour, to_hour): (i64, i64),
    (from_day, to_day): (i64, i64),
) -> sqlx::Result<usize> {
    let profiles = match size {
        DemoSize::Small => SMALL.to_vec(),
        DemoSize::Large => large_profiles(),
    };
    let mut rows = Vec::new();
    for profile in &profiles {
        let key: Option<KeyRow> = sqlx::query_as(
            "SELECT k.id, k.workspace_id, k.created_at, k.status, k.expires_at, w.default_inference_geo AS default_geo \
             FROM api_keys k LEFT JOIN workspaces w ON w.id = k.workspace_id WHERE k.name = ? ORDER BY k.id LIMIT 1",
        )
        .bind(profile.key)
        .fetch_optional(&mut *conn)
        .await?;
        let Some(key) = key else { continue };
        if key.status != "active" || key.expires_at.is_some_and(|at| at <= now) {
            continue;
        }
        let geo = if profile.key == LEGACY_KEY {
            ReportInferenceGeo::NotAvailable
        } else if key.default_geo.as_deref() == Some("us") {
            ReportInferenceGeo::Us
        } else {
            ReportInferenceGeo::Global
        };
        let source = Source {
            api_key_id: key.id,
            workspace_id: key.workspace_id,
            model: profile.model,
            service_tier: profile.tier,
            context_window: profile.window,
            inference_geo: geo,
        };
        let source_id = usage::source_id(conn, &source).await?;
        let salt = name_hash(&format!(
            "{}/{}/{}/{}",
            profile.key,
            profile.model,
            profile.tier.as_str(),
            profile.window.as_str()
        ));
        // From the first whole hour after the key was made.
        let created_hour = key.created_at.div_euclid(1_000_000 * HOUR) + 1;
        for hour in from_hour.max(created_hour)..to_hour {
            if let Some(tokens) = hour_tokens(profile, salt, hour) {
                rows.push((hour, source_id, tokens));
            }
        }
    }
    usage::insert_hours(conn, &rows).await?;
    let days = claude_code_days(conn, size, from_day, to_day).await?;
    usage::insert_claude_code_days(conn, &days).await?;
    Ok(rows.len())
}

/// Fills the demo's usage for the 90 days before `now` (microseconds), in the caller's
/// transaction, after the organization itself.
pub async fn seed(conn: &mut SqliteConnection, size: DemoSize, now: i64) -> sqlx::Result<usize> {
    let (from_hour, to_hour, from_day, to_day) = window(now);
    let rows = fill(conn, size, now, (from_hour, to_hour), (from_day, to_day)).await?;
    sqlx::query("INSERT INTO demo_usage (size, through_hour, through_day) VALUES (?, ?, ?)")
        .bind(match size {
            DemoSize::Small => "small",
            DemoSize::Large => "large",
        })
        .bind(to_hour)
        .bind(to_day)
        .execute(&mut *conn)
        .await?;
    Ok(rows)
}

/// Adds the hours and days since the demo's usage was last made, up to `now`; returns how many
/// hours of usage rows it wrote (none for a database the demo did not make).
pub async fn top_up(conn: &mut SqliteConnection, now: i64) -> sqlx::Result<usize> {
    let made: Option<(String, i64, i64)> =
        sqlx::query_as("SELECT size, through_hour, through_day FROM demo_usage LIMIT 1")
            .fetch_optional(&mut *conn)
            .await?;
    let Some((size, through_hour, through_day)) = made else {
        return Ok(0);
    };
    let size = if size == "large" {
        DemoSize::Large
    } else {
        DemoSize::Small
    };
    let (from_hour, to_hour, from_day, to_day) = window(now);
    let hours = (through_hour.max(from_hour), to_hour);
    let days = (through_day.max(from_day), to_day);
    if hours.0 >= hours.1 && days.0 >= days.1 {
        return Ok(0);
    }
    let rows = fill(conn, size, now, hours, days).await?;
    sqlx::query("UPDATE demo_usage SET through_hour = MAX(through_hour, ?), through_day = MAX(through_day, ?)")
        .bind(to_hour)
        .bind(to_day)
        .execute(&mut *conn)
        .await?;
    Ok(rows)
}

const TERMINALS: [&str; 5] = ["vscode", "iTerm.app", "ghostty", "cursor", "Apple_Terminal"];

/// The Claude Code actors: members by their email (Claude Code users first, then developers, in
/// the order they joined) and API keys by name.
async fn claude_code_actors(conn: &mut SqliteConnection, size: DemoSize) -> sqlx::Result<Vec<ClaudeCodeActor>> {
    let (users, developers, keys): (i64, i64, &[&str]) = match size {
        DemoSize::Small => (4, 2, &["ci 2"]),
        DemoSize::Large => (250, 50, &["ci 4", "ci 14"]),
    };
    let mut actors = Vec::new();
    for (role, count) in [("claude_code_user", users), ("developer", developers)] {
        let emails: Vec<String> = sqlx::query_scalar("SELECT email FROM users WHERE role = ? ORDER BY id LIMIT ?")
            .bind(role)
            .bind(count)
            .fetch_all(&mut *conn)
            .await?;
        actors.extend(
            emails
                .into_iter()
                .map(|email_address| ClaudeCodeActor::UserActor { email_address }),
        );
    }
    actors.extend(keys.iter().map(|name| ClaudeCodeActor::ApiActor {
        api_key_name: (*name).to_owned(),
    }));
    Ok(actors)
}

/// One actor's day, or `None` for a day off.
fn claude_code_day(actor: &ClaudeCodeActor, day: i64) -> Option<ClaudeCodeDay> {
    let name = match actor {
        ClaudeCodeActor::UserActor { email_address } => email_address.as_str(),
        ClaudeCodeActor::ApiActor { api_key_name } => api_key_name.as_str(),
        ClaudeCodeActor::Unknown => return None,
    };
    let salt = name_hash(name);
    let r = mix(salt ^ (day as u64).wrapping_mul(0x9E37_79B9));
    let works = if weekday(day) >= 5 { r % 100 < 20 } else { r % 100 < 85 };
    if !works {
        return None;
    }
    let part = |n: u32, modulo: u64| mix(r.rotate_left(n * 7)) % modulo;
    let added = 50 + part(1, 1_500);
    let mut tool_actions = std::collections::BTreeMap::new();
    for (n, tool) in ["edit_tool", "multi_edit_tool", "write_tool", "notebook_edit_tool"]
        .into_iter()
        .enumerate()
    {
        let accepted = part(10 + n as u32, 60 / (n as u64 + 1));
        if accepted > 0 || n < 2 {
            tool_actions.insert(
                tool.to_owned(),
                ToolActions {
                    accepted,
                    rejected: part(20 + n as u32, 8),
                },
            );
        }
    }
    let input = 20_000 + part(3, 180_000);
    let mut models = vec![ClaudeCodeModel {
        model: SONNET.to_owned(),
        tokens: ModelTokens {
            input,
            output: input / 4,
            cache_read: input * 3,
            cache_creation: input / 5,
        },
    }];
    if part(4, 3) == 0 {
        let input = 5_000 + part(5, 40_000);
        models.push(ClaudeCodeModel {
            model: HAIKU.to_owned(),
            tokens: ModelTokens {
                input,
                output: input / 3,
                cache_read: input * 2,
                cache_creation: input / 6,
            },
        });
    }
    if salt.is_multiple_of(4) && part(6, 2) == 0 {
        let input = 10_000 + part(7, 60_000);
        models.push(ClaudeCodeModel {
            model: OPUS.to_owned(),
            tokens: ModelTokens {
                input,
                output: input / 4,
                cache_read: input * 2,
                cache_creation: input / 5,
            },
        });
    }
    Some(ClaudeCodeDay {
        day,
        actor: actor.clone(),
        customer_type: if salt.is_multiple_of(5) {
            CustomerType::Subscription
        } else {
            CustomerType::Api
        },
        terminal_type: TERMINALS[(salt % TERMINALS.len() as u64) as usize].to_owned(),
        metrics: ClaudeCodeMetrics {
            core_metrics: admin_wire::CoreMetrics {
                num_sessions: 1 + part(8, 8),
                lines_of_code: admin_wire::LinesOfCode {
                    added,
                    removed: added * (20 + part(9, 50)) / 100,
                },
                commits_by_claude_code: part(30, 8),
                pull_requests_by_claude_code: part(31, 3),
            },
            tool_actions,
        },
        models,
    })
}

async fn claude_code_days(
    conn: &mut SqliteConnection,
    size: DemoSize,
    from_day: i64,
    to_day: i64,
) -> sqlx::Result<Vec<ClaudeCodeDay>> {
    if from_day >= to_day {
        return Ok(Vec::new());
    }
    let actors = claude_code_actors(conn, size).await?;
    Ok((from_day..to_day)
        .flat_map(|day| actors.iter().filter_map(move |actor| claude_code_day(actor, day)))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_hour_gets_the_same_numbers() {
        let profile = &SMALL[0];
        let salt = name_hash("backend 1/x");
        let hour = 490_000;
        assert_eq!(hour_tokens(profile, salt, hour), hour_tokens(profile, salt, hour));
        assert_ne!(hour_tokens(profile, salt, hour), hour_tokens(profile, salt, hour + 1));
        assert_eq!(name_hash("backend 1"), name_hash("backend 1"));
    }

    #[test]
    fn weekdays_are_busier_and_the_spike_stands_out() {
        // 2025-06-02 was a Monday (day 20241).
        assert_eq!(weekday(20_241), 0);
        assert_eq!(weekday(20_247), 6);
        let office = |day: i64| (0..24).map(|h| rhythm(Shape::Office, day * 24 + h)).sum::<u64>();
        assert!(office(20_241) > 3 * office(20_247));
        // Exactly one spike day in any 90 days.
        for from in 20_000..20_100 {
            assert_eq!((from..from + 90).filter(|day| is_spike_day(*day)).count(), 1);
        }
        let spike = spike_day(20_000, 20_090).unwrap();
        let eval = SMALL.iter().find(|profile| profile.spike).unwrap();
        let day_total = |day: i64| {
            (0..24)
                .filter_map(|h| hour_tokens(eval, 1, day * 24 + h))
                .map(|t| t.uncached_input)
                .sum::<i64>()
        };
        // The spike day against the same weekday a week before.
        assert!(day_total(spike) > 5 * day_total(spike - 7));
    }

    #[test]
    fn the_large_demo_uses_every_workspace() {
        let profiles = large_profiles();
        let keys: std::collections::HashSet<&str> = profiles.iter().map(|p| p.key).collect();
        assert_eq!(keys.len(), 3 * (super::super::large::WORKSPACES + 1));
        assert!((300..500).contains(&profiles.len()), "{}", profiles.len());
    }
}
