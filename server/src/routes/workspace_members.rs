//! Workspace membership: add, list, get, change role, remove.

use admin_wire::schemas::{UserId, WorkspaceId};
use admin_wire::{AddWorkspaceMember, Page, UpdateWorkspaceMember, WorkspaceMember, WorkspaceMemberDeleted};
use axum::extract::State;
use axum::Json;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::app::AppState;
use crate::db;
use crate::error::ApiResult;
use crate::extract::{JsonBody, PathParams};
use crate::openapi::errors;
use crate::pagination::{PageParams, UserPages};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_members, add_member))
        .routes(routes!(get_member, update_member, remove_member))
}

/// Lists a workspace's members (by user id, oldest user first), inherited admins and billing included.
#[utoipa::path(get, path = "/workspaces/{workspace_id}/members", tag = "workspace members",
    params(("workspace_id" = WorkspaceId, Path), UserPages),
    responses((status = 200, description = "A page of the workspace's members.", body = Page<WorkspaceMember>),
        errors::Lookup))]
async fn list_members(
    State(state): State<AppState>,
    PathParams(workspace_id): PathParams<String>,
    page: PageParams,
) -> ApiResult<Json<Page<WorkspaceMember>>> {
    Ok(Json(
        db::workspace_members::list(&mut *state.db.read().await?, &workspace_id, &page).await?,
    ))
}

/// Adds an organization member to the workspace.
#[utoipa::path(post, path = "/workspaces/{workspace_id}/members", tag = "workspace members",
    params(("workspace_id" = WorkspaceId, Path)), request_body = AddWorkspaceMember,
    responses((status = 200, description = "The new membership.", body = WorkspaceMember), errors::UpdateUnique))]
async fn add_member(
    State(state): State<AppState>,
    PathParams(workspace_id): PathParams<String>,
    JsonBody(body): JsonBody<AddWorkspaceMember>,
) -> ApiResult<Json<WorkspaceMember>> {
    let member = state
        .db
        .write(move |conn| {
            Box::pin(async move {
                db::workspace_members::add(conn, &workspace_id, &body.user_id, body.workspace_role).await
            })
        })
        .await?;
    Ok(Json(member))
}

/// One member of the workspace.
#[utoipa::path(get, path = "/workspaces/{workspace_id}/members/{user_id}", tag = "workspace members",
    params(("workspace_id" = WorkspaceId, Path), ("user_id" = UserId, Path)),
    responses((status = 200, description = "The membership.", body = WorkspaceMember), errors::Lookup))]
async fn get_member(
    State(state): State<AppState>,
    PathParams((workspace_id, user_id)): PathParams<(String, String)>,
) -> ApiResult<Json<WorkspaceMember>> {
    Ok(Json(
        db::workspace_members::get(&mut *state.db.read().await?, &workspace_id, &user_id).await?,
    ))
}

/// Changes a member's workspace role.
#[utoipa::path(post, path = "/workspaces/{workspace_id}/members/{user_id}", tag = "workspace members",
    params(("workspace_id" = WorkspaceId, Path), ("user_id" = UserId, Path)), request_body = UpdateWorkspaceMember,
    responses((status = 200, description = "The membership with its new role.", body = WorkspaceMember),
        errors::Update))]
async fn update_member(
    State(state): State<AppState>,
    PathParams((workspace_id, user_id)): PathParams<(String, String)>,
    JsonBody(body): JsonBody<UpdateWorkspaceMember>,
) -> ApiResult<Json<WorkspaceMember>> {
    let member = state
        .db
        .write(move |conn| {
            Box::pin(
                async move { db::workspace_members::update(conn, &workspace_id, &user_id, body.workspace_role).await },
            )
        })
        .await?;
    Ok(Json(member))
}

/// Removes a member from the workspace.
#[utoipa::path(delete, path = "/workspaces/{workspace_id}/members/{user_id}", tag = "workspace members",
    params(("workspace_id" = WorkspaceId, Path), ("user_id" = UserId, Path)),
    responses((status = 200, description = "`{type: \"workspace_member_deleted\", user_id, workspace_id}`.",
        body = WorkspaceMemberDeleted), errors::Remove))]
async fn remove_member(
    State(state): State<AppState>,
    PathParams((workspace_id, user_id)): PathParams<(String, String)>,
) -> ApiResult<Json<WorkspaceMemberDeleted>> {
    state
        .db
        .write({
            let (workspace_id, user_id) = (workspace_id.clone(), user_id.clone());
            move |conn| Box::pin(async move { db::workspace_members::remove(conn, &workspace_id, &user_id).await })
        })
        .await?;
    Ok(Json(WorkspaceMemberDeleted { user_id, workspace_id }))
}
