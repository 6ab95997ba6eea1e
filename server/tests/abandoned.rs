//! Clients that hang up while their write is in flight: whatever point a request is abandoned at,
//! its transaction runs to its end, and later writes (over HTTP and by the CLI) still work.
mod common;

use std::time::Duration;

use common::*;
use serde_json::json;
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;

/// A small deterministic pseudo-random sequence (xorshift), seeded per test run.
struct Rng(u64);

impl Rng {
    fn new() -> Self {
        let seed = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(1);
        Rng(seed | 1)
    }
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// Sends a POST over a raw socket and hangs up: after the head only, halfway through the body, or
/// `wait_us` microseconds after the whole request (often while the server is inside the write).
async fn abandon_post(addr: &str, path: &str, key: &str, body: &str, cut: u64, wait_us: u64) {
    let Ok(mut stream) = TcpStream::connect(addr).await else {
        return;
    };
    let head = format!(
        "POST {path} HTTP/1.1\r\nhost: {addr}\r\nx-api-key: {key}\r\nanthropic-version: {VERSION}\r\n\
         content-type: application/json\r\ncontent-length: {}\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes()).await;
    match cut {
        0 => {}
        1 => {
            let _ = stream.write_all(&body.as_bytes()[..body.len() / 2]).await;
        }
        _ => {
            let _ = stream.write_all(body.as_bytes()).await;
        }
    }
    tokio::time::sleep(Duration::from_micros(wait_us)).await;
    drop(stream); // hang up, whatever the server is doing
}

#[tokio::test]
async fn writes_abandoned_at_random_points_never_wedge_later_writes() {
    let s = TestServer::start().await;
    let api = s.api();
    let ws = api.create_workspace("Target").await;
    let ws_id = str_of(&ws, "id").to_string();
    let user = s.user("abandon@example.com", "Abandon", "developer").await;
    let addr = s.base.trim_start_matches("http://").to_string();
    let mut rng = Rng::new();
    let seed = rng.0;

    // Several hundred writes of different kinds, eight at a time, each abandoned at a random point.
    let mut plan = Vec::new();
    for i in 0..400u64 {
        let (path, body) = match rng.below(4) {
            0 | 1 => (
                format!("{ORG}/workspaces/{ws_id}"),
                json!({ "name": format!("Renamed {i}") }).to_string(),
            ),
            2 => (
                format!("{ORG}/workspaces/{ws_id}/members"),
                json!({ "user_id": user, "workspace_role": "workspace_user" }).to_string(),
            ),
            _ => (
                format!("{ORG}/invites"),
                json!({ "email": format!("abandoned{i}@example.com"), "role": "user" }).to_string(),
            ),
        };
        // Mostly after the whole request, at 0 to 3 ms (the window a write is in flight).
        let cut = if rng.below(10) == 0 { rng.below(2) } else { 2 };
        plan.push((path, body, cut, rng.below(3000)));
    }
    for batch in plan.chunks(8) {
        let tasks: Vec<_> = batch
            .iter()
            .cloned()
            .map(|(path, body, cut, wait)| {
                let addr = addr.clone();
                let key = s.key.clone();
                tokio::spawn(async move { abandon_post(&addr, &path, &key, &body, cut, wait).await })
            })
            .collect();
        for task in tasks {
            task.await.unwrap();
        }
    }

    // Writes still work, and what they wrote is committed (a read on another connection sees it).
    let path = format!("/workspaces/{ws_id}");
    let renamed = tokio::time::timeout(
        Duration::from_secs(15),
        api.post(&path, &json!({ "name": "After the storm" })),
    )
    .await
    .unwrap_or_else(|_| panic!("seed {seed}: a write after abandoned writes did not answer in 15 s"));
    assert_eq!(renamed.ok()["name"], "After the storm", "seed {seed}");
    assert_eq!(api.get(&path).await.ok()["name"], "After the storm", "seed {seed}");
    let other = api.create_workspace("Created after").await;
    assert_eq!(
        api.get(&format!("/workspaces/{}", str_of(&other, "id"))).await.ok()["name"],
        "Created after"
    );

    // The CLI, another process, can still take the write lock: keys create and keys revoke.
    let key = tokio::time::timeout(Duration::from_secs(30), s.create_admin_key("after-storm", false))
        .await
        .unwrap_or_else(|_| panic!("seed {seed}: keys create did not finish in 30 s"));
    s.api_as(&key).get("/me").await.ok();
    tokio::time::timeout(Duration::from_secs(30), s.revoke_admin_key("after-storm"))
        .await
        .unwrap_or_else(|_| panic!("seed {seed}: keys revoke did not finish in 30 s"));
    s.api_as(&key)
        .get("/me")
        .await
        .expect_error(401, "authentication_error");
    // And the server's own writes still work after the CLI's.
    api.post(&path, &json!({ "name": "Last word" })).await.ok();
    assert_eq!(api.get(&path).await.ok()["name"], "Last word");
}
