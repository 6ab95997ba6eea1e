//! Transport rules: request ids, versions, unknown paths, JSON bodies, body limit, CORS,
//! rate limiting, read-only keys.
mod common;

use std::collections::HashSet;
use std::time::Duration;

use common::*;
use reqwest::Method;
use serde_json::{json, Value};

const ORIGIN: &str = "http://console.example:8080";

/// The comma-separated header contains `item` (case-insensitive).
fn list_has(value: &str, item: &str) -> bool {
    value.split(',').any(|v| v.trim().eq_ignore_ascii_case(item))
}

fn int_header(r: &Resp, name: &str) -> i64 {
    r.must_header(name)
        .trim()
        .parse()
        .unwrap_or_else(|_| panic!("{}: `{name}` must be an integer", r.label))
}

#[tokio::test]
async fn every_response_carries_a_unique_request_id() {
    let s = TestServer::start().await;
    let api = s.api();
    let mut responses = vec![
        api.get("/me").await,
        api.get("/users").await,
        api.get(&format!("/users/{}", unknown_id("user_"))).await,
        api.post("/workspaces", &json!({})).await,
        s.anon().get("/me").await,
        api.clone().without_version().get("/me").await,
        api.get("/v1/organizations/does-not-exist").await,
        send(s.http().get(s.url("/openapi.json"))).await,
        send(s.http().get(s.url("/no/such/page"))).await,
        send(
            s.http()
                .request(Method::OPTIONS, s.url("/v1/organizations/users"))
                .header("origin", ORIGIN)
                .header("access-control-request-method", "GET")
                .header("access-control-request-headers", "x-api-key,anthropic-version"),
        )
        .await,
    ];
    responses.push(api.get("/me").await);
    let mut seen = HashSet::new();
    for r in &responses {
        let id = r.must_header("request-id");
        assert_id(id, "req_");
        assert!(seen.insert(id.to_string()), "request-id {id} repeated");
    }
}

#[tokio::test]
async fn anthropic_version_is_required_and_must_be_known() {
    let s = TestServer::start().await;
    let api = s.api();
    let no_version = api.clone().without_version();
    no_version.get("/me").await.expect_error(400, "invalid_request_error");
    no_version
        .post("/workspaces", &json!({"name": "x"}))
        .await
        .expect_error(400, "invalid_request_error");
    for v in ["1999-01-01", "2023-06-02", "latest", ""] {
        let api = api.clone().with_version(v);
        let message = api.get("/users").await.expect_error(400, "invalid_request_error");
        if !v.is_empty() {
            assert!(
                message.contains("2023-06-01") && message.contains("2026-10-21"),
                "{message}"
            );
        }
        api.post("/workspaces", &json!({"name": "x"}))
            .await
            .expect_error(400, "invalid_request_error");
    }
    assert!(api.list_all("/workspaces").await.is_empty());
}

#[tokio::test]
async fn both_versions_of_the_contract_are_spoken() {
    let s = TestServer::start().await;
    // What the official SDKs send since their 2.0 releases, reads and writes alike.
    let sdk = s.api().with_version("2026-10-21");
    sdk.get("/me").await.ok();
    sdk.post("/workspaces", &json!({"name": "From an SDK"})).await.ok();
    s.api().get("/me").await.ok();
}

#[tokio::test]
async fn every_answer_to_a_key_names_its_organization() {
    let s = TestServer::start().await;
    let api = s.api();
    let me = api.get("/me").await;
    let id = me.ok()["id"].as_str().unwrap().to_owned();
    assert_eq!(me.must_header("anthropic-organization-id"), id);
    // Errors too, once the key is known.
    let missing = api.get("/users/user_111111111111111111111111").await;
    missing.expect_error(404, "not_found_error");
    assert_eq!(missing.must_header("anthropic-organization-id"), id);
    let wrong_version = api.clone().with_version("latest").get("/me").await;
    assert_eq!(wrong_version.must_header("anthropic-organization-id"), id);
    // Never to someone without a key of it.
    let stranger = s.api_as("sk-ant-admin01-not-a-key").get("/me").await;
    stranger.expect_error(401, "authentication_error");
    assert_eq!(stranger.header("anthropic-organization-id"), None);
}

#[tokio::test]
async fn an_unknown_query_parameter_is_a_400_naming_it() {
    let s = TestServer::start().await;
    let api = s.api();
    for (path, unknown) in [
        ("/users?limit=5&rolez[]=admin", "rolez[]"),
        ("/workspaces?include_default=true&names[]=Research", "names[]"),
        // Array parameters take their brackets.
        ("/workspaces?ids=wrkspc_1", "ids"),
        ("/me?verbose=true", "verbose"),
        ("/invites?statuses[]=pending&sort=desc", "sort"),
    ] {
        let message = api.get(path).await.expect_error(400, "invalid_request_error");
        assert!(message.contains(&format!("`{unknown}`")), "{path}: {message}");
    }
    // Writes too, and the message says what the endpoint takes.
    let message = api
        .post("/workspaces?dry_run=true", &json!({"name": "x"}))
        .await
        .expect_error(400, "invalid_request_error");
    assert!(message.contains("takes no query parameters"), "{message}");
    let message = api
        .get("/users?page=2")
        .await
        .expect_error(400, "invalid_request_error");
    assert!(
        message.contains("`limit`") && message.contains("`roles[]`"),
        "{message}"
    );
    // What an endpoint takes still works.
    api.get("/users?limit=5&roles[]=user").await.ok();
    assert!(
        api.list_all("/workspaces").await.is_empty(),
        "the refused write made nothing"
    );
}

#[tokio::test]
async fn booleans_are_read_in_any_case() {
    let s = TestServer::start().await;
    let api = s.api();
    let created = api.post("/workspaces", &json!({"name": "Soon archived"})).await.ok();
    let id = created["id"].as_str().unwrap().to_owned();
    api.post_empty(&format!("/workspaces/{id}/archive")).await.ok();
    let has = |answer: serde_json::Value| {
        answer["data"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["id"] == id.as_str())
    };
    for yes in ["true", "True", "TRUE"] {
        assert!(
            has(api.get(&format!("/workspaces?include_archived={yes}")).await.ok()),
            "{yes}"
        );
    }
    for no in ["false", "False"] {
        assert!(
            !has(api.get(&format!("/workspaces?include_archived={no}")).await.ok()),
            "{no}"
        );
    }
    let message = api
        .get("/workspaces?include_archived=yes")
        .await
        .expect_error(400, "invalid_request_error");
    assert!(message.contains("`yes`"), "{message}");
}

#[tokio::test]
async fn unknown_paths_are_404() {
    let s = TestServer::start().await;
    let api = s.api();
    for path in [
        "/v1/organizations/nope",
        "/v1/organizations/users/extra/segments/here",
        "/v1/organizations",
        "/v1/nope",
        "/v1",
        "/v2/organizations/me",
        "/v1/organizations/usage_report/nope",
    ] {
        api.get(path).await.expect_error(404, "not_found_error");
    }
    api.post("/v1/organizations/nope", &json!({}))
        .await
        .expect_error(404, "not_found_error");
    api.delete("/v1/organizations/nope")
        .await
        .expect_error(404, "not_found_error");
    // Without --dist, non-API paths are unknown too.
    for path in ["/", "/index.html", "/some/page"] {
        send(s.http().get(s.url(path)))
            .await
            .expect_error(404, "not_found_error");
    }
}

#[tokio::test]
async fn updates_are_post_never_patch_or_put() {
    let s = TestServer::start().await;
    let api = s.api();
    let ws = api.create_workspace("Stay").await;
    let path = format!("/workspaces/{}", str_of(&ws, "id"));
    for method in [Method::PATCH, Method::PUT, Method::TRACE] {
        // 405 with the methods the path takes (schemathesis's unsupported-method check).
        let r = send(api.request(method, &path).json(&json!({"name": "Changed"}))).await;
        r.expect_error_in(&[405]);
        assert_eq!(r.must_header("allow"), "GET,HEAD,POST", "{}", r.label);
        assert_eq!(r.must_header("x-should-retry"), "false");
    }
    assert_eq!(api.get(&path).await.ok(), ws);
}

#[tokio::test]
async fn bad_json_bodies_are_400_with_a_helpful_message() {
    let s = TestServer::start().await;
    let api = s.api();
    let raw = |ct: Option<&str>, body: &str| {
        let mut rb = api.request(Method::POST, "/workspaces").body(body.to_string());
        if let Some(ct) = ct {
            rb = rb.header("content-type", ct);
        }
        send(rb)
    };
    let json_ct = Some("application/json");
    for (ct, body) in [
        (json_ct, "{\"name\": "),
        (json_ct, "{name: 'x'}"),
        (json_ct, ""),
        (json_ct, "null"),
        (json_ct, "[]"),
        (json_ct, "\"Name\""),
        (json_ct, "{\"name\": \"x\"} trailing"),
        (None, "{\"name\": \"no content type\"}"),
        (Some("text/plain"), "{\"name\": \"text plain\"}"),
        (Some("application/x-www-form-urlencoded"), "name=form"),
    ] {
        raw(ct, body).await.expect_error(400, "invalid_request_error");
    }
    // Wrong types and missing required fields name the field.
    for body in [
        json!({"name": 5}),
        json!({"name": true}),
        json!({"display_color": "#000000"}),
    ] {
        let msg = api
            .post("/workspaces", &body)
            .await
            .expect_error(400, "invalid_request_error");
        assert!(msg.contains("name"), "message should name the field: {msg:?}");
    }
    let msg = api
        .post("/invites", &json!({"email": "a@example.com", "role": ["user"]}))
        .await
        .expect_error(400, "invalid_request_error");
    assert!(msg.contains("role"), "message should name the field: {msg:?}");
    assert!(api.list_all("/workspaces").await.is_empty());
    // A charset parameter is fine.
    let ok = raw(Some("application/json; charset=utf-8"), "{\"name\": \"Charset\"}")
        .await
        .ok();
    check_workspace(&ok);
}

#[tokio::test]
async fn bodies_over_64_kib_are_413() {
    let s = TestServer::start().await;
    let api = s.api();
    // A valid invite padded with an extra field to an exact size.
    let body_of = |len: usize| {
        let head = "{\"email\":\"big@example.com\",\"role\":\"user\",\"pad\":\"";
        let tail = "\"}";
        format!("{head}{}{tail}", "a".repeat(len - head.len() - tail.len())).into_bytes()
    };
    let headers = [
        ("x-api-key", s.key.as_str()),
        ("anthropic-version", VERSION),
        ("content-type", "application/json"),
    ];
    let post = |len: usize| raw_request(&s.base, "POST", "/v1/organizations/invites", &headers, body_of(len));
    for len in [65_537, 70_000, 200_000, 2_000_000] {
        post(len).await.expect_error(413, "request_too_large");
    }
    // Without a content-length, in chunks.
    let mut chunked = Vec::new();
    for chunk in body_of(70_000).chunks(8192) {
        chunked.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        chunked.extend_from_slice(chunk);
        chunked.extend_from_slice(b"\r\n");
    }
    chunked.extend_from_slice(b"0\r\n\r\n");
    let mut chunked_headers = headers.to_vec();
    chunked_headers.push(("transfer-encoding", "chunked"));
    raw_request(&s.base, "POST", "/v1/organizations/invites", &chunked_headers, chunked)
        .await
        .expect_error(413, "request_too_large");
    assert!(api.list_all("/invites").await.is_empty());
    let at_limit = post(65_536).await;
    assert!(
        at_limit.status == 200 || at_limit.status == 400,
        "a body of exactly 64 KiB is not too large: {} {}",
        at_limit.status,
        at_limit.text
    );
}

#[tokio::test]
async fn browser_requests_need_the_direct_browser_access_header() {
    let s = TestServer::start().await;
    let api = s.api();
    let cases = [
        api.request(Method::GET, "/me").header("origin", ORIGIN),
        api.request(Method::GET, "/users")
            .header("origin", ORIGIN)
            .header("anthropic-dangerous-direct-browser-access", "false"),
        api.request(Method::POST, "/workspaces")
            .header("origin", ORIGIN)
            .json(&json!({"name": "From a browser"})),
    ];
    for rb in cases {
        let msg = send(rb).await.expect_error(401, "authentication_error");
        assert_eq!(msg, CORS_MESSAGE);
    }
    assert!(api.list_all("/workspaces").await.is_empty());
}

#[tokio::test]
async fn browser_requests_with_the_header_work_from_any_origin() {
    let s = TestServer::start().await;
    let api = s.api();
    for origin in [ORIGIN, "https://elsewhere.test", "null"] {
        let r = send(
            api.request(Method::GET, "/me")
                .header("origin", origin)
                .header("anthropic-dangerous-direct-browser-access", "true"),
        )
        .await;
        assert_eq!(r.ok()["type"], "organization");
        let acao = r.must_header("access-control-allow-origin");
        assert!(acao == "*" || acao == origin, "allow-origin {acao:?} for {origin}");
    }
    let r = send(
        api.request(Method::POST, "/workspaces")
            .header("origin", ORIGIN)
            .header("anthropic-dangerous-direct-browser-access", "true")
            .json(&json!({"name": "From a browser"})),
    )
    .await;
    check_workspace(&r.ok());
    // Errors are readable by the page too.
    let r = send(
        api.request(Method::GET, &format!("/users/{}", unknown_id("user_")))
            .header("origin", ORIGIN)
            .header("anthropic-dangerous-direct-browser-access", "true"),
    )
    .await;
    r.expect_error(404, "not_found_error");
    r.must_header("access-control-allow-origin");
}

#[tokio::test]
async fn browser_responses_expose_request_id_and_rate_limit_headers() {
    let s = TestServer::start().await;
    let r = send(
        s.api()
            .request(Method::GET, "/users")
            .header("origin", ORIGIN)
            .header("anthropic-dangerous-direct-browser-access", "true"),
    )
    .await;
    r.ok();
    let exposed = r.must_header("access-control-expose-headers");
    for h in [
        "request-id",
        "x-ratelimit-limit",
        "x-ratelimit-remaining",
        "x-ratelimit-reset",
        "retry-after",
    ] {
        assert!(list_has(exposed, h), "{h} not exposed: {exposed:?}");
    }
}

async fn preflight(s: &TestServer, method: &str, path: &str) -> Resp {
    send(
        s.http()
            .request(Method::OPTIONS, s.url(path))
            .header("origin", ORIGIN)
            .header("access-control-request-method", method)
            .header(
                "access-control-request-headers",
                "x-api-key,anthropic-version,anthropic-dangerous-direct-browser-access,content-type,authorization,idempotency-key",
            ),
    )
    .await
}

#[tokio::test]
async fn preflight_allows_the_contract_headers_and_methods() {
    let s = TestServer::start().await;
    for (method, path) in [
        ("GET", "/v1/organizations/users"),
        ("POST", "/v1/organizations/workspaces"),
        (
            "DELETE",
            &format!("/v1/organizations/invites/{}", unknown_id("invite_")),
        ),
    ] {
        let r = preflight(&s, method, path).await;
        assert!(
            r.status == 200 || r.status == 204,
            "{}: preflight answered {} {}",
            r.label,
            r.status,
            r.text
        );
        let acao = r.must_header("access-control-allow-origin");
        assert!(acao == "*" || acao == ORIGIN, "allow-origin {acao:?}");
        let allowed = r.must_header("access-control-allow-headers");
        for h in [
            "x-api-key",
            "anthropic-version",
            "anthropic-dangerous-direct-browser-access",
            "content-type",
            "authorization",
            "idempotency-key",
        ] {
            assert!(list_has(allowed, h), "{h} not allowed: {allowed:?}");
        }
        let methods = r.must_header("access-control-allow-methods");
        assert!(
            list_has(methods, method) || methods.trim() == "*",
            "{method} not allowed: {methods:?}"
        );
    }
}

#[tokio::test]
async fn every_v1_response_carries_rate_limit_headers() {
    let s = TestServer::start().await;
    let api = s.api();
    let responses = [
        api.get("/me").await,
        api.get("/workspaces").await,
        api.post("/workspaces", &json!({"name": ""})).await,
        api.get(&format!("/workspaces/{}", unknown_id("wrkspc_"))).await,
        api.post("/workspaces", &json!({"name": "ok"})).await,
    ];
    let mut remaining = Vec::new();
    for r in &responses {
        assert_eq!(int_header(r, "x-ratelimit-limit"), 1000, "{}", r.label);
        let rem = int_header(r, "x-ratelimit-remaining");
        assert!((0..1000).contains(&rem), "{}: remaining {rem}", r.label);
        remaining.push(rem);
        let reset = int_header(r, "x-ratelimit-reset");
        let now = now_secs();
        assert!(
            (now - 5..=now + 120).contains(&reset),
            "{}: x-ratelimit-reset {reset} must be unix seconds near now ({now})",
            r.label
        );
    }
    for w in remaining.windows(2) {
        assert!(w[1] < w[0], "remaining must go down: {remaining:?}");
    }
}

/// Fixed windows may be aligned on the clock's minutes: stay clear of a boundary.
async fn clear_of_minute_boundary() {
    let into = now_micros() % (60 * SECOND);
    if into > 55 * SECOND {
        let wait = 60 * SECOND - into + SECOND / 2;
        tokio::time::sleep(Duration::from_micros(wait as u64)).await;
    }
}

#[tokio::test]
async fn over_the_rate_limit_is_429_per_key() {
    let s = TestServer::start_with(ServeOptions {
        rate_limit: Some(5),
        ..Default::default()
    })
    .await;
    let other = s.create_admin_key("other", false).await;
    clear_of_minute_boundary().await;
    let api = s.api();
    let mut remaining = Vec::new();
    for _ in 0..5 {
        let r = api.get("/me").await;
        r.ok();
        assert_eq!(int_header(&r, "x-ratelimit-limit"), 5);
        remaining.push(int_header(&r, "x-ratelimit-remaining"));
    }
    assert_eq!(remaining, vec![4, 3, 2, 1, 0]);
    for r in [
        api.get("/me").await,
        api.post("/workspaces", &json!({"name": "limited"})).await,
    ] {
        r.expect_error(429, "rate_limit_error");
        let retry = int_header(&r, "retry-after");
        assert!((1..=60).contains(&retry), "retry-after {retry}");
        assert_eq!(int_header(&r, "x-ratelimit-limit"), 5);
        assert_eq!(int_header(&r, "x-ratelimit-remaining"), 0);
        let reset = int_header(&r, "x-ratelimit-reset");
        assert!((now_secs() - 1..=now_secs() + 61).contains(&reset), "reset {reset}");
        assert!(
            (reset - now_secs() - retry).abs() <= 2,
            "retry-after {retry} must agree with x-ratelimit-reset {reset} (now {})",
            now_secs()
        );
    }
    // Another key has its own budget.
    let r = s.api_as(&other).get("/workspaces").await;
    assert!(
        r.ok()["data"].as_array().unwrap().is_empty(),
        "the limited POST must not have run"
    );
    assert_eq!(int_header(&r, "x-ratelimit-remaining"), 4);
}

#[tokio::test]
async fn read_only_keys_get_403_on_every_write() {
    let s = TestServer::start().await;
    let api = s.api();
    let dev = s.user("dev@example.com", "Dev", "developer").await;
    let other = s.user("other@example.com", "Other", "user").await;
    let ws = api.create_workspace("Team").await;
    let w = str_of(&ws, "id");
    api.add_member(w, &dev, "workspace_developer").await;
    let inv = api.create_invite("inv@example.com", "user").await;
    let i = str_of(&inv, "id");
    let k = s.api_key("key", &dev, Some(w), None).await;
    let snapshot = |api: Api| async move {
        let mut all = Vec::new();
        for path in ["/users", "/invites", "/workspaces", "/api_keys"] {
            all.push(Value::Array(api.list_all(path).await));
        }
        all
    };
    let before = snapshot(api.clone()).await;
    let members_before = api.list_all(&format!("/workspaces/{w}/members")).await;

    let ro = s.api_as(&s.create_admin_key("ro", true).await);
    let writes: Vec<Resp> = vec![
        ro.post(&format!("/users/{dev}"), &json!({"role": "user"})).await,
        ro.delete(&format!("/users/{dev}")).await,
        ro.post("/invites", &json!({"email": "x@example.com", "role": "user"}))
            .await,
        ro.delete(&format!("/invites/{i}")).await,
        ro.post("/workspaces", &json!({"name": "New"})).await,
        ro.post(&format!("/workspaces/{w}"), &json!({"name": "Renamed"})).await,
        ro.post_empty(&format!("/workspaces/{w}/archive")).await,
        ro.post(
            &format!("/workspaces/{w}/members"),
            &json!({"user_id": other, "workspace_role": "workspace_user"}),
        )
        .await,
        ro.post(
            &format!("/workspaces/{w}/members/{dev}"),
            &json!({"workspace_role": "workspace_admin"}),
        )
        .await,
        ro.delete(&format!("/workspaces/{w}/members/{dev}")).await,
        ro.post(&format!("/api_keys/{k}"), &json!({"name": "Renamed"})).await,
        ro.post(&format!("/api_keys/{k}"), &json!({"status": "inactive"})).await,
    ];
    for r in &writes {
        r.expect_error(403, "permission_error");
    }
    assert_eq!(snapshot(api.clone()).await, before, "nothing changed");
    assert_eq!(api.list_all(&format!("/workspaces/{w}/members")).await, members_before);
    // Reads work with the read-only key.
    assert_eq!(snapshot(ro.clone()).await, before);
    ro.get(&format!("/workspaces/{w}/members/{dev}")).await.ok();
}

/// With the browser header, error responses carry `access-control-allow-origin` too, so the
/// page can read them.
#[tokio::test]
async fn browser_can_read_error_responses() {
    let s = TestServer::start_with(ServeOptions {
        rate_limit: Some(3),
        ..Default::default()
    })
    .await;
    clear_of_minute_boundary().await;
    let browser = |api: &Api, method: Method, path: &str| {
        api.request(method, path)
            .header("origin", ORIGIN)
            .header("anthropic-dangerous-direct-browser-access", "true")
    };
    let api = s.api();
    let unknown_key = s.api_as(&format!("sk-ant-admin01-{}", "B".repeat(86)));
    let responses = [
        (401, send(browser(&unknown_key, Method::GET, "/me")).await),
        (401, send(browser(&s.anon(), Method::GET, "/me")).await),
        (
            400,
            send(browser(&api, Method::POST, "/workspaces").json(&json!({"name": ""}))).await,
        ),
        (404, send(browser(&api, Method::GET, "/v1/organizations/nope")).await),
        (200, send(browser(&api, Method::GET, "/me")).await),
        (429, send(browser(&api, Method::GET, "/me")).await),
    ];
    for (status, r) in &responses {
        assert_eq!(r.status, *status, "{}: {}", r.label, r.text);
        let acao = r.must_header("access-control-allow-origin");
        assert!(acao == "*" || acao == ORIGIN, "{}: allow-origin {acao:?}", r.label);
    }
    let big = raw_request(
        &s.base,
        "POST",
        "/v1/organizations/invites",
        &[
            ("x-api-key", s.key.as_str()),
            ("anthropic-version", VERSION),
            ("content-type", "application/json"),
            ("origin", ORIGIN),
            ("anthropic-dangerous-direct-browser-access", "true"),
        ],
        vec![b' '; 70_000],
    )
    .await;
    assert!(big.status == 413 || big.status == 429, "{}: {}", big.label, big.status);
    big.must_header("access-control-allow-origin");
}
