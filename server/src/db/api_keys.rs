//! The organization's inference API keys. The Admin API only reads, renames and changes their
//! status; they are created here by demo data and fixtures.

use admin_wire::{ApiKey, ApiKeyStatus, Creator, Page};
use rand::distributions::{Alphanumeric, DistString};
use serde::Deserialize;
use sqlx::{QueryBuilder, SqliteConnection};
use utoipa::IntoParams;

use crate::clock::Timestamp;
use crate::db::{users, workspaces};
use crate::error::{ApiError, ApiResult};
use crate::ids;
use crate::pagination::{fetch_page, Keyed, ListSource, PageParams};

const SELECT: &str =
    "SELECT id, name, workspace_id, created_at, created_by_user_id, partial_key_hint, status FROM api_keys";

/// An API key as stored; `ApiKey` nests the creator.
#[derive(sqlx::FromRow)]
struct ApiKeyRow {
    id: String,
    name: String,
    workspace_id: Option<String>,
    created_at: Timestamp,
    created_by_user_id: String,
    partial_key_hint: String,
    status: ApiKeyStatus,
}

impl From<ApiKeyRow> for ApiKey {
    fn from(row: ApiKeyRow) -> Self {
        ApiKey {
            id: row.id,
            name: row.name,
            workspace_id: row.workspace_id,
            created_at: row.created_at.to_wire(),
            created_by: Creator {
                id: row.created_by_user_id,
            },
            partial_key_hint: Some(row.partial_key_hint),
            status: row.status,
        }
    }
}

impl Keyed for ApiKeyRow {
    fn key(&self) -> &str {
        &self.id
    }
}

/// The list filters, each optional, as the query string gives them.
#[derive(Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Filters {
    #[serde(default, deserialize_with = "admin_wire::strict::option")]
    pub status: Option<ApiKeyStatus>,
    /// Keys of this workspace only.
    pub workspace_id: Option<String>,
    /// Keys created by this user only.
    pub created_by_user_id: Option<String>,
}

pub async fn list(conn: &mut SqliteConnection, filters: Filters, page: &PageParams) -> ApiResult<Page<ApiKey>> {
    let query = || {
        let mut query = QueryBuilder::new(SELECT);
        query.push(" WHERE 1 = 1");
        if let Some(status) = filters.status {
            query.push(" AND status = ").push_bind(status);
        }
        if let Some(workspace_id) = &filters.workspace_id {
            query.push(" AND workspace_id = ").push_bind(workspace_id.clone());
        }
        if let Some(user_id) = &filters.created_by_user_id {
            query.push(" AND created_by_user_id = ").push_bind(user_id.clone());
        }
        query
    };
    let page = fetch_page::<ApiKeyRow, _>(conn, page, ListSource::by_id(query)).await?;
    Ok(page.map(ApiKey::from))
}

pub async fn get(conn: &mut SqliteConnection, id: &str) -> ApiResult<ApiKey> {
    sqlx::query_as::<_, ApiKeyRow>(&format!("{SELECT} WHERE id = ?"))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .map(ApiKey::from)
        .ok_or_else(|| ApiError::not_found(format!("No API key with id `{id}`.")))
}

/// Renames a key and/or changes its status; an archived key's status is final.
pub async fn update(
    conn: &mut SqliteConnection,
    id: &str,
    name: Option<&str>,
    status: Option<ApiKeyStatus>,
) -> ApiResult<ApiKey> {
    let key = get(conn, id).await?;
    if key.status == ApiKeyStatus::Archived && status.is_some_and(|status| status != ApiKeyStatus::Archived) {
        return Err(ApiError::invalid(format!(
            "API key `{}` is archived; its status cannot change.",
            key.name
        )));
    }
    sqlx::query("UPDATE api_keys SET name = COALESCE(?, name), status = COALESCE(?, status) WHERE id = ?")
        .bind(name)
        .bind(status)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    get(conn, id).await
}

/// A new key, as the Console would make it (the key itself is never kept, only its hint).
pub struct NewApiKey<'a> {
    pub name: &'a str,
    pub workspace_id: Option<&'a str>,
    pub created_by_user_id: &'a str,
    pub status: ApiKeyStatus,
    pub created_at: Timestamp,
}

pub async fn insert(conn: &mut SqliteConnection, key: NewApiKey<'_>) -> ApiResult<ApiKey> {
    users::get(conn, key.created_by_user_id).await?;
    let status = match key.workspace_id {
        Some(workspace_id) if workspaces::get(conn, workspace_id).await?.archived_at.is_some() => {
            ApiKeyStatus::Archived
        }
        _ => key.status,
    };
    let secret = Alphanumeric.sample_string(&mut rand::thread_rng(), 7);
    let hint = format!("sk-ant-api03-{}...{}AA", &secret[..3], &secret[3..]);
    let id = ids::new_id(ids::API_KEY);
    sqlx::query(
        "INSERT INTO api_keys (id, name, workspace_id, created_at, created_by_user_id, partial_key_hint, status) \
         VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&id)
    .bind(key.name)
    .bind(key.workspace_id)
    .bind(key.created_at)
    .bind(key.created_by_user_id)
    .bind(hint)
    .bind(status)
    .execute(&mut *conn)
    .await?;
    get(conn, &id).await
}
