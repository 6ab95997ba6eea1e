//! The test fault mode (`serve --test-faults`): off by default; each effect, `times`, the method
//! filter, preflights left alone, CORS headers and request ids on forced answers, the request log.
mod common;

use std::time::{Duration, Instant};

use common::*;
use reqwest::Method;
use serde_json::{json, Value};

const ORIGIN: &str = "http://console.example:8080";

async fn faulty() -> TestServer {
    TestServer::start_with(ServeOptions {
        test_faults: true,
        ..Default::default()
    })
    .await
}

async fn set_faults(s: &TestServer, faults: Value) -> Resp {
    send(s.http().put(s.url("/__test/faults")).json(&json!({ "faults": faults }))).await
}

async fn seen(s: &TestServer) -> Vec<Value> {
    let log = send(s.http().get(s.url("/__test/requests"))).await;
    assert_eq!(log.status, 200, "{}", log.text);
    log.json.unwrap()["requests"].as_array().unwrap().clone()
}

#[tokio::test]
async fn without_the_flag_there_is_no_fault_mode() {
    let s = TestServer::start().await;
    let put = set_faults(&s, json!([{ "path": "/v1/", "status": 500 }])).await;
    assert_eq!(put.status, 404, "{}", put.text);
    assert_eq!(send(s.http().get(s.url("/__test/requests"))).await.status, 404);
    s.api().get("/me").await.ok();
}

#[tokio::test]
async fn a_forced_status_is_the_contracts_envelope_with_cors_and_a_request_id() {
    let s = faulty().await;
    assert_eq!(
        set_faults(&s, json!([{ "path": "/v1/organizations/users", "status": 500 }]))
            .await
            .status,
        204
    );
    let answer = send(
        s.api()
            .request(Method::GET, "/users")
            .header("origin", ORIGIN)
            .header("anthropic-dangerous-direct-browser-access", "true"),
    )
    .await;
    let message = answer.expect_error(500, "api_error");
    assert!(message.contains("fault mode"), "{message}");
    let id = answer.must_header("request-id");
    assert!(id.starts_with("req_"));
    assert_eq!(answer.json.as_ref().unwrap()["request_id"], id);
    assert_eq!(answer.must_header("access-control-allow-origin"), ORIGIN);
    // Other paths are untouched.
    s.api().get("/me").await.ok();
}

#[tokio::test]
async fn a_forced_429_says_when_to_retry_and_times_is_honoured() {
    let s = faulty().await;
    set_faults(
        &s,
        json!([{ "path": "/v1/organizations/me", "status": 429, "retry_after": 3, "times": 2 }]),
    )
    .await;
    for _ in 0..2 {
        let answer = s.api().get("/me").await;
        answer.expect_error(429, "rate_limit_error");
        assert_eq!(answer.must_header("retry-after"), "3");
    }
    s.api().get("/me").await.ok();
}

#[tokio::test]
async fn the_real_apis_own_failures_can_be_forced() {
    let s = faulty().await;
    set_faults(
        &s,
        json!([
            { "path": "/v1/organizations/users", "status": 402 },
            { "path": "/v1/organizations/invites", "status": 504 },
            { "path": "/v1/organizations/workspaces", "status": 529 },
            { "path": "/v1/organizations/api_keys", "status": 429, "retry_after": 0 },
        ]),
    )
    .await;
    s.api().get("/users").await.expect_error(402, "billing_error");
    s.api().get("/invites").await.expect_error(504, "timeout_error");
    s.api().get("/workspaces").await.expect_error(529, "overloaded_error");
    // A 429 without retry-after, as the real API's spend caps answer.
    let capped = s.api().get("/api_keys").await;
    capped.expect_error(429, "rate_limit_error");
    assert_eq!(capped.header("retry-after"), None);
    // Any other status is refused, naming the ones it may be.
    let refused = set_faults(&s, json!([{ "path": "/v1/", "status": 418 }])).await;
    let message = refused.expect_error(400, "invalid_request_error");
    assert!(message.contains("402") && message.contains("529"), "{message}");
}

#[tokio::test]
async fn the_method_filter_and_a_delay() {
    let s = faulty().await;
    set_faults(
        &s,
        json!([{ "path": "/v1/organizations/workspaces", "method": "post", "delay_ms": 400 }]),
    )
    .await;
    let started = Instant::now();
    s.api().get("/workspaces").await.ok();
    assert!(started.elapsed() < Duration::from_millis(400), "a GET is not delayed");
    let started = Instant::now();
    s.api().post("/workspaces", &json!({ "name": "Slow" })).await.ok();
    assert!(started.elapsed() >= Duration::from_millis(400), "the POST waited");
}

#[tokio::test]
async fn a_malformed_answer_is_not_json() {
    let s = faulty().await;
    set_faults(
        &s,
        json!([{ "path": "/v1/organizations/users", "malformed": true, "times": 1 }]),
    )
    .await;
    let answer = s.api().get("/users").await;
    assert_eq!(answer.status, 200);
    assert_eq!(answer.must_header("content-type"), "application/json");
    assert!(serde_json::from_str::<Value>(&answer.text).is_err(), "{}", answer.text);
    s.api().get("/users").await.ok();
}

#[tokio::test]
async fn preflights_are_never_faulted_and_rules_can_be_cleared() {
    let s = faulty().await;
    set_faults(&s, json!([{ "path": "/v1/", "status": 401 }])).await;
    let preflight = send(
        s.http()
            .request(Method::OPTIONS, s.url("/v1/organizations/me"))
            .header("origin", ORIGIN)
            .header("access-control-request-method", "GET")
            .header("access-control-request-headers", "x-api-key"),
    )
    .await;
    assert!(preflight.status < 300, "{}", preflight.status);
    s.api().get("/me").await.expect_error(401, "authentication_error");
    assert_eq!(send(s.http().delete(s.url("/__test/faults"))).await.status, 204);
    s.api().get("/me").await.ok();
}

#[tokio::test]
async fn the_request_log_lists_what_arrived_with_its_status() {
    let s = faulty().await;
    set_faults(
        &s,
        json!([{ "path": "/v1/organizations/invites", "method": "POST", "status": 409, "times": 1 }]),
    )
    .await;
    s.api().get("/users?limit=5").await.ok();
    s.api()
        .post("/invites", &json!({ "email": "x@example.com", "role": "user" }))
        .await
        .expect_error(409, "conflict_error");
    let log = seen(&s).await;
    let brief: Vec<(String, String, String, u64)> = log
        .iter()
        .map(|r| {
            (
                r["method"].as_str().unwrap().to_owned(),
                r["path"].as_str().unwrap().to_owned(),
                r["query"].as_str().unwrap().to_owned(),
                r["status"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        brief,
        vec![
            ("GET".into(), "/v1/organizations/users".into(), "limit=5".into(), 200),
            ("POST".into(), "/v1/organizations/invites".into(), String::new(), 409),
        ]
    );
    assert_eq!(send(s.http().delete(s.url("/__test/requests"))).await.status, 204);
    assert!(seen(&s).await.is_empty());
}

#[tokio::test]
async fn a_bad_rule_is_refused_with_the_envelope_and_changes_nothing() {
    let s = faulty().await;
    set_faults(&s, json!([{ "path": "/v1/organizations/me", "status": 500 }])).await;
    for (rule, words) in [
        (json!({ "path": "/v1/x", "status": 418 }), "status"),
        (json!({ "path": "/v1/x", "status": 500, "delay_ms": 5 }), "exactly one"),
        (json!({ "path": "v1/x", "status": 500 }), "path"),
        (json!({ "path": "/v1/x", "status": 500, "colour": 1 }), "colour"),
        (
            json!({ "path": "/v1/x", "delay_ms": 5, "retry_after": 2 }),
            "retry_after",
        ),
    ] {
        let answer = set_faults(&s, json!([rule])).await;
        let message = answer.expect_error(400, "invalid_request_error");
        assert!(message.contains(words), "{message}");
    }
    // The earlier rules still apply.
    s.api().get("/me").await.expect_error(500, "api_error");
}
