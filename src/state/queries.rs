//! The query cache: every read of the Admin API that pages show goes through leptos-fetch (the
//! Leptos 0.8 counterpart of TanStack Query), keyed by what it asks for. The same list or object
//! asked for twice is fetched once; a page gone back to shows its cached rows at once and
//! revalidates them in the background; a write invalidates the reads it affects (a role change
//! refreshes that member in every list, lookup and count that shows them).
//!
//! Every read is one [`Read`] and every answer one [`Reply`]: leptos-fetch's code is generic in
//! both, so one key type and one value type keep a single copy of it in the wasm (one per kind of
//! read cost about 25 KB of compressed wasm each). Pages see typed [`Query`]s.
//!
//! One cache lives as long as the app (leptos-fetch drops a client's stores when its owner goes,
//! and a request still in flight would then write into nothing and panic). It is cleared at each
//! sign-in, and every key carries the session it belongs to, so nothing of one session, not even
//! an answer that arrives after its sign-out, is ever shown in the next.

use super::reports::{ReportKind, ReportRequest};
use super::session::{use_session, SessionContext};
use crate::api::{
    every_page, every_token_page, ApiError, ApiKey, ApiKeyFilter, ApiKeyStatus, ClaudeCodeQuery, ClaudeCodeRecord,
    Client, CostBucket, Invite, InviteStatus, Page, PageRequest, UsageBucket, User, UserFilter, Workspace,
    WorkspaceMember,
};
use leptos::prelude::*;
use leptos_fetch::{QueryClient, QueryOptions, QueryScopeLocal};
use std::collections::HashMap;
use std::rc::Rc;
use std::time::Duration;

/// What a cached read answers.
pub type Answer<T> = Result<T, ApiError>;

/// A page's view of one cached read: the answer to show, and [`Query::refetch`] to ask the
/// server again (which every other view of the same read sees too).
pub struct Query<T: Send + Sync + 'static> {
    /// A memo: each new answer is made typed once, and read in place.
    answer: Memo<Option<Answer<T>>>,
    refetch: StoredValue<Rc<dyn Fn()>, LocalStorage>,
}

impl<T: Send + Sync + 'static> Clone for Query<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for Query<T> {}

impl<T: Clone + PartialEq + Send + Sync + 'static> Query<T> {
    /// A view of any read: its answer (tracked; `None` until the first), and how to ask again.
    pub fn new(answer: impl Fn() -> Option<Answer<T>> + Send + Sync + 'static, refetch: impl Fn() + 'static) -> Self {
        let refetch: Rc<dyn Fn()> = Rc::new(refetch);
        Self {
            answer: Memo::new(move |_| answer()),
            refetch: StoredValue::new_local(refetch),
        }
    }

    /// The answer, once there is one (tracked). While a new key loads, the last answer stays.
    pub fn get(&self) -> Option<Answer<T>> {
        self.answer.get()
    }

    /// Reads the answer in place (tracked).
    pub fn with<R>(&self, read: impl FnOnce(Option<&Answer<T>>) -> R) -> R {
        self.answer.with(|answer| read(answer.as_ref()))
    }

    /// Asks the server again; the current answer stays on screen meanwhile.
    pub fn refetch(&self) {
        self.refetch.with_value(|refetch| refetch());
    }
}

/// How many items one count stands for: the overview's numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Count {
    Members,
    PendingInvites,
    ActiveWorkspaces,
    ActiveApiKeys,
}

/// Every read the cache keeps, by what it asks.
#[derive(Clone, PartialEq, Eq, Hash)]
enum Read {
    /// A page of members.
    Users(PageRequest, UserFilter),
    /// One member.
    User(String),
    /// Every member of the organization, for pickers, filters and names.
    Directory,
    Invites(PageRequest, Vec<InviteStatus>),
    /// A page of workspaces (`true`: archived ones too).
    Workspaces(PageRequest, bool),
    /// Every workspace, archived ones too: the switcher and names.
    AllWorkspaces,
    WorkspaceMembers(String, PageRequest),
    ApiKeys(PageRequest, ApiKeyFilter),
    /// Every API key, for the reports' names and filters.
    AllApiKeys,
    Count(Count),
    /// Every page of the usage or the cost report.
    Report(ReportRequest),
    /// Every Claude Code record of one UTC day (`YYYY-MM-DD`).
    ClaudeCode(String),
}

impl Read {
    /// The organization's directory (everyone, every workspace, one member) is read once per
    /// session and again only after a write that changes it; lists are read again when shown.
    fn is_directory(&self) -> bool {
        matches!(
            self,
            Self::Directory | Self::AllWorkspaces | Self::AllApiKeys | Self::User(_)
        )
    }

    /// Sends the read; a report's pages are counted in `reports` as they come, and it stops
    /// (as aborted) when no view shows it any more.
    async fn send(self, client: Client, reports: ReportFetches) -> Answer<Reply> {
        Ok(match self {
            Self::Users(page, filter) => Reply::Users(client.users(&page, &filter).await?),
            Self::User(id) => Reply::User(client.user(&id).await?),
            Self::Directory => Reply::Directory(every_page(|page| client.users(&page, &UserFilter::default())).await?),
            Self::Invites(page, statuses) => Reply::Invites(client.invites(&page, &statuses).await?),
            Self::Workspaces(page, archived) => Reply::Workspaces(client.workspaces(&page, archived).await?),
            Self::AllWorkspaces => Reply::AllWorkspaces(client.all_workspaces(true).await?),
            Self::WorkspaceMembers(id, page) => Reply::WorkspaceMembers(client.workspace_members(&id, &page).await?),
            Self::ApiKeys(page, filter) => Reply::ApiKeys(client.api_keys(&page, &filter).await?),
            Self::AllApiKeys => {
                Reply::AllApiKeys(every_page(|page| client.api_keys(&page, &ApiKeyFilter::default())).await?)
            }
            Self::Report(request) => {
                let counted = |pages| reports.page_came(&request, pages);
                let answer = match request.kind {
                    ReportKind::Usage => Reply::Usage(
                        every_token_page(|page| client.usage_report(&request.usage_query(page)), counted).await?,
                    ),
                    ReportKind::Cost => Reply::Cost(
                        every_token_page(|page| client.cost_report(&request.cost_query(page)), counted).await?,
                    ),
                };
                reports.done(&request);
                answer
            }
            Self::ClaudeCode(day) => Reply::ClaudeCode({
                let client = &client;
                every_token_page(
                    |page| {
                        let query = ClaudeCodeQuery {
                            starting_at: day.clone(),
                            limit: Some(1000),
                            page,
                        };
                        async move { client.claude_code_report(&query).await }
                    },
                    |_| true,
                )
                .await?
            }),
            Self::Count(count) => Reply::Count(match count {
                Count::Members => client.count_users(&UserFilter::default()).await?,
                Count::PendingInvites => client.count_invites(&[InviteStatus::Pending]).await?,
                Count::ActiveWorkspaces => client.count_workspaces(false).await?,
                Count::ActiveApiKeys => {
                    let filter = ApiKeyFilter {
                        status: Some(ApiKeyStatus::Active),
                        ..Default::default()
                    };
                    client.count_api_keys(&filter).await?
                }
            }),
        })
    }
}

/// What the cache keeps for each kind of read: an answer type per [`Read`] variant, each type
/// answering exactly one variant.
macro_rules! replies {
    ($($variant:ident($value:ty)),* $(,)?) => {
        #[derive(Clone)]
        enum Reply {
            $($variant($value)),*
        }

        /// A value the cache keeps, found in the reply that carries it.
        trait Cached: Sized {
            fn in_reply(reply: &Reply) -> Option<&Self>;
        }

        $(impl Cached for $value {
            fn in_reply(reply: &Reply) -> Option<&Self> {
                match reply {
                    Reply::$variant(value) => Some(value),
                    _ => None,
                }
            }
        })*
    };
}

replies!(
    Users(Page<User>),
    User(User),
    Directory(Vec<User>),
    Invites(Page<Invite>),
    Workspaces(Page<Workspace>),
    AllWorkspaces(Vec<Workspace>),
    WorkspaceMembers(Page<WorkspaceMember>),
    ApiKeys(Page<ApiKey>),
    AllApiKeys(Vec<ApiKey>),
    Count(usize),
    Usage(Vec<UsageBucket>),
    Cost(Vec<CostBucket>),
    ClaudeCode(Vec<ClaudeCodeRecord>),
);

/// The reports being fetched: how many pages of each have come (for the pages' progress), and
/// how many views show each. A report takes many requests: when the last view that shows it
/// goes (the page is left), it stops after the page under way instead of fetching the rest.
#[derive(Clone, Copy)]
pub struct ReportFetches {
    pages: RwSignal<HashMap<ReportRequest, usize>>,
    watchers: StoredValue<HashMap<ReportRequest, usize>>,
}

impl ReportFetches {
    fn new() -> Self {
        Self {
            pages: RwSignal::new(HashMap::new()),
            watchers: StoredValue::new(HashMap::new()),
        }
    }

    /// A page of `request` came; whether to fetch the next (someone still shows it).
    fn page_came(&self, request: &ReportRequest, pages: usize) -> bool {
        let wanted = self.watchers.with_value(|w| w.get(request).is_some_and(|n| *n > 0));
        if wanted {
            self.pages.update(|all| _ = all.insert(request.clone(), pages));
        } else {
            self.done(request);
        }
        wanted
    }

    fn done(&self, request: &ReportRequest) {
        self.pages.update(|all| _ = all.remove(request));
    }

    /// Counts the current view as showing `request` (tracked) until it changes or the view goes.
    fn watch(&self, request: Memo<ReportRequest>) {
        let watchers = self.watchers;
        let count = move |request: &ReportRequest, by: isize| {
            watchers.update_value(|w| {
                let n = w.entry(request.clone()).or_default();
                *n = n.saturating_add_signed(by);
            })
        };
        let watched = StoredValue::new(None::<ReportRequest>);
        // Runs at once, and again when the request changes: the old one is let go.
        let effect = RenderEffect::new(move |_| {
            let request = request.get();
            count(&request, 1);
            if let Some(old) = watched.try_update_value(|w| w.replace(request)).flatten() {
                count(&old, -1);
            }
        });
        // The last request is let go with the view's owner: when a reactive closure that made
        // the view runs again (a new range), or when the owner is disposed.
        on_cleanup(move || {
            drop(effect);
            if let Some(last) = watched.try_update_value(Option::take).flatten() {
                count(&last, -1);
            }
        });
    }
}

/// The typed value of an answer. Each read is answered with its own kind of reply (see
/// [`Read::send`]), so a reply of another kind cannot be met.
fn typed<T: Cached + Clone>(answer: &Answer<Reply>) -> Answer<T> {
    match answer {
        Ok(reply) => Ok(T::in_reply(reply)
            .expect("each read is answered with its own kind")
            .clone()),
        Err(error) => Err(error.clone()),
    }
}

/// A list shown again (a page gone back to) shows its cached rows at once and is asked again
/// behind them; views asking for it at the same time share one request. Not zero: an answer
/// just in counts as fresh, or the resource that shows it would ask again at once, in a loop.
const LIST_STALE: Duration = Duration::from_secs(1);
/// The organization's directory is read once per session, and again only after a write that
/// changes it.
const DIRECTORY_STALE: Duration = Duration::from_secs(60 * 60);
/// How long an answer nobody shows is kept.
const KEPT: Duration = Duration::from_secs(60 * 60);

/// A key of one session: its number, then the read.
type Key = (u64, Read);
type Scope = QueryScopeLocal<Key, Answer<Reply>>;

/// The app-long store under every session's [`Queries`].
#[derive(Clone, Copy)]
struct Store {
    cache: QueryClient,
    /// How many sessions the app has started: the current one's number is in every key.
    sessions: StoredValue<u64>,
    reports: ReportFetches,
}

/// Provides the app-long query store; call once, at the app's root.
pub fn provide_query_store() {
    provide_context(Store {
        cache: QueryClient::new(),
        sessions: StoredValue::new(0),
        reports: ReportFetches::new(),
    });
}

/// The session's query cache, provided as context by the signed-in shell.
#[derive(Clone, Copy)]
pub struct Queries {
    cache: QueryClient,
    session: SessionContext,
    /// This session's number, the first part of each of its keys.
    epoch: u64,
    reports: ReportFetches,
}

impl Queries {
    /// The cache of a session just signed in, provided as context: what the last one kept is
    /// dropped, and its keys are new.
    pub fn provide() -> Self {
        let store: Store = expect_context();
        store.cache.clear();
        store.sessions.update_value(|n| *n += 1);
        let queries = Self {
            cache: store.cache,
            session: use_session(),
            epoch: store.sessions.get_value(),
            reports: store.reports,
        };
        provide_context(queries);
        queries
    }

    // --- Reads, for a page's reactive key ------------------------------------------------

    /// A page of members (`GET /users`).
    pub fn users(&self, key: impl Fn() -> (PageRequest, UserFilter) + Send + Sync + 'static) -> Query<Page<User>> {
        self.query(move || {
            let (page, filter) = key();
            Read::Users(page, filter)
        })
    }

    /// Every member of the organization.
    pub fn directory(&self) -> Query<Vec<User>> {
        self.query(|| Read::Directory)
    }

    /// A page of invites.
    pub fn invites(
        &self,
        key: impl Fn() -> (PageRequest, Vec<InviteStatus>) + Send + Sync + 'static,
    ) -> Query<Page<Invite>> {
        self.query(move || {
            let (page, statuses) = key();
            Read::Invites(page, statuses)
        })
    }

    /// A page of workspaces (`true`: archived ones too).
    pub fn workspaces(&self, key: impl Fn() -> (PageRequest, bool) + Send + Sync + 'static) -> Query<Page<Workspace>> {
        self.query(move || {
            let (page, archived) = key();
            Read::Workspaces(page, archived)
        })
    }

    /// Every workspace of the organization, archived ones too.
    pub fn all_workspaces(&self) -> Query<Vec<Workspace>> {
        self.query(|| Read::AllWorkspaces)
    }

    /// A page of one workspace's members.
    pub fn workspace_members(
        &self,
        key: impl Fn() -> (String, PageRequest) + Send + Sync + 'static,
    ) -> Query<Page<WorkspaceMember>> {
        self.query(move || {
            let (id, page) = key();
            Read::WorkspaceMembers(id, page)
        })
    }

    /// A page of API keys.
    pub fn api_keys(
        &self,
        key: impl Fn() -> (PageRequest, ApiKeyFilter) + Send + Sync + 'static,
    ) -> Query<Page<ApiKey>> {
        self.query(move || {
            let (page, filter) = key();
            Read::ApiKeys(page, filter)
        })
    }

    /// Every API key of the organization.
    pub fn all_api_keys(&self) -> Query<Vec<ApiKey>> {
        self.query(|| Read::AllApiKeys)
    }

    /// Every page of the usage report `request` makes (a `Usage` request).
    pub fn usage_report(&self, request: impl Fn() -> ReportRequest + Send + Sync + 'static) -> Query<Vec<UsageBucket>> {
        self.report(request)
    }

    /// Every page of the cost report `request` makes (a `Cost` request).
    pub fn cost_report(&self, request: impl Fn() -> ReportRequest + Send + Sync + 'static) -> Query<Vec<CostBucket>> {
        self.report(request)
    }

    /// A report, watched by the current view (see [`ReportFetches`]).
    fn report<T: Cached + Clone + PartialEq + Send + Sync + 'static>(
        &self,
        request: impl Fn() -> ReportRequest + Send + Sync + 'static,
    ) -> Query<T> {
        let request = Memo::new(move |_| request());
        self.reports.watch(request);
        self.query(move || Read::Report(request.get()))
    }

    /// Every Claude Code record of a UTC day (`YYYY-MM-DD`).
    pub fn claude_code(&self, day: impl Fn() -> String + Send + Sync + 'static) -> Query<Vec<ClaudeCodeRecord>> {
        self.query(move || Read::ClaudeCode(day()))
    }

    /// How many pages of `request` have come while it is being fetched (tracked); `None` when
    /// it is not being fetched.
    pub fn report_pages(&self, request: &ReportRequest) -> Option<usize> {
        self.reports.pages.with(|all| all.get(request).copied())
    }

    /// One of the overview's numbers.
    pub fn count(&self, count: Count) -> Query<usize> {
        self.query(move || Read::Count(count))
    }

    // --- Reads, awaited once ----------------------------------------------------------------

    /// One member, from the cache when it has them.
    pub async fn user(&self, id: String) -> Answer<User> {
        self.fetch(Read::User(id)).await
    }

    /// Every member of the organization, from the cache when it has them.
    pub async fn every_user(&self) -> Answer<Vec<User>> {
        self.fetch(Read::Directory).await
    }

    // --- What a write changes -----------------------------------------------------------

    /// Members changed (a role, a removal): every list, lookup and count that shows them.
    pub fn members_changed(&self) {
        self.invalidate(|read| matches!(read, Read::Users(..) | Read::User(_) | Read::Directory | Read::Count(_)));
    }

    /// Invites changed.
    pub fn invites_changed(&self) {
        self.invalidate(|read| matches!(read, Read::Invites(..) | Read::Count(_)));
    }

    /// Workspaces changed (created, renamed, archived; archiving also archives their keys).
    pub fn workspaces_changed(&self) {
        self.invalidate(|read| {
            matches!(
                read,
                Read::Workspaces(..) | Read::AllWorkspaces | Read::ApiKeys(..) | Read::Count(_)
            )
        });
    }

    /// One workspace's membership changed.
    pub fn workspace_members_changed(&self, workspace_id: &str) {
        self.invalidate(|read| matches!(read, Read::WorkspaceMembers(id, _) if id == workspace_id));
    }

    /// API keys changed.
    pub fn api_keys_changed(&self) {
        self.invalidate(|read| matches!(read, Read::ApiKeys(..) | Read::AllApiKeys | Read::Count(_)));
    }

    // --- The cache underneath -------------------------------------------------------------

    /// Where a read is kept: lists and the directory go stale at different speeds, and a
    /// scope's options are its own. (A scope is known by its fetcher's type: each is made by
    /// one closure, here, every time.)
    fn scope(&self, read: &Read) -> Scope {
        if read.is_directory() {
            self.directory_scope()
        } else {
            self.list_scope()
        }
    }

    fn list_scope(&self) -> Scope {
        let (session, reports) = (self.session, self.reports);
        QueryScopeLocal::new(move |(_, read): Key| read.send(session.client(), reports))
            .with_options(QueryOptions::new().with_gc_time(KEPT).with_stale_time(LIST_STALE))
    }

    fn directory_scope(&self) -> Scope {
        let (session, reports) = (self.session, self.reports);
        QueryScopeLocal::new(move |(_, read): Key| read.send(session.client(), reports))
            .with_options(QueryOptions::new().with_gc_time(KEPT).with_stale_time(DIRECTORY_STALE))
    }

    fn invalidate(&self, changed: impl Fn(&Read) -> bool) {
        for scope in [self.list_scope(), self.directory_scope()] {
            self.cache
                .invalidate_queries_with_predicate(scope, |(_, read): &Key| changed(read));
        }
    }

    /// A typed view of a read whose key follows `read`. Only this and [`Queries::fetch`] know
    /// the type: everything under them is the same code for every read.
    fn query<T: Cached + Clone + PartialEq + Send + Sync + 'static>(
        &self,
        read: impl Fn() -> Read + Send + Sync + 'static,
    ) -> Query<T> {
        let epoch = self.epoch;
        // The key as one memo: the resource then has a single source, which changes exactly when
        // the key does. (Read directly, a key that read a memo before a signal was not re-run
        // when only the signal changed: the second page of a filtered list never loaded.)
        let (resource, refetch) = self.resource(Memo::new(move |_| (epoch, read())));
        Query::new(move || resource.with(|answer| answer.as_ref().map(typed)), refetch)
    }

    /// The cached resource of `key`, and how to ask for it again.
    fn resource(&self, key: Memo<Key>) -> (LocalResource<Answer<Reply>>, impl Fn() + Copy + 'static) {
        let (cache, queries) = (self.cache, *self);
        // A read's kind never changes (only its pages and filters do), so neither does its scope.
        let resource = cache.local_resource(self.scope(&key.get_untracked().1), move || key.get());
        let refetch = move || {
            cache.invalidate_query(queries.scope(&key.get_untracked().1), key.get_untracked());
        };
        // A request aborted because the view that asked went away is cached like an answer:
        // whoever shows it next asks again.
        Effect::new(move |_| {
            if resource.with(|answer| matches!(answer, Some(Err(ApiError::Aborted)))) {
                refetch();
            }
        });
        (resource, refetch)
    }

    /// `read` answered once, from the cache when it has it.
    async fn fetch<T: Cached + Clone>(&self, read: Read) -> Answer<T> {
        typed(&self.fetch_reply(read).await)
    }

    async fn fetch_reply(&self, read: Read) -> Answer<Reply> {
        let scope = self.scope(&read);
        let key = (self.epoch, read);
        let answer = self.cache.fetch_query_local(scope.clone(), key.clone()).await;
        if matches!(answer, Err(ApiError::Aborted)) {
            // Not an answer: the next reader asks again.
            self.cache.invalidate_query(scope, key);
        }
        answer
    }
}

/// The query cache of the signed-in session.
pub fn use_queries() -> Queries {
    expect_context()
}
