//! `GET /me`: the organization the admin key belongs to.

use admin_wire::Organization;
use axum::extract::State;
use axum::Json;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::app::AppState;
use crate::db;
use crate::error::ApiResult;
use crate::openapi::errors;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_me))
}

/// The organization the admin key belongs to.
#[utoipa::path(get, path = "/me", tag = "organization",
    responses((status = 200, description = "The organization.", body = Organization), errors::Read))]
async fn get_me(State(state): State<AppState>) -> ApiResult<Json<Organization>> {
    Ok(Json(db::organization::get(&mut *state.db.read().await?).await?))
}
