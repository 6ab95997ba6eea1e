//! Crash test: numbered writes from several clients at once, the server killed with SIGKILL
//! (`kill -9`) at a random moment in the middle of them, several times over, and restarted on the
//! same SQLite file each time. After every restart, every write that was answered 200 is there,
//! exactly as answered; a write whose answer never came may or may not be there (it may have
//! committed just before the kill), but nothing else is; and the server takes writes again.
//!
//! Writer `c` sends writes numbered 0, 1, 2, ... one after another: an even number creates the
//! invite `c<c>-n<n>@crash.example`, an odd one renames the writer's own workspace to `c<c> #<n>`.
//! So after a crash the writer's workspace must be named after its last rename answered 200, or
//! after the one under way when the server died.
//!
//! What a killed process can show: that a write is committed before it is answered (checked
//! against a server that answered before committing: caught in each of three runs). Not what
//! `synchronous=FULL` is for, a crash of the machine: what SQLite wrote before the kill is in
//! the kernel's page cache and reaches the file anyway (the test passes with `synchronous=OFF`
//! and no WAL too).
//!
//! The moments of the kills come from a seed that is printed (`CRASH_SEED=N` to use it again;
//! the timing of the writes themselves still varies from run to run).
mod common;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::*;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use reqwest::Method;
use serde_json::{json, Value};

const WRITERS: usize = 6;
const CRASHES: usize = 5;
/// The kill comes after this many writes answered 200 in the round (at random), then after a
/// random pause of up to `MAX_JITTER`, so that it falls anywhere in a write.
const KILL_AFTER: std::ops::RangeInclusive<usize> = 100..=800;
const MAX_JITTER: Duration = Duration::from_millis(3);
const DOMAIN: &str = "@crash.example";

fn email(writer: usize, number: u64) -> String {
    format!("c{writer}-n{number}{DOMAIN}")
}

fn name(writer: usize, number: u64) -> String {
    format!("c{writer} #{number}")
}

fn is_invite(number: u64) -> bool {
    number.is_multiple_of(2)
}

/// One client's numbered writes, and what the server answered.
struct Writer {
    index: usize,
    workspace: String,
    /// The number of the next write.
    next: u64,
    /// Every invite answered 200 (or found after a crash, having been under way), by email, as
    /// the server answered it.
    invites: BTreeMap<String, Value>,
    /// The number of the latest rename answered 200 (or found after a crash).
    renamed: Option<u64>,
    /// The write that was sent but not answered when the server died.
    in_flight: Option<u64>,
    /// Answers other than 200 (there must be none).
    refused: Vec<String>,
}

impl Writer {
    /// The workspace's name as the answered writes leave it.
    fn expected_name(&self) -> String {
        match self.renamed {
            Some(number) => name(self.index, number),
            None => format!("c{}", self.index),
        }
    }
}

/// Sends the writer's next writes one after another until the server stops answering.
async fn write_until_the_server_dies(api: Api, mut writer: Writer, acked: Arc<AtomicUsize>) -> Writer {
    loop {
        let number = writer.next;
        writer.next += 1;
        let request = if is_invite(number) {
            api.request(Method::POST, "/invites")
                .json(&json!({"email": email(writer.index, number), "role": "user"}))
        } else {
            api.request(Method::POST, &format!("/workspaces/{}", writer.workspace))
                .json(&json!({"name": name(writer.index, number)}))
        };
        let answer = async {
            let response = request.timeout(Duration::from_secs(10)).send().await?;
            let status = response.status().as_u16();
            Ok::<_, reqwest::Error>((status, response.json::<Value>().await?))
        }
        .await;
        match answer {
            Ok((200, body)) => {
                if is_invite(number) {
                    assert_eq!(body["email"], email(writer.index, number), "{body}");
                    writer.invites.insert(email(writer.index, number), body);
                } else {
                    assert_eq!(body["name"], name(writer.index, number), "{body}");
                    writer.renamed = Some(number);
                }
                acked.fetch_add(1, Ordering::Relaxed);
            }
            Ok((status, body)) => {
                writer
                    .refused
                    .push(format!("write {number} of writer {}: {status} {body}", writer.index));
                return writer;
            }
            // No answer, or only part of one: the server died with this write under way.
            Err(_) => {
                writer.in_flight = Some(number);
                return writer;
            }
        }
    }
}

/// Every invite, all pages of 1000.
async fn all_invites(api: &Api) -> Vec<Value> {
    let mut all = Vec::new();
    let mut path = "/invites?limit=1000".to_owned();
    loop {
        let page = api.get(&path).await.ok();
        let ids = check_page(&page, 1000);
        all.extend(page["data"].as_array().unwrap().iter().cloned());
        if page["has_more"] != true {
            return all;
        }
        path = format!("/invites?limit=1000&after_id={}", ids.last().unwrap());
    }
}

/// After a restart: every answered write is there as answered, an unanswered one may be there
/// (then it counts as made), nothing else is. Returns how many of the writes under way were made.
async fn check_after_restart(api: &Api, writers: &mut [Writer], round: usize) -> usize {
    let stored: BTreeMap<String, Value> = all_invites(api)
        .await
        .into_iter()
        .filter(|invite| str_of(invite, "email").ends_with(DOMAIN))
        .map(|invite| (str_of(&invite, "email").to_owned(), invite))
        .collect();
    let mut landed = 0;
    for writer in writers.iter_mut() {
        for (email, answered) in &writer.invites {
            assert_eq!(
                stored.get(email),
                Some(answered),
                "crash {round}: the invite {email} was answered 200 but is not there as answered after kill -9"
            );
        }
        let workspace = api.get(&format!("/workspaces/{}", writer.workspace)).await.ok();
        let found = str_of(&workspace, "name").to_owned();
        match writer.in_flight.take() {
            Some(number) if is_invite(number) => {
                if let Some(invite) = stored.get(&email(writer.index, number)) {
                    writer.invites.insert(email(writer.index, number), invite.clone());
                    landed += 1;
                }
            }
            Some(number) if found == name(writer.index, number) => {
                writer.renamed = Some(number);
                landed += 1;
            }
            _ => {}
        }
        assert_eq!(
            found,
            writer.expected_name(),
            "crash {round}: writer {}'s workspace must be named after its last rename answered 200 \
             (or the one under way)",
            writer.index
        );
    }
    let expected: usize = writers.iter().map(|writer| writer.invites.len()).sum();
    assert_eq!(
        stored.len(),
        expected,
        "crash {round}: invites that were never answered nor under way are there"
    );
    landed
}

#[tokio::test]
async fn every_write_answered_200_survives_repeated_kill_9() {
    let started = Instant::now();
    let seed = std::env::var("CRASH_SEED")
        .ok()
        .and_then(|seed| seed.parse().ok())
        .unwrap_or_else(|| now_micros() as u64);
    eprintln!("crash test seed: {seed} (CRASH_SEED={seed} to use it again)");
    let mut random = StdRng::seed_from_u64(seed);
    let mut server = TestServer::start_with(ServeOptions {
        rate_limit: Some(1_000_000_000),
        ..Default::default()
    })
    .await;
    let api = server.api();
    let mut writers = Vec::new();
    for index in 0..WRITERS {
        let workspace = api.create_workspace(&format!("c{index}")).await;
        writers.push(Writer {
            index,
            workspace: str_of(&workspace, "id").to_owned(),
            next: 0,
            invites: BTreeMap::new(),
            renamed: None,
            in_flight: None,
            refused: Vec::new(),
        });
    }

    let mut answered = 0;
    for round in 1..=CRASHES {
        let api = server.api();
        let acked = Arc::new(AtomicUsize::new(0));
        let tasks: Vec<_> = writers
            .drain(..)
            .map(|writer| tokio::spawn(write_until_the_server_dies(api.clone(), writer, acked.clone())))
            .collect();
        let kill_after = random.gen_range(KILL_AFTER);
        let jitter = Duration::from_micros(random.gen_range(0..=MAX_JITTER.as_micros() as u64));
        let deadline = Instant::now() + Duration::from_secs(30);
        while acked.load(Ordering::Relaxed) < kill_after {
            assert!(
                Instant::now() < deadline,
                "crash {round}: only {} writes answered in 30 s\n{}",
                acked.load(Ordering::Relaxed),
                server.log()
            );
            assert!(
                tasks.iter().all(|task| !task.is_finished()),
                "crash {round}: a writer stopped before the kill (a refused write?)\n{}",
                server.log()
            );
            tokio::time::sleep(Duration::from_micros(200)).await;
        }
        tokio::time::sleep(jitter).await;
        server.kill9().await;
        for task in tasks {
            writers.push(task.await.expect("writer task"));
        }
        let refused: Vec<&String> = writers.iter().flat_map(|writer| &writer.refused).collect();
        assert!(refused.is_empty(), "crash {round}: writes refused: {refused:#?}");
        let in_flight = writers.iter().filter(|writer| writer.in_flight.is_some()).count();

        server.start_again().await;
        let landed = check_after_restart(&server.api(), &mut writers, round).await;
        answered += acked.load(Ordering::Relaxed);
        eprintln!(
            "crash {round}: killed after {} writes answered 200 (+{jitter:?}), {in_flight} under way, \
             {landed} of those made; all {answered} writes answered so far are there",
            acked.load(Ordering::Relaxed),
        );
    }

    // After the last restart the server takes writes again, through the API and the CLI.
    let api = server.api();
    let writer = &writers[0];
    api.post(&format!("/workspaces/{}", writer.workspace), &json!({"name": "after"}))
        .await
        .ok();
    api.create_invite(&format!("after{DOMAIN}"), "developer").await;
    server.create_admin_key("after-the-crashes", false).await;
    eprintln!(
        "crash test: {CRASHES} crashes in {:.1} s",
        started.elapsed().as_secs_f64()
    );
}
