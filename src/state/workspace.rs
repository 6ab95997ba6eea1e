//! The active workspace: the one the workspace membership page shows and the header's switcher
//! marks. It resolves in this order: `?workspace=<id>` in the URL, then the one stored for this
//! tab, then the first active workspace. An id that is unknown or archived is explained and
//! skipped.

use super::queries::{Queries, Query};
use super::session::session_storage;
use super::url::UrlQuery;
use crate::api::{ApiError, Workspace};
use leptos::prelude::*;

/// `sessionStorage`: the workspace chosen in this tab.
pub const ACTIVE_WORKSPACE_ITEM: &str = "admin-console.workspace";
/// The URL parameter that names the active workspace.
pub const WORKSPACE_PARAM: &str = "workspace";

/// The outcome of resolving the active workspace.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Resolution {
    /// `None` when the organization has no active workspace.
    pub active: Option<Workspace>,
    /// Why a requested workspace was passed over, for the person to read.
    pub notice: Option<String>,
}

/// Resolves the active workspace from the URL's id, the tab's stored id and every workspace of
/// the organization (archived ones included, so that an archived id can be told from an
/// unknown one).
pub fn resolve(url_id: Option<&str>, stored_id: Option<&str>, workspaces: &[Workspace]) -> Resolution {
    let find = |id: &str| workspaces.iter().find(|w| w.id == id);
    let usable = |id: Option<&str>| id.and_then(find).filter(|w| !w.is_archived()).cloned();
    let notice = url_id.and_then(|id| match find(id) {
        Some(w) if !w.is_archived() => None,
        Some(w) => Some(format!(
            "The workspace “{}” in the link is archived, so it cannot be the active workspace.",
            w.name
        )),
        None => Some(format!(
            "The link names a workspace ({id}) that this organization does not have."
        )),
    });
    let active = usable(url_id)
        .or_else(|| usable(stored_id))
        .or_else(|| workspaces.iter().find(|w| !w.is_archived()).cloned());
    let notice = notice.map(|n| match &active {
        Some(w) => format!("{n} Showing “{}” instead.", w.name),
        None => n,
    });
    Resolution { active, notice }
}

/// The organization's workspaces as loaded for the switcher and for names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WorkspaceList {
    Loading,
    Loaded(Vec<Workspace>),
    Failed(ApiError),
}

/// The workspaces and the active one, provided as context inside the router.
#[derive(Clone, Copy)]
pub struct WorkspaceContext {
    /// The session's cached read of every workspace: a write that changes workspaces refreshes
    /// the switcher, the names and the pages alike.
    query: Query<Vec<Workspace>>,
    list: Memo<WorkspaceList>,
    stored: RwSignal<Option<String>>,
    resolution: Memo<Resolution>,
    url: UrlQuery,
}

impl WorkspaceContext {
    /// Creates the context over the session's query cache. Call inside the router.
    pub fn new(queries: Queries, url: UrlQuery) -> Self {
        let query = queries.all_workspaces();
        let list = Memo::new(move |_| match query.get() {
            None | Some(Err(ApiError::Aborted)) => WorkspaceList::Loading,
            Some(Ok(all)) => WorkspaceList::Loaded(all),
            Some(Err(error)) => WorkspaceList::Failed(error),
        });
        let stored = RwSignal::new(stored_workspace());
        let resolution = Memo::new(move |_| {
            let url_id = url.get(WORKSPACE_PARAM);
            let stored = stored.get();
            list.with(|list| match list {
                WorkspaceList::Loaded(all) => resolve(url_id.as_deref(), stored.as_deref(), all),
                _ => Resolution {
                    active: None,
                    notice: None,
                },
            })
        });
        let this = Self {
            query,
            list,
            stored,
            resolution,
            url,
        };
        // A workspace opened from a link stays active for the tab when the person moves on.
        Effect::new(move |_| {
            if let Some(active) = resolution.with(|r| r.active.as_ref().map(|w| w.id.clone())) {
                if url.get(WORKSPACE_PARAM).as_deref() == Some(active.as_str()) {
                    store_workspace(&active);
                    stored.set(Some(active));
                }
            }
        });
        this
    }

    /// Asks for the workspaces again (after a failure).
    pub fn reload(&self) {
        self.query.refetch();
    }

    /// The workspaces as loaded (tracked).
    pub fn list(&self) -> WorkspaceList {
        self.list.get()
    }

    /// The active (unarchived) workspaces, in creation order (tracked); empty until loaded.
    pub fn active_workspaces(&self) -> Vec<Workspace> {
        self.list.with(|list| match list {
            WorkspaceList::Loaded(all) => all.iter().filter(|w| !w.is_archived()).cloned().collect(),
            _ => Vec::new(),
        })
    }

    /// Any workspace by id, archived ones included (tracked).
    pub fn find(&self, id: &str) -> Option<Workspace> {
        self.list.with(|list| match list {
            WorkspaceList::Loaded(all) => all.iter().find(|w| w.id == id).cloned(),
            _ => None,
        })
    }

    /// The active workspace and any notice about how it was chosen (tracked).
    pub fn resolution(&self) -> Resolution {
        self.resolution.get()
    }

    /// The active workspace (tracked).
    pub fn active(&self) -> Option<Workspace> {
        self.resolution.with(|r| r.active.clone())
    }

    /// Makes a workspace the active one for this tab (and for the URL, if it names one).
    pub fn select(&self, workspace_id: &str) {
        store_workspace(workspace_id);
        self.stored.set(Some(workspace_id.to_owned()));
        if self.url.get(WORKSPACE_PARAM).is_some() {
            self.url.replace_one(WORKSPACE_PARAM, Some(workspace_id.to_owned()));
        }
    }
}

/// The workspace context provided by the signed-in shell.
pub fn use_workspaces() -> WorkspaceContext {
    expect_context()
}

fn stored_workspace() -> Option<String> {
    session_storage()?.get_item(ACTIVE_WORKSPACE_ITEM).ok().flatten()
}

fn store_workspace(id: &str) {
    if let Some(storage) = session_storage() {
        let _ = storage.set_item(ACTIVE_WORKSPACE_ITEM, id);
    }
}
