//! The one organization this server speaks for.

use sqlx::SqlitePool;

use crate::models::Organization;

pub const DEFAULT_NAME: &str = "Example Organization";

/// Creates the organization row on first start.
pub async fn ensure(pool: &SqlitePool) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO organization (id, name) SELECT ?, ? WHERE NOT EXISTS (SELECT 1 FROM organization)")
        .bind(uuid::Uuid::new_v4().to_string())
        .bind(DEFAULT_NAME)
        .execute(pool)
        .await?;
    Ok(())
}

pub async fn get(pool: &SqlitePool) -> sqlx::Result<Organization> {
    sqlx::query_as("SELECT id, 'organization' AS type, name FROM organization LIMIT 1")
        .fetch_one(pool)
        .await
}

pub async fn rename(pool: &SqlitePool, name: &str) -> sqlx::Result<()> {
    sqlx::query("UPDATE organization SET name = ?")
        .bind(name)
        .execute(pool)
        .await?;
    Ok(())
}
