//! `admin-server proxy` in front of a reference server on loopback: what it forwards, what it
//! keeps back, and how it answers when it cannot reach the upstream.

mod common;

use std::process::Stdio;
use std::time::Duration;

use common::*;
use serde_json::json;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

/// A running `admin-server proxy` on 127.0.0.1. Killed on drop.
struct Proxy {
    _child: Child,
    base: String,
}

impl Proxy {
    async fn start(upstream: &str, extra: &[&str]) -> Self {
        let mut child = Command::new(BIN)
            .args([
                "proxy",
                "--addr",
                "127.0.0.1:0",
                "--upstream",
                upstream,
                "--allow-http-upstream",
            ])
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .expect("spawn admin-server proxy");
        let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
        let base = tokio::time::timeout(Duration::from_secs(30), async {
            while let Ok(Some(line)) = lines.next_line().await {
                if let Some(url) = line.strip_prefix("listening on ") {
                    return url.trim().trim_end_matches('/').to_owned();
                }
            }
            panic!("the proxy exited before listening");
        })
        .await
        .expect("the proxy did not start in time");
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
        Self { _child: child, base }
    }

    /// The Admin API through the proxy, with `server`'s key.
    fn api(&self, server: &TestServer) -> Api {
        server.api().at(&self.base)
    }
}

#[tokio::test]
async fn reads_writes_and_errors_pass_through_unchanged() {
    let server = TestServer::start().await;
    let proxy = Proxy::start(&server.base, &[]).await;
    let via = proxy.api(&server);

    // A read: the upstream's body.
    let direct = server.api().get("/users").await.ok();
    let proxied = via.get("/users").await;
    assert_eq!(proxied.ok(), direct);
    assert_eq!(proxied.must_header("content-type"), "application/json");
    assert!(
        proxied.headers.contains_key("x-ratelimit-limit"),
        "{:?}",
        proxied.headers
    );

    // A write, seen by the upstream.
    let created = via
        .post("/workspaces", &json!({ "name": "Through the proxy" }))
        .await
        .ok();
    let id = created["id"].as_str().unwrap().to_owned();
    server.api().get(&format!("/workspaces/{id}")).await.ok();

    // An error: the upstream's envelope and its request id, not one of the proxy's.
    let missing = via.get("/users/user_111111111111111111111111").await;
    missing.expect_error(404, "not_found_error");
    assert_eq!(
        missing.json.as_ref().unwrap()["request_id"],
        missing.must_header("request-id"),
        "the request id is the upstream's"
    );

    // A refused key: the upstream's 401.
    server
        .api_as("sk-ant-admin01-not-a-key")
        .get("/me")
        .await
        .expect_error(401, "authentication_error");
    server
        .api_as("sk-ant-admin01-not-a-key")
        .at(&proxy.base)
        .get("/me")
        .await
        .expect_error(401, "authentication_error");
}

#[tokio::test]
async fn a_browsers_origin_stays_with_the_proxy() {
    let server = TestServer::start().await;
    let proxy = Proxy::start(&server.base, &[]).await;
    // Straight to the upstream, an Origin without the browser-access header is refused...
    let refused = send(
        server
            .api()
            .request(reqwest::Method::GET, "/me")
            .header("origin", "http://console.example"),
    )
    .await;
    assert_eq!(refused.expect_error(401, "authentication_error"), CORS_MESSAGE);
    // ... through the proxy, the upstream never sees it (nor cookies).
    let proxied = send(
        proxy
            .api(&server)
            .request(reqwest::Method::GET, "/me")
            .header("origin", "http://console.example")
            .header("cookie", "session=secret"),
    )
    .await;
    proxied.ok();
}

#[tokio::test]
async fn a_429_keeps_its_retry_after() {
    let server = TestServer::start_with(ServeOptions {
        test_faults: true,
        ..Default::default()
    })
    .await;
    let proxy = Proxy::start(&server.base, &[]).await;
    let rule = json!({ "faults": [{ "path": "/v1/organizations/me", "status": 429, "retry_after": 3, "times": 1 }] });
    let put = send(server.http().put(server.url("/__test/faults")).json(&rule)).await;
    assert_eq!(put.status, 204);
    let limited = proxy.api(&server).get("/me").await;
    limited.expect_error(429, "rate_limit_error");
    assert_eq!(limited.must_header("retry-after"), "3");
}

#[tokio::test]
async fn only_the_organizations_api_is_forwarded_and_big_bodies_are_refused() {
    let server = TestServer::start().await;
    let proxy = Proxy::start(&server.base, &[]).await;
    let client = server.http();
    for path in ["/v1/messages", "/openapi.json", "/"] {
        let answer = send(client.get(format!("{}{path}", proxy.base))).await;
        answer.expect_error(404, "not_found_error");
        assert!(answer.must_header("request-id").starts_with("req_"), "{path}");
    }
    let big = json!({ "name": "x".repeat(70 * 1024) });
    proxy
        .api(&server)
        .post("/workspaces", &big)
        .await
        .expect_error(413, "request_too_large");
}

#[tokio::test]
async fn an_unreachable_upstream_is_a_502_envelope_naming_it() {
    // A port where nothing listens.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let proxy = Proxy::start(&format!("http://127.0.0.1:{port}"), &[]).await;
    let answer = send(
        reqwest::Client::new()
            .get(format!("{}/v1/organizations/me", proxy.base))
            .header("x-api-key", "sk-ant-admin01-whatever")
            .header("anthropic-version", VERSION),
    )
    .await;
    let message = answer.expect_error(502, "api_error");
    assert!(message.contains("127.0.0.1"), "{message}");
    assert!(!message.contains("sk-ant"), "{message}");
    assert_eq!(
        answer.json.as_ref().unwrap()["request_id"],
        answer.must_header("request-id")
    );
}

#[tokio::test]
async fn it_serves_the_console_pointed_at_itself() {
    let server = TestServer::start().await;
    let dist = tempfile::tempdir().unwrap();
    std::fs::write(dist.path().join("index.html"), "<!doctype html><title>console</title>").unwrap();
    let proxy = Proxy::start(&server.base, &["--dist", dist.path().to_str().unwrap()]).await;
    let client = server.http();
    let config = send(client.get(format!("{}/config.json", proxy.base))).await;
    assert_eq!(config.json.unwrap()["default_base_url"], "");
    let page = send(client.get(format!("{}/members", proxy.base))).await;
    assert_eq!(page.status, 200);
    assert!(page.text.contains("<title>console</title>"));
}

#[tokio::test]
async fn an_http_upstream_needs_the_flag() {
    let output = Command::new(BIN)
        .args(["proxy", "--addr", "127.0.0.1:0", "--upstream", "http://api.example.com"])
        .output()
        .await
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("must be https"), "{stderr}");
}
