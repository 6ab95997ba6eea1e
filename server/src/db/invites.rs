//! Invitations to join the organization. An invite expires 21 days after it was sent; `expired`
//! is computed when read, never stored, so it is always true to the clock.

use admin_wire::{Invite, InviteStatus, OrgRole, Page, User, WireName};
use sqlx::{QueryBuilder, Sqlite, SqliteConnection};

use crate::clock::{self, Timestamp, MICROS_PER_DAY};
use crate::db::users;
use crate::error::{ApiError, ApiResult};
use crate::ids;
use crate::pagination::{fetch_page, push_any_of, Keyed, ListSource, PageParams};

pub const LIFETIME_DAYS: i64 = 21;

/// An invite as [`select`] reads it, with its status as of now.
#[derive(sqlx::FromRow)]
struct InviteRow {
    id: String,
    email: String,
    role: OrgRole,
    invited_at: Timestamp,
    expires_at: Timestamp,
    accepted_at: Option<Timestamp>,
    status: InviteStatus,
}

impl From<InviteRow> for Invite {
    fn from(row: InviteRow) -> Self {
        Invite {
            id: row.id,
            email: row.email,
            role: row.role,
            invited_at: row.invited_at.to_wire(),
            expires_at: row.expires_at.to_wire(),
            accepted_at: row.accepted_at.map(Timestamp::to_wire),
            status: row.status,
            // The reference server has no RBAC groups.
            rbac_group_ids: Vec::new(),
        }
    }
}

impl Keyed for InviteRow {
    fn key(&self) -> &str {
        &self.id
    }
}

/// `SELECT * FROM (invites with their status as of now) WHERE 1 = 1`.
fn select(now: i64) -> QueryBuilder<'static, Sqlite> {
    let mut query = QueryBuilder::new(
        "SELECT * FROM (SELECT id, email, email_key, role, invited_at, expires_at, accepted_at, \
         CASE WHEN state = 'pending' AND expires_at <= ",
    );
    query
        .push_bind(now)
        .push(" THEN 'expired' ELSE state END AS status FROM invites) WHERE 1 = 1");
    query
}

/// Lists invites with the contract's filters: `email` (case-insensitive), `roles` and `statuses`
/// (each one of, when given; all three listed statuses when not). A deleted invite is never
/// listed: the route refuses `deleted` as a status filter.
pub async fn list(
    conn: &mut SqliteConnection,
    email: Option<&str>,
    roles: &[OrgRole],
    statuses: &[InviteStatus],
    page: &PageParams,
) -> ApiResult<Page<Invite>> {
    let statuses = if statuses.is_empty() {
        &InviteStatus::LISTED[..]
    } else {
        statuses
    };
    let now = clock::now_micros();
    let query = || {
        let mut query = select(now);
        push_any_of(&mut query, "status", statuses.iter().map(|status| status.as_str()));
        if let Some(email) = email {
            query.push(" AND email_key = ").push_bind(users::email_key(email));
        }
        if !roles.is_empty() {
            push_any_of(&mut query, "role", roles.iter().map(|role| role.as_str()));
        }
        query
    };
    let page = fetch_page::<InviteRow, _>(conn, page, ListSource::by_id(query)).await?;
    Ok(page.map(Invite::from))
}

pub async fn get(conn: &mut SqliteConnection, id: &str) -> ApiResult<Invite> {
    let mut query = select(clock::now_micros());
    query.push(" AND id = ").push_bind(id.to_owned());
    query
        .build_query_as::<InviteRow>()
        .fetch_optional(&mut *conn)
        .await?
        .map(Invite::from)
        .ok_or_else(|| ApiError::not_found(format!("No invite with id `{id}`.")))
}

/// Invites `email` as `role`, sent at `invited_at`. The email must be neither a member's nor
/// that of a pending invite (409); `admin` cannot be given by invite.
pub async fn create(
    conn: &mut SqliteConnection,
    email: &str,
    role: OrgRole,
    invited_at: Timestamp,
) -> ApiResult<Invite> {
    if !OrgRole::ASSIGNABLE.contains(&role) {
        return Err(ApiError::invalid(format!(
            "The {} role cannot be given by an invite; use one of user, developer, billing, claude_code_user.",
            role.as_str()
        )));
    }
    if users::find_by_email(conn, email).await?.is_some() {
        return Err(ApiError::conflict(format!(
            "`{email}` is already a member of the organization."
        )));
    }
    let pending: Option<String> =
        sqlx::query_scalar("SELECT id FROM invites WHERE email_key = ? AND state = 'pending' AND expires_at > ?")
            .bind(users::email_key(email))
            .bind(clock::now_micros())
            .fetch_optional(&mut *conn)
            .await?;
    if let Some(pending) = pending {
        return Err(ApiError::conflict(format!(
            "`{email}` already has a pending invite ({pending})."
        )));
    }
    let id = ids::new_id(ids::INVITE);
    sqlx::query(
        "INSERT INTO invites (id, email, email_key, role, invited_at, expires_at, state) \
         VALUES (?, ?, ?, ?, ?, ?, 'pending')",
    )
    .bind(&id)
    .bind(email.trim())
    .bind(users::email_key(email))
    .bind(role)
    .bind(invited_at)
    .bind(invited_at.0 + LIFETIME_DAYS * MICROS_PER_DAY)
    .execute(&mut *conn)
    .await?;
    get(conn, &id).await
}

/// The invite `id`, which must be pending (not accepted, expired or deleted) for `action`.
async fn get_pending(conn: &mut SqliteConnection, id: &str, action: &str) -> ApiResult<Invite> {
    let invite = get(conn, id).await?;
    if invite.status != InviteStatus::Pending {
        return Err(ApiError::invalid(format!(
            "Only a pending invite can be {action}; this one is {}.",
            invite.status.as_str()
        )));
    }
    Ok(invite)
}

/// Deletes a pending invite.
pub async fn delete(conn: &mut SqliteConnection, id: &str) -> ApiResult<()> {
    get_pending(conn, id, "deleted").await?;
    sqlx::query("UPDATE invites SET state = 'deleted' WHERE id = ?")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Accepts a pending invite as the invitee would: they become a member with the invite's role.
pub async fn accept(conn: &mut SqliteConnection, id: &str, name: &str, accepted_at: Timestamp) -> ApiResult<User> {
    let invite = get_pending(conn, id, "accepted").await?;
    let user = users::insert(conn, &invite.email, name, invite.role, accepted_at).await?;
    sqlx::query("UPDATE invites SET state = 'accepted', accepted_at = ? WHERE id = ?")
        .bind(accepted_at)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(user)
}
