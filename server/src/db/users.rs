//! Organization members.

use admin_wire::{OrgRole, Page, User, WireName};
use sqlx::{QueryBuilder, SqliteConnection};

use crate::clock::Timestamp;
use crate::error::{ApiError, ApiResult};
use crate::ids;
use crate::pagination::{fetch_page, push_any_of, Keyed, ListSource, PageParams};

const SELECT: &str = "SELECT id, email, name, role, added_at FROM users";

/// A member as stored.
#[derive(sqlx::FromRow)]
struct UserRow {
    id: String,
    email: String,
    name: String,
    role: OrgRole,
    added_at: Timestamp,
}

impl From<UserRow> for User {
    fn from(row: UserRow) -> Self {
        User {
            id: row.id,
            email: row.email,
            name: row.name,
            role: row.role,
            added_at: row.added_at.to_wire(),
        }
    }
}

impl Keyed for UserRow {
    fn key(&self) -> &str {
        &self.id
    }
}

/// The key emails are compared by (decided: case-insensitive everywhere).
pub fn email_key(email: &str) -> String {
    email.trim().to_lowercase()
}

pub async fn list(
    conn: &mut SqliteConnection,
    email: Option<&str>,
    roles: &[OrgRole],
    page: &PageParams,
) -> ApiResult<Page<User>> {
    let query = || {
        let mut query = QueryBuilder::new(SELECT);
        query.push(" WHERE 1 = 1");
        if let Some(email) = email {
            query.push(" AND email_key = ").push_bind(email_key(email));
        }
        if !roles.is_empty() {
            push_any_of(&mut query, "role", roles.iter().map(|role| role.as_str()));
        }
        query
    };
    let page = fetch_page::<UserRow, _>(conn, page, ListSource::by_id(query)).await?;
    Ok(page.map(User::from))
}

pub async fn get(conn: &mut SqliteConnection, id: &str) -> ApiResult<User> {
    sqlx::query_as::<_, UserRow>(&format!("{SELECT} WHERE id = ?"))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .map(User::from)
        .ok_or_else(|| ApiError::not_found(format!("No user with id `{id}`.")))
}

pub async fn find_by_email(conn: &mut SqliteConnection, email: &str) -> sqlx::Result<Option<User>> {
    Ok(sqlx::query_as::<_, UserRow>(&format!("{SELECT} WHERE email_key = ?"))
        .bind(email_key(email))
        .fetch_optional(&mut *conn)
        .await?
        .map(User::from))
}

/// Adds a member (invite acceptance, demo data and fixtures; the API has no such call).
pub async fn insert(
    conn: &mut SqliteConnection,
    email: &str,
    name: &str,
    role: OrgRole,
    added_at: Timestamp,
) -> ApiResult<User> {
    if find_by_email(conn, email).await?.is_some() {
        return Err(ApiError::conflict(format!(
            "A member with the email `{email}` already exists."
        )));
    }
    let id = ids::new_id(ids::USER);
    sqlx::query("INSERT INTO users (id, email, email_key, name, role, added_at) VALUES (?, ?, ?, ?, ?, ?)")
        .bind(&id)
        .bind(email.trim())
        .bind(email_key(email))
        .bind(name)
        .bind(role)
        .bind(added_at)
        .execute(&mut *conn)
        .await?;
    get(conn, &id).await
}

/// Changes a member's role to an assignable one (never `admin` or an owner's); an admin's or
/// owner's role never changes. `membership_admin` and `managed` members may be given one (decided).
pub async fn update_role(conn: &mut SqliteConnection, id: &str, role: OrgRole) -> ApiResult<User> {
    if !OrgRole::ASSIGNABLE.contains(&role) {
        return Err(ApiError::invalid(format!(
            "The {} role cannot be assigned through the API; use one of user, developer, billing, claude_code_user.",
            role.as_str()
        )));
    }
    let user = get(conn, id).await?;
    if user.role.is_admin() {
        return Err(ApiError::invalid(format!(
            "`{}` is {}; their role cannot be changed.",
            user.email,
            admin_kind(user.role)
        )));
    }
    sqlx::query("UPDATE users SET role = ? WHERE id = ?")
        .bind(role)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    get(conn, id).await
}

/// Removes a member and their workspace memberships (the schema cascades); their API keys stay.
pub async fn delete(conn: &mut SqliteConnection, id: &str) -> ApiResult<()> {
    let user = get(conn, id).await?;
    if user.role.is_admin() {
        return Err(ApiError::invalid(format!(
            "`{}` is {}; admins and owners cannot be removed.",
            user.email,
            admin_kind(user.role)
        )));
    }
    sqlx::query("DELETE FROM users WHERE id = ?")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// "an admin", "an owner", "the primary owner": what an admin-like member is, for messages.
pub fn admin_kind(role: OrgRole) -> &'static str {
    match role {
        OrgRole::Owner => "an owner",
        OrgRole::PrimaryOwner => "the primary owner",
        _ => "an admin",
    }
}
