//! Benchmark (prints figures, asserts nothing): 100,000 members, then `GET /users` for the first
//! page and for a page deep in the list (after the 90,000th member), over real HTTP on loopback.
//! Keyset pagination should make the deep page cost what the first one does.
//!
//! The first and the deep page of each size take turns, in `ROUNDS` rounds, so that a change in
//! the machine's load (another build, say) falls on both alike and the deep/first ratio is fair.
//!
//! Then the reports over the large demo (10,000 members, 100 workspaces, 5,000 keys, 90 days of
//! hourly usage): each report walked page by page, one request at a time, `BENCH_WALKS` times
//! (default 5), with the median and the slowest of each walk's total and of its pages.
//!
//! Run: `cargo bench -p admin-server --bench list_users` (env BENCH_USERS, BENCH_REQUESTS to scale;
//! `BENCH_ONLY=reports` for the reports alone).

use std::sync::Arc;
use std::time::{Duration, Instant};

use admin_server::app::{self, AppState};
use admin_server::db::{admin_keys, Db};
use admin_server::demo::{self, DemoSize};
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

/// Serves `db` on a loopback port; returns the API's base URL.
async fn serve(db: Db) -> String {
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
    base
}

/// One walk of a report: every page, one after another. Returns the walk's time (requests
/// only: reading the JSON for `next_page` is not counted), each page's, the results and bytes.
async fn walk_report(client: &reqwest::Client, url: &str, key: &str) -> (Duration, Vec<Duration>, usize, usize) {
    let (mut total, mut pages, mut results, mut bytes) = (Duration::ZERO, Vec::new(), 0, 0);
    let mut page: Option<String> = None;
    loop {
        let target = match &page {
            Some(token) => format!("{url}&page={token}"),
            None => url.to_owned(),
        };
        let sent = Instant::now();
        let response = client
            .get(&target)
            .header("x-api-key", key)
            .header("anthropic-version", "2023-06-01")
            .send()
            .await
            .expect("request");
        assert_eq!(response.status(), 200, "{target}");
        let body = response.bytes().await.expect("body");
        let took = sent.elapsed();
        total += took;
        pages.push(took);
        bytes += body.len();
        let json: serde_json::Value = serde_json::from_slice(&body).expect("JSON");
        results += json["data"]
            .as_array()
            .expect("data")
            .iter()
            .map(|bucket| bucket["results"].as_array().map_or(1, Vec::len))
            .sum::<usize>();
        match json["next_page"].as_str() {
            Some(token) => page = Some(token.to_owned()),
            None => return (total, pages, results, bytes),
        }
    }
}

/// The reports over the large demo.
async fn bench_reports(client: &reqwest::Client) {
    let walks = env_number("BENCH_WALKS", 5);
    let dir = tempfile::tempdir().expect("temp dir");
    let db = Db::open(&dir.path().join("reports.db")).await.expect("open db");
    let seeded = Instant::now();
    demo::seed_if_empty(&db, DemoSize::Large).await.expect("large demo");
    let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM usage_hours")
        .fetch_one(&mut *db.read().await.expect("read"))
        .await
        .expect("count");
    println!(
        "large demo with 90 days of usage ({rows} hourly rows) in {:.1} s",
        seeded.elapsed().as_secs_f64()
    );
    let key = db
        .write(|conn| Box::pin(async move { Ok(admin_keys::create(conn, "bench", false).await?) }))
        .await
        .expect("admin key");
    let base = serve(db).await;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_secs() as i64;
    let day = |days_ago: i64| {
        let at = (now / 86_400 - days_ago) * 86_400;
        time::OffsetDateTime::from_unix_timestamp(at)
            .expect("a time")
            .format(&time::format_description::well_known::Rfc3339)
            .expect("RFC 3339")
    };
    let ninety = format!("starting_at={}&ending_at={}", day(90), day(0));
    let usage = format!("{base}/usage_report/messages?{ninety}");
    let reports = [
        ("usage 1h, 90 days", format!("{usage}&bucket_width=1h&limit=168")),
        (
            "usage 1h, 90 days, by workspace",
            format!("{usage}&bucket_width=1h&limit=168&group_by[]=workspace_id"),
        ),
        (
            "usage 1h, 90 days, by model",
            format!("{usage}&bucket_width=1h&limit=168&group_by[]=model"),
        ),
        (
            "usage 1h, 90 days, by model+tier",
            format!("{usage}&bucket_width=1h&limit=168&group_by[]=model&group_by[]=service_tier"),
        ),
        (
            "usage 1h, 90 days, by API key",
            format!("{usage}&bucket_width=1h&limit=168&group_by[]=api_key_id"),
        ),
        (
            "usage 1d, 90 days, by workspace",
            format!("{usage}&limit=31&group_by[]=workspace_id"),
        ),
        (
            "usage 1m, 1 day, by model",
            format!(
                "{base}/usage_report/messages?starting_at={}&ending_at={}&bucket_width=1m&limit=1440&group_by[]=model",
                day(1),
                day(0)
            ),
        ),
        (
            "cost 1d, 90 days, by workspace+line",
            format!("{base}/cost_report?{ninety}&limit=31&group_by[]=workspace_id&group_by[]=description"),
        ),
        (
            "Claude Code, 1 day, 1000 a page",
            format!(
                "{base}/usage_report/claude_code?starting_at={}&limit=1000",
                &day(1)[..10]
            ),
        ),
    ];
    for (_, url) in &reports {
        walk_report(client, url, &key).await; // warm up
    }
    println!("{walks} walks of each report, one request at a time");
    println!(
        "{:<38} {:>6} {:>9} {:>8} {:>11} {:>11} {:>11}",
        "report", "pages", "results", "MB", "walk p50 ms", "walk max ms", "page max ms"
    );
    for (name, url) in &reports {
        let mut totals = Vec::new();
        let mut slowest_page = Duration::ZERO;
        let (mut pages, mut results, mut bytes) = (0, 0, 0);
        for _ in 0..walks {
            let (total, page_times, n, b) = walk_report(client, url, &key).await;
            totals.push(total);
            slowest_page = slowest_page.max(page_times.iter().copied().max().unwrap_or_default());
            (pages, results, bytes) = (page_times.len(), n, b);
        }
        totals.sort();
        println!(
            "{name:<38} {pages:>6} {results:>9} {:>8.1} {:>11.1} {:>11.1} {:>11.1}",
            bytes as f64 / 1e6,
            percentile(&totals, 0.5),
            percentile(&totals, 1.0),
            slowest_page.as_secs_f64() * 1000.0
        );
    }
}

#[tokio::main]
async fn main() {
    if std::env::var("BENCH_ONLY").as_deref() == Ok("reports") {
        bench_reports(&reqwest::Client::new()).await;
        return;
    }
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

    let base = serve(db).await;

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
    println!();
    bench_reports(&client).await;
}
