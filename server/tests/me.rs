//! Organization (`GET /me`), authentication, and the admin-key CLI (`keys create|list|revoke`).
mod common;

use common::*;
use reqwest::Method;

#[tokio::test]
async fn me_returns_the_organization() {
    let s = TestServer::start().await;
    let me = s.api().get("/me").await.ok();
    assert_keys(&me, &["id", "type", "name"]);
    assert_eq!(me["type"], "organization");
    assert_uuid(str_of(&me, "id"));
    assert!(!str_of(&me, "name").trim().is_empty(), "{me}");
    // Stable between calls.
    assert_eq!(s.api().get("/me").await.ok(), me);
}

#[tokio::test]
async fn fresh_database_has_an_organization_and_nothing_else() {
    let s = TestServer::start().await;
    let api = s.api();
    api.get("/me").await.ok();
    for path in ["/users", "/invites", "/workspaces", "/api_keys"] {
        let page = api.get(path).await.ok();
        assert_eq!(check_page(&page, 20), Vec::<String>::new(), "{path}: {page}");
        assert_eq!(page["has_more"], false);
    }
    let all = api
        .get("/invites?statuses[]=pending&statuses[]=accepted&statuses[]=expired")
        .await
        .ok();
    assert_eq!(all["data"], serde_json::json!([]));
    let archived = api.get("/workspaces?include_archived=true").await.ok();
    assert_eq!(archived["data"], serde_json::json!([]));
    // Only the default workspace, when asked for.
    let with_default = api.get("/workspaces?include_default=true").await.ok();
    assert_eq!(with_default["data"].as_array().map(Vec::len), Some(1), "{with_default}");
    check_default_workspace(&with_default["data"][0]);
    assert_eq!(with_default["has_more"], false);
}

#[tokio::test]
async fn bearer_authorization_is_accepted() {
    let s = TestServer::start().await;
    let r = send(
        s.anon()
            .request(Method::GET, "/me")
            .header("authorization", format!("Bearer {}", s.key)),
    )
    .await;
    assert_eq!(r.ok()["type"], "organization");
}

#[tokio::test]
async fn missing_key_is_401() {
    let s = TestServer::start().await;
    s.anon().get("/me").await.expect_error(401, "authentication_error");
    s.anon().get("/users").await.expect_error(401, "authentication_error");
    s.anon()
        .post("/workspaces", &serde_json::json!({"name": "x"}))
        .await
        .expect_error(401, "authentication_error");
}

#[tokio::test]
async fn unknown_keys_are_401() {
    let s = TestServer::start().await;
    let bogus = format!("sk-ant-admin01-{}", "A".repeat(86));
    for key in [bogus.as_str(), "garbage", "", "sk-ant-api03-abcdef"] {
        s.api_as(key).get("/me").await.expect_error(401, "authentication_error");
    }
    // A real key with one character changed.
    let mut tampered = s.key.clone();
    let last = tampered.pop().unwrap();
    tampered.push(if last == 'x' { 'y' } else { 'x' });
    s.api_as(&tampered)
        .get("/me")
        .await
        .expect_error(401, "authentication_error");
    // Bearer with an unknown key, and a non-Bearer scheme.
    for value in [format!("Bearer {bogus}"), format!("Basic {}", s.key)] {
        send(s.anon().request(Method::GET, "/me").header("authorization", value))
            .await
            .expect_error(401, "authentication_error");
    }
}

#[tokio::test]
async fn keys_created_on_a_running_server_work_at_once() {
    let s = TestServer::start().await;
    let a = s.create_admin_key("second", false).await;
    let b = s.create_admin_key("third", true).await;
    assert_ne!(a, b);
    assert_ne!(a, s.key);
    assert_eq!(s.api_as(&a).get("/me").await.ok()["type"], "organization");
    assert_eq!(s.api_as(&b).get("/me").await.ok()["type"], "organization");
}

#[tokio::test]
async fn revoked_key_is_rejected_at_once_on_a_running_server() {
    let s = TestServer::start().await;
    let doomed = s.create_admin_key("doomed", false).await;
    s.api_as(&doomed).get("/me").await.ok();
    s.revoke_admin_key("doomed").await;
    s.api_as(&doomed)
        .get("/me")
        .await
        .expect_error(401, "authentication_error");
    send(
        s.anon()
            .request(Method::GET, "/me")
            .header("authorization", format!("Bearer {doomed}")),
    )
    .await
    .expect_error(401, "authentication_error");
    s.api_as(&doomed)
        .post("/workspaces", &serde_json::json!({"name": "nope"}))
        .await
        .expect_error(401, "authentication_error");
    // Other keys are unaffected.
    s.api().get("/me").await.ok();
    assert!(s.api().list_all("/workspaces").await.is_empty());
}

#[tokio::test]
async fn keys_list_shows_every_key_with_read_only_and_revoked_flags() {
    let s = TestServer::start().await;
    // Same-length names so that lines differ only by their flags once id and name are masked.
    s.create_admin_key("keyrw1", false).await;
    s.create_admin_key("keyro1", true).await;
    let lines = s.admin_key_lines().await;
    assert!(lines.len() >= 3, "keys list must show one line per key: {lines:#?}");
    let mask = |line: &str, id: &str, name: &str| line.replacen(id, "ID", 1).replacen(name, "NAME", 1);
    let rw_id = s.admin_key_id("keyrw1").await;
    let ro_id = s.admin_key_id("keyro1").await;
    assert_ne!(rw_id, ro_id, "key ids must differ");
    let rw_line = s.admin_key_line("keyrw1").await;
    let ro_line = s.admin_key_line("keyro1").await;
    assert_ne!(
        mask(&rw_line, &rw_id, "keyrw1"),
        mask(&ro_line, &ro_id, "keyro1"),
        "keys list must show the read-only flag: {rw_line:?} vs {ro_line:?}"
    );
    s.cli(&["keys", "revoke", &rw_id]).await;
    let revoked_line = s.admin_key_line("keyrw1").await;
    assert_ne!(revoked_line, rw_line, "keys list must show that a key is revoked");
    // The key material itself is never listed.
    let all = s.admin_key_lines().await.join("\n");
    assert!(!all.contains(&s.key), "keys list must not print key secrets");
}

#[tokio::test]
async fn read_only_key_can_read() {
    let s = TestServer::start().await;
    let ro = s.create_admin_key("reader", true).await;
    let api = s.api_as(&ro);
    assert_eq!(api.get("/me").await.ok()["type"], "organization");
    for path in ["/users", "/invites", "/workspaces", "/api_keys"] {
        check_page(&api.get(path).await.ok(), 20);
    }
}

#[tokio::test]
async fn cli_works_on_a_new_file_before_the_first_serve() {
    let mut s = TestServer::unstarted(ServeOptions::default());
    let key = s.create_admin_key("early", false).await;
    let ro = s.create_admin_key("early-ro", true).await;
    let user = s.user("early@example.com", "Early", "developer").await;
    s.start_again().await;
    s.key = key;
    let api = s.api();
    assert_eq!(api.get("/me").await.ok()["type"], "organization");
    assert_eq!(api.list_ids("/users").await, vec![user]);
    s.api_as(&ro)
        .post("/workspaces", &serde_json::json!({"name": "nope"}))
        .await
        .expect_error(403, "permission_error");
    api.create_workspace("yes").await;
}
