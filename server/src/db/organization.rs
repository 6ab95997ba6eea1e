//! The one organization this server speaks for.

use admin_wire::Organization;
use sqlx::SqliteConnection;

use crate::clock::{self, Timestamp};
use crate::ids;

pub const DEFAULT_NAME: &str = "Example Organization";

/// Creates the organization row on first start, and its default workspace's id (also for a
/// database made before the default workspace had one).
pub async fn ensure(conn: &mut SqliteConnection) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO organization (id, name) SELECT ?, ? WHERE NOT EXISTS (SELECT 1 FROM organization)")
        .bind(uuid::Uuid::new_v4().to_string())
        .bind(DEFAULT_NAME)
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "UPDATE organization SET default_workspace_id = ?, created_at = COALESCE(created_at, ?) \
         WHERE default_workspace_id IS NULL",
    )
    .bind(ids::new_id(ids::WORKSPACE))
    .bind(Timestamp(clock::now_micros()))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The default workspace's id and when it was made.
pub async fn default_workspace(conn: &mut SqliteConnection) -> sqlx::Result<(String, Timestamp)> {
    sqlx::query_as("SELECT default_workspace_id, created_at FROM organization LIMIT 1")
        .fetch_one(&mut *conn)
        .await
}

pub async fn get(conn: &mut SqliteConnection) -> sqlx::Result<Organization> {
    let (id, name) = sqlx::query_as("SELECT id, name FROM organization LIMIT 1")
        .fetch_one(&mut *conn)
        .await?;
    Ok(Organization { id, name })
}

pub async fn rename(conn: &mut SqliteConnection, name: &str) -> sqlx::Result<()> {
    sqlx::query("UPDATE organization SET name = ?")
        .bind(name)
        .execute(&mut *conn)
        .await?;
    Ok(())
}
