//! The SQLite database: one file in WAL mode, migrations from `server/migrations/` applied at open.
//!
//! Every write runs as one `BEGIN IMMEDIATE` transaction on the only connection of the write pool,
//! so a check and the write it guards (unique emails, the workspace cap, single archive) happen
//! with no other write in between, even from another process; reads use their own pool and
//! never wait for writes. The functions of the submodules take the connection (or transaction)
//! to run on, so a caller decides what is atomic.

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

use sqlx::pool::PoolConnection;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Sqlite, SqliteConnection, SqlitePool, Transaction};

use crate::error::ApiResult;

#[derive(Clone)]
pub struct Db {
    reads: SqlitePool,
    writes: SqlitePool,
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
        let writes = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options.clone())
            .await?;
        sqlx::migrate!("./migrations").run(&writes).await?;
        organization::ensure(&mut *writes.acquire().await?).await?;
        let reads = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options.read_only(true))
            .await?;
        Ok(Db { reads, writes })
    }

    /// A connection for reading.
    pub async fn read(&self) -> sqlx::Result<PoolConnection<Sqlite>> {
        self.reads.acquire().await
    }

    /// Starts a write transaction; it holds the database's write lock until committed or dropped
    /// (a dropped transaction rolls back, so a refused request changes nothing).
    pub async fn begin_write(&self) -> sqlx::Result<Transaction<'static, Sqlite>> {
        self.writes.begin_with("BEGIN IMMEDIATE").await
    }

    /// Runs `operation` as one write transaction, committed only when it succeeds.
    pub async fn write<T>(&self, operation: impl AsyncFnOnce(&mut SqliteConnection) -> ApiResult<T>) -> ApiResult<T> {
        let mut transaction = self.begin_write().await?;
        let value = operation(&mut transaction).await?;
        transaction.commit().await?;
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use admin_wire::{OrgRole, WorkspaceRole};
    use sqlx::{Connection, SqliteConnection};

    /// The wire enums are TEXT columns holding their wire names; `Unknown` is neither written nor
    /// read (a name the wire crate does not know is a decode error, never `Unknown`).
    #[tokio::test]
    async fn wire_enums_are_text_columns_of_known_names() {
        let mut conn = SqliteConnection::connect("sqlite::memory:").await.unwrap();
        let stored: String = sqlx::query_scalar("SELECT ?")
            .bind(WorkspaceRole::WorkspaceBilling)
            .fetch_one(&mut conn)
            .await
            .unwrap();
        assert_eq!(stored, "workspace_billing");
        let read: OrgRole = sqlx::query_scalar("SELECT 'claude_code_user'")
            .fetch_one(&mut conn)
            .await
            .unwrap();
        assert_eq!(read, OrgRole::ClaudeCodeUser);
        for name in ["unknown", "owner"] {
            let read = sqlx::query_scalar::<_, OrgRole>(&format!("SELECT '{name}'"))
                .fetch_one(&mut conn)
                .await;
            assert!(read.is_err(), "{name}: {read:?}");
        }
        let written = sqlx::query("SELECT ?").bind(OrgRole::Unknown).execute(&mut conn).await;
        assert!(written.is_err(), "{written:?}");
    }
}
