//! The organization's API keys: list, get, rename, change status (never create or delete).

use admin_wire::schemas::ApiKeyId;
use admin_wire::{ApiKey, ApiKeyUpdate, Page};
use axum::extract::State;
use axum::Json;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::app::AppState;
use crate::db;
use crate::db::api_keys::Filters;
use crate::error::ApiResult;
use crate::extract::{JsonBody, PathParams, QueryParams};
use crate::ids;
use crate::openapi::errors;
use crate::pagination::{ApiKeyPages, PageParams};
use crate::routes::{trimmed_text, well_formed_id};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_api_keys))
        .routes(routes!(get_api_key, update_api_key))
}

/// Lists API keys, oldest first.
#[utoipa::path(get, path = "/api_keys", tag = "api keys", params(ApiKeyPages, Filters),
    responses((status = 200, description = "A page of API keys.", body = Page<ApiKey>), errors::Read))]
async fn list_api_keys(
    State(state): State<AppState>,
    page: PageParams,
    QueryParams(filters): QueryParams<Filters>,
) -> ApiResult<Json<Page<ApiKey>>> {
    if let Some(id) = &filters.workspace_id {
        well_formed_id("workspace_id", id, ids::WORKSPACE)?;
    }
    if let Some(id) = &filters.created_by_user_id {
        well_formed_id("created_by_user_id", id, ids::USER)?;
    }
    Ok(Json(
        db::api_keys::list(&mut *state.db.read().await?, filters, &page).await?,
    ))
}

/// One API key.
#[utoipa::path(get, path = "/api_keys/{api_key_id}", tag = "api keys", params(("api_key_id" = ApiKeyId, Path)),
    responses((status = 200, description = "The API key.", body = ApiKey), errors::Lookup))]
async fn get_api_key(
    State(state): State<AppState>,
    PathParams(api_key_id): PathParams<String>,
) -> ApiResult<Json<ApiKey>> {
    Ok(Json(
        db::api_keys::get(&mut *state.db.read().await?, &api_key_id).await?,
    ))
}

/// Renames an API key or changes its status.
#[utoipa::path(post, path = "/api_keys/{api_key_id}", tag = "api keys", params(("api_key_id" = ApiKeyId, Path)),
    request_body = ApiKeyUpdate,
    responses((status = 200, description = "The API key as changed.", body = ApiKey), errors::Update))]
async fn update_api_key(
    State(state): State<AppState>,
    PathParams(api_key_id): PathParams<String>,
    JsonBody(body): JsonBody<ApiKeyUpdate>,
) -> ApiResult<Json<ApiKey>> {
    let name = body
        .name
        .as_deref()
        .map(|name| trimmed_text("name", name, 1, admin_wire::limits::API_KEY_NAME_MAX).map(str::to_owned))
        .transpose()?;
    Ok(Json(
        state
            .db
            .write(move |conn| {
                Box::pin(async move { db::api_keys::update(conn, &api_key_id, name.as_deref(), body.status).await })
            })
            .await?,
    ))
}
