//! The query cache: every read of the Admin API that pages show goes through one scope of
//! leptos-fetch (the Leptos 0.8 counterpart of TanStack Query), keyed by what it asks for. The
//! same list or object asked for twice is fetched once; a page gone back to shows its cached rows
//! at once and revalidates them in the background; a write invalidates the scopes it affects
//! (a role change refreshes that member in every list, lookup and count that shows them).
//!
//! One cache lives as long as the app (leptos-fetch drops a client's stores when its owner goes,
//! and a request still in flight would then write into nothing and panic). It is cleared at each
//! sign-in, and every key carries the session it belongs to, so nothing of one session, not even
//! an answer that arrives after its sign-out, is ever shown in the next.

use super::session::{use_session, SessionContext};
use crate::api::{
    every_page, ApiError, ApiKey, ApiKeyFilter, ApiKeyStatus, Invite, InviteStatus, Page, PageRequest, User,
    UserFilter, Workspace, WorkspaceMember,
};
use leptos::prelude::*;
use leptos_fetch::{QueryClient, QueryOptions, QueryScopeLocal};
use std::hash::Hash;
use std::rc::Rc;
use std::time::Duration;

/// What a cached read answers.
pub type Answer<T> = Result<T, ApiError>;

/// A page's view of one cached read: the resource to show, and [`Query::refetch`] to ask the
/// server again (which every other view of the same read sees too).
pub struct Query<T: 'static> {
    resource: LocalResource<Answer<T>>,
    invalidate: StoredValue<Rc<dyn Fn()>, LocalStorage>,
}

impl<T: 'static> Clone for Query<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: 'static> Copy for Query<T> {}

impl<T: Clone + 'static> Query<T> {
    /// A view of any read: its resource, and how to ask again.
    pub fn new(resource: LocalResource<Answer<T>>, refetch: impl Fn() + 'static) -> Self {
        let refetch: Rc<dyn Fn()> = Rc::new(refetch);
        Self {
            resource,
            invalidate: StoredValue::new_local(refetch),
        }
    }

    /// The answer, once there is one (tracked). While a new key loads, the last answer stays.
    pub fn get(&self) -> Option<Answer<T>> {
        self.resource.get()
    }

    /// Reads the answer in place (tracked).
    pub fn with<R>(&self, read: impl FnOnce(Option<&Answer<T>>) -> R) -> R {
        self.resource.with(|answer| read(answer.as_ref()))
    }

    /// Asks the server again; the current answer stays on screen meanwhile.
    pub fn refetch(&self) {
        self.invalidate.with_value(|invalidate| invalidate());
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

/// A list shown again (a page gone back to) shows its cached rows at once and is asked again
/// behind them; views asking for it at the same time share one request. Not zero: an answer
/// just in counts as fresh, or the resource that shows it would ask again at once, in a loop.
const LIST_STALE: Duration = Duration::from_secs(1);
/// The organization's directory (every user, every workspace) is read once per session, and
/// again only after a write that changes it.
const DIRECTORY_STALE: Duration = Duration::from_secs(60 * 60);
/// How long an answer nobody shows is kept.
const KEPT: Duration = Duration::from_secs(60 * 60);

fn list_options() -> QueryOptions {
    QueryOptions::new().with_gc_time(KEPT).with_stale_time(LIST_STALE)
}

fn directory_options() -> QueryOptions {
    QueryOptions::new().with_gc_time(KEPT).with_stale_time(DIRECTORY_STALE)
}

/// The app-long store under every session's [`Queries`].
#[derive(Clone, Copy)]
struct Store {
    cache: QueryClient,
    /// How many sessions the app has started: the current one's number is in every key.
    sessions: StoredValue<u64>,
}

/// Provides the app-long query store; call once, at the app's root.
pub fn provide_query_store() {
    provide_context(Store {
        cache: QueryClient::new(),
        sessions: StoredValue::new(0),
    });
}

/// The session's query cache, provided as context by the signed-in shell.
#[derive(Clone, Copy)]
pub struct Queries {
    cache: QueryClient,
    session: SessionContext,
    /// This session's number, the first part of each of its keys.
    epoch: u64,
}

/// A key of one session.
type SessionKey<K> = (u64, K);

/// One scope per kind of read. A scope's identity is its fetcher's type (and its options), so
/// each is made by one function here, and the same function makes it again to invalidate it.
macro_rules! scope {
    ($(#[$doc:meta])* $name:ident, $key:ty => $value:ty, $options:expr, |$client:ident, $k:pat_param| $fetch:expr) => {
        $(#[$doc])*
        fn $name(&self) -> QueryScopeLocal<SessionKey<$key>, Answer<$value>> {
            let session = self.session;
            QueryScopeLocal::new(move |(_, $k): SessionKey<$key>| {
                let $client = session.client();
                async move { $fetch }
            })
            .with_options($options)
        }
    };
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
        };
        provide_context(queries);
        queries
    }

    scope!(users_scope, (PageRequest, UserFilter) => Page<User>, list_options(),
        |client, (page, filter)| client.users(&page, &filter).await);
    scope!(user_scope, String => User, directory_options(), |client, id| client.user(&id).await);
    scope!(
        /// Every member of the organization, for pickers, filters and names.
        directory_scope, () => Vec<User>, directory_options(),
        |client, ()| every_page(|page| client.users(&page, &UserFilter::default())).await
    );
    scope!(invites_scope, (PageRequest, Vec<InviteStatus>) => Page<Invite>, list_options(),
        |client, (page, statuses)| client.invites(&page, &statuses).await);
    scope!(workspaces_scope, (PageRequest, bool) => Page<Workspace>, list_options(),
        |client, (page, archived)| client.workspaces(&page, archived).await);
    scope!(
        /// Every workspace, archived ones too: the switcher and names.
        all_workspaces_scope, () => Vec<Workspace>, directory_options(),
        |client, ()| client.all_workspaces(true).await
    );
    scope!(workspace_members_scope, (String, PageRequest) => Page<WorkspaceMember>, list_options(),
        |client, (id, page)| client.workspace_members(&id, &page).await);
    scope!(api_keys_scope, (PageRequest, ApiKeyFilter) => Page<ApiKey>, list_options(),
        |client, (page, filter)| client.api_keys(&page, &filter).await);
    scope!(count_scope, Count => usize, list_options(), |client, count| match count {
        Count::Members => client.count_users(&UserFilter::default()).await,
        Count::PendingInvites => client.count_invites(&[InviteStatus::Pending]).await,
        Count::ActiveWorkspaces => client.count_workspaces(false).await,
        Count::ActiveApiKeys => {
            let filter = ApiKeyFilter {
                status: Some(ApiKeyStatus::Active),
                ..Default::default()
            };
            client.count_api_keys(&filter).await
        }
    });

    // --- Reads, for a page's reactive key ------------------------------------------------

    /// A page of members (`GET /users`).
    pub fn users(&self, key: impl Fn() -> (PageRequest, UserFilter) + Send + Sync + 'static) -> Query<Page<User>> {
        self.query(self.users_scope(), key)
    }

    /// Every member of the organization.
    pub fn directory(&self) -> Query<Vec<User>> {
        self.query(self.directory_scope(), || ())
    }

    /// A page of invites.
    pub fn invites(
        &self,
        key: impl Fn() -> (PageRequest, Vec<InviteStatus>) + Send + Sync + 'static,
    ) -> Query<Page<Invite>> {
        self.query(self.invites_scope(), key)
    }

    /// A page of workspaces (`true`: archived ones too).
    pub fn workspaces(&self, key: impl Fn() -> (PageRequest, bool) + Send + Sync + 'static) -> Query<Page<Workspace>> {
        self.query(self.workspaces_scope(), key)
    }

    /// Every workspace of the organization, archived ones too.
    pub fn all_workspaces(&self) -> Query<Vec<Workspace>> {
        self.query(self.all_workspaces_scope(), || ())
    }

    /// A page of one workspace's members.
    pub fn workspace_members(
        &self,
        key: impl Fn() -> (String, PageRequest) + Send + Sync + 'static,
    ) -> Query<Page<WorkspaceMember>> {
        self.query(self.workspace_members_scope(), key)
    }

    /// A page of API keys.
    pub fn api_keys(
        &self,
        key: impl Fn() -> (PageRequest, ApiKeyFilter) + Send + Sync + 'static,
    ) -> Query<Page<ApiKey>> {
        self.query(self.api_keys_scope(), key)
    }

    /// One of the overview's numbers.
    pub fn count(&self, count: Count) -> Query<usize> {
        self.query(self.count_scope(), move || count)
    }

    // --- Reads, awaited once ----------------------------------------------------------------

    /// One member, from the cache when it has them.
    pub async fn user(&self, id: String) -> Answer<User> {
        self.fetch(self.user_scope(), id).await
    }

    /// Every member of the organization, from the cache when it has them.
    pub async fn every_user(&self) -> Answer<Vec<User>> {
        self.fetch(self.directory_scope(), ()).await
    }

    // --- What a write changes -----------------------------------------------------------

    /// Members changed (a role, a removal): every list, lookup and count that shows them.
    pub fn members_changed(&self) {
        self.cache.invalidate_query_scope(self.users_scope());
        self.cache.invalidate_query_scope(self.user_scope());
        self.cache.invalidate_query_scope(self.directory_scope());
        self.counts_changed();
    }

    /// Invites changed.
    pub fn invites_changed(&self) {
        self.cache.invalidate_query_scope(self.invites_scope());
        self.counts_changed();
    }

    /// Workspaces changed (created, renamed, archived; archiving also archives their keys).
    pub fn workspaces_changed(&self) {
        self.cache.invalidate_query_scope(self.workspaces_scope());
        self.cache.invalidate_query_scope(self.all_workspaces_scope());
        self.cache.invalidate_query_scope(self.api_keys_scope());
        self.counts_changed();
    }

    /// One workspace's membership changed.
    pub fn workspace_members_changed(&self, workspace_id: &str) {
        self.cache
            .invalidate_queries_with_predicate(self.workspace_members_scope(), |(_, (id, _))| id == workspace_id);
    }

    /// API keys changed.
    pub fn api_keys_changed(&self) {
        self.cache.invalidate_query_scope(self.api_keys_scope());
        self.counts_changed();
    }

    fn counts_changed(&self) {
        self.cache.invalidate_query_scope(self.count_scope());
    }

    // --- The two ways in ---------------------------------------------------------------

    fn query<K, V>(
        &self,
        scope: QueryScopeLocal<SessionKey<K>, Answer<V>>,
        key: impl Fn() -> K + Send + Sync + 'static,
    ) -> Query<V>
    where
        K: Hash + Clone + PartialEq + Send + Sync + 'static,
        V: Clone + 'static,
    {
        let (cache, epoch) = (self.cache, self.epoch);
        // The key as one memo: the resource then has a single source, which changes exactly when
        // the key does. (Read directly, a key that read a memo before a signal was not re-run
        // when only the signal changed: the second page of a filtered list never loaded.)
        let key = Memo::new(move |_| (epoch, key()));
        let resource = cache.local_resource(scope.clone(), move || key.get());
        let query = Query::new(resource, move || {
            cache.invalidate_query(scope.clone(), key.get_untracked());
        });
        // A request aborted because the view that asked went away is cached like an answer:
        // whoever shows it next asks again.
        Effect::new(move |_| {
            if resource.with(|answer| matches!(answer, Some(Err(ApiError::Aborted)))) {
                query.refetch();
            }
        });
        query
    }

    async fn fetch<K, V>(&self, scope: QueryScopeLocal<SessionKey<K>, Answer<V>>, key: K) -> Answer<V>
    where
        K: Hash + Clone + 'static,
        V: Clone + 'static,
    {
        let key = (self.epoch, key);
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
