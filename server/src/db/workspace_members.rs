//! Workspace membership. Besides the stored memberships, organization admins (and owners) are
//! `workspace_admin` and billing members `workspace_billing` in every workspace (decided): they are
//! listed, and that inherited membership cannot be changed or removed, except that a billing member
//! may be raised to `workspace_admin` (a stored row) and set back to `workspace_billing`.

use admin_wire::{OrgRole, Page, WorkspaceMember, WorkspaceRole};
use sqlx::{QueryBuilder, Sqlite, SqliteConnection};

use crate::db::{users, workspaces};
use crate::error::{ApiError, ApiResult};
use crate::pagination::{fetch_page, Keyed, ListSource, PageParams};

/// A member as [`select`] reads it, with their effective role.
#[derive(sqlx::FromRow)]
struct MemberRow {
    user_id: String,
    workspace_id: String,
    workspace_role: WorkspaceRole,
}

impl From<MemberRow> for WorkspaceMember {
    fn from(row: MemberRow) -> Self {
        WorkspaceMember {
            user_id: row.user_id,
            workspace_id: row.workspace_id,
            workspace_role: row.workspace_role,
        }
    }
}

impl Keyed for MemberRow {
    fn key(&self) -> &str {
        &self.user_id
    }
}

/// `SELECT * FROM (every member of the workspace with their effective role) WHERE 1 = 1`.
fn select(workspace_id: &str) -> QueryBuilder<'static, Sqlite> {
    let mut query = QueryBuilder::new("SELECT * FROM (SELECT u.id AS user_id, ");
    query.push_bind(workspace_id.to_owned()).push(
        " AS workspace_id, \
         CASE WHEN u.role IN ('admin', 'owner', 'primary_owner') THEN 'workspace_admin' \
              WHEN u.role = 'billing' THEN COALESCE(NULLIF(m.workspace_role, 'workspace_billing'), 'workspace_billing') \
              ELSE m.workspace_role END AS workspace_role \
         FROM users u LEFT JOIN workspace_members m ON m.user_id = u.id AND m.workspace_id = ",
    );
    query
        .push_bind(workspace_id.to_owned())
        .push(" WHERE m.user_id IS NOT NULL OR u.role IN ('admin', 'owner', 'primary_owner', 'billing')) WHERE 1 = 1");
    query
}

pub async fn list(
    conn: &mut SqliteConnection,
    workspace_id: &str,
    page: &PageParams,
) -> ApiResult<Page<WorkspaceMember>> {
    workspaces::get_with_members(conn, workspace_id).await?;
    let query = || select(workspace_id);
    let page = fetch_page::<MemberRow, _>(
        conn,
        page,
        ListSource {
            query,
            key_column: "user_id",
        },
    )
    .await?;
    Ok(page.map(WorkspaceMember::from))
}

async fn find(conn: &mut SqliteConnection, workspace_id: &str, user_id: &str) -> sqlx::Result<Option<WorkspaceMember>> {
    let mut query = select(workspace_id);
    query.push(" AND user_id = ").push_bind(user_id.to_owned());
    Ok(query
        .build_query_as::<MemberRow>()
        .fetch_optional(&mut *conn)
        .await?
        .map(WorkspaceMember::from))
}

pub async fn get(conn: &mut SqliteConnection, workspace_id: &str, user_id: &str) -> ApiResult<WorkspaceMember> {
    workspaces::get_with_members(conn, workspace_id).await?;
    find(conn, workspace_id, user_id)
        .await?
        .ok_or_else(|| not_a_member(workspace_id, user_id))
}

fn not_a_member(workspace_id: &str, user_id: &str) -> ApiError {
    ApiError::not_found(format!(
        "User `{user_id}` is not a member of workspace `{workspace_id}`."
    ))
}

fn refuse_billing_role() -> ApiError {
    ApiError::invalid("workspace_billing cannot be assigned; it comes with the organization's billing role.")
}

pub async fn add(
    conn: &mut SqliteConnection,
    workspace_id: &str,
    user_id: &str,
    role: WorkspaceRole,
) -> ApiResult<WorkspaceMember> {
    workspaces::get_unarchived(conn, workspace_id, "its membership cannot change").await?;
    if role == WorkspaceRole::WorkspaceBilling {
        return Err(refuse_billing_role());
    }
    let user = users::get(conn, user_id).await?;
    if find(conn, workspace_id, user_id).await?.is_some() {
        return Err(ApiError::conflict(format!(
            "`{}` is already a member of this workspace.",
            user.email
        )));
    }
    sqlx::query("INSERT INTO workspace_members (workspace_id, user_id, workspace_role) VALUES (?, ?, ?)")
        .bind(workspace_id)
        .bind(user_id)
        .bind(role)
        .execute(&mut *conn)
        .await?;
    get(conn, workspace_id, user_id).await
}

/// The member and their organization role, for a write to a workspace that must not be archived.
async fn get_for_write(conn: &mut SqliteConnection, workspace_id: &str, user_id: &str) -> ApiResult<OrgRole> {
    workspaces::get_unarchived(conn, workspace_id, "its membership cannot change").await?;
    if find(conn, workspace_id, user_id).await?.is_none() {
        return Err(not_a_member(workspace_id, user_id));
    }
    let user = users::get(conn, user_id).await?;
    if user.role.is_admin() {
        return Err(ApiError::invalid(format!(
            "`{}` is {} of the organization and so workspace_admin in every workspace; that cannot be changed here.",
            user.email,
            users::admin_kind(user.role)
        )));
    }
    Ok(user.role)
}

pub async fn update(
    conn: &mut SqliteConnection,
    workspace_id: &str,
    user_id: &str,
    role: WorkspaceRole,
) -> ApiResult<WorkspaceMember> {
    let org_role = get_for_write(conn, workspace_id, user_id).await?;
    let stored =
        match (org_role, role) {
            (OrgRole::Billing, WorkspaceRole::WorkspaceAdmin) => Some(role),
            (OrgRole::Billing, WorkspaceRole::WorkspaceBilling) => None,
            (OrgRole::Billing, _) => return Err(ApiError::invalid(
                "A billing member is workspace_billing in every workspace; they can only be raised to workspace_admin.",
            )),
            (_, WorkspaceRole::WorkspaceBilling) => return Err(refuse_billing_role()),
            (_, role) => Some(role),
        };
    match stored {
        Some(role) => {
            sqlx::query(
                "INSERT INTO workspace_members (workspace_id, user_id, workspace_role) VALUES (?, ?, ?) \
                 ON CONFLICT (workspace_id, user_id) DO UPDATE SET workspace_role = excluded.workspace_role",
            )
            .bind(workspace_id)
            .bind(user_id)
            .bind(role)
            .execute(&mut *conn)
            .await?
        }
        None => {
            sqlx::query("DELETE FROM workspace_members WHERE workspace_id = ? AND user_id = ?")
                .bind(workspace_id)
                .bind(user_id)
                .execute(&mut *conn)
                .await?
        }
    };
    get(conn, workspace_id, user_id).await
}

pub async fn remove(conn: &mut SqliteConnection, workspace_id: &str, user_id: &str) -> ApiResult<()> {
    if get_for_write(conn, workspace_id, user_id).await? == OrgRole::Billing {
        return Err(ApiError::invalid(
            "A billing member belongs to every workspace through their organization role; they cannot be removed.",
        ));
    }
    sqlx::query("DELETE FROM workspace_members WHERE workspace_id = ? AND user_id = ?")
        .bind(workspace_id)
        .bind(user_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}
