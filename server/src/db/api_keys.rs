//! The organization's inference API keys. The Admin API only reads, renames and changes their
//! status; they are created here by demo data and fixtures.

use admin_wire::{ApiKey, ApiKeyStatus, Creator, KeyScope, Page, Principal, WireName};
use rand::distributions::{Alphanumeric, DistString};
use serde::Deserialize;
use sqlx::{QueryBuilder, Sqlite, SqliteConnection};
use utoipa::IntoParams;

use crate::clock::{self, Timestamp};
use crate::db::{users, workspaces};
use crate::error::{ApiError, ApiResult};
use crate::ids;
use crate::pagination::{fetch_page, Keyed, ListSource, PageParams};

/// `SELECT * FROM (API keys with their status as of now) WHERE 1 = 1`: an active or inactive key
/// past its expiry reads as `expired` (never stored, so always true to the clock).
fn select(now: i64) -> QueryBuilder<'static, Sqlite> {
    let mut query = QueryBuilder::new(
        "SELECT * FROM (SELECT id, name, workspace_id, created_at, created_by_user_id, partial_key_hint, \
         expires_at, service_account_id, \
         CASE WHEN status <> 'archived' AND expires_at IS NOT NULL AND expires_at <= ",
    );
    query
        .push_bind(now)
        .push(" THEN 'expired' ELSE status END AS status FROM api_keys) WHERE 1 = 1");
    query
}

/// An API key as stored; `ApiKey` nests the creator, the principal and the scope.
#[derive(sqlx::FromRow)]
struct ApiKeyRow {
    id: String,
    name: String,
    workspace_id: Option<String>,
    created_at: Timestamp,
    created_by_user_id: Option<String>,
    partial_key_hint: Option<String>,
    expires_at: Option<Timestamp>,
    service_account_id: Option<String>,
    status: ApiKeyStatus,
}

impl ApiKeyRow {
    /// The wire object; `default_workspace_id` is the scope of a key with no workspace.
    fn into_wire(self, default_workspace_id: &str) -> ApiKey {
        let principal = match (self.service_account_id, &self.created_by_user_id) {
            (Some(service_account_id), _) => Some(Principal::ServiceAccountActor { service_account_id }),
            (None, Some(user_id)) => Some(Principal::UserActor {
                user_id: user_id.clone(),
            }),
            (None, None) => None,
        };
        ApiKey {
            scope: Some(KeyScope {
                workspace_id: self
                    .workspace_id
                    .clone()
                    .unwrap_or_else(|| default_workspace_id.to_owned()),
            }),
            id: self.id,
            name: self.name,
            workspace_id: self.workspace_id,
            created_at: self.created_at.to_wire(),
            created_by: self.created_by_user_id.map(|id| Creator { id }),
            principal,
            partial_key_hint: self.partial_key_hint,
            expires_at: self.expires_at.map(Timestamp::to_wire),
            status: self.status,
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
    /// Keys in this status only (`expired`: active or inactive keys past their expiry).
    #[serde(default, deserialize_with = "admin_wire::strict::option")]
    pub status: Option<ApiKeyStatus>,
    /// Keys of this workspace only (the default workspace's id: the keys with `workspace_id: null`).
    #[param(value_type = Option<admin_wire::schemas::WorkspaceId>)]
    pub workspace_id: Option<String>,
    /// Keys created by this user only.
    #[param(value_type = Option<admin_wire::schemas::UserId>)]
    pub created_by_user_id: Option<String>,
}

/// Lists keys; `workspace_id` may name the default workspace (its keys have no workspace).
pub async fn list(conn: &mut SqliteConnection, filters: Filters, page: &PageParams) -> ApiResult<Page<ApiKey>> {
    let default_workspace_id = workspaces::default_id(conn).await?;
    let now = clock::now_micros();
    let query = || {
        let mut query = select(now);
        if let Some(status) = filters.status {
            query.push(" AND status = ").push_bind(status);
        }
        match &filters.workspace_id {
            Some(workspace_id) if *workspace_id == default_workspace_id => {
                query.push(" AND workspace_id IS NULL");
            }
            Some(workspace_id) => {
                query.push(" AND workspace_id = ").push_bind(workspace_id.clone());
            }
            None => {}
        }
        if let Some(user_id) = &filters.created_by_user_id {
            query.push(" AND created_by_user_id = ").push_bind(user_id.clone());
        }
        query
    };
    let page = fetch_page::<ApiKeyRow, _>(conn, page, ListSource::by_id(query)).await?;
    Ok(page.map(|row| row.into_wire(&default_workspace_id)))
}

pub async fn get(conn: &mut SqliteConnection, id: &str) -> ApiResult<ApiKey> {
    let mut query = select(clock::now_micros());
    query.push(" AND id = ").push_bind(id.to_owned());
    let row = query.build_query_as::<ApiKeyRow>().fetch_optional(&mut *conn).await?;
    let default_workspace_id = workspaces::default_id(conn).await?;
    row.map(|row| row.into_wire(&default_workspace_id))
        .ok_or_else(|| ApiError::not_found(format!("No API key with id `{id}`.")))
}

/// Renames a key and/or changes its status: `expired` is never set, an archived key's status is
/// final, and an expired key may only be archived (decided).
pub async fn update(
    conn: &mut SqliteConnection,
    id: &str,
    name: Option<&str>,
    status: Option<ApiKeyStatus>,
) -> ApiResult<ApiKey> {
    let key = get(conn, id).await?;
    // Not even on a key that has expired already: `expired` only comes with time.
    if let Some(status) = status.filter(|status| !ApiKeyStatus::SETTABLE.contains(status)) {
        return Err(ApiError::invalid(format!(
            "status may be set to active, inactive or archived, not `{}`.",
            status.as_str()
        )));
    }
    if let Some(status) = status.filter(|status| *status != key.status) {
        match key.status {
            ApiKeyStatus::Archived => {
                return Err(ApiError::invalid(format!(
                    "API key `{}` is archived; its status cannot change.",
                    key.name
                )))
            }
            ApiKeyStatus::Expired if status != ApiKeyStatus::Archived => {
                return Err(ApiError::invalid(format!(
                    "API key `{}` has expired; it can be renamed or archived, not made {}.",
                    key.name,
                    status.as_str()
                )))
            }
            _ => {}
        }
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
    /// `None`: a legacy or system key, with no creator and no hint.
    pub created_by_user_id: Option<&'a str>,
    /// `active`, `inactive` or `archived`.
    pub status: ApiKeyStatus,
    pub created_at: Timestamp,
    pub expires_at: Option<Timestamp>,
    /// The key acts as this service account.
    pub service_account_id: Option<&'a str>,
}

pub async fn insert(conn: &mut SqliteConnection, key: NewApiKey<'_>) -> ApiResult<ApiKey> {
    if let Some(user_id) = key.created_by_user_id {
        users::get(conn, user_id).await?;
    }
    if !ApiKeyStatus::SETTABLE.contains(&key.status) {
        return Err(ApiError::invalid("A new key is active, inactive or archived."));
    }
    let status = match key.workspace_id {
        Some(workspace_id) if workspaces::get(conn, workspace_id).await?.archived_at.is_some() => {
            ApiKeyStatus::Archived
        }
        _ => key.status,
    };
    let hint = key.created_by_user_id.map(|_| {
        let secret = Alphanumeric.sample_string(&mut rand::thread_rng(), 7);
        format!("sk-ant-api03-{}...{}AA", &secret[..3], &secret[3..])
    });
    let id = ids::new_id(ids::API_KEY);
    sqlx::query(
        "INSERT INTO api_keys (id, name, workspace_id, created_at, created_by_user_id, partial_key_hint, status, \
         expires_at, service_account_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&id)
    .bind(key.name)
    .bind(key.workspace_id)
    .bind(key.created_at)
    .bind(key.created_by_user_id)
    .bind(hint)
    .bind(status)
    .bind(key.expires_at)
    .bind(key.service_account_id)
    .execute(&mut *conn)
    .await?;
    get(conn, &id).await
}
