//! Workspaces: create, list, get, rename or recolor, archive.

use admin_wire::limits::{MAX_IDS, RESERVED_TAG_PREFIX, TAG_KEY_MAX, TAG_VALUE_MAX, WORKSPACE_NAME_MAX};
use admin_wire::schemas::WorkspaceId;
use admin_wire::{
    AllowedInferenceGeos, CreateWorkspace, DataResidencyChoice, GeoChoice, InferenceGeo, Page, WireName, Workspace,
    WorkspaceUpdate,
};
use axum::extract::State;
use axum::Json;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::app::AppState;
use crate::clock::{self, Timestamp};
use crate::db;
use crate::db::workspaces::{NewWorkspace, ResidencyChange, WorkspaceChange};
use crate::error::{ApiError, ApiResult};
use crate::extract::{JsonBody, PathParams, QueryParams};
use crate::ids;
use crate::openapi::errors;
use crate::pagination::{PageParams, WorkspacePages};
use crate::routes::{trimmed_text, well_formed_id};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_workspaces, create_workspace))
        .routes(routes!(get_workspace, update_workspace))
        .routes(routes!(archive_workspace))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct WorkspaceFilters {
    /// Include archived workspaces (default false; `true`/`false` in any case).
    #[serde(default, deserialize_with = "crate::extract::query_bool")]
    include_archived: bool,
    /// List the default workspace too, first (default false).
    #[serde(default, deserialize_with = "crate::extract::query_bool")]
    include_default: bool,
    /// Only these workspaces (repeat the parameter; at most 100).
    #[param(value_type = Vec<WorkspaceId>, max_items = 100)]
    #[serde(rename = "ids[]", alias = "ids", default)]
    ids: Vec<String>,
}

fn workspace_name(name: &str) -> ApiResult<String> {
    trimmed_text("name", name, 1, WORKSPACE_NAME_MAX).map(str::to_owned)
}

/// `#RRGGBB`, returned upper-cased.
fn display_color(color: &str) -> ApiResult<String> {
    let digits = color.strip_prefix('#').unwrap_or_default();
    if digits.len() != 6 || !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(ApiError::invalid(format!(
            "display_color must look like #RRGGBB, not `{color}`."
        )));
    }
    Ok(color.to_ascii_uppercase())
}

/// Whether a `data_residency` is part of a creation or of an update (which cannot move the data).
#[derive(PartialEq)]
enum Written {
    AtCreation,
    InUpdate,
}

fn geo(field: &str, name: &str) -> ApiResult<InferenceGeo> {
    InferenceGeo::parse(name).ok_or_else(|| {
        ApiError::invalid(format!(
            "data_residency.{field} must be `us` or `global`, not `{name}`."
        ))
    })
}

/// Reads a request's `data_residency`: geos are `us` or `global`, `workspace_geo` only `us` and
/// only at creation, a list of allowed geos non-empty and without repeats.
fn residency_change(choice: Option<DataResidencyChoice>, written: Written) -> ApiResult<ResidencyChange> {
    let Some(choice) = choice else {
        return Ok(ResidencyChange::default());
    };
    match (&choice.workspace_geo, written) {
        (Some(_), Written::InUpdate) => {
            return Err(ApiError::invalid(
                "data_residency.workspace_geo is fixed when the workspace is created; it cannot be changed.",
            ))
        }
        (Some(name), Written::AtCreation) if name != "us" => {
            return Err(ApiError::invalid(format!(
                "data_residency.workspace_geo must be `us`, not `{name}`."
            )))
        }
        _ => {}
    }
    let allowed = match choice.allowed_inference_geos {
        None => None,
        Some(GeoChoice::Word(word)) if word == AllowedInferenceGeos::UNRESTRICTED => {
            Some(AllowedInferenceGeos::Unrestricted)
        }
        Some(GeoChoice::Word(word)) => {
            return Err(ApiError::invalid(format!(
                "data_residency.allowed_inference_geos must be \"unrestricted\" or a list of geos, not `{word}`."
            )))
        }
        Some(GeoChoice::List(names)) => {
            let mut geos = Vec::new();
            for name in &names {
                let geo = geo("allowed_inference_geos", name)?;
                if geos.contains(&geo) {
                    return Err(ApiError::invalid(format!(
                        "data_residency.allowed_inference_geos names `{name}` twice."
                    )));
                }
                geos.push(geo);
            }
            if geos.is_empty() {
                return Err(ApiError::invalid(
                    "data_residency.allowed_inference_geos must name at least one geo (or be \"unrestricted\").",
                ));
            }
            Some(AllowedInferenceGeos::Only(geos))
        }
    };
    let default = choice
        .default_inference_geo
        .as_deref()
        .map(|name| geo("default_inference_geo", name))
        .transpose()?;
    Ok(ResidencyChange { allowed, default })
}

/// A tag's key: 1 to 64 characters, not starting with `anthropic` (reserved).
fn tag_key(key: &str) -> ApiResult<String> {
    let key = trimmed_text("tag key", key, 1, TAG_KEY_MAX)?;
    if key.to_ascii_lowercase().starts_with(RESERVED_TAG_PREFIX) {
        return Err(ApiError::invalid(format!(
            "tags: the key `{key}` is reserved; tag keys must not start with `anthropic`."
        )));
    }
    Ok(key.to_owned())
}

/// A tag's value: at most 256 characters, no control characters (may be empty).
fn tag_value(key: &str, value: &str) -> ApiResult<String> {
    trimmed_text(&format!("the value of tag `{key}`"), value, 0, TAG_VALUE_MAX).map(str::to_owned)
}

/// Lists workspaces, oldest first; archived ones only with `include_archived=true`, the default
/// workspace (first) only with `include_default=true`.
#[utoipa::path(get, path = "/workspaces", tag = "workspaces", params(WorkspacePages, WorkspaceFilters),
    responses((status = 200, description = "A page of workspaces.", body = Page<Workspace>), errors::Read))]
async fn list_workspaces(
    State(state): State<AppState>,
    page: PageParams,
    QueryParams(filters): QueryParams<WorkspaceFilters>,
) -> ApiResult<Json<Page<Workspace>>> {
    if filters.ids.len() > MAX_IDS {
        return Err(ApiError::invalid(format!(
            "ids[] may name at most {MAX_IDS} workspaces ({} given).",
            filters.ids.len()
        )));
    }
    for id in &filters.ids {
        well_formed_id("ids[]", id, ids::WORKSPACE)?;
    }
    let filters = db::workspaces::Filters {
        include_archived: filters.include_archived,
        include_default: filters.include_default,
        ids: filters.ids,
    };
    Ok(Json(
        db::workspaces::list(&mut *state.db.read().await?, &filters, &page).await?,
    ))
}

/// Creates a workspace; at most 100 may be active at once.
#[utoipa::path(post, path = "/workspaces", tag = "workspaces", request_body = CreateWorkspace,
    responses((status = 200, description = "The new workspace.", body = Workspace), errors::Create))]
async fn create_workspace(
    State(state): State<AppState>,
    JsonBody(body): JsonBody<CreateWorkspace>,
) -> ApiResult<Json<Workspace>> {
    let new = NewWorkspace {
        name: workspace_name(&body.name)?,
        color: body.display_color.as_deref().map(display_color).transpose()?,
        residency: residency_change(body.data_residency, Written::AtCreation)?,
        tags: body
            .tags
            .unwrap_or_default()
            .into_iter()
            .map(|(key, value)| Ok((tag_key(&key)?, tag_value(&key, &value)?)))
            .collect::<ApiResult<_>>()?,
        created_at: Timestamp(clock::now_micros()),
    };
    Ok(Json(
        state
            .db
            .write(move |conn| Box::pin(async move { db::workspaces::create(conn, new).await }))
            .await?,
    ))
}

/// One workspace, archived or not.
#[utoipa::path(get, path = "/workspaces/{workspace_id}", tag = "workspaces", params(("workspace_id" = WorkspaceId, Path)),
    responses((status = 200, description = "The workspace.", body = Workspace), errors::Lookup))]
async fn get_workspace(
    State(state): State<AppState>,
    PathParams(workspace_id): PathParams<String>,
) -> ApiResult<Json<Workspace>> {
    Ok(Json(
        db::workspaces::get(&mut *state.db.read().await?, &workspace_id).await?,
    ))
}

/// Renames or recolors a workspace, or changes its inference geos or tags; an archived workspace
/// (and the default one) cannot change.
#[utoipa::path(post, path = "/workspaces/{workspace_id}", tag = "workspaces", params(("workspace_id" = WorkspaceId, Path)),
    request_body = WorkspaceUpdate,
    responses((status = 200, description = "The workspace as changed.", body = Workspace), errors::Update))]
async fn update_workspace(
    State(state): State<AppState>,
    PathParams(workspace_id): PathParams<String>,
    JsonBody(body): JsonBody<WorkspaceUpdate>,
) -> ApiResult<Json<Workspace>> {
    let change = WorkspaceChange {
        name: body.name.as_deref().map(workspace_name).transpose()?,
        color: body.display_color.as_deref().map(display_color).transpose()?,
        residency: residency_change(body.data_residency, Written::InUpdate)?,
        tags: body
            .tags
            .unwrap_or_default()
            .into_iter()
            .map(|(key, value)| {
                let value = value.map(|value| tag_value(&key, &value)).transpose()?;
                Ok((tag_key(&key)?, value))
            })
            .collect::<ApiResult<_>>()?,
    };
    Ok(Json(
        state
            .db
            .write(move |conn| Box::pin(async move { db::workspaces::update(conn, &workspace_id, change).await }))
            .await?,
    ))
}

/// Archives a workspace, irreversibly; every API key in it becomes `archived`.
#[utoipa::path(post, path = "/workspaces/{workspace_id}/archive", tag = "workspaces",
    params(("workspace_id" = WorkspaceId, Path)),
    responses((status = 200, description = "The workspace, archived.", body = Workspace), errors::Remove))]
async fn archive_workspace(
    State(state): State<AppState>,
    PathParams(workspace_id): PathParams<String>,
) -> ApiResult<Json<Workspace>> {
    let now = Timestamp(clock::now_micros());
    Ok(Json(
        state
            .db
            .write(move |conn| Box::pin(async move { db::workspaces::archive(conn, &workspace_id, now).await }))
            .await?,
    ))
}
