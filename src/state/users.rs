//! People by id, for pages that show who someone is where the API gives only a user id
//! (workspace members, API key creators): each id is looked up once for the page's life.

use super::session::{use_session, SessionContext};
use crate::api::{every_page, ApiError, User, UserFilter};
use leptos::prelude::*;
use leptos::task::spawn_local_scoped;
use std::collections::HashMap;
use std::future::Future;

/// What is known about one user id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Lookup {
    Pending,
    Found(User),
    /// The lookup failed (e.g. the user was removed from the organization).
    Failed,
}

/// A page's cache of users by id. Create it in the page's component: its requests end with
/// the page. Ids are looked up one by one with `GET /users/{id}`, once each, unless
/// [`UserNames::load_all`] lists the whole organization, which names everyone at once.
#[derive(Clone, Copy)]
pub struct UserNames {
    known: RwSignal<HashMap<String, Lookup>>,
    all: RwSignal<Option<Result<Vec<User>, ApiError>>>,
    /// A full listing is under way: single lookups wait for it.
    listing: RwSignal<bool>,
    owner: StoredValue<Owner>,
    session: SessionContext,
}

impl UserNames {
    /// An empty cache, owned by the current reactive owner (the page). Needs the session context.
    pub fn new() -> Self {
        Self {
            known: RwSignal::new(HashMap::new()),
            all: RwSignal::new(None),
            listing: RwSignal::new(false),
            owner: StoredValue::new(Owner::current().unwrap_or_default()),
            session: use_session(),
        }
    }

    /// Lists every user of the organization (once; again only after a failure), for pickers
    /// and filters, and to name them all without single lookups.
    pub fn load_all(&self) {
        if self.listing.get_untracked() || self.all.with_untracked(|all| matches!(all, Some(Ok(_)))) {
            return;
        }
        self.all.set(None);
        self.listing.set(true);
        let this = *self;
        let client = self.session.client();
        self.spawn(async move {
            let filter = UserFilter::default();
            let (client, filter) = (&client, &filter);
            let result = every_page(|page| client.users(&page, filter)).await;
            if let Ok(users) = &result {
                this.known.try_update(|known| {
                    for user in users {
                        known.insert(user.id.clone(), Lookup::Found(user.clone()));
                    }
                });
            }
            if !matches!(result, Err(ApiError::Aborted)) {
                this.all.try_set(Some(result));
                this.listing.try_set(false);
            }
        });
    }

    /// Every user of the organization, once [`Self::load_all`] has them (tracked).
    pub fn all(&self) -> Option<Result<Vec<User>, ApiError>> {
        self.all.get()
    }

    /// What is known about a user (tracked); starts looking them up if nobody has yet.
    pub fn lookup(&self, id: &str) -> Lookup {
        if let Some(known) = self.known.with(|known| known.get(id).cloned()) {
            return known;
        }
        if !self.listing.get() {
            self.fetch(id.to_owned());
        }
        Lookup::Pending
    }

    /// A user's name, or their id while loading or when they cannot be found (tracked).
    pub fn name(&self, id: &str) -> String {
        match self.lookup(id) {
            Lookup::Found(user) => user.name,
            _ => id.to_owned(),
        }
    }

    fn fetch(&self, id: String) {
        // Untracked: marking the id as asked for must not re-run whoever is reading.
        self.known
            .update_untracked(|known| known.insert(id.clone(), Lookup::Pending));
        let known = self.known;
        let client = self.session.client();
        self.spawn(async move {
            let found = match client.user(&id).await {
                Ok(user) => Lookup::Found(user),
                Err(ApiError::Aborted) => return,
                Err(_) => Lookup::Failed,
            };
            known.try_update(|known| known.insert(id, found));
        });
    }

    /// Runs a request under the page's owner (so leaving the page aborts it), untracked.
    fn spawn(&self, task: impl Future<Output = ()> + 'static) {
        if let Some(owner) = self.owner.try_get_value() {
            owner.with(|| untrack(|| spawn_local_scoped(task)));
        }
    }
}

impl Default for UserNames {
    fn default() -> Self {
        Self::new()
    }
}
