//! Shared harness for the end-to-end tests: spawns the real `admin-server` binary on loopback
//! with a SQLite file in a temporary directory, talks to it over real HTTP, and checks responses
//! against the Admin API contract (`shared/admin-api.md`).
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use reqwest::header::HeaderMap;
use reqwest::{Client, Method, RequestBuilder};
use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

pub use reqwest;
pub use serde_json;

pub const BIN: &str = env!("CARGO_BIN_EXE_admin-server");
pub const VERSION: &str = "2023-06-01";
pub const ORG: &str = "/v1/organizations";
pub const BASE58: &str = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
/// The nine organization roles: the five of Claude Console organizations, then the four of
/// Claude Enterprise ones.
pub const ORG_ROLES: [&str; 9] = [
    "admin",
    "user",
    "developer",
    "billing",
    "claude_code_user",
    "owner",
    "primary_owner",
    "membership_admin",
    "managed",
];
/// The roles of a Claude Console organization (the reference server's demo has only these).
pub const CONSOLE_ROLES: [&str; 5] = ["admin", "user", "developer", "billing", "claude_code_user"];
/// Admins in all but name: locked, and `workspace_admin` in every workspace.
pub const ADMIN_ROLES: [&str; 3] = ["admin", "owner", "primary_owner"];
/// Roles that may be given through the API (invites, role updates).
pub const ASSIGNABLE_ROLES: [&str; 4] = ["user", "developer", "billing", "claude_code_user"];
pub const WORKSPACE_ROLES: [&str; 5] = [
    "workspace_user",
    "workspace_developer",
    "workspace_restricted_developer",
    "workspace_admin",
    "workspace_billing",
];
/// The workspace roles that may be given (`workspace_billing` only comes with the org role).
pub const ASSIGNABLE_WORKSPACE_ROLES: [&str; 4] = [
    "workspace_user",
    "workspace_developer",
    "workspace_restricted_developer",
    "workspace_admin",
];
pub const INVITE_STATUSES: [&str; 4] = ["pending", "accepted", "expired", "deleted"];
/// The statuses a list of invites holds and filters by (a deleted invite is never listed).
pub const LISTED_INVITE_STATUSES: [&str; 3] = ["pending", "accepted", "expired"];
pub const KEY_STATUSES: [&str; 4] = ["active", "inactive", "archived", "expired"];
/// The statuses an update may set (`expired` only comes with time).
pub const SETTABLE_KEY_STATUSES: [&str; 3] = ["active", "inactive", "archived"];
/// The default workspace's name (decided).
pub const DEFAULT_WORKSPACE_NAME: &str = "Default Workspace";
pub const SECOND: i64 = 1_000_000;
pub const DAY: i64 = 86_400 * SECOND;
pub const CORS_MESSAGE: &str = "CORS requests must set 'anthropic-dangerous-direct-browser-access' header";

const START_TIMEOUT: Duration = Duration::from_secs(30);

// ---------------------------------------------------------------------------------------------
// Server process
// ---------------------------------------------------------------------------------------------

/// Options for `admin-server serve`.
#[derive(Clone, Debug, Default)]
pub struct ServeOptions {
    pub demo: bool,
    /// `--demo-size` (with `demo`): `small` or `large`; none leaves the default (small).
    pub demo_size: Option<&'static str>,
    pub rate_limit: Option<u32>,
    pub dist: Option<PathBuf>,
    /// `--test-faults`.
    pub test_faults: bool,
    /// More arguments for `serve`, such as `["--body-timeout", "1"]`.
    pub extra: Vec<&'static str>,
}

/// A running `admin-server serve` on 127.0.0.1 with its own database file. Killed on drop.
pub struct TestServer {
    child: Option<Child>,
    /// `http://127.0.0.1:PORT`, no trailing slash.
    pub base: String,
    /// The admin key the tests use by default (created with the CLI, or the demo key).
    pub key: String,
    /// The key printed by `--demo`, if one was printed by the latest start.
    pub demo_key: Option<String>,
    pub db: PathBuf,
    opts: ServeOptions,
    client: Client,
    dir: tempfile::TempDir,
}

impl TestServer {
    /// A server on a fresh database, with one read-write admin key in `key`.
    pub async fn start() -> Self {
        Self::start_with(ServeOptions::default()).await
    }

    pub async fn start_with(opts: ServeOptions) -> Self {
        let mut server = Self::unstarted(opts);
        server.spawn().await;
        server.key = if server.opts.demo {
            server
                .demo_key
                .clone()
                .expect("`serve --demo` on an empty database must print `demo admin key: ...`")
        } else {
            server.create_admin_key("e2e", false).await
        };
        server
    }

    /// A fresh temp dir and database path, no server running and no key yet: for CLI use before
    /// the first `serve` (then `start_again`).
    pub fn unstarted(opts: ServeOptions) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("admin.db");
        let client = Client::builder()
            .no_proxy()
            .timeout(Duration::from_secs(30))
            .build()
            .expect("http client");
        TestServer {
            child: None,
            base: String::new(),
            key: String::new(),
            demo_key: None,
            db,
            opts,
            client,
            dir,
        }
    }

    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    fn log_path(&self) -> PathBuf {
        self.dir.path().join("server.log")
    }

    /// What the server wrote on stderr so far (for failure messages).
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.log_path()).unwrap_or_default()
    }

    async fn spawn(&mut self) {
        assert!(self.child.is_none(), "server already running");
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.log_path())
            .expect("log file");
        let mut cmd = Command::new(BIN);
        cmd.arg("--db").arg(&self.db).args(["serve", "--addr", "127.0.0.1:0"]);
        if self.opts.demo {
            cmd.arg("--demo");
        }
        if let Some(size) = self.opts.demo_size {
            cmd.args(["--demo-size", size]);
        }
        if let Some(n) = self.opts.rate_limit {
            cmd.args(["--rate-limit", &n.to_string()]);
        }
        if let Some(dist) = &self.opts.dist {
            cmd.arg("--dist").arg(dist);
        }
        if self.opts.test_faults {
            cmd.arg("--test-faults");
        }
        cmd.args(&self.opts.extra);
        cmd.stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::from(log))
            .kill_on_drop(true);
        let mut child = cmd.spawn().expect("spawn admin-server");
        let stdout = child.stdout.take().expect("stdout");
        let mut lines = BufReader::new(stdout).lines();
        let mut seen = Vec::new();
        let found = tokio::time::timeout(START_TIMEOUT, async {
            let mut demo = None;
            while let Ok(Some(line)) = lines.next_line().await {
                seen.push(line.clone());
                if let Some(rest) = line.trim().strip_prefix("demo admin key:") {
                    demo = Some(rest.trim().to_string());
                }
                if let Some(pos) = line.find("listening on http://") {
                    let url = line[pos + "listening on ".len()..]
                        .split_whitespace()
                        .next()
                        .unwrap_or_default()
                        .trim_end_matches('/')
                        .to_string();
                    return Some((url, demo));
                }
            }
            None
        })
        .await;
        match found {
            Ok(Some((url, demo))) => {
                self.base = url;
                if demo.is_some() {
                    self.demo_key = demo;
                }
            }
            _ => {
                let _ = child.kill().await;
                panic!(
                    "admin-server serve did not print `listening on http://...` within {:?}\nstdout: {:?}\nstderr: {}",
                    START_TIMEOUT,
                    seen,
                    self.log()
                );
            }
        }
        // Keep draining stdout so the server never blocks on a full pipe.
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
        self.child = Some(child);
    }

    /// Stops the server with SIGTERM (SIGKILL after 10 s) and waits for it to exit.
    pub async fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            if let Some(pid) = child.id() {
                let _ = std::process::Command::new("kill")
                    .args(["-TERM", &pid.to_string()])
                    .status();
            }
            if tokio::time::timeout(Duration::from_secs(10), child.wait())
                .await
                .is_err()
            {
                let _ = child.kill().await;
            }
        }
    }

    /// Sends SIGTERM and waits up to `limit` for the server to exit; `false` if it had to be
    /// killed instead.
    pub async fn terminate_within(&mut self, limit: Duration) -> bool {
        let mut child = self.child.take().expect("server running");
        let pid = child.id().expect("pid").to_string();
        let _ = std::process::Command::new("kill").args(["-TERM", &pid]).status();
        let exited = tokio::time::timeout(limit, child.wait()).await.is_ok();
        if !exited {
            let _ = child.kill().await;
        }
        exited
    }

    /// Kills the server with SIGKILL (kill -9) and waits for it to die.
    pub async fn kill9(&mut self) {
        if let Some(mut child) = self.child.take() {
            child.kill().await.expect("kill -9 admin-server");
        }
    }

    /// Starts the server again on the same database file (after `stop` or `kill9`).
    /// The port changes; `key` stays.
    pub async fn start_again(&mut self) {
        self.spawn().await;
    }

    /// Changes the `serve` options used by the next `start_again`/`restart`.
    pub fn set_options(&mut self, opts: ServeOptions) {
        self.opts = opts;
    }

    pub async fn restart(&mut self) {
        self.stop().await;
        self.start_again().await;
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// The raw HTTP client (no headers added).
    pub fn http(&self) -> &Client {
        &self.client
    }

    /// API client using the default admin key.
    pub fn api(&self) -> Api {
        self.api_as(&self.key)
    }

    /// API client using the given admin key.
    pub fn api_as(&self, key: &str) -> Api {
        Api {
            client: self.client.clone(),
            base: self.base.clone(),
            key: Some(key.to_string()),
            version: Some(VERSION.to_string()),
        }
    }

    /// API client sending no key at all.
    pub fn anon(&self) -> Api {
        Api {
            key: None,
            ..self.api()
        }
    }

    // ----- CLI ---------------------------------------------------------------------------

    /// Runs `admin-server --db DB ARGS...` and returns its raw output.
    pub async fn cli_output(&self, args: &[&str]) -> std::process::Output {
        Command::new(BIN)
            .arg("--db")
            .arg(&self.db)
            .args(args)
            .stdin(Stdio::null())
            .output()
            .await
            .expect("run admin-server CLI")
    }

    /// Runs a CLI command that must succeed; returns its trimmed stdout.
    pub async fn cli(&self, args: &[&str]) -> String {
        let out = self.cli_output(args).await;
        assert!(
            out.status.success(),
            "admin-server {args:?} failed ({}):\nstdout: {}\nstderr: {}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("utf-8 stdout").trim().to_string()
    }

    /// Runs a CLI command that must print exactly one value alone on stdout.
    pub async fn cli_value(&self, args: &[&str]) -> String {
        let out = self.cli(args).await;
        assert!(
            !out.is_empty() && !out.contains('\n'),
            "admin-server {args:?} must print one value alone on stdout, printed {out:?}"
        );
        out
    }

    /// `keys create`: returns the new admin key, checking its shape.
    pub async fn create_admin_key(&self, name: &str, read_only: bool) -> String {
        let mut args = vec!["keys", "create", "--name", name];
        if read_only {
            args.push("--read-only");
        }
        let key = self.cli_value(&args).await;
        assert_admin_key(&key);
        key
    }

    /// `keys list`: the lines printed.
    pub async fn admin_key_lines(&self) -> Vec<String> {
        self.cli(&["keys", "list"]).await.lines().map(str::to_string).collect()
    }

    /// The line of `keys list` for the key named `name` (names used by tests are unique).
    pub async fn admin_key_line(&self, name: &str) -> String {
        let lines = self.admin_key_lines().await;
        let matching: Vec<&String> = lines
            .iter()
            .filter(|l| {
                l.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
                    .any(|w| w == name)
            })
            .collect();
        assert_eq!(
            matching.len(),
            1,
            "expected one `keys list` line naming {name:?}, got {lines:#?}"
        );
        matching[0].clone()
    }

    /// The id of the admin key named `name`, as shown (first field) by `keys list`.
    pub async fn admin_key_id(&self, name: &str) -> String {
        let line = self.admin_key_line(name).await;
        let first = line
            .split(|c: char| c.is_whitespace() || c == ',' || c == '|')
            .find(|w| !w.is_empty())
            .expect("key id");
        // Tolerate `id=...` / `id:...` labels.
        first.rsplit(['=', ':']).next().unwrap_or(first).to_string()
    }

    pub async fn revoke_admin_key(&self, name: &str) {
        let id = self.admin_key_id(name).await;
        self.cli(&["keys", "revoke", &id]).await;
    }

    /// `fixtures user`: a member of the organization; returns the user id.
    pub async fn user(&self, email: &str, name: &str, role: &str) -> String {
        let id = self
            .cli_value(&["fixtures", "user", "--email", email, "--name", name, "--role", role])
            .await;
        assert_id(&id, "user_");
        id
    }

    /// `fixtures invite`: returns the invite id.
    pub async fn invite_fixture(&self, email: &str, role: &str, days_ago: Option<u32>) -> String {
        let days = days_ago.map(|d| d.to_string());
        let mut args = vec!["fixtures", "invite", "--email", email, "--role", role];
        if let Some(d) = &days {
            args.extend(["--days-ago", d.as_str()]);
        }
        let id = self.cli_value(&args).await;
        assert_id(&id, "invite_");
        id
    }

    /// `fixtures accept-invite`: returns the new user id.
    pub async fn accept_invite(&self, invite_id: &str, name: &str) -> String {
        let id = self
            .cli_value(&["fixtures", "accept-invite", invite_id, "--name", name])
            .await;
        assert_id(&id, "user_");
        id
    }

    /// `fixtures api-key`: returns the api key id.
    pub async fn api_key(&self, name: &str, created_by: &str, workspace: Option<&str>, status: Option<&str>) -> String {
        self.api_key_with(KeyFixture {
            workspace,
            status,
            ..KeyFixture::by(name, created_by)
        })
        .await
    }

    /// The arguments of `fixtures api-key` for `key`.
    pub fn api_key_args(key: &KeyFixture<'_>) -> Vec<String> {
        let mut args: Vec<String> = ["fixtures", "api-key", "--name", key.name].map(String::from).to_vec();
        match key.created_by {
            Some(user) => args.extend(["--created-by".into(), user.into()]),
            None => args.push("--no-creator".into()),
        }
        if let Some(w) = key.workspace {
            args.extend(["--workspace".into(), w.into()]);
        }
        if let Some(s) = key.status {
            args.extend(["--status".into(), s.into()]);
        }
        if let Some(days) = key.expires_in_days {
            args.extend(["--expires-in-days".into(), days.to_string()]);
        }
        if let Some(account) = key.service_account {
            args.extend(["--service-account".into(), account.into()]);
        }
        args
    }

    /// `fixtures api-key` with every option: returns the api key id.
    pub async fn api_key_with(&self, key: KeyFixture<'_>) -> String {
        let args = Self::api_key_args(&key);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let id = self.cli_value(&args).await;
        assert_id(&id, "apikey_");
        id
    }
}

/// What `fixtures api-key` makes: [`KeyFixture::by`] a member, or [`KeyFixture::legacy`] (no
/// creator), with the other options set as needed.
#[derive(Clone, Copy, Debug, Default)]
pub struct KeyFixture<'a> {
    pub name: &'a str,
    /// `None`: `--no-creator` (a legacy or system key, with no hint either).
    pub created_by: Option<&'a str>,
    pub workspace: Option<&'a str>,
    /// `active` (the default), `inactive` or `archived`.
    pub status: Option<&'a str>,
    /// `--expires-in-days` (negative: it has expired already).
    pub expires_in_days: Option<i64>,
    /// `--service-account`: the key acts as this service account.
    pub service_account: Option<&'a str>,
}

impl<'a> KeyFixture<'a> {
    /// A key made by the member `created_by`.
    pub fn by(name: &'a str, created_by: &'a str) -> Self {
        KeyFixture {
            name,
            created_by: Some(created_by),
            ..Default::default()
        }
    }

    /// A legacy or system key: no creator, no hint.
    pub fn legacy(name: &'a str) -> Self {
        KeyFixture {
            name,
            ..Default::default()
        }
    }
}

// ---------------------------------------------------------------------------------------------
// HTTP client
// ---------------------------------------------------------------------------------------------

/// A client for the API: adds `x-api-key` and `anthropic-version` to every request.
/// Paths starting with `/v1` are absolute; any other path is relative to `/v1/organizations`.
#[derive(Clone)]
pub struct Api {
    client: Client,
    base: String,
    key: Option<String>,
    version: Option<String>,
}

impl Api {
    /// The same calls sent to another base URL (a proxy in front of the server).
    pub fn at(mut self, base: &str) -> Self {
        self.base = base.to_string();
        self
    }

    pub fn without_version(mut self) -> Self {
        self.version = None;
        self
    }

    pub fn with_version(mut self, version: &str) -> Self {
        self.version = Some(version.to_string());
        self
    }

    pub fn url(&self, path: &str) -> String {
        if path.starts_with("/v1") {
            format!("{}{}", self.base, path)
        } else {
            format!("{}{}{}", self.base, ORG, path)
        }
    }

    /// A request with the standard headers, to be sent with [`send`].
    pub fn request(&self, method: Method, path: &str) -> RequestBuilder {
        let mut rb = self.client.request(method, self.url(path));
        if let Some(key) = &self.key {
            rb = rb.header("x-api-key", key);
        }
        if let Some(version) = &self.version {
            rb = rb.header("anthropic-version", version);
        }
        rb
    }

    pub async fn get(&self, path: &str) -> Resp {
        send(self.request(Method::GET, path)).await
    }

    pub async fn post(&self, path: &str, body: &Value) -> Resp {
        send(self.request(Method::POST, path).json(body)).await
    }

    /// A POST without any body (and so without content-type).
    pub async fn post_empty(&self, path: &str) -> Resp {
        send(self.request(Method::POST, path)).await
    }

    pub async fn delete(&self, path: &str) -> Resp {
        send(self.request(Method::DELETE, path)).await
    }

    // ----- setup helpers (each asserts success and the object's shape) -------------------

    pub async fn create_workspace(&self, name: &str) -> Value {
        let ws = self.post("/workspaces", &json!({ "name": name })).await.ok();
        check_workspace(&ws);
        assert_eq!(ws["name"], name);
        ws
    }

    pub async fn create_invite(&self, email: &str, role: &str) -> Value {
        let inv = self
            .post("/invites", &json!({ "email": email, "role": role }))
            .await
            .ok();
        check_invite(&inv);
        inv
    }

    pub async fn add_member(&self, workspace_id: &str, user_id: &str, role: &str) -> Value {
        let m = self
            .post(
                &format!("/workspaces/{workspace_id}/members"),
                &json!({ "user_id": user_id, "workspace_role": role }),
            )
            .await
            .ok();
        check_member(&m);
        m
    }

    pub async fn archive_workspace(&self, workspace_id: &str) -> Value {
        let ws = self
            .post_empty(&format!("/workspaces/{workspace_id}/archive"))
            .await
            .ok();
        check_workspace(&ws);
        ws
    }

    /// A whole list in one page of 1000 (asserts there is no more).
    pub async fn list_all(&self, path: &str) -> Vec<Value> {
        let page = self.get(&with_query(path, "limit=1000")).await.ok();
        let ids = check_page(&page, 1000);
        assert_eq!(page["has_more"], false, "more than 1000 items in {path}");
        let _ = ids;
        page["data"].as_array().unwrap().clone()
    }

    /// The ids (or user ids for member lists) of a whole list, in order.
    pub async fn list_ids(&self, path: &str) -> Vec<String> {
        self.list_all(path).await.iter().map(item_id).collect()
    }

    /// Walks a list forward with `after_id`, checking every page; returns all ids in order.
    pub async fn walk_forward(&self, path: &str, limit: usize) -> Vec<String> {
        let mut all = Vec::new();
        let mut cursor: Option<String> = None;
        for _ in 0..10_000 {
            let mut p = with_query(path, &format!("limit={limit}"));
            if let Some(c) = &cursor {
                p = with_query(&p, &format!("after_id={c}"));
            }
            let page = self.get(&p).await.ok();
            let ids = check_page(&page, limit);
            all.extend(ids.iter().cloned());
            if page["has_more"] == true {
                assert!(!ids.is_empty(), "has_more with an empty page: {page}");
                cursor = Some(ids.last().unwrap().clone());
            } else {
                return all;
            }
        }
        panic!("pagination of {path} never ended");
    }

    /// Walks a list backward with `before_id` starting before `start`; returns all ids in
    /// ascending order.
    pub async fn walk_backward(&self, path: &str, limit: usize, start: &str) -> Vec<String> {
        let mut pages: Vec<Vec<String>> = Vec::new();
        let mut cursor = start.to_string();
        for _ in 0..10_000 {
            let p = with_query(path, &format!("limit={limit}&before_id={cursor}"));
            let page = self.get(&p).await.ok();
            let ids = check_page(&page, limit);
            let more = page["has_more"] == true;
            if more {
                assert!(!ids.is_empty(), "has_more with an empty page: {page}");
                cursor = ids[0].clone();
            }
            pages.push(ids);
            if !more {
                pages.reverse();
                return pages.concat();
            }
        }
        panic!("backward pagination of {path} never ended");
    }
}

/// Runs `n` requests at once, each on its own task; returns the responses in order.
pub async fn concurrently<F, Fut>(n: usize, make: F) -> Vec<Resp>
where
    F: Fn(usize) -> Fut,
    Fut: std::future::Future<Output = Resp> + Send + 'static,
{
    let tasks: Vec<_> = (0..n).map(|i| tokio::spawn(make(i))).collect();
    let mut out = Vec::new();
    for task in tasks {
        out.push(task.await.expect("request task"));
    }
    out
}

/// How many responses have this status.
pub fn count_status(responses: &[Resp], status: u16) -> usize {
    responses.iter().filter(|r| r.status == status).count()
}

/// Appends a query parameter (`k=v`) to a path.
pub fn with_query(path: &str, param: &str) -> String {
    if path.contains('?') {
        format!("{path}&{param}")
    } else {
        format!("{path}?{param}")
    }
}

/// A response, read whole.
pub struct Resp {
    /// `METHOD URL` of the request, for messages.
    pub label: String,
    pub status: u16,
    pub headers: HeaderMap,
    pub text: String,
    pub json: Option<Value>,
}

/// Sends a request and reads the whole response.
pub async fn send(rb: RequestBuilder) -> Resp {
    let (client, req) = rb.build_split();
    let req = req.expect("valid request");
    let mut label = format!("{} {}", req.method(), req.url());
    if let Some(body) = req.body().and_then(|b| b.as_bytes()) {
        let body = String::from_utf8_lossy(body);
        if body.len() > 200 {
            label.push_str(&format!(" [body of {} bytes]", body.len()));
        } else {
            label.push_str(&format!(" {body}"));
        }
    }
    let resp = client
        .execute(req)
        .await
        .unwrap_or_else(|e| panic!("{label}: {}", error_chain(&e)));
    let status = resp.status().as_u16();
    let headers = resp.headers().clone();
    let text = resp
        .text()
        .await
        .unwrap_or_else(|e| panic!("{label}: reading body: {}", error_chain(&e)));
    let json = serde_json::from_str(&text).ok();
    Resp {
        label,
        status,
        headers,
        text,
        json,
    }
}

/// Sends one HTTP/1.1 request over a plain TCP socket, writing the body from another thread
/// while the response is read, so that a server answering before it has read the whole body
/// (as for a 413) is seen the way a browser sees it. `headers` are `(name, value)` pairs.
pub async fn raw_request(base: &str, method: &str, path: &str, headers: &[(&str, &str)], body: Vec<u8>) -> Resp {
    use std::io::{Read, Write};
    let addr = base.trim_start_matches("http://").to_string();
    let mut head = format!("{method} {path} HTTP/1.1\r\nhost: {addr}\r\nconnection: close\r\n");
    // With `transfer-encoding` given, the body is sent as the caller encoded it.
    if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("transfer-encoding")) {
        head.push_str(&format!("content-length: {}\r\n", body.len()));
    }
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    let label = format!("{method} {base}{path} [raw, body of {} bytes]", body.len());
    let label2 = label.clone();
    let raw = tokio::task::spawn_blocking(move || {
        let mut stream = std::net::TcpStream::connect(&addr).expect("connect");
        stream.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        let mut writer = stream.try_clone().expect("clone socket");
        let sender = std::thread::spawn(move || {
            // The server may stop reading and close: write errors are expected then.
            let _ = writer.write_all(head.as_bytes());
            let _ = writer.write_all(&body);
        });
        let mut buf = Vec::new();
        let mut chunk = [0u8; 8192];
        loop {
            match stream.read(&mut chunk) {
                Ok(0) => break,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
                Err(e) if buf.is_empty() => panic!("{label2}: reading the response: {e}"),
                Err(_) => break,
            }
        }
        let _ = sender.join();
        buf
    })
    .await
    .expect("raw request task");
    parse_response(label, &raw)
}

/// A whole HTTP/1.1 response as read from a socket (status, headers, body up to `content-length`).
pub fn parse_response(label: String, raw: &[u8]) -> Resp {
    let text = String::from_utf8_lossy(raw).to_string();
    let (head, body) = text
        .split_once("\r\n\r\n")
        .unwrap_or_else(|| panic!("{label}: no complete response head in {text:?}"));
    let mut lines = head.split("\r\n");
    let status: u16 = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("{label}: bad status line in {head:?}"));
    let mut map = HeaderMap::new();
    for line in lines {
        if let Some((k, v)) = line.split_once(':') {
            map.append(
                reqwest::header::HeaderName::from_bytes(k.trim().as_bytes()).expect("header name"),
                reqwest::header::HeaderValue::from_str(v.trim()).expect("header value"),
            );
        }
    }
    let declared = map
        .get("content-length")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    let body = match declared {
        Some(n) if n <= body.len() => body[..n].to_string(),
        Some(n) => panic!("{label}: body cut short: {} of {n} bytes", body.len()),
        None => body.to_string(),
    };
    let json = serde_json::from_str(&body).ok();
    Resp {
        label,
        status,
        headers: map,
        text: body,
        json,
    }
}

/// An error and its sources, for messages.
pub fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        text.push_str(&format!(": {s}"));
        source = s.source();
    }
    text
}

impl Resp {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The header's value, which must be present.
    pub fn must_header(&self, name: &str) -> &str {
        self.header(name)
            .unwrap_or_else(|| panic!("{}: no `{name}` header in {:?}", self.label, self.headers))
    }

    /// Asserts a 200 with a JSON body and returns the body.
    pub fn ok(&self) -> Value {
        assert_eq!(
            self.status, 200,
            "{}: expected 200, got {} {}",
            self.label, self.status, self.text
        );
        let ct = self.header("content-type").unwrap_or_default();
        assert!(
            ct.starts_with("application/json"),
            "{}: expected a JSON content-type, got {ct:?}",
            self.label
        );
        self.json
            .clone()
            .unwrap_or_else(|| panic!("{}: body is not JSON: {}", self.label, self.text))
    }

    /// Asserts the error envelope with this status and error type, and that `request_id`
    /// repeats the `request-id` header. Returns the message.
    pub fn expect_error(&self, status: u16, error_type: &str) -> String {
        assert_eq!(
            self.status, status,
            "{}: expected {status} {error_type}, got {} {}",
            self.label, self.status, self.text
        );
        self.check_envelope(error_type)
    }

    /// For a malformed id in a path: 400 `invalid_request_error` or 404 `not_found_error`.
    pub fn expect_rejected_id(&self) {
        self.expect_error_in(&[400, 404]);
    }

    /// An error envelope with one of these statuses, and the error type that goes with it
    /// (any error type for statuses the contract does not name, such as 405).
    pub fn expect_error_in(&self, statuses: &[u16]) -> String {
        assert!(
            statuses.contains(&self.status),
            "{}: expected one of {statuses:?}, got {} {}",
            self.label,
            self.status,
            self.text
        );
        let ty = match self.status {
            400 => "invalid_request_error",
            401 => "authentication_error",
            403 => "permission_error",
            404 => "not_found_error",
            409 => "conflict_error",
            413 => "request_too_large",
            408 | 504 => "timeout_error",
            414 | 431 => "invalid_request_error",
            429 => "rate_limit_error",
            500 => "api_error",
            _ => "",
        };
        self.check_envelope(ty)
    }

    fn check_envelope(&self, error_type: &str) -> String {
        let body = self
            .json
            .as_ref()
            .unwrap_or_else(|| panic!("{}: error body is not JSON: {:?}", self.label, self.text));
        assert_keys(body, &["type", "error", "request_id"]);
        assert_eq!(body["type"], "error", "{}: {body}", self.label);
        if error_type.is_empty() {
            assert!(
                body["error"]["type"].as_str().is_some_and(|t| !t.is_empty()),
                "{}: error.type must be a string in {body}",
                self.label
            );
        } else {
            assert_eq!(
                body["error"]["type"], error_type,
                "{}: wrong error type in {body}",
                self.label
            );
        }
        let message = body["error"]["message"]
            .as_str()
            .unwrap_or_else(|| panic!("{}: error.message must be a string: {body}", self.label));
        assert!(!message.trim().is_empty(), "{}: empty error message", self.label);
        let header = self.must_header("request-id");
        assert_id(header, "req_");
        assert_eq!(
            body["request_id"], header,
            "{}: request_id in the body must repeat the request-id header",
            self.label
        );
        message.to_string()
    }
}

// ---------------------------------------------------------------------------------------------
// Shapes
// ---------------------------------------------------------------------------------------------

/// The object has exactly these fields.
pub fn assert_keys(v: &Value, keys: &[&str]) {
    let obj = v.as_object().unwrap_or_else(|| panic!("expected an object, got {v}"));
    let mut got: Vec<&str> = obj.keys().map(String::as_str).collect();
    got.sort_unstable();
    let mut want = keys.to_vec();
    want.sort_unstable();
    assert_eq!(got, want, "fields of {v}");
}

pub fn is_base58(s: &str) -> bool {
    s.chars().all(|c| BASE58.contains(c))
}

/// `prefix` followed by exactly 24 base58 characters.
pub fn assert_id(id: &str, prefix: &str) {
    let rest = id
        .strip_prefix(prefix)
        .unwrap_or_else(|| panic!("id {id:?} must start with {prefix:?}"));
    assert!(
        rest.len() == 24 && is_base58(rest),
        "id {id:?} must be {prefix:?} + 24 base58 characters"
    );
}

/// A well-formed id that names nothing.
pub fn unknown_id(prefix: &str) -> String {
    format!("{prefix}2BcdEfGhJkMnPqRsTuVwXyZ9")
}

pub fn assert_uuid(s: &str) {
    let parts: Vec<&str> = s.split('-').collect();
    let lens: Vec<usize> = parts.iter().map(|p| p.len()).collect();
    assert_eq!(lens, vec![8, 4, 4, 4, 12], "{s:?} is not a UUID");
    assert!(
        parts.iter().all(|p| p.chars().all(|c| c.is_ascii_hexdigit())),
        "{s:?} is not a UUID"
    );
}

pub fn assert_admin_key(key: &str) {
    let rest = key
        .strip_prefix("sk-ant-admin01-")
        .unwrap_or_else(|| panic!("admin key {key:?} must start with sk-ant-admin01-"));
    assert!(
        rest.len() >= 16 && rest.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'),
        "admin key {key:?} must end with URL-safe random characters"
    );
}

/// Checks `YYYY-MM-DDTHH:MM:SS.ffffffZ` and returns microseconds since the epoch.
pub fn parse_time(s: &str) -> i64 {
    let b = s.as_bytes();
    let shape_ok = b.len() == 27
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            10 => *c == b'T',
            13 | 16 => *c == b':',
            19 => *c == b'.',
            26 => *c == b'Z',
            _ => c.is_ascii_digit(),
        });
    assert!(
        shape_ok,
        "time {s:?} must be RFC 3339 UTC with 6 fractional digits and Z"
    );
    let n = |a: usize, z: usize| s[a..z].parse::<i64>().unwrap();
    let (y, mo, d, h, mi, se, us) = (n(0, 4), n(5, 7), n(8, 10), n(11, 13), n(14, 16), n(17, 19), n(20, 26));
    assert!(
        (1..=12).contains(&mo) && (1..=31).contains(&d) && h < 24 && mi < 60 && se < 60,
        "time {s:?} out of range"
    );
    let days = days_from_civil(y, mo, d);
    ((days * 86_400 + h * 3_600 + mi * 60 + se) * SECOND) + us
}

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

pub fn now_micros() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_micros() as i64
}

pub fn now_secs() -> i64 {
    now_micros() / SECOND
}

/// The time field is within `slack` of `expected` (both in microseconds).
pub fn assert_time_near(field: &Value, expected: i64, slack: i64) {
    let t = parse_time(field.as_str().expect("time string"));
    assert!(
        (t - expected).abs() <= slack,
        "time {field} is {}s away from the expected time",
        (t - expected) / SECOND
    );
}

pub fn str_of<'a>(v: &'a Value, field: &str) -> &'a str {
    v[field]
        .as_str()
        .unwrap_or_else(|| panic!("`{field}` must be a string in {v}"))
}

/// The cursor id of a list item: `id`, or `user_id` for workspace members.
pub fn item_id(v: &Value) -> String {
    if v["type"] == "workspace_member" {
        str_of(v, "user_id").to_string()
    } else {
        str_of(v, "id").to_string()
    }
}

pub fn check_user(v: &Value) {
    assert_keys(v, &["id", "type", "email", "name", "role", "added_at"]);
    assert_eq!(v["type"], "user");
    assert_id(str_of(v, "id"), "user_");
    str_of(v, "email");
    str_of(v, "name");
    assert!(ORG_ROLES.contains(&str_of(v, "role")), "unknown role in {v}");
    parse_time(str_of(v, "added_at"));
}

pub fn check_invite(v: &Value) {
    assert_keys(
        v,
        &[
            "id",
            "type",
            "email",
            "role",
            "invited_at",
            "expires_at",
            "accepted_at",
            "status",
            "rbac_group_ids",
        ],
    );
    assert_eq!(v["type"], "invite");
    assert_id(str_of(v, "id"), "invite_");
    str_of(v, "email");
    assert!(
        ASSIGNABLE_ROLES.contains(&str_of(v, "role")),
        "invite role must be assignable: {v}"
    );
    let invited = parse_time(str_of(v, "invited_at"));
    let expires = parse_time(str_of(v, "expires_at"));
    assert_eq!(
        expires - invited,
        21 * DAY,
        "expires_at must be invited_at + 21 days: {v}"
    );
    let status = str_of(v, "status");
    assert!(INVITE_STATUSES.contains(&status), "bad status in {v}");
    let now = now_micros();
    match status {
        "pending" => assert!(expires > now - 60 * SECOND, "pending but expired: {v}"),
        "expired" => assert!(expires <= now + 60 * SECOND, "expired but not past expiry: {v}"),
        _ => {}
    }
    // `accepted_at`: set exactly when the invite was accepted, never before it was sent.
    if status == "accepted" {
        let accepted = parse_time(str_of(v, "accepted_at"));
        assert!(accepted >= invited, "accepted before it was sent: {v}");
    } else {
        assert!(v["accepted_at"].is_null(), "accepted_at of an invite not accepted: {v}");
    }
    // The reference server has no RBAC groups.
    assert_eq!(v["rbac_group_ids"], json!([]), "{v}");
}

pub fn is_hex_color(s: &str) -> bool {
    s.len() == 7 && s.starts_with('#') && s[1..].chars().all(|c| c.is_ascii_hexdigit())
}

pub fn check_workspace(v: &Value) {
    assert_keys(
        v,
        &[
            "id",
            "type",
            "name",
            "created_at",
            "archived_at",
            "display_color",
            "compartment_id",
            "data_residency",
            "tags",
            "external_key_id",
            "user_profile_id",
        ],
    );
    assert_eq!(v["type"], "workspace");
    assert_id(str_of(v, "id"), "wrkspc_");
    str_of(v, "name");
    let created = parse_time(str_of(v, "created_at"));
    if !v["archived_at"].is_null() {
        let archived = parse_time(str_of(v, "archived_at"));
        assert!(archived >= created, "archived before created: {v}");
    }
    assert!(
        is_hex_color(str_of(v, "display_color")),
        "display_color must be #RRGGBB: {v}"
    );
    assert!(!str_of(v, "compartment_id").is_empty(), "{v}");
    check_data_residency(&v["data_residency"]);
    let tags = v["tags"]
        .as_object()
        .unwrap_or_else(|| panic!("tags must be an object: {v}"));
    for (key, value) in tags {
        assert!(value.is_string(), "tag values are strings: {v}");
        assert!(!key.to_lowercase().starts_with("anthropic"), "reserved tag key: {v}");
    }
    assert!(v["external_key_id"].is_null(), "{v}");
    assert!(v["user_profile_id"].is_null(), "{v}");
}

/// `{workspace_geo: "us", allowed_inference_geos: "unrestricted" | [geos], default_inference_geo}`,
/// the default among the allowed geos.
pub fn check_data_residency(v: &Value) {
    assert_keys(v, &["workspace_geo", "allowed_inference_geos", "default_inference_geo"]);
    assert_eq!(v["workspace_geo"], "us", "{v}");
    let default = str_of(v, "default_inference_geo");
    assert!(["us", "global"].contains(&default), "{v}");
    match &v["allowed_inference_geos"] {
        Value::String(word) => assert_eq!(word, "unrestricted", "{v}"),
        Value::Array(geos) => {
            assert!(!geos.is_empty(), "{v}");
            for geo in geos {
                assert!(geo == "us" || geo == "global", "{v}");
            }
            assert!(geos.contains(&json!(default)), "the default geo must be allowed: {v}");
        }
        other => panic!("allowed_inference_geos must be \"unrestricted\" or a list, not {other}"),
    }
}

/// The default workspace: a workspace named "Default Workspace", never archived, unrestricted.
pub fn check_default_workspace(v: &Value) {
    check_workspace(v);
    assert_eq!(v["name"], DEFAULT_WORKSPACE_NAME, "{v}");
    assert!(v["archived_at"].is_null(), "{v}");
    assert_eq!(v["tags"], json!({}), "{v}");
}

pub fn check_member(v: &Value) {
    assert_keys(v, &["type", "user_id", "workspace_id", "workspace_role"]);
    assert_eq!(v["type"], "workspace_member");
    assert_id(str_of(v, "user_id"), "user_");
    assert_id(str_of(v, "workspace_id"), "wrkspc_");
    assert!(
        WORKSPACE_ROLES.contains(&str_of(v, "workspace_role")),
        "bad workspace_role in {v}"
    );
}

pub fn check_api_key(v: &Value) {
    assert_keys(
        v,
        &[
            "id",
            "type",
            "name",
            "workspace_id",
            "scope",
            "created_at",
            "created_by",
            "principal",
            "partial_key_hint",
            "expires_at",
            "status",
        ],
    );
    assert_eq!(v["type"], "api_key");
    assert_id(str_of(v, "id"), "apikey_");
    str_of(v, "name");
    // The scope names the key's workspace by its real id, the default workspace's too.
    assert_keys(&v["scope"], &["type", "workspace_id"]);
    assert_eq!(v["scope"]["type"], "workspace", "{v}");
    assert_id(str_of(&v["scope"], "workspace_id"), "wrkspc_");
    if !v["workspace_id"].is_null() {
        assert_id(str_of(v, "workspace_id"), "wrkspc_");
        assert_eq!(v["scope"]["workspace_id"], v["workspace_id"], "{v}");
    }
    parse_time(str_of(v, "created_at"));
    // A legacy or system key has no creator and no hint; an ordinary one has both.
    if v["created_by"].is_null() {
        assert!(
            v["partial_key_hint"].is_null(),
            "a key with no creator has no hint: {v}"
        );
    } else {
        assert_keys(&v["created_by"], &["id", "type"]);
        assert_eq!(v["created_by"]["type"], "user");
        assert_id(str_of(&v["created_by"], "id"), "user_");
        str_of(v, "partial_key_hint");
    }
    match v["principal"]["type"].as_str() {
        None => assert!(v["principal"].is_null(), "{v}"),
        Some("user_actor") => {
            assert_keys(&v["principal"], &["type", "user_id"]);
            assert_eq!(v["principal"]["user_id"], v["created_by"]["id"], "{v}");
        }
        Some("service_account_actor") => {
            assert_keys(&v["principal"], &["type", "service_account_id"]);
            str_of(&v["principal"], "service_account_id");
        }
        Some(other) => panic!("unknown principal type {other:?} in {v}"),
    }
    let status = str_of(v, "status");
    assert!(KEY_STATUSES.contains(&status), "bad status in {v}");
    // Past its expiry a key reads as expired, unless it was archived.
    if v["expires_at"].is_null() {
        assert_ne!(status, "expired", "a key that never expires: {v}");
    } else {
        let expires = parse_time(str_of(v, "expires_at"));
        let now = now_micros();
        match status {
            "expired" => assert!(expires <= now + 60 * SECOND, "expired before its expiry: {v}"),
            "active" | "inactive" => assert!(expires > now - 60 * SECOND, "past its expiry: {v}"),
            _ => {}
        }
    }
}

/// Checks a list page: shape, `first_id`/`last_id` consistent with `data`, at most `limit`
/// items, strictly ascending ids. Returns the ids.
pub fn check_page(page: &Value, limit: usize) -> Vec<String> {
    assert_keys(page, &["data", "has_more", "first_id", "last_id"]);
    let data = page["data"]
        .as_array()
        .unwrap_or_else(|| panic!("data must be an array: {page}"));
    assert!(page["has_more"].is_boolean(), "has_more must be a bool: {page}");
    assert!(data.len() <= limit, "more than limit={limit} items: {page}");
    let ids: Vec<String> = data.iter().map(item_id).collect();
    match (ids.first(), ids.last()) {
        (Some(first), Some(last)) => {
            assert_eq!(page["first_id"], first.as_str(), "first_id: {page}");
            assert_eq!(page["last_id"], last.as_str(), "last_id: {page}");
        }
        _ => {
            assert!(page["first_id"].is_null(), "first_id of an empty page: {page}");
            assert!(page["last_id"].is_null(), "last_id of an empty page: {page}");
            assert_eq!(page["has_more"], false, "has_more on an empty page: {page}");
        }
    }
    assert_ascending(&ids);
    ids
}

/// Strictly ascending, so also without duplicates.
pub fn assert_ascending(ids: &[String]) {
    for w in ids.windows(2) {
        assert!(w[0] < w[1], "ids not strictly ascending: {ids:?}");
    }
}

pub fn ids_of(items: &[Value]) -> Vec<String> {
    items.iter().map(item_id).collect()
}
