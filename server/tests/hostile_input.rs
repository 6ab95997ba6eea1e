//! Inputs that used to slip through: cursors from another list, empty filters, duplicated
//! credential and version headers, the Bearer scheme's case, names with control, direction or
//! only invisible characters, and the headers every answer must carry.
mod common;

use common::*;
use reqwest::Method;
use serde_json::json;

#[tokio::test]
async fn a_cursor_must_name_an_item_of_that_very_list() {
    let s = TestServer::start().await;
    let api = s.api();
    let ws = api.create_workspace("Team").await;
    let ws_id = str_of(&ws, "id");
    let member = s.user("member@example.com", "Member", "developer").await;
    let outsider = s.user("outsider@example.com", "Outsider", "developer").await;
    api.add_member(ws_id, &member, "workspace_user").await;
    let members = format!("/workspaces/{ws_id}/members");
    for param in ["after_id", "before_id"] {
        let message = api
            .get(&format!("{members}?{param}={outsider}"))
            .await
            .expect_error(400, "invalid_request_error");
        assert!(message.contains(param), "{message}");
        api.get(&format!("{members}?{param}={member}")).await.ok();
    }
    // Filters count: a developer is not an item of the admins' list.
    let admin = s.user("admin@example.com", "Admin", "admin").await;
    api.get(&format!("/users?roles[]=admin&after_id={member}"))
        .await
        .expect_error(400, "invalid_request_error");
    api.get(&format!("/users?roles[]=admin&after_id={admin}")).await.ok();
    // An archived workspace is not an item of the default workspace list.
    let old = api.create_workspace("Old").await;
    api.archive_workspace(str_of(&old, "id")).await;
    api.get(&format!("/workspaces?after_id={}", str_of(&old, "id")))
        .await
        .expect_error(400, "invalid_request_error");
    api.get(&format!(
        "/workspaces?include_archived=true&after_id={}",
        str_of(&old, "id")
    ))
    .await
    .ok();
}

#[tokio::test]
async fn an_empty_filter_is_a_400_naming_it() {
    let s = TestServer::start().await;
    let api = s.api();
    for (path, name) in [
        ("/users?email=", "email"),
        ("/api_keys?workspace_id=", "workspace_id"),
        ("/api_keys?created_by_user_id=", "created_by_user_id"),
        ("/api_keys?status=", "status"),
        ("/invites?statuses[]=", "statuses[]"),
        ("/workspaces?include_archived=", "include_archived"),
        ("/workspaces?include_default=", "include_default"),
        ("/workspaces?ids[]=", "ids[]"),
        ("/invites?email=", "email"),
    ] {
        let message = api.get(path).await.expect_error(400, "invalid_request_error");
        assert!(message.contains(name), "{path}: {message}");
    }
}

#[tokio::test]
async fn the_bearer_scheme_is_case_insensitive_and_credentials_come_once() {
    let s = TestServer::start().await;
    let anon = s.anon();
    for scheme in ["Bearer", "bearer", "BEARER", "bEaReR"] {
        send(
            anon.request(Method::GET, "/me")
                .header("authorization", format!("{scheme} {}", s.key)),
        )
        .await
        .ok();
    }
    send(
        anon.request(Method::GET, "/me")
            .header("authorization", format!("Basic {}", s.key)),
    )
    .await
    .expect_error(401, "authentication_error");

    let other = s.create_admin_key("other", false).await;
    let api = s.api();
    for (name, first, second) in [
        ("x-api-key", s.key.clone(), other.clone()),
        ("x-api-key", s.key.clone(), s.key.clone()),
        ("authorization", format!("Bearer {}", s.key), format!("Bearer {other}")),
        ("anthropic-version", VERSION.to_string(), VERSION.to_string()),
    ] {
        let rb = if name == "authorization" {
            anon.request(Method::POST, "/workspaces")
        } else {
            api.request(Method::POST, "/workspaces")
        };
        let message = send(
            rb.header(name, first)
                .header(name, second)
                .json(&json!({"name": "Twice"})),
        )
        .await
        .expect_error(400, "invalid_request_error");
        assert!(message.contains(name), "{message}");
    }
    assert!(api.list_all("/workspaces").await.is_empty());
}

#[tokio::test]
async fn names_refuse_control_direction_and_invisible_only_text() {
    let s = TestServer::start().await;
    let api = s.api();
    let ws = api.post("/workspaces", &json!({ "name": "  Padded  " })).await.ok();
    assert_eq!(ws["name"], "Padded");
    let path = format!("/workspaces/{}", str_of(&ws, "id"));
    let bad = [
        "nul\u{0}byte",
        "line\nbreak",
        "carriage\rreturn",
        "tab\tinside",
        "evil\u{202E}txt.exe",
        "isolate\u{2066}x\u{2069}",
        "\u{200B}",
        "\u{200B}\u{200C}\u{FEFF}",
        "\u{3164}",
    ];
    for name in bad {
        api.post("/workspaces", &json!({ "name": name }))
            .await
            .expect_error(400, "invalid_request_error");
        api.post(&path, &json!({ "name": name }))
            .await
            .expect_error(400, "invalid_request_error");
    }
    assert_eq!(api.list_all("/workspaces").await.len(), 1);
    assert_eq!(api.get(&path).await.ok()["name"], "Padded");
    // Visible text with a joiner inside (an emoji sequence) is fine.
    let family = "Team \u{1F468}\u{200D}\u{1F469}";
    assert_eq!(api.post(&path, &json!({ "name": family })).await.ok()["name"], family);

    let user = s.user("keys@example.com", "Keys", "developer").await;
    let key = s.api_key("ci", &user, None, None).await;
    for name in bad {
        api.post(&format!("/api_keys/{key}"), &json!({ "name": name }))
            .await
            .expect_error(400, "invalid_request_error");
    }
    assert_eq!(api.get(&format!("/api_keys/{key}")).await.ok()["name"], "ci");
}

fn assert_rate_limit_headers(r: &Resp) {
    for name in [
        "anthropic-ratelimit-requests-limit",
        "anthropic-ratelimit-requests-remaining",
        "anthropic-ratelimit-requests-reset",
        "x-ratelimit-limit",
        "x-ratelimit-remaining",
        "x-ratelimit-reset",
    ] {
        r.must_header(name);
    }
    let reset = r.must_header("anthropic-ratelimit-requests-reset");
    assert!(
        reset.len() >= 20 && reset.as_bytes()[10] == b'T' && reset.ends_with('Z'),
        "RFC 3339: {reset}"
    );
}

#[tokio::test]
async fn every_answer_carries_the_rate_limit_headers_and_final_errors_say_do_not_retry() {
    let s = TestServer::start().await;
    let preflight = send(
        s.http()
            .request(Method::OPTIONS, s.url("/v1/organizations/users"))
            .header("origin", "http://console.example")
            .header("access-control-request-method", "GET")
            .header("access-control-request-headers", "x-api-key,anthropic-version"),
    )
    .await;
    assert_rate_limit_headers(&preflight);
    let cors = send(
        s.api()
            .request(Method::GET, "/me")
            .header("origin", "http://console.example")
            .header("anthropic-dangerous-direct-browser-access", "true"),
    )
    .await;
    let exposed = cors.must_header("access-control-expose-headers").to_ascii_lowercase();
    for name in ["anthropic-ratelimit-requests-remaining", "x-should-retry", "request-id"] {
        assert!(exposed.contains(name), "{exposed}");
    }
    assert_rate_limit_headers(&send(s.http().get(s.url("/openapi.json"))).await);
    let api = s.api();
    assert_rate_limit_headers(&api.get("/me").await);
    let unknown = api.get(&format!("/users/{}", unknown_id("user_"))).await;
    unknown.expect_error(404, "not_found_error");
    assert_rate_limit_headers(&unknown);
    assert_eq!(unknown.header("x-should-retry"), Some("false"));
    for r in [
        api.post("/workspaces", &json!({})).await,
        s.anon().get("/me").await,
        api.clone().without_version().get("/me").await,
    ] {
        assert_eq!(r.header("x-should-retry"), Some("false"), "{}", r.label);
        assert_rate_limit_headers(&r);
    }
}

#[tokio::test]
async fn serve_demo_mints_a_key_only_for_a_new_database() {
    let mut s = TestServer::start_with(ServeOptions {
        demo: true,
        ..ServeOptions::default()
    })
    .await;
    let count_keys = |lines: Vec<String>| lines.iter().filter(|l| l.contains("\tdemo\t")).count();
    assert_eq!(count_keys(s.admin_key_lines().await), 1);
    for _ in 0..2 {
        s.restart().await;
        s.api().get("/me").await.ok();
    }
    assert_eq!(
        count_keys(s.admin_key_lines().await),
        1,
        "restarts with --demo minted keys"
    );
}
