//! Workspaces: `/v1/organizations/workspaces`.
mod common;

use common::*;
use serde_json::{json, Value};

#[tokio::test]
async fn create_and_get_a_workspace() {
    let s = TestServer::start().await;
    let api = s.api();
    let before = now_micros();
    let ws = api.create_workspace("Research").await;
    assert!(ws["archived_at"].is_null(), "{ws}");
    assert_time_near(&ws["created_at"], before, 5 * 60 * SECOND);
    let id = str_of(&ws, "id");
    assert_eq!(api.get(&format!("/workspaces/{id}")).await.ok(), ws);
    assert_eq!(api.list_all("/workspaces").await, vec![ws.clone()]);
}

#[tokio::test]
async fn display_color_is_kept_or_rejected() {
    let s = TestServer::start().await;
    let api = s.api();
    let ws = api
        .post("/workspaces", &json!({"name": "Colored", "display_color": "#1A2B3C"}))
        .await
        .ok();
    check_workspace(&ws);
    assert!(str_of(&ws, "display_color").eq_ignore_ascii_case("#1A2B3C"), "{ws}");
    for color in [
        json!("red"),
        json!("#12345"),
        json!("#1234567"),
        json!("#GGGGGG"),
        json!("123456"),
        json!(""),
        json!(123456),
    ] {
        api.post("/workspaces", &json!({"name": "Bad", "display_color": color}))
            .await
            .expect_error(400, "invalid_request_error");
    }
    assert_eq!(api.list_all("/workspaces").await.len(), 1);
}

#[tokio::test]
async fn name_is_1_to_40_characters_after_trimming() {
    let s = TestServer::start().await;
    let api = s.api();
    let forty = "x".repeat(40);
    let forty_wide = "é".repeat(40);
    let padded = format!("  {}  ", "y".repeat(40));
    for name in ["A", forty.as_str(), forty_wide.as_str()] {
        let ws = api.create_workspace(name).await;
        assert_eq!(ws["name"], name);
    }
    let ws = api.post("/workspaces", &json!({ "name": padded })).await.ok();
    check_workspace(&ws);
    assert_eq!(
        str_of(&ws, "name").trim(),
        "y".repeat(40),
        "a 40-character name with spaces around is accepted"
    );
    let too_long = "z".repeat(41);
    let too_long_wide = "é".repeat(41);
    for name in [json!(""), json!("   "), json!(too_long), json!(too_long_wide)] {
        api.post("/workspaces", &json!({ "name": name }))
            .await
            .expect_error(400, "invalid_request_error");
    }
    for body in [json!({}), json!({"name": 7}), json!({"name": null}), json!(["x"])] {
        api.post("/workspaces", &body)
            .await
            .expect_error(400, "invalid_request_error");
    }
    assert_eq!(api.list_all("/workspaces").await.len(), 4);
}

#[tokio::test]
async fn list_leaves_out_archived_workspaces_unless_asked() {
    let s = TestServer::start().await;
    let api = s.api();
    let a = api.create_workspace("A").await;
    let b = api.create_workspace("B").await;
    let c = api.create_workspace("C").await;
    let archived_b = api.archive_workspace(str_of(&b, "id")).await;
    let ids = |v: &[&Value]| v.iter().map(|w| item_id(w)).collect::<Vec<_>>();
    assert_eq!(api.list_ids("/workspaces").await, ids(&[&a, &c]));
    assert_eq!(api.list_ids("/workspaces?include_archived=false").await, ids(&[&a, &c]));
    let all = api.list_all("/workspaces?include_archived=true").await;
    assert_eq!(all, vec![a, archived_b, c]);
}

#[tokio::test]
async fn updating_name_and_color() {
    let s = TestServer::start().await;
    let api = s.api();
    let ws = api.create_workspace("Before").await;
    let id = str_of(&ws, "id");
    let path = format!("/workspaces/{id}");
    let renamed = api.post(&path, &json!({"name": "After"})).await.ok();
    check_workspace(&renamed);
    assert_eq!(renamed["name"], "After");
    assert_eq!(renamed["display_color"], ws["display_color"]);
    assert_eq!(renamed["created_at"], ws["created_at"]);
    let recolored = api.post(&path, &json!({"display_color": "#00FF7F"})).await.ok();
    assert_eq!(recolored["name"], "After");
    assert!(str_of(&recolored, "display_color").eq_ignore_ascii_case("#00ff7f"));
    let both = api
        .post(&path, &json!({"name": "Both", "display_color": "#ABCDEF"}))
        .await
        .ok();
    assert_eq!(both["name"], "Both");
    assert_eq!(api.get(&path).await.ok(), both);
    assert_eq!(api.list_all("/workspaces").await, vec![both.clone()]);
    for body in [
        json!({"name": ""}),
        json!({"name": "  "}),
        json!({"name": "n".repeat(41)}),
        json!({"name": 1}),
        json!({"display_color": "blue"}),
        json!({"display_color": "#12345G"}),
    ] {
        api.post(&path, &body).await.expect_error(400, "invalid_request_error");
    }
    assert_eq!(api.get(&path).await.ok(), both);
}

#[tokio::test]
async fn archiving_sets_archived_at_and_is_irreversible() {
    let s = TestServer::start().await;
    let api = s.api();
    let ws = api.create_workspace("Old").await;
    let id = str_of(&ws, "id");
    let before = now_micros();
    let archived = api.archive_workspace(id).await;
    assert_eq!(archived["id"], id);
    assert_eq!(archived["name"], "Old");
    assert_time_near(&archived["archived_at"], before, 5 * 60 * SECOND);
    assert_eq!(api.get(&format!("/workspaces/{id}")).await.ok(), archived);
    api.post_empty(&format!("/workspaces/{id}/archive"))
        .await
        .expect_error(400, "invalid_request_error");
    api.post(&format!("/workspaces/{id}"), &json!({"name": "Renamed"}))
        .await
        .expect_error(400, "invalid_request_error");
    api.post(&format!("/workspaces/{id}"), &json!({"display_color": "#000000"}))
        .await
        .expect_error(400, "invalid_request_error");
    assert_eq!(api.get(&format!("/workspaces/{id}")).await.ok(), archived);
}

#[tokio::test]
async fn archive_accepts_an_empty_json_body() {
    let s = TestServer::start().await;
    let api = s.api();
    let ws = api.create_workspace("Old").await;
    let id = str_of(&ws, "id");
    let archived = api.post(&format!("/workspaces/{id}/archive"), &json!({})).await.ok();
    check_workspace(&archived);
    assert!(!archived["archived_at"].is_null(), "{archived}");
}

#[tokio::test]
async fn archiving_archives_that_workspaces_api_keys_only() {
    let s = TestServer::start().await;
    let api = s.api();
    let u = s.user("dev@example.com", "Dev", "developer").await;
    let w1 = api.create_workspace("One").await;
    let w2 = api.create_workspace("Two").await;
    let (w1, w2) = (str_of(&w1, "id"), str_of(&w2, "id"));
    let a = s.api_key("w1 active", &u, Some(w1), None).await;
    let b = s.api_key("w1 inactive", &u, Some(w1), Some("inactive")).await;
    let c = s.api_key("w2 active", &u, Some(w2), None).await;
    let d = s.api_key("default inactive", &u, None, Some("inactive")).await;
    let e = s.api_key("default active", &u, None, Some("active")).await;
    api.archive_workspace(w1).await;
    let status = |k: &str| {
        let api = api.clone();
        let k = k.to_string();
        async move {
            let key = api.get(&format!("/api_keys/{k}")).await.ok();
            check_api_key(&key);
            str_of(&key, "status").to_string()
        }
    };
    assert_eq!(status(&a).await, "archived");
    assert_eq!(status(&b).await, "archived");
    assert_eq!(status(&c).await, "active");
    assert_eq!(status(&d).await, "inactive");
    assert_eq!(status(&e).await, "active");
}

#[tokio::test]
async fn at_most_100_active_workspaces() {
    let s = TestServer::start().await;
    let api = s.api();
    let mut ids = Vec::new();
    for i in 0..100 {
        ids.push(item_id(&api.create_workspace(&format!("W{i}")).await));
    }
    api.post("/workspaces", &json!({"name": "One too many"}))
        .await
        .expect_error(400, "invalid_request_error");
    // Archived workspaces do not count.
    api.archive_workspace(&ids[0]).await;
    api.create_workspace("Replacement").await;
    api.post("/workspaces", &json!({"name": "Again too many"}))
        .await
        .expect_error(400, "invalid_request_error");
    assert_eq!(api.list_all("/workspaces").await.len(), 100);
    assert_eq!(api.list_all("/workspaces?include_archived=true").await.len(), 101);
}

#[tokio::test]
async fn unknown_or_malformed_workspace_ids() {
    let s = TestServer::start().await;
    let api = s.api();
    api.create_workspace("Real").await;
    let unknown = unknown_id("wrkspc_");
    api.get(&format!("/workspaces/{unknown}"))
        .await
        .expect_error(404, "not_found_error");
    api.post(&format!("/workspaces/{unknown}"), &json!({"name": "x"}))
        .await
        .expect_error(404, "not_found_error");
    api.post_empty(&format!("/workspaces/{unknown}/archive"))
        .await
        .expect_error(404, "not_found_error");
    for bad in ["nope", "wrkspc_0OIl", &unknown_id("user_"), "default"] {
        api.get(&format!("/workspaces/{bad}")).await.expect_rejected_id();
        api.post(&format!("/workspaces/{bad}"), &json!({"name": "x"}))
            .await
            .expect_rejected_id();
        api.post_empty(&format!("/workspaces/{bad}/archive"))
            .await
            .expect_rejected_id();
    }
    assert_eq!(api.list_all("/workspaces").await.len(), 1);
}

#[tokio::test]
async fn concurrent_creations_respect_the_100_limit() {
    let s = TestServer::start().await;
    let api = s.api();
    for i in 0..97 {
        api.create_workspace(&format!("W{i}")).await;
    }
    let responses = concurrently(16, |i| {
        let api = api.clone();
        async move { api.post("/workspaces", &json!({ "name": format!("Race{i}") })).await }
    })
    .await;
    assert_eq!(count_status(&responses, 200), 3, "exactly 3 of 16 fit under the limit");
    for r in responses.iter().filter(|r| r.status != 200) {
        r.expect_error(400, "invalid_request_error");
    }
    assert_eq!(api.list_all("/workspaces").await.len(), 100);
}

#[tokio::test]
async fn concurrent_archives_archive_once() {
    let s = TestServer::start().await;
    let api = s.api();
    let id = item_id(&api.create_workspace("Once").await);
    let responses = concurrently(16, |_| {
        let (api, id) = (api.clone(), id.clone());
        async move { api.post_empty(&format!("/workspaces/{id}/archive")).await }
    })
    .await;
    assert_eq!(count_status(&responses, 200), 1, "archived exactly once");
    for r in responses.iter().filter(|r| r.status != 200) {
        r.expect_error(400, "invalid_request_error");
    }
    let winner = responses.iter().find(|r| r.status == 200).unwrap().ok();
    assert_eq!(api.get(&format!("/workspaces/{id}")).await.ok(), winner);
}
