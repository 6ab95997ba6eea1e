//! Rate limits, read-only: the organization's per group, and a workspace's overrides. Page-token
//! lists: without `limit`, every entry in one page.

use admin_wire::schemas::WorkspaceId;
use admin_wire::{RateLimit, TokenPage, WorkspaceRateLimit};
use axum::extract::State;
use axum::Json;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::app::AppState;
use crate::db;
use crate::db::rate_limits::GROUP_TYPES;
use crate::error::{ApiError, ApiResult};
use crate::extract::{PathParams, QueryParams};
use crate::openapi::errors;
use crate::pagination::parse_limit;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_rate_limits))
        .routes(routes!(list_workspace_rate_limits))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct RateLimitFilters {
    /// Only entries of this group type.
    #[param(schema_with = group_types)]
    group_type: Option<String>,
    /// Only the entry whose group has this model (404 if no group has it).
    #[param(min_length = 1)]
    model: Option<String>,
    /// Entries per page, 1 to 1000 (default: all).
    #[param(value_type = Option<i64>, minimum = 1, maximum = 1000)]
    limit: Option<String>,
    /// The `next_page` of the previous page (400 for anything else).
    #[param(min_length = 1)]
    page: Option<String>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct WorkspaceRateLimitFilters {
    /// Only entries of this group type.
    #[param(schema_with = group_types)]
    group_type: Option<String>,
    /// Also list the limits the workspace inherits from the organization (default false).
    #[serde(default, deserialize_with = "crate::extract::query_bool")]
    include_inherited: bool,
    /// Entries per page, 1 to 1000 (default: all).
    #[param(value_type = Option<i64>, minimum = 1, maximum = 1000)]
    limit: Option<String>,
    /// The `next_page` of the previous page (400 for anything else).
    #[param(min_length = 1)]
    page: Option<String>,
}

/// The schema of `group_type`: one of the group types.
fn group_types() -> utoipa::openapi::schema::Object {
    utoipa::openapi::ObjectBuilder::new()
        .schema_type(utoipa::openapi::schema::Type::String)
        .enum_values(Some(GROUP_TYPES))
        .build()
}

fn group_type(value: Option<String>) -> ApiResult<Option<String>> {
    match value {
        Some(kind) if !GROUP_TYPES.contains(&kind.as_str()) => Err(ApiError::invalid(format!(
            "group_type must be one of {}, not `{kind}`.",
            GROUP_TYPES.join(", ")
        ))),
        other => Ok(other),
    }
}

/// The prefix of this server's page tokens for rate limits.
const TOKEN_PREFIX: &str = "rlpage_";

/// One page of `items`: from the position `page` names, at most `limit` of them.
fn token_page<T>(items: Vec<T>, limit: Option<&str>, page: Option<&str>) -> ApiResult<TokenPage<T>> {
    let limit = match limit {
        None => usize::MAX,
        Some(text) => parse_limit(text)? as usize,
    };
    let start = match page {
        None => 0,
        Some(token) => token
            .strip_prefix(TOKEN_PREFIX)
            .and_then(|n| n.parse::<usize>().ok())
            .filter(|start| *start <= items.len())
            .ok_or_else(|| ApiError::invalid(format!("page `{token}` is not a page token of this list.")))?,
    };
    let end = start.saturating_add(limit).min(items.len());
    let has_more = end < items.len();
    Ok(TokenPage {
        data: items.into_iter().skip(start).take(end - start).collect(),
        has_more,
        next_page: has_more.then(|| format!("{TOKEN_PREFIX}{end}")),
    })
}

/// The organization's rate limits, one entry per rate-limit group.
#[utoipa::path(get, path = "/rate_limits", tag = "rate limits", params(RateLimitFilters),
    responses((status = 200, description = "A page of the organization's rate limits.", body = TokenPage<RateLimit>),
        errors::Lookup))]
async fn list_rate_limits(
    State(state): State<AppState>,
    QueryParams(filters): QueryParams<RateLimitFilters>,
) -> ApiResult<Json<TokenPage<RateLimit>>> {
    let kind = group_type(filters.group_type)?;
    if let Some(model) = filters
        .model
        .as_deref()
        .filter(|model| !db::rate_limits::is_known_model(model))
    {
        return Err(ApiError::not_found(format!(
            "No rate-limit group has the model `{model}`."
        )));
    }
    let entries = db::rate_limits::organization(&state.organization_id, kind.as_deref(), filters.model.as_deref());
    Ok(Json(token_page(
        entries,
        filters.limit.as_deref(),
        filters.page.as_deref(),
    )?))
}

/// A workspace's rate limits: its overrides, and with `include_inherited=true` the
/// organization's limits it inherits too.
#[utoipa::path(get, path = "/workspaces/{workspace_id}/rate_limits", tag = "rate limits",
    params(("workspace_id" = WorkspaceId, Path), WorkspaceRateLimitFilters),
    responses((status = 200, description = "A page of the workspace's rate limits.",
        body = TokenPage<WorkspaceRateLimit>), errors::Lookup))]
async fn list_workspace_rate_limits(
    State(state): State<AppState>,
    PathParams(workspace_id): PathParams<String>,
    QueryParams(filters): QueryParams<WorkspaceRateLimitFilters>,
) -> ApiResult<Json<TokenPage<WorkspaceRateLimit>>> {
    let kind = group_type(filters.group_type)?;
    let mut conn = state.db.read().await?;
    db::workspaces::get(&mut conn, &workspace_id).await?;
    let entries = db::rate_limits::workspace(
        &mut conn,
        &state.organization_id,
        &workspace_id,
        kind.as_deref(),
        filters.include_inherited,
    )
    .await?;
    Ok(Json(token_page(
        entries,
        filters.limit.as_deref(),
        filters.page.as_deref(),
    )?))
}

#[cfg(test)]
mod tests {
    use super::token_page;

    #[test]
    fn token_pages_cover_the_list_once() {
        let all: Vec<u32> = (0..5).collect();
        let first = token_page(all.clone(), Some("2"), None).unwrap();
        assert_eq!((first.data, first.has_more), (vec![0, 1], true));
        let second = token_page(all.clone(), Some("2"), first.next_page.as_deref()).unwrap();
        let third = token_page(all.clone(), Some("2"), second.next_page.as_deref()).unwrap();
        assert_eq!((second.data, third.data.clone()), (vec![2, 3], vec![4]));
        assert_eq!((third.has_more, third.next_page), (false, None));
        let whole = token_page(all.clone(), None, None).unwrap();
        assert_eq!((whole.data.len(), whole.next_page), (5, None));
        for bad in ["x", "rlpage_9", "rlpage_-1"] {
            assert!(token_page(all.clone(), None, Some(bad)).is_err(), "{bad}");
        }
        for bad in ["0", "1001", "two"] {
            assert!(token_page(all.clone(), Some(bad), None).is_err(), "{bad}");
        }
    }
}
