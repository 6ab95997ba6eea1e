//! The console's router: the page and the query string as signals, kept in step with the
//! address bar (history API, back and forward, clicks on links into the console).
//!
//! It is this small on purpose. The console has seven fixed pages; leptos_router's generic route
//! matching alone cost about 20 KB gzipped, in a build with a size budget. Paths are always
//! complete (see [`super::routes::href`]), so nothing here resolves relative links.

use super::routes::{base_path, paths};
use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// A routed page of the console, as the path below the base names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Page {
    Overview,
    Members,
    Invites,
    Workspaces,
    /// `workspaces/<id>`: one workspace's membership.
    Workspace(String),
    /// `workspace`: the active workspace's membership.
    ActiveWorkspace,
    ApiKeys,
    NotFound,
}

impl Page {
    /// The page a path below the base names, e.g. `"members"` or `"workspaces/wrkspc_x"`
    /// (leading and trailing slashes ignored). index.html's base script knows the same names.
    pub fn parse(path: &str) -> Page {
        let path = path.trim_matches('/');
        match path.split_once('/') {
            Some((paths::WORKSPACES, id)) if !id.is_empty() && !id.contains('/') => Page::Workspace(decode(id)),
            Some(_) => Page::NotFound,
            None => match path {
                paths::OVERVIEW | "index.html" => Page::Overview,
                paths::MEMBERS => Page::Members,
                paths::INVITES => Page::Invites,
                paths::WORKSPACES => Page::Workspaces,
                paths::ACTIVE_WORKSPACE => Page::ActiveWorkspace,
                paths::API_KEYS => Page::ApiKeys,
                _ => Page::NotFound,
            },
        }
    }
}

/// A query string as its decoded `(key, value)` pairs, in order; keys may repeat.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query(pub Vec<(String, String)>);

impl Query {
    /// Parses `?a=1&b=x%20y` (the `?` is optional; `+` is a space).
    pub fn parse(search: &str) -> Query {
        let pairs = search
            .trim_start_matches('?')
            .split('&')
            .filter(|pair| !pair.is_empty())
            .map(|pair| {
                let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
                (decode(key), decode(value))
            })
            .collect();
        Query(pairs)
    }

    /// The first value of `key`.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    /// Every value of `key`, in order.
    pub fn get_all(&self, key: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
            .collect()
    }

    pub fn remove(&mut self, key: &str) {
        self.0.retain(|(k, _)| k != key);
    }

    pub fn push(&mut self, key: &str, value: String) {
        self.0.push((key.to_owned(), value));
    }

    /// `?a=1&b=x%20y`, or `""` when empty.
    pub fn to_search(&self) -> String {
        let pairs: Vec<String> = self
            .0
            .iter()
            .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
            .collect();
        if pairs.is_empty() {
            String::new()
        } else {
            format!("?{}", pairs.join("&"))
        }
    }
}

fn decode(text: &str) -> String {
    let text = text.replace('+', " ");
    js_sys::decode_uri_component(&text).map(String::from).unwrap_or(text)
}

fn encode(text: &str) -> String {
    js_sys::encode_uri_component(text).into()
}

/// Where the console is: the address bar's path and query, as signals.
#[derive(Clone, Copy)]
pub struct Router {
    /// The full path, e.g. `/admin/members`.
    pathname: RwSignal<String>,
    search: RwSignal<String>,
    page: Memo<Page>,
    query: Memo<Query>,
}

impl Router {
    /// Starts following the address bar, for as long as the calling owner lives, and provides
    /// the router as context.
    pub fn provide() -> Router {
        let (pathname, search) = address_bar();
        let pathname = RwSignal::new(pathname);
        let search = RwSignal::new(search);
        let base = base_path();
        let page =
            Memo::new(move |_| pathname.with(|path| Page::parse(path.strip_prefix(base.as_str()).unwrap_or(path))));
        let query = Memo::new(move |_| search.with(|s| Query::parse(s)));
        let router = Router {
            pathname,
            search,
            page,
            query,
        };

        let back_or_forward = window_event_listener(ev::popstate, move |_| router.follow_address_bar());
        let link_clicks = window_event_listener(ev::click, move |event| router.on_click(event));
        on_cleanup(move || {
            back_or_forward.remove();
            link_clicks.remove();
        });
        provide_context(router);
        router
    }

    /// The current page (tracked).
    pub fn page(&self) -> Page {
        self.page.get()
    }

    /// The current query string (tracked).
    pub fn query(&self) -> Memo<Query> {
        self.query
    }

    /// Whether the page at `href` (from [`super::routes::href`]) is the current one, or with
    /// `exact: false` contains it (`/workspaces/x` is under `/workspaces`).
    pub fn is_current(&self, href: &str, exact: bool) -> bool {
        self.pathname.with(|path| {
            let path = path.trim_end_matches('/');
            let href = href.trim_end_matches('/');
            path == href || (!exact && path.strip_prefix(href).is_some_and(|rest| rest.starts_with('/')))
        })
    }

    /// Goes to `url` (a complete path with its query), as a new history entry or in place of
    /// the current one.
    pub fn navigate(&self, url: &str, replace: bool) {
        let history = window().history().expect("the window has a history");
        let result = if replace {
            history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(url))
        } else {
            history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(url))
        };
        if result.is_ok() {
            self.follow_address_bar();
        }
    }

    /// The same list page with another query string.
    pub fn set_query(&self, query: &Query, replace: bool) {
        let url = format!("{}{}", self.pathname.get_untracked(), query.to_search());
        self.navigate(&url, replace);
    }

    fn follow_address_bar(&self) {
        let (pathname, search) = address_bar();
        self.pathname.maybe_update(|p| replace_if_changed(p, pathname));
        self.search.maybe_update(|s| replace_if_changed(s, search));
    }

    /// A plain left click on a link into the console is handled here, without loading the page.
    fn on_click(&self, event: web_sys::MouseEvent) {
        if event.default_prevented()
            || event.button() != 0
            || event.meta_key()
            || event.ctrl_key()
            || event.shift_key()
            || event.alt_key()
        {
            return;
        }
        let Some(anchor) = event
            .target()
            .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
            .and_then(|element| element.closest("a[href]").ok().flatten())
        else {
            return;
        };
        if anchor.get_attribute("target").is_some_and(|t| t != "_self") || anchor.has_attribute("download") {
            return;
        }
        let href = anchor.get_attribute("href").unwrap_or_default();
        let Ok(url) = web_sys::Url::new_with_base(&href, &document().base_uri().ok().flatten().unwrap_or_default())
        else {
            return;
        };
        let here = window().location().origin().unwrap_or_default();
        let base = base_path();
        let path = url.pathname();
        if url.origin() != here || !(path == base || path.starts_with(&format!("{base}/"))) {
            return;
        }
        event.prevent_default();
        self.navigate(&format!("{path}{}", url.search()), false);
        window().scroll_to_with_x_and_y(0.0, 0.0);
    }
}

fn address_bar() -> (String, String) {
    let location = window().location();
    (
        location.pathname().unwrap_or_default(),
        location.search().unwrap_or_default(),
    )
}

fn replace_if_changed(current: &mut String, new: String) -> bool {
    let changed = *current != new;
    if changed {
        *current = new;
    }
    changed
}

/// The router [`Router::provide`] made.
pub fn use_router() -> Router {
    expect_context()
}
