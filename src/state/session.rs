//! The session: which Admin API, with which admin key, for which organization.
//!
//! The admin key is kept in `sessionStorage` only (so it survives a reload of this tab but not
//! the tab itself) and never in `localStorage`. The Base URL is also remembered in
//! `localStorage`, to prefill the sign-in form next time.

use super::journal::Journal;
use crate::api::{Client, ClientHooks, Organization, Wait};
use leptos::prelude::*;
use std::rc::Rc;
use web_sys::Storage;

/// `sessionStorage`: the admin key of the signed-in session.
pub const ADMIN_KEY_ITEM: &str = "admin-console.admin-key";
/// `sessionStorage`: the Base URL of the signed-in session (this tab's, whatever other tabs do).
pub const SESSION_BASE_URL_ITEM: &str = "admin-console.session-base-url";
/// `localStorage`: the last Base URL signed in to, to prefill the form.
pub const REMEMBERED_BASE_URL_ITEM: &str = "admin-console.base-url";

/// Where the Admin API is and the admin key to use. Deliberately not `Debug`: it holds the key.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    /// Normalized with [`crate::api::normalize_base_url`].
    pub base_url: String,
    pub api_key: String,
}

impl Credentials {
    /// A client for these credentials.
    pub fn client(&self) -> Client {
        Client::new(&self.base_url, &self.api_key)
    }
}

/// A signed-in session: credentials that the server accepted, and whose organization they open.
#[derive(Clone)]
pub struct Session {
    pub credentials: Credentials,
    pub organization: Organization,
}

/// The session signal, provided as context by the app shell.
#[derive(Clone, Copy)]
pub struct SessionContext {
    current: RwSignal<Option<Session>>,
    /// Why the last session ended by itself (a 401), for the sign-in page to say.
    ended: RwSignal<Option<String>>,
    /// What a call is waiting for before it tries again (429, a failed read), for the header.
    waiting: RwSignal<Option<Wait>>,
    /// Every change this tab sent: it outlives a 401 (signing in again goes on), not a sign-out.
    journal: Journal,
}

impl Default for SessionContext {
    /// Signed out, with this tab's journal as a reload left it.
    fn default() -> Self {
        Self {
            current: RwSignal::new(None),
            ended: RwSignal::new(None),
            waiting: RwSignal::new(None),
            journal: Journal::load(),
        }
    }
}

impl SessionContext {
    /// The current session (tracked).
    pub fn get(&self) -> Option<Session> {
        self.current.get()
    }

    /// Whether someone is signed in (tracked).
    pub fn is_signed_in(&self) -> bool {
        self.current.with(Option::is_some)
    }

    /// The organization of the session (tracked).
    pub fn organization(&self) -> Option<Organization> {
        self.current.with(|s| s.as_ref().map(|s| s.organization.clone()))
    }

    /// A client for the session's credentials that ends the session on a 401, reports its
    /// waits to [`Self::waiting`] and journals its writes. Signed out, its calls fail with 401
    /// like any unknown key.
    pub fn client(&self) -> Client {
        let credentials = self
            .current
            .with_untracked(|s| s.as_ref().map(|s| s.credentials.clone()))
            .unwrap_or(Credentials {
                base_url: String::new(),
                api_key: String::new(),
            });
        let this = *self;
        let (waiting, journal) = (self.waiting, self.journal);
        credentials.client().with_hooks(ClientHooks {
            unauthorized: Some(Rc::new(move || this.expire())),
            waiting: Some(Rc::new(move |wait| waiting.set(wait))),
            wrote: Some(Rc::new(move |written| journal.record(written))),
        })
    }

    /// This tab's journal of changes sent.
    pub fn journal(&self) -> Journal {
        self.journal
    }

    /// What a call is waiting for before it tries again (tracked).
    pub fn waiting(&self) -> Option<Wait> {
        self.waiting.get()
    }

    /// Why the last session ended by itself, if it did (tracked).
    pub fn ended_because(&self) -> Option<String> {
        self.ended.get()
    }

    /// Starts a session and saves it for a reload of this tab.
    pub fn sign_in(&self, session: Session) {
        save(&session.credentials);
        self.ended.set(None);
        self.current.set(Some(session));
    }

    /// Ends the session because the server no longer accepts its key (a 401). The page stays
    /// where it is in the URL, so signing in again returns to it.
    pub fn expire(&self) {
        if self.current.with_untracked(Option::is_none) {
            return;
        }
        self.end();
        self.ended.set(Some(
            "The server no longer accepts the admin key (it may have been revoked). Sign in again to \
             go back to the page you were on."
                .to_owned(),
        ));
    }

    /// Ends the session, forgets the admin key (the Base URL stays remembered) and clears the
    /// journal: ask first when it holds anything.
    pub fn sign_out(&self) {
        self.journal.clear();
        self.end();
    }

    fn end(&self) {
        forget_saved_key();
        self.waiting.set(None);
        self.ended.set(None);
        self.current.set(None);
    }
}

/// The session context provided by the app shell.
pub fn use_session() -> SessionContext {
    expect_context()
}

/// The credentials of this tab's session, if it was signed in before a reload.
pub fn saved_credentials() -> Option<Credentials> {
    let storage = session_storage()?;
    let api_key = storage.get_item(ADMIN_KEY_ITEM).ok().flatten()?;
    let base_url = storage.get_item(SESSION_BASE_URL_ITEM).ok().flatten()?;
    Some(Credentials { base_url, api_key })
}

/// The Base URL last signed in to from this browser.
pub fn remembered_base_url() -> Option<String> {
    local_storage()?
        .get_item(REMEMBERED_BASE_URL_ITEM)
        .ok()
        .flatten()
        .filter(|url| !url.is_empty())
}

/// Forgets the admin key saved for a reload of this tab.
pub fn forget_saved_key() {
    if let Some(storage) = session_storage() {
        let _ = storage.remove_item(ADMIN_KEY_ITEM);
        let _ = storage.remove_item(SESSION_BASE_URL_ITEM);
    }
}

fn save(credentials: &Credentials) {
    // Storage can be unavailable (disabled, quota): the session then lasts until a reload.
    if let Some(storage) = session_storage() {
        let _ = storage.set_item(ADMIN_KEY_ITEM, &credentials.api_key);
        let _ = storage.set_item(SESSION_BASE_URL_ITEM, &credentials.base_url);
    }
    if let Some(storage) = local_storage() {
        let _ = storage.set_item(REMEMBERED_BASE_URL_ITEM, &credentials.base_url);
    }
}

pub(crate) fn session_storage() -> Option<Storage> {
    window().session_storage().ok().flatten()
}

fn local_storage() -> Option<Storage> {
    window().local_storage().ok().flatten()
}
