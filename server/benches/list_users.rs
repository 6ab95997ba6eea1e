//! Benchmark (prints figures, asserts nothing): 100,000 members, then `GET /users` for the first
//! page and for a page deep in the list (after the 90,000th member), over real HTTP on loopback.
//! Keyset pagination should make the deep page cost what the first one does.
//!
//! Run: `cargo bench -p admin-server --bench list_users` (env BENCH_USERS, BENCH_REQUESTS to scale).

use std::sync::Arc;
use std::time::{Duration, Instant};

use admin_server::app::{self, AppState};
use admin_server::db::{admin_keys, Db};
use admin_server::ids;
use admin_server::ratelimit::RateLimiter;
use admin_server::serve::Limits;

const CONCURRENCY: usize = 8;

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(default)
}

/// Inserts `count` members in one transaction; returns their ids in list order.
async fn fill_users(db: &Db, count: usize) -> Vec<String> {
    db.write(move |conn| {
        Box::pin(async move {
            let mut user_ids = Vec::with_capacity(count);
            for index in 0..count {
                let id = ids::new_id(ids::USER);
                let email = format!("member{index}@bench.example");
                sqlx::query("INSERT INTO users (id, email, email_key, name, role, added_at) VALUES (?, ?, ?, ?, ?, ?)")
                    .bind(&id)
                    .bind(&email)
                    .bind(&email)
                    .bind(format!("Member {index}"))
                    .bind(["user", "developer", "billing", "claude_code_user"][index % 4])
                    .bind(1_700_000_000_000_000i64 + index as i64)
                    .execute(&mut *conn)
                    .await?;
                user_ids.push(id);
            }
            Ok(user_ids)
        })
    })
    .await
    .expect("insert users")
}

/// Sends `total` GETs to `url` from CONCURRENCY clients; returns (requests per second, latencies sorted).
async fn measure(client: &reqwest::Client, url: &str, key: &str, total: usize) -> (f64, Vec<Duration>) {
    let started = Instant::now();
    let mut workers = Vec::new();
    for _ in 0..CONCURRENCY {
        let (client, url, key) = (client.clone(), url.to_owned(), key.to_owned());
        workers.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            for _ in 0..total / CONCURRENCY {
                let sent = Instant::now();
                let response = client
                    .get(&url)
                    .header("x-api-key", &key)
                    .header("anthropic-version", "2023-06-01")
                    .send()
                    .await
                    .expect("request");
                assert_eq!(response.status(), 200, "{url}");
                response.bytes().await.expect("body");
                latencies.push(sent.elapsed());
            }
            latencies
        }));
    }
    let mut latencies = Vec::new();
    for worker in workers {
        latencies.extend(worker.await.expect("worker"));
    }
    let rate = latencies.len() as f64 / started.elapsed().as_secs_f64();
    latencies.sort();
    (rate, latencies)
}

fn percentile(sorted: &[Duration], fraction: f64) -> f64 {
    let index = ((sorted.len() as f64 - 1.0) * fraction).round() as usize;
    sorted[index].as_secs_f64() * 1000.0
}

#[tokio::main]
async fn main() {
    let users = env_number("BENCH_USERS", 100_000);
    let requests = env_number("BENCH_REQUESTS", 4_000);
    let dir = tempfile::tempdir().expect("temp dir");
    let db = Db::open(&dir.path().join("bench.db")).await.expect("open db");

    let filled = Instant::now();
    let user_ids = fill_users(&db, users).await;
    println!("filled {users} users in {:.1} s", filled.elapsed().as_secs_f64());
    let key = db
        .write(|conn| Box::pin(async move { Ok(admin_keys::create(conn, "bench", false).await?) }))
        .await
        .expect("admin key");

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let base = format!("http://{}/v1/organizations", listener.local_addr().expect("address"));
    let organization_id = admin_server::db::organization::get(&mut db.read().await.expect("read"))
        .await
        .expect("organization")
        .id;
    let state = AppState {
        organization_id: organization_id.into(),
        db,
        rate_limiter: Arc::new(RateLimiter::new(u32::MAX)),
        limits: Limits::default(),
    };
    tokio::spawn(admin_server::serve::serve(
        listener,
        app::build(state, None, None),
        Limits::default(),
    ));

    let client = reqwest::Client::new();
    let deep_cursor = &user_ids[users * 9 / 10];
    let scenarios = [
        ("first page (limit=20)", format!("{base}/users?limit=20")),
        (
            "deep page (limit=20, after 90%)",
            format!("{base}/users?limit=20&after_id={deep_cursor}"),
        ),
        ("first page (limit=1000)", format!("{base}/users?limit=1000")),
        (
            "deep page (limit=1000, after 90%)",
            format!("{base}/users?limit=1000&after_id={deep_cursor}"),
        ),
    ];
    println!("{requests} requests per scenario, {CONCURRENCY} concurrent clients");
    println!("{:<36} {:>10} {:>10} {:>10}", "scenario", "req/s", "p50 ms", "p99 ms");
    let mut p50s = Vec::new();
    for (name, url) in &scenarios {
        measure(&client, url, &key, CONCURRENCY * 10).await; // warm up
        let (rate, latencies) = measure(&client, url, &key, requests).await;
        let p50 = percentile(&latencies, 0.50);
        p50s.push(p50);
        println!(
            "{name:<36} {rate:>10.0} {p50:>10.2} {:>10.2}",
            percentile(&latencies, 0.99)
        );
    }
    println!(
        "deep/first p50 ratio: limit=20 {:.2}, limit=1000 {:.2}",
        p50s[1] / p50s[0],
        p50s[3] / p50s[2]
    );
}
