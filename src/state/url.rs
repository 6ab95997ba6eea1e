//! Where things are, on top of leptos_router: the console's base path, links to its pages, and
//! list state kept in the URL's query string (cursor, limit, filters), so a list can be
//! reloaded, shared and gone back to.

use crate::api::{Cursor, PageRequest};
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate, use_query_map};
use leptos_router::params::ParamsMap;
use leptos_router::NavigateOptions;
use std::sync::Arc;

/// The client routes, relative to the base. index.html's base script knows the same names.
pub mod paths {
    pub const OVERVIEW: &str = "";
    pub const MEMBERS: &str = "members";
    pub const INVITES: &str = "invites";
    pub const WORKSPACES: &str = "workspaces";
    /// The membership of the active workspace.
    pub const ACTIVE_WORKSPACE: &str = "workspace";
    pub const API_KEYS: &str = "api-keys";
    pub const USAGE: &str = "usage";
    /// Claude Code usage, a tab of Usage.
    pub const CLAUDE_CODE: &str = "usage/claude-code";
    pub const COST: &str = "cost";
}

/// The path the console is served under: `""` at the root of a site, `"/admin"` under a
/// sub-path. It is the path of the document's base URL, which the first script of index.html
/// sets to the console's own directory (also on a deep link such as `/admin/members`). The
/// router takes it as its `base`.
pub fn base_path() -> String {
    let base = document().base_uri().ok().flatten().unwrap_or_default();
    let path = web_sys::Url::new(&base).map(|url| url.pathname()).unwrap_or_default();
    path.trim_end_matches('/').to_owned()
}

/// The href of a page of the console, e.g. `href("members")` is `/admin/members` under `/admin`:
/// complete, so that `<A>` (which leaves absolute paths as they are) and the router's matching
/// agree on it.
pub fn href(path: &str) -> String {
    format!("{}/{path}", base_path())
}

/// The href of a list page filtered by one query parameter, e.g. invites with `status=pending`.
pub fn filtered_href(path: &str, key: &str, value: &str) -> String {
    let mut query = ParamsMap::new();
    query.insert(key.to_owned(), value.to_owned());
    format!("{}{}", href(path), query.to_query_string())
}

/// The href of one workspace's membership page.
pub fn workspace_href(workspace_id: &str) -> String {
    href(&format!(
        "{}/{}",
        paths::WORKSPACES,
        String::from(js_sys::encode_uri_component(workspace_id))
    ))
}

/// The page size choices a list offers.
pub const PAGE_SIZES: [u32; 4] = [20, 50, 100, 500];

/// leptos_router's navigation, kept so that list state can be changed from event handlers.
type Navigate = Arc<dyn Fn(&str, NavigateOptions) + Send + Sync>;

/// The current page's query string, read and changed as list state.
#[derive(Clone, Copy)]
pub struct UrlQuery {
    query: Memo<ParamsMap>,
    pathname: Memo<String>,
    navigate: StoredValue<Navigate>,
}

/// The query string of the current page. Call inside the router.
pub fn use_url_query() -> UrlQuery {
    let navigate = use_navigate();
    UrlQuery {
        query: use_query_map(),
        pathname: use_location().pathname,
        navigate: StoredValue::new(Arc::new(navigate)),
    }
}

impl UrlQuery {
    /// A parameter's value (tracked); an empty value counts as absent.
    pub fn get(&self, key: &str) -> Option<String> {
        self.query.with(|q| q.get(key)).filter(|v| !v.is_empty())
    }

    /// Every value of a repeated parameter (tracked).
    pub fn get_all(&self, key: &str) -> Vec<String> {
        self.query
            .with(|q| q.get_all(key))
            .unwrap_or_default()
            .into_iter()
            .filter(|v| !v.is_empty())
            .collect()
    }

    /// The page of the list the URL asks for (tracked): `limit`, `after_id` or `before_id`.
    pub fn page_request(&self) -> PageRequest {
        let limit = self
            .get("limit")
            .and_then(|l| l.parse().ok())
            .filter(|l| (1..=1000).contains(l));
        let cursor = match (self.get("after_id"), self.get("before_id")) {
            (Some(after), _) => Some(Cursor::After(after)),
            (None, Some(before)) => Some(Cursor::Before(before)),
            (None, None) => None,
        };
        PageRequest { limit, cursor }
    }

    /// Sets parameters (`None` removes one; several values repeat it) and goes there, as a new
    /// history entry. A change to anything but the cursor starts the list over from its first page.
    pub fn set(&self, changes: &[(&str, Vec<String>)]) {
        let mut query = self.query.get_untracked();
        let moves_cursor = changes.iter().all(|(key, _)| matches!(*key, "after_id" | "before_id"));
        if !moves_cursor {
            query.remove("after_id");
            query.remove("before_id");
        }
        for (key, values) in changes {
            query.remove(key);
            for value in values {
                query.insert(key.to_string(), value.clone());
            }
        }
        self.go(&query, false);
    }

    /// Sets one parameter, or removes it with `None`.
    pub fn set_one(&self, key: &str, value: Option<String>) {
        self.set(&[(key, value.into_iter().collect())]);
    }

    /// Moves the list's cursor: `None` goes back to the first page.
    pub fn set_cursor(&self, cursor: Option<Cursor>) {
        let (after, before) = match cursor {
            Some(Cursor::After(id)) => (vec![id], vec![]),
            Some(Cursor::Before(id)) => (vec![], vec![id]),
            None => (vec![], vec![]),
        };
        self.set(&[("after_id", after), ("before_id", before)]);
    }

    /// Replaces one parameter without a new history entry (e.g. the active workspace).
    pub fn replace_one(&self, key: &str, value: Option<String>) {
        let mut query = self.query.get_untracked();
        query.remove(key);
        if let Some(value) = value {
            query.insert(key.to_owned(), value);
        }
        self.go(&query, true);
    }

    /// The same page with another query string. The path is complete (base included), so the
    /// router takes it as it is.
    fn go(&self, query: &ParamsMap, replace: bool) {
        let url = format!("{}{}", self.pathname.get_untracked(), query.to_query_string());
        let options = NavigateOptions {
            resolve: false,
            replace,
            scroll: false,
            ..Default::default()
        };
        self.navigate.with_value(|navigate| navigate(&url, options));
    }
}
