//! Benchmark (prints figures, asserts nothing): 100,000 members, then `GET /users` for the first
//! page and for a page deep in the list (after the 90,000th member), over real HTTP on loopback.
//! Keyset pagination should make the deep page cost what the first one does.
//!
//! The first and the deep page of each size take turns, in `ROUNDS` rounds, so that a change in
//! the machine's load (another build, say) falls on both alike and the deep/first ratio is fair.
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
const ROUNDS: usize = 10;
/// Members per multi-row `INSERT` (6 binds each, well under SQLite's 32,766).
const FILL_BATCH: usize = 1_000;

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(default)
}

/// Inserts `count` members in one transaction, `FILL_BATCH` to a statement; returns their ids in
/// list order.
async fn fill_users(db: &Db, count: usize) -> Vec<String> {
    db.write(move |conn| {
        Box::pin(async move {
            let user_ids: Vec<String> = (0..count).map(|_| ids::new_id(ids::USER)).collect();
            for (batch, chunk) in user_ids.chunks(FILL_BATCH).enumerate() {
                let mut insert = sqlx::QueryBuilder::<sqlx::Sqlite>::new(
                    "INSERT INTO users (id, email, email_key, name, role, added_at) ",
                );
                insert.push_values(chunk.iter().enumerate(), |mut row, (offset, id)| {
                    let index = batch * FILL_BATCH + offset;
                    let email = format!("member{index}@bench.example");
                    row.push_bind(id.clone())
                        .push_bind(email.clone())
                        .push_bind(email)
                        .push_bind(format!("Member {index}"))
                        .push_bind(["user", "developer", "billing", "claude_code_user"][index % 4])
                        .push_bind(1_700_000_000_000_000i64 + index as i64);
                });
                insert.build().execute(&mut *conn).await?;
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
    println!("{requests} requests per scenario in {ROUNDS} rounds, {CONCURRENCY} concurrent clients");
    for (_, url) in &scenarios {
        measure(&client, url, &key, CONCURRENCY * 10).await; // warm up
    }
    let mut results: Vec<(Duration, Vec<Duration>)> = vec![(Duration::ZERO, Vec::new()); scenarios.len()];
    // The two scenarios of a page size take turns (first, deep, deep, first, ...); the long pages
    // run after the short ones, so that the freeing of their big answers never falls on just one
    // of a pair.
    for pair in [[0, 1], [2, 3]] {
        for round in 0..ROUNDS {
            let order = if round % 2 == 0 { pair } else { [pair[1], pair[0]] };
            for index in order {
                let started = Instant::now();
                let (_, latencies) = measure(&client, &scenarios[index].1, &key, requests / ROUNDS).await;
                results[index].0 += started.elapsed();
                results[index].1.extend(latencies);
            }
        }
    }
    println!("{:<36} {:>10} {:>10} {:>10}", "scenario", "req/s", "p50 ms", "p99 ms");
    let mut figures = Vec::new();
    for ((name, _), (elapsed, latencies)) in scenarios.iter().zip(&mut results) {
        latencies.sort();
        let rate = latencies.len() as f64 / elapsed.as_secs_f64();
        let (p50, p99) = (percentile(latencies, 0.50), percentile(latencies, 0.99));
        println!("{name:<36} {rate:>10.0} {p50:>10.2} {p99:>10.2}");
        figures.push((rate, p50, p99));
    }
    println!();
    println!(
        "deep/first p50 ratio, limit=20:   {:.2} (wanted: at most 1.10)",
        figures[1].1 / figures[0].1
    );
    println!(
        "deep/first p50 ratio, limit=1000: {:.2} (wanted: at most 1.10)",
        figures[3].1 / figures[2].1
    );
    for (label, (rate, p50, p99)) in [("first", figures[2]), ("deep", figures[3])] {
        println!(
            "limit=1000, {label} page: p50 {p50:.2} ms, p99 {p99:.2} ms, {rate:.0} req/s with {CONCURRENCY} clients"
        );
    }
}
