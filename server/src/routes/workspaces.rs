//! Workspaces: create, list, get, rename or recolor, archive.

use admin_wire::{CreateWorkspace, Page, Workspace, WorkspaceUpdate};
use axum::extract::State;
use axum::Json;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::app::AppState;
use crate::clock::{self, Timestamp};
use crate::db;
use crate::error::{ApiError, ApiResult, ErrorEnvelope};
use crate::extract::{JsonBody, PathParams, QueryParams};
use crate::pagination::{PageParams, PageQuery};
use crate::routes::trimmed_text;

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
}

fn workspace_name(name: &str) -> ApiResult<String> {
    trimmed_text("name", name, 1, 40).map(str::to_owned)
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

/// Lists workspaces, oldest first; archived ones only with `include_archived=true`.
/// The default workspace is never listed.
#[utoipa::path(get, path = "/workspaces", tag = "workspaces", params(PageQuery, WorkspaceFilters),
    responses((status = 200, body = Page<Workspace>), (status = "default", body = ErrorEnvelope)))]
async fn list_workspaces(
    State(state): State<AppState>,
    page: PageParams,
    QueryParams(filters): QueryParams<WorkspaceFilters>,
) -> ApiResult<Json<Page<Workspace>>> {
    Ok(Json(
        db::workspaces::list(&mut *state.db.read().await?, filters.include_archived, &page).await?,
    ))
}

/// Creates a workspace; at most 100 may be active at once.
#[utoipa::path(post, path = "/workspaces", tag = "workspaces", request_body = CreateWorkspace,
    responses((status = 200, body = Workspace), (status = "default", body = ErrorEnvelope)))]
async fn create_workspace(
    State(state): State<AppState>,
    JsonBody(body): JsonBody<CreateWorkspace>,
) -> ApiResult<Json<Workspace>> {
    let name = workspace_name(&body.name)?;
    let color = body.display_color.as_deref().map(display_color).transpose()?;
    let now = Timestamp(clock::now_micros());
    Ok(Json(
        state
            .db
            .write(move |conn| {
                Box::pin(async move { db::workspaces::create(conn, &name, color.as_deref(), now).await })
            })
            .await?,
    ))
}

/// One workspace, archived or not.
#[utoipa::path(get, path = "/workspaces/{workspace_id}", tag = "workspaces", params(("workspace_id" = String, Path)),
    responses((status = 200, body = Workspace), (status = "default", body = ErrorEnvelope)))]
async fn get_workspace(
    State(state): State<AppState>,
    PathParams(workspace_id): PathParams<String>,
) -> ApiResult<Json<Workspace>> {
    Ok(Json(
        db::workspaces::get(&mut *state.db.read().await?, &workspace_id).await?,
    ))
}

/// Renames or recolors a workspace; an archived workspace cannot change.
#[utoipa::path(post, path = "/workspaces/{workspace_id}", tag = "workspaces", params(("workspace_id" = String, Path)),
    request_body = WorkspaceUpdate,
    responses((status = 200, body = Workspace), (status = "default", body = ErrorEnvelope)))]
async fn update_workspace(
    State(state): State<AppState>,
    PathParams(workspace_id): PathParams<String>,
    JsonBody(body): JsonBody<WorkspaceUpdate>,
) -> ApiResult<Json<Workspace>> {
    let name = body.name.as_deref().map(workspace_name).transpose()?;
    let color = body.display_color.as_deref().map(display_color).transpose()?;
    Ok(Json(
        state
            .db
            .write(move |conn| {
                Box::pin(
                    async move { db::workspaces::update(conn, &workspace_id, name.as_deref(), color.as_deref()).await },
                )
            })
            .await?,
    ))
}

/// Archives a workspace, irreversibly; every API key in it becomes `archived`.
#[utoipa::path(post, path = "/workspaces/{workspace_id}/archive", tag = "workspaces",
    params(("workspace_id" = String, Path)),
    responses((status = 200, body = Workspace), (status = "default", body = ErrorEnvelope)))]
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
