//! Load benchmark (prints figures, asserts nothing about timing): the real `admin-server` binary
//! on loopback with the large demo organization (10,000 members, 100 workspaces, 5,000 API keys,
//! 2,000 invites) in a temporary SQLite file, and 50 clients at once, each sending its next
//! request as soon as the last one is answered: first reads only, then 70 % reads and 30 % writes.
//! Each phase prints its throughput, p50 and p99 latency, and its errors (any answer but 200, or
//! none); the mix also prints its reads and writes apart.
//!
//! Reads are those the console makes: member, invite, workspace, membership and key lists (first
//! pages, deep pages and filtered ones), single objects and `/me`. Writes are those that always
//! succeed on this data: role changes, workspace and key renames, invites created and deleted.
//!
//! Run: `cargo bench -p admin-server --bench load` (env LOAD_SECONDS per phase, default 30;
//! LOAD_CLIENTS, default 50).

use std::process::Stdio;
use std::sync::Arc;
use std::time::{Duration, Instant};

use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_admin-server");
const WARM_UP: Duration = Duration::from_secs(2);
const ASSIGNABLE: [&str; 4] = ["user", "developer", "billing", "claude_code_user"];

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(default)
}

/// What the clients pick their requests from.
struct Org {
    base: String,
    key: String,
    /// Every member's id, in list order.
    users: Vec<String>,
    /// Members whose role may change (not admins).
    changeable: Vec<String>,
    /// Active workspaces other than the default one.
    workspaces: Vec<String>,
    /// Keys that may be renamed (active and inactive).
    keys: Vec<String>,
}

struct Client {
    http: reqwest::Client,
    org: Arc<Org>,
}

impl Client {
    fn request(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        self.http
            .request(method, format!("{}/v1/organizations{path}", self.org.base))
            .header("x-api-key", &self.org.key)
            .header("anthropic-version", "2023-06-01")
    }

    async fn get(&self, path: &str) -> Value {
        let response = self.request(reqwest::Method::GET, path).send().await.expect("request");
        assert_eq!(response.status(), 200, "GET {path}");
        response.json().await.expect("json")
    }

    /// A whole list, 1000 at a time.
    async fn all(&self, path: &str) -> Vec<Value> {
        let separator = if path.contains('?') { '&' } else { '?' };
        let mut items = Vec::new();
        let mut cursor: Option<String> = None;
        loop {
            let mut page_path = format!("{path}{separator}limit=1000");
            if let Some(cursor) = &cursor {
                page_path.push_str(&format!("&after_id={cursor}"));
            }
            let page = self.get(&page_path).await;
            items.extend(page["data"].as_array().expect("data").iter().cloned());
            if page["has_more"] != true {
                return items;
            }
            cursor = page["last_id"].as_str().map(str::to_owned);
        }
    }
}

fn ids(items: &[Value], keep: impl Fn(&Value) -> bool) -> Vec<String> {
    items
        .iter()
        .filter(|item| keep(item))
        .map(|item| item["id"].as_str().expect("id").to_owned())
        .collect()
}

/// A read the console makes, at random.
fn read(random: &mut StdRng, org: &Org) -> String {
    let pick = |random: &mut StdRng, list: &[String]| list.choose(random).expect("not empty").clone();
    match random.gen_range(0..100) {
        0..=24 => "/users?limit=20".to_owned(),
        25..=39 => format!("/users?limit=20&after_id={}", pick(random, &org.users)),
        40..=44 => "/users?limit=20&roles[]=developer&roles[]=user".to_owned(),
        45..=49 => format!("/users/{}", pick(random, &org.users)),
        50..=59 => "/workspaces?limit=20".to_owned(),
        60..=69 => format!("/workspaces/{}/members?limit=20", pick(random, &org.workspaces)),
        70..=79 => "/api_keys?limit=20&status=active".to_owned(),
        80..=84 => format!("/api_keys?limit=20&workspace_id={}", pick(random, &org.workspaces)),
        85..=94 => "/invites?limit=20".to_owned(),
        _ => "/me".to_owned(),
    }
}

#[derive(Default)]
struct Tally {
    reads: Vec<Duration>,
    writes: Vec<Duration>,
    read_errors: usize,
    write_errors: usize,
    first_errors: Vec<String>,
}

impl Tally {
    fn record(&mut self, write: bool, took: Duration, outcome: Result<(), String>) {
        let (latencies, errors) = if write {
            (&mut self.writes, &mut self.write_errors)
        } else {
            (&mut self.reads, &mut self.read_errors)
        };
        latencies.push(took);
        if let Err(error) = outcome {
            *errors += 1;
            if self.first_errors.len() < 5 {
                self.first_errors.push(error);
            }
        }
    }

    fn merge(&mut self, other: Tally) {
        self.reads.extend(other.reads);
        self.writes.extend(other.writes);
        self.read_errors += other.read_errors;
        self.write_errors += other.write_errors;
        for error in other.first_errors {
            if self.first_errors.len() < 5 {
                self.first_errors.push(error);
            }
        }
    }
}

async fn send(request: reqwest::RequestBuilder, label: &str) -> Result<(), String> {
    let response = request.send().await.map_err(|error| format!("{label}: {error}"))?;
    let status = response.status();
    let body = response.bytes().await.map_err(|error| format!("{label}: {error}"))?;
    if status == 200 {
        Ok(())
    } else {
        Err(format!("{label}: {status} {}", String::from_utf8_lossy(&body)))
    }
}

/// One client: requests back to back until `until`, a write with probability `write_share`.
/// Counts only what is sent after `from` (the warm-up before it is not counted).
async fn client(client: Client, seed: u64, write_share: f64, from: Instant, until: Instant) -> Tally {
    let mut random = StdRng::seed_from_u64(seed);
    let mut tally = Tally::default();
    // The invites this client made and has not deleted yet.
    let mut invites: Vec<String> = Vec::new();
    let mut made = 0u64;
    let org = client.org.clone();
    while Instant::now() < until {
        let write = random.gen_bool(write_share);
        let started = Instant::now();
        let outcome = if !write {
            let path = read(&mut random, &org);
            send(client.request(reqwest::Method::GET, &path), &format!("GET {path}")).await
        } else {
            let pick = |random: &mut StdRng, list: &[String]| list.choose(random).expect("not empty").clone();
            match random.gen_range(0..4) {
                0 => {
                    let user = pick(&mut random, &org.changeable);
                    let role = ASSIGNABLE.choose(&mut random).expect("role");
                    let path = format!("/users/{user}");
                    let request = client
                        .request(reqwest::Method::POST, &path)
                        .json(&json!({"role": role}));
                    send(request, &format!("POST {path}")).await
                }
                1 => {
                    let workspace = pick(&mut random, &org.workspaces);
                    let path = format!("/workspaces/{workspace}");
                    let name = format!("Load {}", random.gen_range(0..1_000_000));
                    let request = client
                        .request(reqwest::Method::POST, &path)
                        .json(&json!({"name": name}));
                    send(request, &format!("POST {path}")).await
                }
                2 => {
                    let key = pick(&mut random, &org.keys);
                    let path = format!("/api_keys/{key}");
                    let name = format!("load key {}", random.gen_range(0..1_000_000));
                    let request = client
                        .request(reqwest::Method::POST, &path)
                        .json(&json!({"name": name}));
                    send(request, &format!("POST {path}")).await
                }
                _ if invites.len() < 5 => {
                    made += 1;
                    let email = format!("load-{seed}-{made}@load.example");
                    let request = client
                        .request(reqwest::Method::POST, "/invites")
                        .json(&json!({"email": email, "role": "developer"}));
                    let answer = async {
                        let response = request.send().await?;
                        Ok::<_, reqwest::Error>((response.status(), response.json::<Value>().await?))
                    };
                    match answer.await {
                        Ok((status, invite)) if status == 200 => {
                            invites.push(invite["id"].as_str().expect("invite id").to_owned());
                            Ok(())
                        }
                        Ok((status, body)) => Err(format!("POST /invites: {status} {body}")),
                        Err(error) => Err(format!("POST /invites: {error}")),
                    }
                }
                _ => {
                    let invite = invites.swap_remove(random.gen_range(0..invites.len()));
                    let path = format!("/invites/{invite}");
                    send(
                        client.request(reqwest::Method::DELETE, &path),
                        &format!("DELETE {path}"),
                    )
                    .await
                }
            }
        };
        if started >= from {
            tally.record(write, started.elapsed(), outcome);
        }
    }
    tally
}

fn percentile(sorted: &[Duration], fraction: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let index = ((sorted.len() as f64 - 1.0) * fraction).round() as usize;
    sorted[index].as_secs_f64() * 1000.0
}

fn line(label: &str, latencies: &mut [Duration], errors: usize, seconds: f64) {
    latencies.sort();
    println!(
        "{label:<24} {:>9} {:>9.0} {:>9.2} {:>9.2} {:>7}",
        latencies.len(),
        latencies.len() as f64 / seconds,
        percentile(latencies, 0.50),
        percentile(latencies, 0.99),
        errors
    );
}

async fn phase(org: &Arc<Org>, http: &reqwest::Client, name: &str, clients: u64, seconds: u64, write_share: f64) {
    let from = Instant::now() + WARM_UP;
    let until = from + Duration::from_secs(seconds);
    let tasks: Vec<_> = (0..clients)
        .map(|seed| {
            let client_state = Client {
                http: http.clone(),
                org: org.clone(),
            };
            // Other requests in each phase (and other invite emails).
            let seed = seed + if write_share > 0.0 { 1_000_000 } else { 0 };
            tokio::spawn(client(client_state, seed, write_share, from, until))
        })
        .collect();
    let mut tally = Tally::default();
    for task in tasks {
        tally.merge(task.await.expect("client task"));
    }
    let seconds = seconds as f64;
    println!();
    println!("{name}: {clients} clients, {seconds:.0} s (after {WARM_UP:?} of warm-up)");
    println!(
        "{:<24} {:>9} {:>9} {:>9} {:>9} {:>7}",
        "", "requests", "req/s", "p50 ms", "p99 ms", "errors"
    );
    let mut all: Vec<Duration> = tally.reads.iter().chain(&tally.writes).copied().collect();
    line("all", &mut all, tally.read_errors + tally.write_errors, seconds);
    if !tally.writes.is_empty() {
        line("  reads", &mut tally.reads, tally.read_errors, seconds);
        line("  writes", &mut tally.writes, tally.write_errors, seconds);
    }
    for error in &tally.first_errors {
        println!("  error: {error}");
    }
}

#[tokio::main]
async fn main() {
    let seconds = env_number("LOAD_SECONDS", 30);
    let clients = env_number("LOAD_CLIENTS", 50);
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("load.db");
    let started = Instant::now();
    let mut server = Command::new(BIN)
        .arg("--db")
        .arg(&db)
        .args(["serve", "--addr", "127.0.0.1:0", "--demo", "--demo-size", "large"])
        .args(["--rate-limit", "1000000000"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("start admin-server");
    let mut lines = BufReader::new(server.stdout.take().expect("stdout")).lines();
    let (mut key, mut base) = (None, None);
    while let Some(line) = lines.next_line().await.expect("server output") {
        if let Some(rest) = line.strip_prefix("demo admin key: ") {
            key = Some(rest.trim().to_owned());
        }
        if let Some(rest) = line.strip_prefix("listening on ") {
            base = Some(rest.trim().to_owned());
            break;
        }
    }
    tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
    let (key, base) = (key.expect("demo admin key"), base.expect("listening on"));
    println!(
        "admin-server with the large demo organization, up in {:.1} s; {} cores",
        started.elapsed().as_secs_f64(),
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );

    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(clients as usize)
        .timeout(Duration::from_secs(30))
        .build()
        .expect("http client");
    let setup = Client {
        http: http.clone(),
        org: Arc::new(Org {
            base: base.clone(),
            key: key.clone(),
            users: Vec::new(),
            changeable: Vec::new(),
            workspaces: Vec::new(),
            keys: Vec::new(),
        }),
    };
    let users = setup.all("/users").await;
    let workspaces = setup.all("/workspaces").await;
    let keys = setup.all("/api_keys").await;
    let org = Arc::new(Org {
        base,
        key,
        users: ids(&users, |_| true),
        changeable: ids(&users, |user| user["role"] != "admin"),
        workspaces: ids(&workspaces, |_| true),
        keys: ids(&keys, |key| key["status"] == "active" || key["status"] == "inactive"),
    });
    println!(
        "{} members, {} workspaces, {} API keys; the server and the {clients} clients share the machine",
        org.users.len(),
        org.workspaces.len(),
        keys.len()
    );

    phase(&org, &http, "reads only", clients, seconds, 0.0).await;
    phase(&org, &http, "70/30 read/write mix", clients, seconds, 0.3).await;
    server.kill().await.expect("stop admin-server");
}
