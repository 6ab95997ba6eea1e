//! Persistence: data survives a restart, a kill -9 during a burst of writes loses no
//! acknowledged write, and SIGTERM stops the server even while connections or requests hang.
mod common;

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::*;
use reqwest::Method;
use serde_json::{json, Value};

const ALL_INVITES: &str = "/invites?statuses[]=pending&statuses[]=accepted&statuses[]=expired";

/// Everything the API lists (the default workspace and its id included).
async fn snapshot(api: &Api) -> Vec<Value> {
    let mut all = vec![api.get("/me").await.ok()];
    for path in [
        "/users",
        ALL_INVITES,
        "/workspaces?include_archived=true&include_default=true",
        "/api_keys",
    ] {
        all.push(Value::Array(api.list_all(path).await));
    }
    for w in api.list_ids("/workspaces?include_archived=true").await {
        all.push(Value::Array(api.list_all(&format!("/workspaces/{w}/members")).await));
    }
    all
}

#[tokio::test]
async fn data_survives_a_restart() {
    let mut s = TestServer::start().await;
    let api = s.api();
    let admin = s.user("admin@example.com", "Admin", "admin").await;
    let dev = s.user("dev@example.com", "Dev", "developer").await;
    let temp = s.user("temp@example.com", "Temp", "user").await;
    let w1 = item_id(&api.create_workspace("One").await);
    let w2 = item_id(&api.create_workspace("Two").await);
    api.post(
        &format!("/workspaces/{w1}"),
        &json!({"name": "Uno", "display_color": "#123ABC", "tags": {"team": "ml"},
                "data_residency": {"allowed_inference_geos": ["us"], "default_inference_geo": "us"}}),
    )
    .await
    .ok();
    api.add_member(&w1, &dev, "workspace_developer").await;
    api.add_member(&w1, &temp, "workspace_user").await;
    api.post(&format!("/users/{dev}"), &json!({"role": "claude_code_user"}))
        .await
        .ok();
    api.delete(&format!("/workspaces/{w1}/members/{temp}")).await.ok();
    let keep = item_id(&api.create_invite("keep@example.com", "developer").await);
    let drop = item_id(&api.create_invite("drop@example.com", "billing").await);
    api.delete(&format!("/invites/{drop}")).await.ok();
    let k1 = s.api_key("k1", &admin, Some(&w2), None).await;
    s.api_key("k2", &dev, None, Some("inactive")).await;
    s.api_key_with(KeyFixture::legacy("legacy")).await;
    s.api_key_with(KeyFixture {
        expires_in_days: Some(-1),
        service_account: Some("svcacct_nightly"),
        ..KeyFixture::by("expired", &admin)
    })
    .await;
    api.post(&format!("/api_keys/{k1}"), &json!({"name": "renamed"}))
        .await
        .ok();
    api.archive_workspace(&w2).await;
    let gone = s.create_admin_key("gone", false).await;
    s.revoke_admin_key("gone").await;
    let before = snapshot(&api).await;

    s.restart().await;

    let api = s.api();
    assert_eq!(snapshot(&api).await, before, "same data after a restart");
    assert_eq!(api.get(&format!("/invites/{keep}")).await.ok()["status"], "pending");
    assert_eq!(api.get(&format!("/invites/{drop}")).await.ok()["status"], "deleted");
    s.api_as(&gone)
        .get("/me")
        .await
        .expect_error(401, "authentication_error");
    // Writes still work, and ids keep ascending.
    let w3 = item_id(&api.create_workspace("Three").await);
    assert!(w3 > w2, "new ids after a restart sort after old ones");
    api.post("/invites", &json!({"email": "KEEP@example.com", "role": "user"}))
        .await
        .expect_error(409, "conflict_error");
}

#[tokio::test]
async fn no_acknowledged_write_is_lost_to_a_kill_9() {
    let mut s = TestServer::start().await;
    let api = s.api();
    let acked: Arc<Mutex<Vec<Value>>> = Arc::new(Mutex::new(Vec::new()));
    let count = Arc::new(AtomicUsize::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let mut writers = Vec::new();
    for t in 0..4 {
        let (api, acked, count, stop) = (api.clone(), acked.clone(), count.clone(), stop.clone());
        writers.push(tokio::spawn(async move {
            for i in 0..150 {
                if stop.load(Ordering::Relaxed) {
                    break;
                }
                let body = json!({"email": format!("w{t}-{i}@example.com"), "role": "user"});
                let sent = api
                    .request(Method::POST, "/invites")
                    .json(&body)
                    .timeout(Duration::from_secs(10))
                    .send()
                    .await;
                let Ok(resp) = sent else { break };
                if resp.status() != 200 {
                    break;
                }
                let Ok(v) = resp.json::<Value>().await else {
                    break;
                };
                acked.lock().unwrap().push(v);
                count.fetch_add(1, Ordering::Relaxed);
            }
        }));
    }
    // Kill the server in the middle of the burst.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    while count.load(Ordering::Relaxed) < 60 {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the burst of writes did not get going: {} acknowledged\n{}",
            count.load(Ordering::Relaxed),
            s.log()
        );
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    s.kill9().await;
    stop.store(true, Ordering::Relaxed);
    for w in writers {
        w.await.expect("writer task");
    }
    let acked = acked.lock().unwrap().clone();
    assert!(acked.len() >= 60);

    s.start_again().await;
    let api = s.api();
    let stored = api.list_all(ALL_INVITES).await;
    for inv in &stored {
        check_invite(inv);
    }
    for a in &acked {
        check_invite(a);
        assert!(stored.contains(a), "acknowledged invite lost after kill -9: {a}");
    }
    assert!(stored.len() >= acked.len());
    // The database is healthy: reads, writes and the CLI all work.
    api.get("/me").await.ok();
    api.create_invite("after@example.com", "user").await;
    api.create_workspace("After").await;
    s.user("after-user@example.com", "After", "user").await;
    s.admin_key_lines().await;
    assert_eq!(api.list_all("/invites").await.len(), stored.len() + 1);
}

#[tokio::test]
async fn sigterm_stops_the_server_even_while_a_request_never_finishes() {
    use tokio::io::AsyncWriteExt;
    let mut s = TestServer::start().await;
    // A keep-alive connection that served a request, one that never sends any (browsers open
    // such connections ahead of time), and a request whose body never finishes arriving.
    s.api().get("/me").await.ok();
    let address = s.base.trim_start_matches("http://").to_owned();
    let _idle = tokio::net::TcpStream::connect(&address).await.expect("connect");
    let mut stalled = tokio::net::TcpStream::connect(&address).await.expect("connect");
    let head = format!(
        "POST /v1/organizations/workspaces HTTP/1.1\r\nhost: {address}\r\nx-api-key: {}\r\n\
         anthropic-version: 2023-06-01\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{{",
        s.key
    );
    stalled
        .write_all(head.as_bytes())
        .await
        .expect("send a partial request");
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(
        s.terminate_within(Duration::from_secs(9)).await,
        "SIGTERM did not stop the server within 9 s"
    );
}
