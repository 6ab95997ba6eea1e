//! Organization members: list, get, change role, remove.

use admin_wire::schemas::UserId;
use admin_wire::{Deleted, OrgRole, Page, UpdateUser, User};
use axum::extract::State;
use axum::Json;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::app::AppState;
use crate::db;
use crate::error::ApiResult;
use crate::extract::{JsonBody, PathParams, QueryParams};
use crate::openapi::errors;
use crate::pagination::{PageParams, UserPages};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_users))
        .routes(routes!(get_user, update_user, delete_user))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct UserFilters {
    /// Only the member with this email (compared case-insensitively).
    #[param(min_length = 1)]
    email: Option<String>,
    /// Only members with one of these roles (repeat the parameter).
    #[serde(
        rename = "roles[]",
        alias = "roles",
        default,
        deserialize_with = "admin_wire::strict::vec"
    )]
    roles: Vec<OrgRole>,
}

/// Lists the organization's members, oldest first.
#[utoipa::path(get, path = "/users", tag = "users", params(UserPages, UserFilters),
    responses((status = 200, description = "A page of members.", body = Page<User>), errors::Read))]
async fn list_users(
    State(state): State<AppState>,
    page: PageParams,
    QueryParams(filters): QueryParams<UserFilters>,
) -> ApiResult<Json<Page<User>>> {
    Ok(Json(
        db::users::list(
            &mut *state.db.read().await?,
            filters.email.as_deref(),
            &filters.roles,
            &page,
        )
        .await?,
    ))
}

/// One member.
#[utoipa::path(get, path = "/users/{user_id}", tag = "users", params(("user_id" = UserId, Path)),
    responses((status = 200, description = "The member.", body = User), errors::Lookup))]
async fn get_user(State(state): State<AppState>, PathParams(user_id): PathParams<String>) -> ApiResult<Json<User>> {
    Ok(Json(db::users::get(&mut *state.db.read().await?, &user_id).await?))
}

/// Changes a member's role. `admin` cannot be assigned, and an admin's role cannot change.
#[utoipa::path(post, path = "/users/{user_id}", tag = "users", params(("user_id" = UserId, Path)),
    request_body = UpdateUser,
    responses((status = 200, description = "The member with their new role.", body = User), errors::Update))]
async fn update_user(
    State(state): State<AppState>,
    PathParams(user_id): PathParams<String>,
    JsonBody(body): JsonBody<UpdateUser>,
) -> ApiResult<Json<User>> {
    Ok(Json(
        state
            .db
            .write(move |conn| Box::pin(async move { db::users::update_role(conn, &user_id, body.role).await }))
            .await?,
    ))
}

/// Removes a member and their workspace memberships; their API keys stay. Admins cannot be removed.
#[utoipa::path(delete, path = "/users/{user_id}", tag = "users", params(("user_id" = UserId, Path)),
    responses((status = 200, description = "`{id, type: \"user_deleted\"}`.", body = Deleted), errors::Remove))]
async fn delete_user(
    State(state): State<AppState>,
    PathParams(user_id): PathParams<String>,
) -> ApiResult<Json<Deleted>> {
    state
        .db
        .write({
            let user_id = user_id.clone();
            move |conn| Box::pin(async move { db::users::delete(conn, &user_id).await })
        })
        .await?;
    Ok(Json(Deleted {
        id: user_id,
        kind: "user_deleted".to_owned(),
    }))
}
