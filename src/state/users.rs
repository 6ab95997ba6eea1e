//! People by id, for pages that show who someone is where the API gives only a user id
//! (workspace members, API key creators). Answers come from the session's query cache, so the
//! organization's user list is loaded once per session and each single lookup once, whichever
//! pages ask.

use super::queries::{use_queries, Queries, Query};
use crate::api::{ApiError, User};
use leptos::prelude::*;
use leptos::task::spawn_local_scoped;
use std::collections::HashMap;

/// What is known about one user id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Lookup {
    Pending,
    Found(User),
    /// The lookup failed (e.g. the user was removed from the organization).
    Failed,
}

/// A page's view of the users it names. Create it in the page's component: its requests end
/// with the page. Ids are looked up one by one with `GET /users/{id}` unless
/// [`UserNames::load_all`] reads the whole organization, which names everyone at once.
#[derive(Clone, Copy)]
pub struct UserNames {
    known: RwSignal<HashMap<String, Lookup>>,
    /// The organization's user list, once a page asked for it.
    directory: RwSignal<Option<Query<Vec<User>>>, LocalStorage>,
    owner: StoredValue<Owner>,
    queries: Queries,
}

impl UserNames {
    /// An empty view, owned by the current reactive owner (the page). Needs the query cache.
    pub fn new() -> Self {
        Self {
            known: RwSignal::new(HashMap::new()),
            directory: RwSignal::new_local(None),
            owner: StoredValue::new(Owner::current().unwrap_or_default()),
            queries: use_queries(),
        }
    }

    /// Reads every user of the organization (from the cache when it has them; again after a
    /// failure), for pickers and filters, and to name them all without single lookups.
    pub fn load_all(&self) {
        if let Some(directory) = self.directory.get_untracked() {
            if untrack(|| directory.with(|answer| matches!(answer, Some(Err(_))))) {
                directory.refetch();
            }
            return;
        }
        let Some(owner) = self.owner.try_get_value() else {
            return;
        };
        let (known, queries) = (self.known, self.queries);
        let directory = owner.with(|| {
            let directory = queries.directory();
            // Everyone the list names is known, now and whenever the list is read again.
            Effect::new(move |_| {
                directory.with(|answer| {
                    if let Some(Ok(users)) = answer {
                        known.update(|known| {
                            for user in users {
                                known.insert(user.id.clone(), Lookup::Found(user.clone()));
                            }
                        });
                    }
                })
            });
            directory
        });
        self.directory.set(Some(directory));
    }

    /// Every user of the organization, once [`Self::load_all`] has them (tracked).
    pub fn all(&self) -> Option<Result<Vec<User>, ApiError>> {
        self.directory
            .get()?
            .get()
            .filter(|answer| !matches!(answer, Err(ApiError::Aborted)))
    }

    /// The organization's list is on its way: single lookups wait for it.
    fn listing(&self) -> bool {
        self.directory
            .get()
            .is_some_and(|directory| directory.with(|answer| answer.is_none()))
    }

    /// What is known about a user (tracked); starts looking them up if nobody has yet.
    pub fn lookup(&self, id: &str) -> Lookup {
        if let Some(known) = self.known.with(|known| known.get(id).cloned()) {
            return known;
        }
        if !self.listing() {
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
        let (known, queries) = (self.known, self.queries);
        // Under the page's owner (so leaving the page aborts it), untracked.
        if let Some(owner) = self.owner.try_get_value() {
            owner.with(|| {
                untrack(|| {
                    spawn_local_scoped(async move {
                        let found = match queries.user(id.clone()).await {
                            Ok(user) => Lookup::Found(user),
                            Err(ApiError::Aborted) => return,
                            Err(_) => Lookup::Failed,
                        };
                        known.try_update(|known| known.insert(id, found));
                    })
                })
            });
        }
    }
}

impl Default for UserNames {
    fn default() -> Self {
        Self::new()
    }
}
