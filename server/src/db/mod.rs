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
pub mod rate_limits;
pub mod usage;
pub mod users;
pub mod workspace_members;
pub mod workspaces;

use std::future::Future;
use std::path::Path;
use std::pin::Pin;
use std::str::FromStr;
use std::time::Duration;

use sqlx::pool::PoolConnection;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Sqlite, SqliteConnection, SqlitePool};

use crate::error::{current_request_id, ApiError, ApiResult, ErrorKind, REQUEST_ID};

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
            .after_release(|conn, _| Box::pin(is_reusable(conn)))
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

    /// Runs `operation` as one write transaction, committed only when it succeeds and rolled back
    /// otherwise.
    ///
    /// The transaction runs in a task of its own, which the caller only waits for: a request
    /// dropped while its write is in flight (the client hung up) cannot drop the transaction
    /// half-way, between `BEGIN` and the guard that would roll it back, and so can never leave
    /// the write lock held. The write then finishes (or rolls back) as if the client had waited.
    pub async fn write<T, F>(&self, operation: F) -> ApiResult<T>
    where
        T: Send + 'static,
        F: for<'c> FnOnce(&'c mut SqliteConnection) -> BoxFuture<'c, ApiResult<T>> + Send + 'static,
    {
        let writes = self.writes.clone();
        let request_id = current_request_id();
        let task = tokio::spawn(REQUEST_ID.scope(request_id, async move {
            let mut transaction = writes.begin_with("BEGIN IMMEDIATE").await?;
            match operation(&mut transaction).await {
                Ok(value) => {
                    transaction.commit().await?;
                    Ok(value)
                }
                Err(error) => {
                    transaction.rollback().await?;
                    Err(error)
                }
            }
        }));
        task.await.unwrap_or_else(|error| {
            tracing::error!(%error, request_id = %current_request_id(), "write task failed");
            Err(ApiError::new(ErrorKind::Api, "Internal server error."))
        })
    }
}

/// A future borrowing a connection, as [`Db::write`] takes them.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Whether a write connection handed back to its pool may be used again: only when it holds no
/// transaction. One that does (a future dropped between `BEGIN` and its transaction guard, so
/// that sqlx no longer knows the connection's state) is rolled back and closed, and the pool
/// opens a fresh one; nothing can then wedge the write lock.
async fn is_reusable(conn: &mut SqliteConnection) -> sqlx::Result<bool> {
    match sqlx::query("ROLLBACK").execute(&mut *conn).await {
        // The usual case: "cannot rollback - no transaction is active".
        Err(sqlx::Error::Database(error)) if error.message().contains("no transaction is active") => Ok(true),
        Err(error) => Err(error),
        Ok(_) => {
            tracing::warn!("a write connection came back with an open transaction; rolled back and closed");
            Ok(false)
        }
    }
}

#[cfg(test)]
mod tests {
    use admin_wire::{OrgRole, WorkspaceRole};
    use sqlx::{Connection, SqliteConnection};

    use super::Db;

    /// A write connection handed back to the pool inside a transaction that no guard will roll
    /// back (what a future dropped right after `BEGIN` leaves) is closed, not used again: the
    /// next write commits, and another connection sees it.
    #[tokio::test]
    async fn a_connection_returned_inside_a_transaction_is_discarded() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(&dir.path().join("admin.db")).await.unwrap();
        {
            let mut conn = db.writes.acquire().await.unwrap();
            sqlx::query("BEGIN IMMEDIATE").execute(&mut *conn).await.unwrap();
        } // returned to the pool with the write lock held
        db.write(|conn| {
            Box::pin(async move {
                sqlx::query("UPDATE organization SET name = 'after'")
                    .execute(&mut *conn)
                    .await?;
                Ok(())
            })
        })
        .await
        .unwrap();
        let name: String = sqlx::query_scalar("SELECT name FROM organization")
            .fetch_one(&mut *db.read().await.unwrap())
            .await
            .unwrap();
        assert_eq!(name, "after");
    }

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
        for name in ["unknown", "chief_wizard"] {
            let read = sqlx::query_scalar::<_, OrgRole>(&format!("SELECT '{name}'"))
                .fetch_one(&mut conn)
                .await;
            assert!(read.is_err(), "{name}: {read:?}");
        }
        let written = sqlx::query("SELECT ?")
            .bind(OrgRole::Unknown("chief_wizard"))
            .execute(&mut conn)
            .await;
        assert!(written.is_err(), "{written:?}");
    }
}
