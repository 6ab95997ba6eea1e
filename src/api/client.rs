//! The typed Admin API client: one method per endpoint of the contract.
//!
//! Every call carries the contract's headers, turns an error envelope into an [`ApiError`],
//! and is tied to the reactive owner that made it: when that owner is cleaned up (the page is
//! left, or a resource refetches), the browser request is aborted.
//!
//! Retries ([`retry_step`]): a 429 is waited out as `retry-after` says, a bounded number of
//! times, for reads and writes alike (the server did not act on the request). A 5xx or a
//! network failure is retried with exponential backoff for reads only: a write that may have
//! reached the server is never sent again by itself. A caller that paces many calls itself (the
//! batch runner) takes 429s as they come instead ([`Client::rate_limits_to_caller`]).
//!
//! Every write ends in one report to [`ClientHooks::wrote`] ([`Written`]): the journal's only
//! source, so no page journals by hand.

use super::decode::decode;
use super::models::*;
use super::written::{BulkPart, FieldChange, ObjectKind, Subject, Target, WriteAction, WriteOutcome, Written};
use super::{ApiError, HttpError};
use gloo_net::http::{Method, RequestBuilder};
use leptos::prelude::on_cleanup;
use send_wrapper::SendWrapper;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::RequestMode;

/// The `anthropic-version` every request carries.
pub const API_VERSION: &str = "2023-06-01";

/// How many times a 429 is waited out before the error is shown.
pub const MAX_RATE_LIMIT_WAITS: u32 = 3;
/// How many times a failed read is sent again.
pub const MAX_READ_RETRIES: u32 = 3;
/// The first backoff; it doubles with each retry.
pub const FIRST_BACKOFF_MS: u32 = 500;
/// The longest `retry-after` honoured; a longer one is shown as an error instead of a frozen page.
pub const MAX_RETRY_AFTER_SECS: u64 = 60;
/// How long a 429 without `retry-after` waits: the limit is counted per minute.
pub const DEFAULT_RATE_LIMIT_WAIT_SECS: u64 = 5;

/// Checks a Base URL typed by a person and returns it in the form the client joins paths to
/// (no trailing `/`, no trailing `/v1`). The error says what to fix.
pub fn normalize_base_url(input: &str) -> Result<String, &'static str> {
    let url = input.trim();
    if url.is_empty() {
        return Err("Enter the Base URL of the Admin API, for example https://api.example.com.");
    }
    let lower = url.to_ascii_lowercase();
    let rest = ["http://", "https://"]
        .iter()
        .find_map(|scheme| lower.strip_prefix(scheme))
        .ok_or("The Base URL must start with http:// or https://.")?;
    if rest.starts_with('/') || rest.is_empty() {
        return Err("The Base URL has no host name after http:// or https://.");
    }
    if url.contains(|c: char| c.is_whitespace() || c == '?' || c == '#') {
        return Err("The Base URL must not contain spaces, '?' or '#'.");
    }
    let mut url = url.trim_end_matches('/');
    if let Some(root) = url.strip_suffix("/v1") {
        url = root.trim_end_matches('/');
    }
    Ok(url.to_owned())
}

/// Why a call is waiting before it tries again, for the page to show.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wait {
    /// The server said 429: waiting `seconds`, as its `retry-after` asked (`told`), or a short
    /// default when it did not say (the real API's spend caps send none).
    RateLimited { seconds: u64, told: bool },
    /// A read failed (5xx or network): trying again, `attempt` of [`MAX_READ_RETRIES`].
    Retrying { attempt: u32, after_ms: u32 },
}

/// What to do after a failed attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RetryStep {
    /// Give the error to the caller.
    GiveUp,
    /// Wait, then send the request again.
    Retry(Wait),
}

/// The retry policy. `rate_limit_waits` and `read_retries` count what was already done for
/// this call.
pub fn retry_step(is_read: bool, error: &ApiError, rate_limit_waits: u32, read_retries: u32) -> RetryStep {
    match error {
        ApiError::Http(HttpError {
            status: 429,
            retry_after_secs,
            ..
        }) => {
            // Without retry-after, a short wait: the limit is per minute.
            let seconds = retry_after_secs.unwrap_or(DEFAULT_RATE_LIMIT_WAIT_SECS).max(1);
            if rate_limit_waits < MAX_RATE_LIMIT_WAITS && seconds <= MAX_RETRY_AFTER_SECS {
                RetryStep::Retry(Wait::RateLimited {
                    seconds,
                    told: retry_after_secs.is_some(),
                })
            } else {
                RetryStep::GiveUp
            }
        }
        ApiError::Network(_) | ApiError::Http(HttpError { status: 500..=599, .. })
            if is_read && read_retries < MAX_READ_RETRIES =>
        {
            RetryStep::Retry(Wait::Retrying {
                attempt: read_retries + 1,
                after_ms: FIRST_BACKOFF_MS << read_retries,
            })
        }
        _ => RetryStep::GiveUp,
    }
}

/// Callbacks through which the client tells the app what happened to a call.
#[derive(Clone, Default)]
pub struct ClientHooks {
    /// A 401: the admin key is no longer accepted.
    pub unauthorized: Option<Rc<dyn Fn()>>,
    /// `Some` while a call waits to try again, `None` once it goes on.
    pub waiting: Option<Rc<dyn Fn(Option<Wait>)>>,
    /// A write has ended (answered, refused, or lost): what it changed and how it ended.
    pub wrote: Option<Rc<dyn Fn(Written)>>,
}

/// A call under way: boxed, so that each answer type's future exists once in the build however
/// many places await it.
pub type ApiCall<'a, T> = Pin<Box<dyn Future<Output = Result<T, ApiError>> + 'a>>;

/// A client bound to one Admin API base URL and admin key.
///
/// Deliberately not `Debug`: it holds the admin key, which must never reach a log line.
#[derive(Clone)]
pub struct Client {
    base_url: String,
    api_key: String,
    hooks: ClientHooks,
    /// A 429 goes to the caller at once instead of being waited out here.
    rate_limits_to_caller: bool,
    /// What the next writes are about, as the caller saw it before (for the journal).
    subject: Option<Rc<Subject>>,
    /// The bulk action the next writes belong to.
    bulk: Option<Rc<BulkPart>>,
}

impl Client {
    /// `base_url` as returned by [`normalize_base_url`].
    pub fn new(base_url: &str, api_key: &str) -> Self {
        Self {
            base_url: base_url.to_owned(),
            api_key: api_key.to_owned(),
            hooks: ClientHooks::default(),
            rate_limits_to_caller: false,
            subject: None,
            bulk: None,
        }
    }

    /// The same client, reporting 401s, waits and writes to `hooks`.
    pub fn with_hooks(mut self, hooks: ClientHooks) -> Self {
        self.hooks = hooks;
        self
    }

    /// The same client, giving a 429 to the caller at once (as an [`ApiError::Http`] with its
    /// `retry_after_secs`) instead of waiting it out: for a caller that paces many calls and
    /// must pause all of them. Such a 429 is not reported as a write: the caller sends it again.
    pub fn rate_limits_to_caller(mut self) -> Self {
        self.rate_limits_to_caller = true;
        self
    }

    /// The same client, its writes about `subject` as it was before them: the report of each
    /// write names it and gives each field's value before the change.
    pub fn about(mut self, subject: impl Into<Subject>) -> Self {
        self.subject = Some(Rc::new(subject.into()));
        self
    }

    /// The same client, its writes reported as part of a bulk action.
    pub fn in_bulk(mut self, part: BulkPart) -> Self {
        self.bulk = Some(Rc::new(part));
        self
    }

    // --- Organization -------------------------------------------------------------------

    /// `GET /me`: the organization of the admin key.
    pub fn organization(&self) -> ApiCall<'_, Organization> {
        self.get("/me", Query::new())
    }

    // --- Members ------------------------------------------------------------------------

    /// `GET /users`.
    pub fn users(&self, page: &PageRequest, filter: &UserFilter) -> ApiCall<'_, Page<User>> {
        self.get("/users", Query::page(page).and(&user_filter(filter)))
    }

    /// How many members match `filter`, every page counted.
    pub fn count_users(&self, filter: &UserFilter) -> ApiCall<'_, usize> {
        self.count("/users", user_filter(filter))
    }

    /// `GET /users/{id}`.
    pub fn user(&self, user_id: &str) -> ApiCall<'_, User> {
        self.get(&format!("/users/{}", segment(user_id)), Query::new())
    }

    /// `POST /users/{id}` `{"role"}`.
    pub fn update_user_role(&self, user_id: &str, role: OrgRole) -> ApiCall<'_, User> {
        let target = Target::new(ObjectKind::Member, WriteAction::Update, user_id);
        self.post(target, &format!("/users/{}", segment(user_id)), &UpdateUser { role })
    }

    /// `DELETE /users/{id}`.
    pub fn remove_user(&self, user_id: &str) -> ApiCall<'_, Deleted> {
        let target = Target::new(ObjectKind::Member, WriteAction::Delete, user_id);
        self.delete(target, &format!("/users/{}", segment(user_id)))
    }

    // --- Invites ------------------------------------------------------------------------

    /// `GET /invites`; no statuses means the server's default (all but deleted).
    pub fn invites(&self, page: &PageRequest, statuses: &[InviteStatus]) -> ApiCall<'_, Page<Invite>> {
        self.get("/invites", Query::page(page).and(&invite_filter(statuses)))
    }

    /// How many invites have one of `statuses` (none: the server's default), every page counted.
    pub fn count_invites(&self, statuses: &[InviteStatus]) -> ApiCall<'_, usize> {
        self.count("/invites", invite_filter(statuses))
    }

    /// `GET /invites/{id}`.
    pub fn invite(&self, invite_id: &str) -> ApiCall<'_, Invite> {
        self.get(&format!("/invites/{}", segment(invite_id)), Query::new())
    }

    /// `POST /invites` `{"email","role"}`.
    pub fn create_invite(&self, email: &str, role: OrgRole) -> ApiCall<'_, Invite> {
        let body = CreateInvite {
            email: email.to_owned(),
            role,
            rbac_group_ids: None,
        };
        self.post(Target::creation(ObjectKind::Invite), "/invites", &body)
    }

    /// `DELETE /invites/{id}` (pending invites only).
    pub fn delete_invite(&self, invite_id: &str) -> ApiCall<'_, Deleted> {
        let target = Target::new(ObjectKind::Invite, WriteAction::Delete, invite_id);
        self.delete(target, &format!("/invites/{}", segment(invite_id)))
    }

    // --- Workspaces ---------------------------------------------------------------------

    /// `GET /workspaces`.
    pub fn workspaces(&self, page: &PageRequest, include_archived: bool) -> ApiCall<'_, Page<Workspace>> {
        self.get(
            "/workspaces",
            Query::page(page).and(&workspace_filter(include_archived)),
        )
    }

    /// How many workspaces there are (active ones only unless `include_archived`), every page counted.
    pub fn count_workspaces(&self, include_archived: bool) -> ApiCall<'_, usize> {
        self.count("/workspaces", workspace_filter(include_archived))
    }

    /// Every workspace, following the cursor page by page.
    pub async fn all_workspaces(&self, include_archived: bool) -> Result<Vec<Workspace>, ApiError> {
        every_page(|page| self.workspaces(&page, include_archived)).await
    }

    /// `GET /workspaces/{id}`.
    pub fn workspace(&self, workspace_id: &str) -> ApiCall<'_, Workspace> {
        self.get(&format!("/workspaces/{}", segment(workspace_id)), Query::new())
    }

    /// `POST /workspaces` `{"name","display_color"?,"data_residency"?,"tags"?}`.
    pub fn create_workspace(&self, body: &CreateWorkspace) -> ApiCall<'_, Workspace> {
        self.post(Target::creation(ObjectKind::Workspace), "/workspaces", body)
    }

    /// `POST /workspaces/{id}` with what changes.
    pub fn update_workspace(&self, workspace_id: &str, update: &WorkspaceUpdate) -> ApiCall<'_, Workspace> {
        let target = Target::new(ObjectKind::Workspace, WriteAction::Update, workspace_id);
        self.post(target, &format!("/workspaces/{}", segment(workspace_id)), update)
    }

    /// `POST /workspaces/{id}/archive`: final.
    pub fn archive_workspace(&self, workspace_id: &str) -> ApiCall<'_, Workspace> {
        self.post(
            Target::new(ObjectKind::Workspace, WriteAction::Archive, workspace_id),
            &format!("/workspaces/{}/archive", segment(workspace_id)),
            &serde_json::json!({}),
        )
    }

    // --- Workspace members --------------------------------------------------------------

    /// `GET /workspaces/{id}/members`.
    pub fn workspace_members(&self, workspace_id: &str, page: &PageRequest) -> ApiCall<'_, Page<WorkspaceMember>> {
        self.get(
            &format!("/workspaces/{}/members", segment(workspace_id)),
            Query::page(page),
        )
    }

    /// `GET /workspaces/{id}/members/{user_id}`.
    pub fn workspace_member(&self, workspace_id: &str, user_id: &str) -> ApiCall<'_, WorkspaceMember> {
        self.get(&member_path(workspace_id, user_id), Query::new())
    }

    /// `POST /workspaces/{id}/members` `{"user_id","workspace_role"}`.
    pub fn add_workspace_member(
        &self,
        workspace_id: &str,
        user_id: &str,
        workspace_role: WorkspaceRole,
    ) -> ApiCall<'_, WorkspaceMember> {
        let body = AddWorkspaceMember {
            user_id: user_id.to_owned(),
            workspace_role,
        };
        let target = Target::new(ObjectKind::WorkspaceMember, WriteAction::Create, user_id).in_workspace(workspace_id);
        self.post(target, &format!("/workspaces/{}/members", segment(workspace_id)), &body)
    }

    /// `POST /workspaces/{id}/members/{user_id}` `{"workspace_role"}`.
    pub fn update_workspace_member(
        &self,
        workspace_id: &str,
        user_id: &str,
        workspace_role: WorkspaceRole,
    ) -> ApiCall<'_, WorkspaceMember> {
        self.post(
            Target::new(ObjectKind::WorkspaceMember, WriteAction::Update, user_id).in_workspace(workspace_id),
            &member_path(workspace_id, user_id),
            &UpdateWorkspaceMember { workspace_role },
        )
    }

    /// `DELETE /workspaces/{id}/members/{user_id}`.
    pub fn remove_workspace_member(&self, workspace_id: &str, user_id: &str) -> ApiCall<'_, WorkspaceMemberDeleted> {
        let target = Target::new(ObjectKind::WorkspaceMember, WriteAction::Delete, user_id).in_workspace(workspace_id);
        self.delete(target, &member_path(workspace_id, user_id))
    }

    // --- API keys -----------------------------------------------------------------------

    /// `GET /api_keys`.
    pub fn api_keys(&self, page: &PageRequest, filter: &ApiKeyFilter) -> ApiCall<'_, Page<ApiKey>> {
        self.get("/api_keys", Query::page(page).and(&api_key_filter(filter)))
    }

    /// How many API keys match `filter`, every page counted.
    pub fn count_api_keys(&self, filter: &ApiKeyFilter) -> ApiCall<'_, usize> {
        self.count("/api_keys", api_key_filter(filter))
    }

    /// `GET /api_keys/{id}`.
    pub fn api_key(&self, api_key_id: &str) -> ApiCall<'_, ApiKey> {
        self.get(&format!("/api_keys/{}", segment(api_key_id)), Query::new())
    }

    /// `POST /api_keys/{id}` with what changes.
    pub fn update_api_key(&self, api_key_id: &str, update: &ApiKeyUpdate) -> ApiCall<'_, ApiKey> {
        let target = Target::new(ObjectKind::ApiKey, WriteAction::Update, api_key_id);
        self.post(target, &format!("/api_keys/{}", segment(api_key_id)), update)
    }

    // --- Reports ------------------------------------------------------------------------

    /// `GET /usage_report/messages`: one page of buckets.
    pub fn usage_report(&self, query: &UsageReportQuery) -> ApiCall<'_, UsageReport> {
        self.get("/usage_report/messages", Query(query.to_query()))
    }

    /// `GET /cost_report`: one page of days.
    pub fn cost_report(&self, query: &CostReportQuery) -> ApiCall<'_, CostReport> {
        self.get("/cost_report", Query(query.to_query()))
    }

    /// `GET /usage_report/claude_code`: one page of one day's records.
    pub fn claude_code_report(&self, query: &ClaudeCodeQuery) -> ApiCall<'_, ClaudeCodeReport> {
        self.get("/usage_report/claude_code", Query(query.to_query()))
    }

    // --- Counting -----------------------------------------------------------------------

    /// How many items the list at `path` has with `filters`: the contract has no counts, so this
    /// pages through it 1000 at a time, following `last_id` while `has_more`. Items are skipped,
    /// not decoded.
    fn count(&self, path: &'static str, filters: Query) -> ApiCall<'_, usize> {
        Box::pin(async move {
            let mut total = 0;
            let fetch =
                |page: PageRequest| self.get::<Page<serde::de::IgnoredAny>>(path, Query::page(&page).and(&filters));
            each_page(fetch, |items| total += items.len()).await?;
            Ok(total)
        })
    }

    // --- Transport ----------------------------------------------------------------------

    // The endpoints and these three return `send`'s boxed future itself rather than awaiting it
    // in a future of their own: one state machine per answer type instead of one per endpoint.

    fn get<T: DeserializeOwned + 'static>(&self, path: &str, query: Query) -> ApiCall<'_, T> {
        self.send(Method::GET, path.to_owned(), query, None, None)
    }

    fn post<T: DeserializeOwned + 'static>(&self, target: Target, path: &str, body: &impl Serialize) -> ApiCall<'_, T> {
        // A value the models make cannot fail to serialize.
        let body = serde_json::to_value(body).unwrap_or_default();
        self.send(Method::POST, path.to_owned(), Query::new(), Some(body), Some(target))
    }

    fn delete<T: DeserializeOwned + 'static>(&self, target: Target, path: &str) -> ApiCall<'_, T> {
        self.send(Method::DELETE, path.to_owned(), Query::new(), None, Some(target))
    }

    /// Sends one call, with the retries of [`retry_step`], and decodes its answer. Only this
    /// small function is generic: it awaits [`Client::exchange`]'s boxed future, so the
    /// transport's state machine exists once in the build.
    fn send<T: DeserializeOwned + 'static>(
        &self,
        method: Method,
        path: String,
        query: Query,
        body: Option<Value>,
        write: Option<Target>,
    ) -> ApiCall<'_, T> {
        let exchange = self.exchange(method, path, query, body, write);
        Box::pin(async move {
            let answer = exchange.await?;
            decode(&answer.body).map_err(|detail| ApiError::InvalidBody {
                status: answer.status,
                detail,
                request_id: answer.request_id,
            })
        })
    }

    /// One call and its retries, up to a successful answer or the error to report; a write
    /// (`write` names its object) is then reported to [`ClientHooks::wrote`].
    fn exchange(
        &self,
        method: Method,
        path: String,
        query: Query,
        body: Option<Value>,
        write: Option<Target>,
    ) -> ApiCall<'_, Answer> {
        Box::pin(async move {
            let url = format!("{}/v1/organizations{path}", self.base_url);
            let is_read = method == Method::GET;
            let (mut rate_limit_waits, mut read_retries) = (0, 0);
            loop {
                let result = self.send_once(method.clone(), &url, &query, body.as_ref()).await;
                let error = match &result {
                    Ok(_) => {
                        self.report_write(write, body.as_ref(), &result);
                        return result;
                    }
                    Err(error) => error,
                };
                if self.rate_limits_to_caller && error.status() == Some(429) {
                    // The caller sends it again after its own pause: not a write that ended.
                    return result;
                }
                match retry_step(is_read, error, rate_limit_waits, read_retries) {
                    RetryStep::GiveUp => {
                        if error.status() == Some(401) {
                            if let Some(unauthorized) = &self.hooks.unauthorized {
                                unauthorized();
                            }
                        }
                        self.report_write(write, body.as_ref(), &result);
                        return result;
                    }
                    RetryStep::Retry(wait) => {
                        let ms = match wait {
                            Wait::RateLimited { seconds, .. } => {
                                rate_limit_waits += 1;
                                (seconds * 1000) as i32
                            }
                            Wait::Retrying { after_ms, .. } => {
                                read_retries += 1;
                                after_ms as i32
                            }
                        };
                        self.report_wait(Some(wait));
                        sleep_ms(ms).await;
                        self.report_wait(None);
                    }
                }
            }
        })
    }

    /// Tells [`ClientHooks::wrote`] how a write ended: the object (from the path, or the answer
    /// of a creation), each field of the body with its value before (from [`Client::about`]),
    /// the outcome and the request id.
    fn report_write(&self, write: Option<Target>, body: Option<&Value>, result: &Result<Answer, ApiError>) {
        let (Some(target), Some(wrote)) = (write, &self.hooks.wrote) else {
            return;
        };
        let answer: Option<Value> = match result {
            Ok(answer) => serde_json::from_str(&answer.body).ok(),
            Err(_) => None,
        };
        let text = |value: Option<&Value>, field: &str| {
            value
                .and_then(|v| v.get(field))
                .and_then(Value::as_str)
                .map(str::to_owned)
        };
        let subject = self.subject.as_deref();
        let changes = match body {
            Some(Value::Object(fields)) => fields
                .iter()
                .map(|(field, after)| FieldChange {
                    field: field.clone(),
                    before: subject.and_then(|s| s.before(field)).map(str::to_owned),
                    after: match after {
                        Value::String(text) => text.clone(),
                        other => other.to_string(),
                    },
                })
                .collect(),
            _ => Vec::new(),
        };
        let (outcome, request_id) = match result {
            Ok(answer) => (WriteOutcome::Done, answer.request_id.clone()),
            Err(error @ ApiError::Http(_)) => (
                WriteOutcome::Failed {
                    message: error.to_string(),
                },
                error.request_id().map(str::to_owned),
            ),
            // A success whose body is not the contract's may be a proxy's page: the change may
            // or may not have been made, like a lost answer.
            Err(error @ ApiError::InvalidBody { .. }) => (
                WriteOutcome::Unknown {
                    detail: error.to_string(),
                },
                error.request_id().map(str::to_owned),
            ),
            Err(ApiError::Network(detail)) => (WriteOutcome::Unknown { detail: detail.clone() }, None),
            Err(ApiError::Aborted) => (
                WriteOutcome::Unknown {
                    detail: "The request was cancelled before its answer came.".to_owned(),
                },
                None,
            ),
        };
        let name = subject
            .map(|s| s.name.clone())
            .or_else(|| text(answer.as_ref(), "name").or_else(|| text(answer.as_ref(), "email")))
            .or_else(|| text(body, "name").or_else(|| text(body, "email")));
        wrote(Written {
            kind: target.kind,
            action: target.action,
            object_id: target.id.or_else(|| text(answer.as_ref(), "id")),
            workspace_id: target.workspace_id,
            name,
            changes,
            outcome,
            request_id,
            bulk: self.bulk.as_deref().cloned(),
        });
    }

    fn report_wait(&self, wait: Option<Wait>) {
        if let Some(waiting) = &self.hooks.waiting {
            waiting(wait);
        }
    }

    /// One attempt: a success's body, or the error the answer (or its absence) means.
    async fn send_once(
        &self,
        method: Method,
        url: &str,
        query: &Query,
        body: Option<&Value>,
    ) -> Result<Answer, ApiError> {
        let abort = abort_on_cleanup();
        let request = RequestBuilder::new(url)
            .method(method)
            .query(query.0.iter().map(|(key, value)| (*key, value)));
        // An admin key goes in `x-api-key`; anything else is an OAuth access token (scope
        // `org:admin`), which the real API takes as a Bearer token.
        let request = if is_admin_key(&self.api_key) {
            request.header("x-api-key", &self.api_key)
        } else {
            request.header("authorization", &format!("Bearer {}", self.api_key))
        };
        let request = request
            .header("anthropic-version", API_VERSION)
            .header("anthropic-dangerous-direct-browser-access", "true")
            .abort_signal(abort.as_ref());
        let request = match body {
            Some(body) => request.json(body),
            None => request.build(),
        }
        .map_err(network_error)?;
        let response = request.send().await.map_err(network_error)?;
        let header = |name: &str| response.headers().get(name);
        let (request_id, retry_after) = (header("request-id"), header("retry-after"));
        let status = response.status();
        let body = response.text().await.map_err(network_error)?;
        if !response.ok() {
            return Err(ApiError::Http(HttpError::parse(status, request_id, retry_after, &body)));
        }
        Ok(Answer {
            status,
            request_id,
            body,
        })
    }
}

/// Whether `credential` is an admin key (`sk-ant-…`) rather than an OAuth access token.
pub fn is_admin_key(credential: &str) -> bool {
    credential.starts_with("sk-ant-")
}

/// A successful answer, with its body read as text.
struct Answer {
    status: u16,
    request_id: Option<String>,
    body: String,
}

/// A request that got no usable answer: aborted by its owner's cleanup, or no answer at all
/// (network, CORS).
fn network_error(error: gloo_net::Error) -> ApiError {
    match error {
        gloo_net::Error::JsError(error) if error.name == "AbortError" => ApiError::Aborted,
        gloo_net::Error::JsError(error) => ApiError::Network(format!("{}: {}", error.name, error.message)),
        other => ApiError::Network(other.to_string()),
    }
}

/// Follows a list's cursor with pages of 1000, handing each page's items to `take`, until the
/// last page (or an empty one, whatever `has_more` says).
async fn each_page<T, Fut>(fetch: impl Fn(PageRequest) -> Fut, mut take: impl FnMut(Vec<T>)) -> Result<(), ApiError>
where
    Fut: Future<Output = Result<Page<T>, ApiError>>,
{
    let mut request = PageRequest {
        limit: Some(1000),
        cursor: None,
    };
    loop {
        let page = fetch(request.clone()).await?;
        let more = page.has_more && !page.data.is_empty();
        take(page.data);
        match page.last_id {
            Some(last) if more => request.cursor = Some(Cursor::After(last)),
            _ => return Ok(()),
        }
    }
}

/// Every item of a list, following the cursor with pages of 1000.
pub async fn every_page<T, Fut>(fetch: impl Fn(PageRequest) -> Fut) -> Result<Vec<T>, ApiError>
where
    Fut: Future<Output = Result<Page<T>, ApiError>>,
{
    let mut all = Vec::new();
    each_page(fetch, |items| all.extend(items)).await?;
    Ok(all)
}

/// Every item of a page-token list (the reports): asks `fetch` for the first page (`None`), then
/// for each `next_page`, telling `progress` how many pages have come, until the last page, or
/// until `progress` answers `false` (no longer wanted: [`ApiError::Aborted`]).
pub async fn every_token_page<T, Fut>(
    fetch: impl Fn(Option<String>) -> Fut,
    mut progress: impl FnMut(usize) -> bool,
) -> Result<Vec<T>, ApiError>
where
    Fut: Future<Output = Result<TokenPage<T>, ApiError>>,
{
    let (mut all, mut page, mut pages) = (Vec::new(), None, 0);
    loop {
        let answer = fetch(page.take()).await?;
        pages += 1;
        let more = answer.has_more && !answer.data.is_empty();
        if more && !progress(pages) {
            return Err(ApiError::Aborted);
        }
        all.extend(answer.data);
        match answer.next_page {
            Some(next) if more => page = Some(next),
            _ => return Ok(all),
        }
    }
}

/// Whether something answers at `base_url` when the browser is not asked to share the answer
/// with this page (`mode: no-cors`). After a [`ApiError::Network`] failure, `true` means the
/// server is up but refuses this page's origin (CORS); `false` that it cannot be reached at all.
pub async fn answers_without_cors(base_url: &str) -> bool {
    let abort = abort_on_cleanup();
    RequestBuilder::new(&format!("{base_url}/v1/organizations/me"))
        .mode(RequestMode::NoCors)
        .abort_signal(abort.as_ref())
        .send()
        .await
        .is_ok()
}

/// An abort signal for one request, fired when the current reactive owner is cleaned up
/// (a page left, a resource refetching). Outside any owner, the request simply runs to its end.
pub fn abort_on_cleanup() -> Option<web_sys::AbortSignal> {
    let controller = web_sys::AbortController::new().ok()?;
    let signal = controller.signal();
    let controller = SendWrapper::new(controller);
    on_cleanup(move || controller.abort());
    Some(signal)
}

/// Waits `ms` milliseconds (a browser timer).
pub async fn sleep_ms(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(resolve.unchecked_ref(), ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// An id as one path segment: ids come from servers and URLs, so they are escaped.
fn segment(id: &str) -> String {
    String::from(js_sys::encode_uri_component(id))
}

fn member_path(workspace_id: &str, user_id: &str) -> String {
    format!("/workspaces/{}/members/{}", segment(workspace_id), segment(user_id))
}

/// The filters of `GET /users`.
fn user_filter(filter: &UserFilter) -> Query {
    let mut query = Query::new();
    query.push_opt("email", filter.email.as_deref());
    for role in &filter.roles {
        query.push("roles[]", role.as_str());
    }
    query
}

/// The filter of `GET /invites`.
fn invite_filter(statuses: &[InviteStatus]) -> Query {
    let mut query = Query::new();
    for status in statuses {
        query.push("statuses[]", status.as_str());
    }
    query
}

/// The filter of `GET /workspaces`.
fn workspace_filter(include_archived: bool) -> Query {
    let mut query = Query::new();
    if include_archived {
        query.push("include_archived", "true");
    }
    query
}

/// The filters of `GET /api_keys`.
fn api_key_filter(filter: &ApiKeyFilter) -> Query {
    let mut query = Query::new();
    query.push_opt("status", filter.status.map(ApiKeyStatus::as_str));
    query.push_opt("workspace_id", filter.workspace_id.as_deref());
    query.push_opt("created_by_user_id", filter.created_by_user_id.as_deref());
    query
}

/// A request's query parameters, in order (gloo-net escapes them).
struct Query(Vec<(&'static str, String)>);

impl Query {
    fn new() -> Self {
        Self(Vec::new())
    }

    fn page(page: &PageRequest) -> Self {
        let mut query = Self::new();
        if let Some(limit) = page.limit {
            query.push("limit", &limit.to_string());
        }
        match &page.cursor {
            Some(Cursor::After(id)) => query.push("after_id", id),
            Some(Cursor::Before(id)) => query.push("before_id", id),
            None => {}
        }
        query
    }

    /// This query followed by `more`'s parameters.
    fn and(mut self, more: &Query) -> Self {
        self.0.extend(more.0.iter().cloned());
        self
    }

    fn push(&mut self, key: &'static str, value: &str) {
        self.0.push((key, value.to_owned()));
    }

    fn push_opt(&mut self, key: &'static str, value: Option<&str>) {
        if let Some(value) = value {
            self.push(key, value);
        }
    }
}
