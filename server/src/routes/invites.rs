//! Invites: send, list, get, delete.

use admin_wire::schemas::InviteId;
use admin_wire::{CreateInvite, Deleted, Invite, InviteStatus, OrgRole, Page, WireName};
use axum::extract::State;
use axum::Json;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::app::AppState;
use crate::clock::{self, Timestamp};
use crate::db;
use crate::error::{ApiError, ApiResult};
use crate::extract::{JsonBody, PathParams, QueryParams};
use crate::openapi::errors;
use crate::pagination::{InvitePages, PageParams};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_invites, create_invite))
        .routes(routes!(get_invite, delete_invite))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct InviteFilters {
    /// Only the invites of this email (compared case-insensitively).
    #[param(min_length = 1)]
    email: Option<String>,
    /// Only invites for one of these roles (repeat the parameter).
    #[serde(
        rename = "roles[]",
        alias = "roles",
        default,
        deserialize_with = "admin_wire::strict::vec"
    )]
    roles: Vec<OrgRole>,
    /// Only invites in these statuses (repeat the parameter): `pending`, `accepted`, `expired`
    /// (all three when not given; a deleted invite is never listed).
    #[param(schema_with = listed_statuses)]
    #[serde(
        rename = "statuses[]",
        alias = "statuses",
        default,
        deserialize_with = "admin_wire::strict::vec"
    )]
    statuses: Vec<InviteStatus>,
}

/// The schema of `statuses[]`: the statuses a list holds (never `deleted`).
fn listed_statuses() -> utoipa::openapi::schema::Array {
    use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, Type};
    ArrayBuilder::new()
        .items(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .enum_values(Some(InviteStatus::LISTED.map(InviteStatus::as_str))),
        )
        .build()
}

/// Lists invites, oldest first; deleted invites are never listed (read one by its id).
#[utoipa::path(get, path = "/invites", tag = "invites", params(InvitePages, InviteFilters),
    responses((status = 200, description = "A page of invites.", body = Page<Invite>), errors::Read))]
async fn list_invites(
    State(state): State<AppState>,
    page: PageParams,
    QueryParams(filters): QueryParams<InviteFilters>,
) -> ApiResult<Json<Page<Invite>>> {
    if let Some(status) = filters
        .statuses
        .iter()
        .find(|status| !InviteStatus::LISTED.contains(status))
    {
        return Err(ApiError::invalid(format!(
            "statuses[] may be pending, accepted or expired, not `{}`: deleted invites are never listed.",
            status.as_str()
        )));
    }
    Ok(Json(
        db::invites::list(
            &mut *state.db.read().await?,
            filters.email.as_deref(),
            &filters.roles,
            &filters.statuses,
            &page,
        )
        .await?,
    ))
}

/// Invites someone to the organization; the invite expires after 21 days.
#[utoipa::path(post, path = "/invites", tag = "invites", request_body = CreateInvite,
    responses((status = 200, description = "The new invite, pending.", body = Invite), errors::CreateUnique))]
async fn create_invite(
    State(state): State<AppState>,
    JsonBody(body): JsonBody<CreateInvite>,
) -> ApiResult<Json<Invite>> {
    let email = body.email;
    if !admin_wire::text::is_valid_email(&email) {
        return Err(ApiError::invalid(format!("`{email}` is not a valid email address.")));
    }
    if body.rbac_group_ids.as_ref().is_some_and(|groups| !groups.is_empty()) {
        return Err(ApiError::invalid(
            "rbac_group_ids: this organization has no RBAC groups; send [] or leave it out.",
        ));
    }
    let now = Timestamp(clock::now_micros());
    Ok(Json(
        state
            .db
            .write(move |conn| Box::pin(async move { db::invites::create(conn, &email, body.role, now).await }))
            .await?,
    ))
}

/// One invite, in any status.
#[utoipa::path(get, path = "/invites/{invite_id}", tag = "invites", params(("invite_id" = InviteId, Path)),
    responses((status = 200, description = "The invite (a deleted one too).", body = Invite), errors::Lookup))]
async fn get_invite(
    State(state): State<AppState>,
    PathParams(invite_id): PathParams<String>,
) -> ApiResult<Json<Invite>> {
    Ok(Json(db::invites::get(&mut *state.db.read().await?, &invite_id).await?))
}

/// Deletes a pending invite.
#[utoipa::path(delete, path = "/invites/{invite_id}", tag = "invites", params(("invite_id" = InviteId, Path)),
    responses((status = 200, description = "`{id, type: \"invite_deleted\"}`.", body = Deleted), errors::Remove))]
async fn delete_invite(
    State(state): State<AppState>,
    PathParams(invite_id): PathParams<String>,
) -> ApiResult<Json<Deleted>> {
    state
        .db
        .write({
            let invite_id = invite_id.clone();
            move |conn| Box::pin(async move { db::invites::delete(conn, &invite_id).await })
        })
        .await?;
    Ok(Json(Deleted {
        id: invite_id,
        kind: "invite_deleted".to_owned(),
    }))
}
