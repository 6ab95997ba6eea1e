//! Organization members.

use admin_wire::{OrgRole, Page, User, WireName};
use sqlx::{QueryBuilder, Sqlite, SqliteConnection};

use crate::clock::Timestamp;
use crate::error::{ApiError, ApiResult};
use crate::ids;
use crate::pagination::{fetch_page_packed, push_any_of, Keyed, PackedSource, PageParams};

const SELECT: &str = "SELECT id, email, name, role, added_at FROM users";
/// The columns of [`UserRow`], in its fields' order (a list reads them packed, as a JSON array).
const COLUMNS: &str = "id, email, name, role, added_at";

/// A member as stored.
#[derive(sqlx::FromRow, serde::Deserialize)]
struct UserRow {
    id: String,
    email: String,
    name: String,
    #[serde(deserialize_with = "admin_wire::strict::known")]
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
    // A page may hold 1,000 members: its rows come packed (see `fetch_page_packed`).
    let from = |query: &mut QueryBuilder<'_, Sqlite>| {
        query.push("FROM users WHERE 1 = 1");
        if let Some(email) = email {
            query.push(" AND email_key = ").push_bind(email_key(email));
        }
        if !roles.is_empty() {
            push_any_of(query, "role", roles.iter().map(|role| role.as_str()));
        }
    };
    let source = PackedSource {
        columns: COLUMNS,
        from,
        key_column: "id",
    };
    let page = fetch_page_packed::<UserRow, _>(conn, page, source).await?;
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

#[cfg(test)]
mod tests {
    use admin_wire::OrgRole;

    use super::{get, insert, list};
    use crate::clock::Timestamp;
    use crate::db::Db;
    use crate::pagination::{Cursor, PageParams};

    /// A list's rows come packed as JSON from SQLite: every text survives the trip as it was
    /// stored (quotes, backslashes, controls, non-ASCII), and each listed member is the one `get`
    /// reads, on every kind of page.
    #[tokio::test]
    async fn packed_pages_hold_the_stored_members() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(&dir.path().join("admin.db")).await.unwrap();
        let names = [
            "Plain",
            "\"quoted\" and \\back\\slashed\\",
            "tab\tnew\nline\u{1}bell\u{7f}",
            "Zoë 山田 🦀 \u{202e}",
            "</script><b>",
            "",
        ];
        let ids: Vec<String> = db
            .write(move |conn| {
                Box::pin(async move {
                    let mut ids = Vec::new();
                    for (index, name) in names.iter().enumerate() {
                        let email = format!("Member{index}@Example.com");
                        let role = [OrgRole::Developer, OrgRole::User][index % 2];
                        let added = Timestamp(1_730_332_707_427_722 + index as i64);
                        ids.push(insert(conn, &email, name, role, added).await?.id);
                    }
                    Ok(ids)
                })
            })
            .await
            .unwrap();
        let mut conn = db.read().await.unwrap();
        let mut stored = Vec::new();
        for id in &ids {
            stored.push(get(&mut conn, id).await.unwrap());
        }
        let page = |limit, cursor| PageParams { limit, cursor };
        let all = list(&mut conn, None, &[], &page(1000, Cursor::Start)).await.unwrap();
        assert_eq!(all.data, stored);
        assert!(!all.has_more);
        let after = list(&mut conn, None, &[], &page(2, Cursor::After(ids[1].clone())))
            .await
            .unwrap();
        assert_eq!(after.data, stored[2..4]);
        assert!(after.has_more);
        let before = list(&mut conn, None, &[], &page(3, Cursor::Before(ids[4].clone())))
            .await
            .unwrap();
        assert_eq!(before.data, stored[1..4]);
        assert!(before.has_more);
        let developers = list(&mut conn, None, &[OrgRole::Developer], &page(20, Cursor::Start))
            .await
            .unwrap();
        assert_eq!(
            developers.data,
            [stored[0].clone(), stored[2].clone(), stored[4].clone()]
        );
        // A cursor outside the filtered list is refused, not taken for a position.
        let outside = list(
            &mut conn,
            None,
            &[OrgRole::Developer],
            &page(20, Cursor::After(ids[1].clone())),
        )
        .await;
        assert!(outside.is_err());
        let by_email = list(&mut conn, Some("MEMBER3@example.COM"), &[], &page(20, Cursor::Start))
            .await
            .unwrap();
        assert_eq!(by_email.data, [stored[3].clone()]);
        let empty = list(&mut conn, Some("nobody@example.com"), &[], &page(20, Cursor::Start))
            .await
            .unwrap();
        assert!(empty.data.is_empty() && empty.first_id.is_none() && !empty.has_more);
    }
}
