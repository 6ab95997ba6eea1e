//! The SQLite database: one file in WAL mode, migrations from `server/migrations/` applied at open.
//!
//! Writes go through a pool of exactly one connection, so every check-then-write rule (unique
//! emails, the workspace cap) runs alone; reads use their own pool and never wait for writes.

pub mod admin_keys;
pub mod api_keys;
pub mod invites;
pub mod organization;
pub mod users;
pub mod workspace_members;
pub mod workspaces;

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;

#[derive(Clone)]
pub struct Db {
    pub read: SqlitePool,
    pub write: SqlitePool,
}

impl Db {
    /// Opens (creating if needed) the database at `path`, migrates it, and makes sure the
    /// organization exists.
    pub async fn open(path: &Path) -> anyhow::Result<Db> {
        let options = SqliteConnectOptions::from_str(&format!("sqlite://{}", path.display()))?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // FULL: a write that was answered 200 survives a crash of the process or the machine.
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        let write = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options.clone())
            .await?;
        sqlx::migrate!("./migrations").run(&write).await?;
        organization::ensure(&write).await?;
        let read = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options.read_only(true))
            .await?;
        Ok(Db { read, write })
    }
}
