//! Rate limits, read-only: the organization's limits per rate-limit group (a fixed table, the same
//! for every organization of this server), and the workspace overrides stored in
//! `workspace_rate_limits` (made by demo data; the contract has no write).

use std::collections::BTreeMap;

use admin_wire::{LimitSource, LimitValue, RateLimit, RateLimitGroup, WorkspaceLimitValue, WorkspaceRateLimit};
use sha2::{Digest, Sha256};
use sqlx::SqliteConnection;

use crate::error::ApiResult;
use crate::ids;

/// The kinds of rate-limit group.
pub const GROUP_TYPES: [&str; 6] = ["model_group", "batch", "token_count", "files", "skills", "web_search"];

/// One group of the organization's table and its limits.
struct Group {
    id: &'static str,
    kind: &'static str,
    display_name: Option<&'static str>,
    models: Option<&'static [&'static str]>,
    limits: &'static [(&'static str, i64)],
}

const RPM: &str = "requests_per_minute";
const ITPM: &str = "input_tokens_per_minute_cache_aware";
const OTPM: &str = "output_tokens_per_minute";

/// The organization's limits, as the demo organization has them (deterministic).
const GROUPS: [Group; 8] = [
    Group {
        id: "rlg_01Opus4xModelGroupA1b2C3d",
        kind: "model_group",
        display_name: Some("Claude Opus 4.x"),
        models: Some(&[
            "claude-opus-4-5",
            "claude-opus-4-5-20251101",
            "claude-opus-4-1",
            "claude-opus-4-1-20250805",
        ]),
        limits: &[(RPM, 4_000), (ITPM, 2_000_000), (OTPM, 400_000)],
    },
    Group {
        id: "rlg_01Sonnet4xModelGroupE4f5G",
        kind: "model_group",
        display_name: Some("Claude Sonnet 4.x"),
        models: Some(&[
            "claude-sonnet-4-5",
            "claude-sonnet-4-5-20250929",
            "claude-sonnet-4-0",
            "claude-sonnet-4-20250514",
        ]),
        limits: &[(RPM, 4_000), (ITPM, 2_000_000), (OTPM, 400_000)],
    },
    Group {
        id: "rlg_01Haiku4xModelGroupH6j7K8",
        kind: "model_group",
        display_name: Some("Claude Haiku 4.x"),
        models: Some(&["claude-haiku-4-5", "claude-haiku-4-5-20251001"]),
        limits: &[(RPM, 4_000), (ITPM, 4_000_000), (OTPM, 800_000)],
    },
    Group {
        id: "rlg_01BatchGroupM9n1P2q3R4s5T",
        kind: "batch",
        display_name: None,
        models: None,
        limits: &[(RPM, 4_000)],
    },
    Group {
        id: "rlg_01TokenCountGroupU6v7W8x9",
        kind: "token_count",
        display_name: None,
        models: None,
        limits: &[(RPM, 8_000)],
    },
    Group {
        id: "rlg_01FilesGroupY1z2A3b4C5d6E",
        kind: "files",
        display_name: None,
        models: None,
        limits: &[(RPM, 1_000)],
    },
    Group {
        id: "rlg_01SkillsGroupF7g8H9j1K2m3",
        kind: "skills",
        display_name: None,
        models: None,
        limits: &[(RPM, 500)],
    },
    Group {
        id: "rlg_01WebSearchGroupN4p5Q6r7S",
        kind: "web_search",
        display_name: None,
        models: None,
        limits: &[("tool_uses_per_second", 30)],
    },
];

/// The id of a group's entry in one organization: stable, and different between organizations.
fn entry_id(organization_id: &str, group_id: &str) -> String {
    let digest = Sha256::digest(format!("{organization_id}/{group_id}").as_bytes());
    let value = u128::from_be_bytes(digest[..16].try_into().expect("16 bytes"));
    format!("ratelimit_{}", ids::encode(value))
}

impl Group {
    fn wire_group(&self) -> RateLimitGroup {
        RateLimitGroup {
            id: self.id.to_owned(),
            kind: self.kind.to_owned(),
            display_name: self.display_name.map(str::to_owned),
        }
    }

    fn models(&self) -> Option<Vec<String>> {
        self.models
            .map(|models| models.iter().map(|m| (*m).to_owned()).collect())
    }

    fn org_limit(&self, kind: &str) -> Option<i64> {
        self.limits.iter().find(|(k, _)| *k == kind).map(|(_, value)| *value)
    }
}

/// The organization's entries, of one group type and with one model when asked.
pub fn organization(organization_id: &str, group_type: Option<&str>, model: Option<&str>) -> Vec<RateLimit> {
    GROUPS
        .iter()
        .filter(|group| group_type.is_none_or(|kind| group.kind == kind))
        .filter(|group| model.is_none_or(|model| group.models.is_some_and(|models| models.contains(&model))))
        .map(|group| RateLimit {
            id: entry_id(organization_id, group.id),
            group_type: group.kind.to_owned(),
            group: group.wire_group(),
            models: group.models(),
            limits: group
                .limits
                .iter()
                .map(|(kind, value)| LimitValue {
                    kind: (*kind).to_owned(),
                    value: *value,
                })
                .collect(),
        })
        .collect()
}

/// Whether `model` is a model of some group.
pub fn is_known_model(model: &str) -> bool {
    GROUPS
        .iter()
        .any(|group| group.models.is_some_and(|models| models.contains(&model)))
}

/// A workspace's entries: the groups it overrides (with only the overridden limiters), or with
/// `include_inherited` every group, each limiter marked by where its value comes from.
pub async fn workspace(
    conn: &mut SqliteConnection,
    organization_id: &str,
    workspace_id: &str,
    group_type: Option<&str>,
    include_inherited: bool,
) -> ApiResult<Vec<WorkspaceRateLimit>> {
    let rows: Vec<(String, String, i64)> = sqlx::query_as(
        "SELECT group_id, limit_type, value FROM workspace_rate_limits WHERE workspace_id = ? \
         ORDER BY group_id, limit_type",
    )
    .bind(workspace_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut overrides: BTreeMap<&str, Vec<(String, i64)>> = BTreeMap::new();
    for (group_id, kind, value) in &rows {
        overrides
            .entry(group_id.as_str())
            .or_default()
            .push((kind.clone(), *value));
    }
    let source = |kind: &str| LimitSource { kind: kind.to_owned() };
    let entries = GROUPS
        .iter()
        .filter(|group| group_type.is_none_or(|kind| group.kind == kind))
        .filter_map(|group| {
            let own = overrides.get(group.id).cloned().unwrap_or_default();
            let mut limits: Vec<WorkspaceLimitValue> = own
                .iter()
                .map(|(kind, value)| WorkspaceLimitValue {
                    kind: kind.clone(),
                    value: *value,
                    org_limit: group.org_limit(kind),
                    source: source("workspace"),
                })
                .collect();
            if include_inherited {
                for (kind, value) in group.limits {
                    if !own.iter().any(|(own_kind, _)| own_kind == kind) {
                        limits.push(WorkspaceLimitValue {
                            kind: (*kind).to_owned(),
                            value: *value,
                            org_limit: Some(*value),
                            source: source("organization"),
                        });
                    }
                }
            }
            (!limits.is_empty()).then(|| WorkspaceRateLimit {
                rate_limit_id: entry_id(organization_id, group.id),
                workspace_id: workspace_id.to_owned(),
                group_type: group.kind.to_owned(),
                group: group.wire_group(),
                models: group.models(),
                limits,
            })
        })
        .collect();
    Ok(entries)
}

/// Gives a workspace its own value for one limiter of a model group (demo data).
pub async fn set_override(
    conn: &mut SqliteConnection,
    workspace_id: &str,
    group_display_name: &str,
    limit_type: &str,
    value: i64,
) -> ApiResult<()> {
    let group = GROUPS
        .iter()
        .find(|group| group.display_name == Some(group_display_name))
        .expect("a group of the table");
    sqlx::query(
        "INSERT INTO workspace_rate_limits (workspace_id, group_id, limit_type, value) VALUES (?, ?, ?, ?) \
         ON CONFLICT (workspace_id, group_id, limit_type) DO UPDATE SET value = excluded.value",
    )
    .bind(workspace_id)
    .bind(group.id)
    .bind(limit_type)
    .bind(value)
    .execute(&mut *conn)
    .await?;
    Ok(())
}
