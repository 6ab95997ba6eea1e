//! Slow, stalled and oversized clients, over raw sockets: a request head or body that never
//! ends, a declared body far over the limit, a request that takes too long, more connections
//! than the server takes, and requests hyper itself refuses. Every answer is the contract's
//! envelope with a request id; a connection that sends nothing is closed.
mod common;

use std::time::{Duration, Instant};

use common::*;
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

fn serve_with(extra: &[&'static str]) -> ServeOptions {
    ServeOptions {
        extra: extra.to_vec(),
        ..ServeOptions::default()
    }
}

fn addr(s: &TestServer) -> String {
    s.base.trim_start_matches("http://").to_string()
}

/// Reads until the server closes the connection; `None` if it has not within `limit`.
async fn read_until_closed(stream: &mut TcpStream, limit: Duration) -> Option<Vec<u8>> {
    let mut all = Vec::new();
    let read = tokio::time::timeout(limit, async {
        let mut chunk = [0u8; 8192];
        loop {
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => break,
                Ok(n) => all.extend_from_slice(&chunk[..n]),
            }
        }
    })
    .await;
    read.ok().map(|()| all)
}

fn post_head(s: &TestServer, path: &str, content_length: &str) -> String {
    format!(
        "POST {ORG}{path} HTTP/1.1\r\nhost: {}\r\nx-api-key: {}\r\nanthropic-version: {VERSION}\r\n\
         content-type: application/json\r\ncontent-length: {content_length}\r\n\r\n",
        addr(s),
        s.key
    )
}

#[tokio::test]
async fn a_request_head_that_never_ends_and_an_idle_connection_are_closed() {
    let s = TestServer::start_with(serve_with(&["--header-timeout", "1"])).await;
    let mut half = TcpStream::connect(addr(&s)).await.unwrap();
    half.write_all(b"GET /v1/organizations/me HTTP/1.1\r\nhost: x\r\nx-api-key: ")
        .await
        .unwrap();
    let mut idle = TcpStream::connect(addr(&s)).await.unwrap();
    let started = Instant::now();
    assert!(
        read_until_closed(&mut half, Duration::from_secs(5)).await.is_some(),
        "half a request head was held for more than 5 s (header timeout 1 s)"
    );
    assert!(
        read_until_closed(&mut idle, Duration::from_secs(5)).await.is_some(),
        "an idle connection was held for more than 5 s (header timeout 1 s)"
    );
    assert!(
        started.elapsed() >= Duration::from_millis(900),
        "closed before the timeout"
    );
    // Others are served meanwhile and after.
    s.api().get("/me").await.ok();
}

#[tokio::test]
async fn a_body_that_stops_arriving_is_a_408_envelope() {
    let s = TestServer::start_with(serve_with(&["--body-timeout", "1"])).await;
    let mut stream = TcpStream::connect(addr(&s)).await.unwrap();
    stream
        .write_all(post_head(&s, "/workspaces", "100").as_bytes())
        .await
        .unwrap();
    stream.write_all(br#"{"name": "#).await.unwrap();
    let raw = read_until_closed(&mut stream, Duration::from_secs(5))
        .await
        .expect("no answer within 5 s to a body that stopped (body timeout 1 s)");
    let r = parse_response("POST /workspaces [body stops]".into(), &raw);
    r.expect_error(408, "timeout_error");
    assert!(s.api().list_all("/workspaces").await.is_empty());
}

#[tokio::test]
async fn a_trickling_body_is_cut_off_by_the_request_timeout() {
    let s = TestServer::start_with(serve_with(&["--body-timeout", "1", "--request-timeout", "2"])).await;
    let mut stream = TcpStream::connect(addr(&s)).await.unwrap();
    stream
        .write_all(post_head(&s, "/workspaces", "1000").as_bytes())
        .await
        .unwrap();
    let started = Instant::now();
    // One byte every 300 ms: never a pause of a second, never the whole body.
    let (mut reader, mut writer) = stream.into_split();
    let trickle = tokio::spawn(async move {
        for _ in 0..40 {
            if writer.write_all(b" ").await.is_err() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(300)).await;
        }
    });
    let mut raw = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(6), reader.read_to_end(&mut raw)).await;
    trickle.abort();
    assert!(
        read.is_ok(),
        "a trickling body was held for more than 6 s (request timeout 2 s)"
    );
    assert!(started.elapsed() >= Duration::from_millis(1900));
    parse_response("POST /workspaces [trickle]".into(), &raw).expect_error(504, "timeout_error");
}

#[tokio::test]
async fn a_slow_answer_is_a_504_envelope_after_the_request_timeout() {
    let s = TestServer::start_with(ServeOptions {
        test_faults: true,
        extra: vec!["--request-timeout", "1"],
        ..ServeOptions::default()
    })
    .await;
    send(
        s.http()
            .put(s.url("/__test/faults"))
            .json(&json!({"faults": [{"path": "/v1/organizations/me", "delay_ms": 5000}]})),
    )
    .await;
    let started = Instant::now();
    let r = s.api().get("/me").await;
    assert!(started.elapsed() < Duration::from_secs(4), "{:?}", started.elapsed());
    r.expect_error(504, "timeout_error");
}

#[tokio::test]
async fn a_declared_body_over_the_limit_is_refused_at_once() {
    let s = TestServer::start().await;
    for key in [Some(s.key.clone()), None] {
        let mut stream = TcpStream::connect(addr(&s)).await.unwrap();
        let mut head = post_head(&s, "/workspaces", "10000000000");
        if key.is_none() {
            head = head.replace(&format!("x-api-key: {}\r\n", s.key), "");
        }
        stream.write_all(head.as_bytes()).await.unwrap();
        let raw = read_until_closed(&mut stream, Duration::from_secs(3))
            .await
            .expect("a 10 GB content-length and no body: no answer within 3 s");
        let r = parse_response("POST /workspaces [content-length 10 GB]".into(), &raw);
        r.expect_error(413, "request_too_large");
        assert_eq!(r.header("x-should-retry"), Some("false"));
    }
    // Just over the limit, declared: refused too; at the limit: read (and judged as JSON).
    let over = raw_request(
        &s.base,
        "POST",
        &format!("{ORG}/workspaces"),
        &[
            ("x-api-key", &s.key),
            ("anthropic-version", VERSION),
            ("content-type", "application/json"),
        ],
        vec![b' '; 64 * 1024 + 1],
    )
    .await;
    over.expect_error(413, "request_too_large");
    let mut body = br#"{"name": "Exactly at the limit"}"#.to_vec();
    body.resize(64 * 1024, b' ');
    let at = raw_request(
        &s.base,
        "POST",
        &format!("{ORG}/workspaces"),
        &[
            ("x-api-key", &s.key),
            ("anthropic-version", VERSION),
            ("content-type", "application/json"),
        ],
        body,
    )
    .await;
    assert_eq!(at.ok()["name"], "Exactly at the limit");
}

#[tokio::test]
async fn connections_past_the_limit_wait_until_one_closes() {
    let s = TestServer::start_with(serve_with(&["--max-connections", "4", "--header-timeout", "2"])).await;
    let mut held = Vec::new();
    for _ in 0..4 {
        held.push(TcpStream::connect(addr(&s)).await.unwrap());
    }
    tokio::time::sleep(Duration::from_millis(200)).await;
    let quick = reqwest::Client::builder()
        .no_proxy()
        .timeout(Duration::from_millis(700))
        .build()
        .unwrap();
    let waited = quick
        .get(s.url("/v1/organizations/me"))
        .header("x-api-key", &s.key)
        .header("anthropic-version", VERSION)
        .send()
        .await;
    assert!(
        waited.is_err(),
        "a fifth connection was served while four were open: {waited:?}"
    );
    // The idle four are closed by the header timeout; then the server takes new connections.
    let started = Instant::now();
    let r = s.api().get("/me").await;
    r.ok();
    assert!(started.elapsed() < Duration::from_secs(5), "{:?}", started.elapsed());
    drop(held);
}

#[tokio::test]
async fn the_http_layer_own_refusals_are_envelopes_with_a_request_id() {
    let s = TestServer::start().await;
    let path = format!("{ORG}/me");
    let auth = [("x-api-key", s.key.as_str()), ("anthropic-version", VERSION)];

    // Too many headers.
    let names: Vec<String> = (0..150).map(|i| format!("x-extra-{i}")).collect();
    let mut many: Vec<(&str, &str)> = names.iter().map(|n| (n.as_str(), "1")).collect();
    many.extend(auth);
    let r = raw_request(&s.base, "GET", &path, &many, Vec::new()).await;
    r.expect_error(431, "invalid_request_error");
    assert_eq!(r.header("x-should-retry"), Some("false"));

    // A header block too large.
    let big = "a".repeat(40 * 1024);
    let mut large = vec![("x-big", big.as_str())];
    large.extend(auth);
    raw_request(&s.base, "GET", &path, &large, Vec::new())
        .await
        .expect_error(431, "invalid_request_error");

    // A URL too long (but within the head limit).
    let long = format!("{path}?{}", "a".repeat(20 * 1024));
    raw_request(&s.base, "GET", &long, &auth, Vec::new())
        .await
        .expect_error(414, "invalid_request_error");

    // Not HTTP: a header name with a space.
    let mut bad = vec![("bad header", "x")];
    bad.extend(auth);
    raw_request(&s.base, "GET", &path, &bad, Vec::new())
        .await
        .expect_error(400, "invalid_request_error");

    // And the server is still there.
    s.api().get("/me").await.ok();
}
