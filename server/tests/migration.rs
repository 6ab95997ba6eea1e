//! Migration 0002 (today's shapes) keeps a database made by the first schema: every row, the
//! workspace memberships above all (rebuilding `users` must not cascade to them), accepted
//! invites with an `accepted_at`, and API keys with their creator.
mod common;

use std::borrow::Cow;
use std::path::Path;

use admin_server::db::{self, Db};
use admin_server::pagination::{Cursor, PageParams};
use admin_wire::WireName;
use common::*;
use serde_json::{json, Value};
use sqlx::migrate::Migrator;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{Connection, SqliteConnection};

/// An id of `prefix` made of base58 characters, ordered by `n` (1 to 9).
fn id(prefix: &str, n: u8) -> String {
    format!("{prefix}{}{n}", "1".repeat(23))
}

const ORG_ID: &str = "0b6c4a8e-1d2f-4e3a-9b5c-7d8e9f0a1b2c";
/// 2024-01-01T00:00:00Z in microseconds, and one day.
const T0: i64 = 1_704_067_200 * SECOND;

struct Old {
    admin: String,
    dev: String,
    joiner: String,
    w1: String,
    w2: String,
    accepted: String,
    pending: String,
    deleted: String,
    k1: String,
    k2: String,
    k3: String,
}

/// Makes the database at `path` with only migration 0001 applied, and fills it as a server of
/// that schema would have.
async fn make_first_schema_database(path: &Path) -> Old {
    let mut migrator = Migrator::new(Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations"))
        .await
        .expect("read the migrations");
    assert!(migrator.migrations.len() >= 2, "0001 and 0002");
    assert_eq!(migrator.migrations[0].version, 1);
    migrator.migrations = Cow::Owned(migrator.migrations[..1].to_vec());
    let options = SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(true)
        .foreign_keys(true);
    let mut conn = SqliteConnection::connect_with(&options).await.expect("open");
    migrator.run(&mut conn).await.expect("migration 0001");

    let now = now_micros();
    let old = Old {
        admin: id("user_", 1),
        dev: id("user_", 2),
        joiner: id("user_", 3),
        w1: id("wrkspc_", 1),
        w2: id("wrkspc_", 2),
        accepted: id("invite_", 1),
        pending: id("invite_", 2),
        deleted: id("invite_", 3),
        k1: id("apikey_", 1),
        k2: id("apikey_", 2),
        k3: id("apikey_", 3),
    };
    let statements: Vec<(String, Vec<Value>)> = vec![
        (
            "INSERT INTO organization (id, name) VALUES (?, ?)".into(),
            vec![json!(ORG_ID), json!("Old Org")],
        ),
        (
            "INSERT INTO users (id, email, email_key, name, role, added_at) VALUES \
             (?, 'Root@Example.com', 'root@example.com', 'Root', 'admin', ?), \
             (?, 'dev@example.com', 'dev@example.com', 'Dev', 'developer', ?), \
             (?, 'joiner@example.com', 'joiner@example.com', 'Joiner', 'user', ?)"
                .into(),
            vec![
                json!(old.admin),
                json!(T0),
                json!(old.dev),
                json!(T0 + DAY),
                json!(old.joiner),
                json!(T0 + 3 * DAY),
            ],
        ),
        (
            "INSERT INTO invites (id, email, email_key, role, invited_at, expires_at, state) VALUES \
             (?, 'joiner@example.com', 'joiner@example.com', 'user', ?, ?, 'accepted'), \
             (?, 'soon@example.com', 'soon@example.com', 'developer', ?, ?, 'pending'), \
             (?, 'gone@example.com', 'gone@example.com', 'billing', ?, ?, 'deleted')"
                .into(),
            vec![
                json!(old.accepted),
                json!(T0 + 2 * DAY),
                json!(T0 + 23 * DAY),
                json!(old.pending),
                json!(now - DAY),
                json!(now + 20 * DAY),
                json!(old.deleted),
                json!(T0 + 4 * DAY),
                json!(T0 + 25 * DAY),
            ],
        ),
        (
            "INSERT INTO workspaces (id, name, display_color, created_at, archived_at) VALUES \
             (?, 'One', '#15803D', ?, NULL), (?, 'Two', '#A16207', ?, ?)"
                .into(),
            vec![
                json!(old.w1),
                json!(T0 + 5 * DAY),
                json!(old.w2),
                json!(T0 + 6 * DAY),
                json!(T0 + 7 * DAY),
            ],
        ),
        (
            "INSERT INTO workspace_members (workspace_id, user_id, workspace_role) VALUES \
             (?, ?, 'workspace_developer'), (?, ?, 'workspace_user'), (?, ?, 'workspace_admin')"
                .into(),
            vec![
                json!(old.w1),
                json!(old.dev),
                json!(old.w1),
                json!(old.joiner),
                json!(old.w2),
                json!(old.dev),
            ],
        ),
        (
            "INSERT INTO api_keys (id, name, workspace_id, created_at, created_by_user_id, partial_key_hint, status) \
             VALUES (?, 'k1', ?, ?, ?, 'sk-ant-api03-abc...defgAA', 'active'), \
             (?, 'k2', NULL, ?, ?, 'sk-ant-api03-hij...klmnAA', 'inactive'), \
             (?, 'k3', ?, ?, ?, 'sk-ant-api03-opq...rstuAA', 'archived')"
                .into(),
            vec![
                json!(old.k1),
                json!(old.w1),
                json!(T0 + 8 * DAY),
                json!(old.dev),
                json!(old.k2),
                json!(T0 + 9 * DAY),
                json!(old.admin),
                json!(old.k3),
                json!(old.w2),
                json!(T0 + 10 * DAY),
                json!(old.dev),
            ],
        ),
    ];
    for (sql, binds) in statements {
        let mut query = sqlx::query(&sql);
        for bind in binds {
            query = match bind {
                Value::String(text) => query.bind(text),
                Value::Number(number) => query.bind(number.as_i64().unwrap()),
                other => panic!("no bind for {other}"),
            };
        }
        query.execute(&mut conn).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
    }
    conn.close().await.expect("close");
    old
}

fn first_page() -> PageParams {
    PageParams {
        limit: 1000,
        cursor: Cursor::Start,
    }
}

#[tokio::test]
async fn migration_0002_keeps_every_row_of_the_first_schema() {
    let mut s = TestServer::unstarted(ServeOptions::default());
    let old = make_first_schema_database(&s.db).await;

    // Opening the database applies 0002; the memberships are all there, with foreign keys intact.
    {
        let db = Db::open(&s.db).await.expect("open and migrate");
        let mut conn = db.read().await.expect("read");
        let members = db::workspace_members::list(&mut conn, &old.w1, &first_page())
            .await
            .expect("members of One");
        let mut roles: Vec<(String, String)> = members
            .data
            .iter()
            .map(|m| (m.user_id.clone(), m.workspace_role.as_str().to_owned()))
            .collect();
        roles.sort();
        assert_eq!(
            roles,
            vec![
                (old.admin.clone(), "workspace_admin".to_owned()),
                (old.dev.clone(), "workspace_developer".to_owned()),
                (old.joiner.clone(), "workspace_user".to_owned()),
            ]
        );
        let key = db::api_keys::get(&mut conn, &old.k1).await.expect("k1");
        assert_eq!(key.created_by.map(|c| c.id), Some(old.dev.clone()));
        let violations: Vec<(String, i64, String, i64)> = sqlx::query_as("PRAGMA foreign_key_check")
            .fetch_all(&mut *conn)
            .await
            .unwrap();
        assert!(violations.is_empty(), "{violations:?}");
    }

    // The same over HTTP, in today's shapes.
    s.key = s.create_admin_key("after-migration", false).await;
    s.start_again().await;
    let api = s.api();
    assert_eq!(
        api.get("/me").await.ok(),
        json!({"id": ORG_ID, "type": "organization", "name": "Old Org"})
    );

    let users = api.list_all("/users").await;
    assert_eq!(
        ids_of(&users),
        vec![old.admin.clone(), old.dev.clone(), old.joiner.clone()]
    );
    for u in &users {
        check_user(u);
    }
    assert_eq!(users[0]["email"], "Root@Example.com");
    assert_eq!(users[0]["role"], "admin");
    assert_eq!(users[1]["role"], "developer");
    assert_eq!(
        api.list_ids("/users?email=root@example.com").await,
        vec![old.admin.clone()]
    );

    // Workspaces: the old rows with today's fields, defaults filled in.
    let workspaces = api.list_all("/workspaces?include_archived=true").await;
    assert_eq!(ids_of(&workspaces), vec![old.w1.clone(), old.w2.clone()]);
    for w in &workspaces {
        check_workspace(w);
        assert_eq!(
            w["data_residency"],
            json!({"workspace_geo": "us", "allowed_inference_geos": "unrestricted", "default_inference_geo": "global"})
        );
        assert_eq!(w["tags"], json!({}));
    }
    assert_eq!(workspaces[0]["name"], "One");
    assert_eq!(workspaces[0]["display_color"], "#15803D");
    assert!(workspaces[0]["archived_at"].is_null());
    assert_eq!(parse_time(str_of(&workspaces[1], "archived_at")), T0 + 7 * DAY);
    // The default workspace got a real id on the first open after the migration.
    let with_default = api.get("/workspaces?include_default=true").await.ok();
    let default = &with_default["data"][0];
    check_default_workspace(default);
    let default_id = str_of(default, "id").to_owned();
    assert_eq!(with_default["data"][1]["id"], old.w1.as_str());
    assert_eq!(api.get(&format!("/workspaces/{default_id}")).await.ok(), *default);

    // Memberships survived the rebuild of `users`, explicit and inherited.
    let members = api.list_all(&format!("/workspaces/{}/members", old.w1)).await;
    let listed: Vec<(String, String)> = members
        .iter()
        .map(|m| {
            check_member(m);
            (str_of(m, "user_id").to_owned(), str_of(m, "workspace_role").to_owned())
        })
        .collect();
    assert_eq!(
        listed,
        vec![
            (old.admin.clone(), "workspace_admin".to_owned()),
            (old.dev.clone(), "workspace_developer".to_owned()),
            (old.joiner.clone(), "workspace_user".to_owned()),
        ]
    );
    let in_w2 = api
        .get(&format!("/workspaces/{}/members/{}", old.w2, old.dev))
        .await
        .ok();
    assert_eq!(in_w2["workspace_role"], "workspace_admin");

    // Invites: the accepted one says when (the invitee's joining), the others are not accepted,
    // the deleted one is still read by its id.
    let invites = api.list_all("/invites").await;
    assert_eq!(ids_of(&invites), vec![old.accepted.clone(), old.pending.clone()]);
    for inv in &invites {
        check_invite(inv);
    }
    assert_eq!(invites[0]["status"], "accepted");
    assert_eq!(parse_time(str_of(&invites[0], "accepted_at")), T0 + 3 * DAY);
    assert_eq!(invites[0]["accepted_at"], users[2]["added_at"]);
    assert_eq!(invites[1]["status"], "pending");
    assert!(invites[1]["accepted_at"].is_null());
    let deleted = api.get(&format!("/invites/{}", old.deleted)).await.ok();
    check_invite(&deleted);
    assert_eq!(deleted["status"], "deleted");

    // API keys: their creators and hints kept, scope and principal derived, no expiry.
    let keys = api.list_all("/api_keys").await;
    assert_eq!(ids_of(&keys), vec![old.k1.clone(), old.k2.clone(), old.k3.clone()]);
    for (key, (creator, workspace, hint, status)) in keys.iter().zip([
        (&old.dev, old.w1.as_str(), "sk-ant-api03-abc...defgAA", "active"),
        (&old.admin, default_id.as_str(), "sk-ant-api03-hij...klmnAA", "inactive"),
        (&old.dev, old.w2.as_str(), "sk-ant-api03-opq...rstuAA", "archived"),
    ]) {
        check_api_key(key);
        assert_eq!(key["created_by"], json!({"id": creator, "type": "user"}), "{key}");
        assert_eq!(
            key["principal"],
            json!({"type": "user_actor", "user_id": creator}),
            "{key}"
        );
        assert_eq!(key["scope"]["workspace_id"], workspace, "{key}");
        assert_eq!(key["partial_key_hint"], hint, "{key}");
        assert_eq!(key["status"], status, "{key}");
        assert!(key["expires_at"].is_null(), "{key}");
    }
    assert!(keys[1]["workspace_id"].is_null());
    assert_eq!(
        api.list_ids(&format!("/api_keys?created_by_user_id={}", old.dev)).await,
        vec![old.k1.clone(), old.k3.clone()]
    );
    assert_eq!(
        api.list_ids(&format!("/api_keys?workspace_id={default_id}")).await,
        vec![old.k2.clone()]
    );

    // The migrated tables take today's values: an owner, a restricted developer, a key with no
    // creator that has expired.
    let owner = s.user("owner@example.com", "Owner", "owner").await;
    assert!(api
        .list_ids(&format!("/workspaces/{}/members", old.w1))
        .await
        .contains(&owner));
    let restricted = api
        .post(
            &format!("/workspaces/{}/members/{}", old.w1, old.dev),
            &json!({"workspace_role": "workspace_restricted_developer"}),
        )
        .await
        .ok();
    assert_eq!(restricted["workspace_role"], "workspace_restricted_developer");
    let legacy = s
        .api_key_with(KeyFixture {
            expires_in_days: Some(-1),
            ..KeyFixture::legacy("legacy")
        })
        .await;
    let legacy = api.get(&format!("/api_keys/{legacy}")).await.ok();
    assert_eq!(
        (&legacy["status"], &legacy["created_by"]),
        (&json!("expired"), &Value::Null)
    );

    // Removing a member still removes their memberships (the cascade is back in place).
    api.delete(&format!("/users/{}", old.joiner)).await.ok();
    assert!(!api
        .list_ids(&format!("/workspaces/{}/members", old.w1))
        .await
        .contains(&old.joiner));

    // And the default workspace keeps its id across restarts.
    s.restart().await;
    let again = s.api().get(&format!("/workspaces/{default_id}")).await.ok();
    assert_eq!(again, *default);
}
