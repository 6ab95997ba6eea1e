//! Admin keys: the credentials of the Admin API itself, managed only through the CLI.
//! Only a SHA-256 digest is stored; the key is shown once, when it is created.

use rand::distributions::{Alphanumeric, DistString};
use sha2::{Digest, Sha256};
use sqlx::SqliteConnection;
use subtle::ConstantTimeEq;

use crate::{clock, ids};

pub const KEY_PREFIX: &str = "sk-ant-admin01-";

/// Who a request's key says it is.
#[derive(Debug, Clone)]
pub struct Principal {
    pub key_id: String,
    pub read_only: bool,
}

#[derive(sqlx::FromRow)]
pub struct AdminKeyInfo {
    pub id: String,
    pub name: String,
    pub hint: String,
    pub read_only: bool,
    pub created_at: i64,
    pub revoked_at: Option<i64>,
}

fn digest(key: &str) -> Vec<u8> {
    Sha256::digest(key.as_bytes()).to_vec()
}

/// Creates a key and returns it in full (the only time it exists outside the client).
pub async fn create(conn: &mut SqliteConnection, name: &str, read_only: bool) -> sqlx::Result<String> {
    let secret = Alphanumeric.sample_string(&mut rand::thread_rng(), 64);
    let key = format!("{KEY_PREFIX}{secret}");
    sqlx::query("INSERT INTO admin_keys (id, name, key_hash, hint, read_only, created_at) VALUES (?, ?, ?, ?, ?, ?)")
        .bind(ids::new_id(ids::ADMIN_KEY))
        .bind(name)
        .bind(digest(&key))
        .bind(format!("{KEY_PREFIX}...{}", &secret[secret.len() - 4..]))
        .bind(read_only)
        .bind(clock::now_micros())
        .execute(&mut *conn)
        .await?;
    Ok(key)
}

/// The unrevoked key matching `presented`, if any. The digest comparison is constant-time.
pub async fn authenticate(conn: &mut SqliteConnection, presented: &str) -> sqlx::Result<Option<Principal>> {
    let wanted = digest(presented);
    let row: Option<(String, Vec<u8>, bool)> =
        sqlx::query_as("SELECT id, key_hash, read_only FROM admin_keys WHERE key_hash = ? AND revoked_at IS NULL")
            .bind(&wanted)
            .fetch_optional(&mut *conn)
            .await?;
    Ok(row
        .filter(|(_, stored, _)| bool::from(stored.as_slice().ct_eq(wanted.as_slice())))
        .map(|(key_id, _, read_only)| Principal { key_id, read_only }))
}

pub async fn list(conn: &mut SqliteConnection) -> sqlx::Result<Vec<AdminKeyInfo>> {
    sqlx::query_as("SELECT id, name, hint, read_only, created_at, revoked_at FROM admin_keys ORDER BY id")
        .fetch_all(&mut *conn)
        .await
}

/// Revokes the key `id`; false when there is no such unrevoked key.
pub async fn revoke(conn: &mut SqliteConnection, id: &str) -> sqlx::Result<bool> {
    let done = sqlx::query("UPDATE admin_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")
        .bind(clock::now_micros())
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected() == 1)
}
