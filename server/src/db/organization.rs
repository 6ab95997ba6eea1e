//! The one organization this server speaks for.

use admin_wire::Organization;
use sqlx::SqliteConnection;

pub const DEFAULT_NAME: &str = "Example Organization";

/// Creates the organization row on first start.
pub async fn ensure(conn: &mut SqliteConnection) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO organization (id, name) SELECT ?, ? WHERE NOT EXISTS (SELECT 1 FROM organization)")
        .bind(uuid::Uuid::new_v4().to_string())
        .bind(DEFAULT_NAME)
        .execute(&mut *conn)
        .await?;
    Ok(())
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
