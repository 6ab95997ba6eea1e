//! Workspaces. The default workspace is not a row: API keys with no workspace belong to it.

use admin_wire::{Page, Workspace};
use sqlx::{QueryBuilder, SqliteConnection};

use crate::clock::Timestamp;
use crate::error::{ApiError, ApiResult};
use crate::ids;
use crate::pagination::{fetch_page, Keyed, ListSource, PageParams};

/// At most this many unarchived workspaces per organization.
pub const MAX_ACTIVE: i64 = 100;

/// Colors given to workspaces created without one, in turn.
const PALETTE: [&str; 8] = [
    "#6C5BB9", "#C2410C", "#0E7490", "#15803D", "#B91C1C", "#A16207", "#1D4ED8", "#BE185D",
];

const SELECT: &str = "SELECT id, name, created_at, archived_at, display_color FROM workspaces";

/// A workspace as stored.
#[derive(sqlx::FromRow)]
struct WorkspaceRow {
    id: String,
    name: String,
    created_at: Timestamp,
    archived_at: Option<Timestamp>,
    display_color: String,
}

impl From<WorkspaceRow> for Workspace {
    fn from(row: WorkspaceRow) -> Self {
        Workspace {
            id: row.id,
            name: row.name,
            created_at: row.created_at.to_wire(),
            archived_at: row.archived_at.map(Timestamp::to_wire),
            display_color: Some(row.display_color),
        }
    }
}

impl Keyed for WorkspaceRow {
    fn key(&self) -> &str {
        &self.id
    }
}

pub async fn list(
    conn: &mut SqliteConnection,
    include_archived: bool,
    page: &PageParams,
) -> ApiResult<Page<Workspace>> {
    let query = || {
        let mut query = QueryBuilder::new(SELECT);
        query.push(if include_archived {
            " WHERE 1 = 1"
        } else {
            " WHERE archived_at IS NULL"
        });
        query
    };
    let page = fetch_page::<WorkspaceRow, _>(conn, page, ListSource::by_id(query)).await?;
    Ok(page.map(Workspace::from))
}

pub async fn get(conn: &mut SqliteConnection, id: &str) -> ApiResult<Workspace> {
    sqlx::query_as::<_, WorkspaceRow>(&format!("{SELECT} WHERE id = ?"))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .map(Workspace::from)
        .ok_or_else(|| ApiError::not_found(format!("No workspace with id `{id}`.")))
}

/// The workspace `id`, which must not be archived for the write described by `action`.
pub async fn get_unarchived(conn: &mut SqliteConnection, id: &str, action: &str) -> ApiResult<Workspace> {
    let workspace = get(conn, id).await?;
    if workspace.archived_at.is_some() {
        return Err(ApiError::invalid(format!(
            "Workspace `{}` is archived; {action}.",
            workspace.name
        )));
    }
    Ok(workspace)
}

/// Creates a workspace (name already validated), unless 100 are active already.
pub async fn create(
    conn: &mut SqliteConnection,
    name: &str,
    color: Option<&str>,
    created_at: Timestamp,
) -> ApiResult<Workspace> {
    let (active, total): (i64, i64) =
        sqlx::query_as("SELECT COUNT(*) FILTER (WHERE archived_at IS NULL), COUNT(*) FROM workspaces")
            .fetch_one(&mut *conn)
            .await?;
    if active >= MAX_ACTIVE {
        return Err(ApiError::invalid(format!(
            "The organization already has {MAX_ACTIVE} active workspaces, the most allowed; archive one first."
        )));
    }
    let color = color.unwrap_or(PALETTE[total as usize % PALETTE.len()]);
    let id = ids::new_id(ids::WORKSPACE);
    sqlx::query("INSERT INTO workspaces (id, name, display_color, created_at) VALUES (?, ?, ?, ?)")
        .bind(&id)
        .bind(name)
        .bind(color)
        .bind(created_at)
        .execute(&mut *conn)
        .await?;
    get(conn, &id).await
}

pub async fn update(
    conn: &mut SqliteConnection,
    id: &str,
    name: Option<&str>,
    color: Option<&str>,
) -> ApiResult<Workspace> {
    get_unarchived(conn, id, "it can no longer be changed").await?;
    sqlx::query(
        "UPDATE workspaces SET name = COALESCE(?, name), display_color = COALESCE(?, display_color) WHERE id = ?",
    )
    .bind(name)
    .bind(color)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    get(conn, id).await
}

/// Archives a workspace, for good, and archives every API key in it (in the caller's transaction).
pub async fn archive(conn: &mut SqliteConnection, id: &str, archived_at: Timestamp) -> ApiResult<Workspace> {
    get_unarchived(conn, id, "it cannot be archived again").await?;
    sqlx::query("UPDATE workspaces SET archived_at = ? WHERE id = ?")
        .bind(archived_at)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    sqlx::query("UPDATE api_keys SET status = 'archived' WHERE workspace_id = ?")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    get(conn, id).await
}
