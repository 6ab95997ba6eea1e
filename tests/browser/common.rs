//! Helpers shared by the browser test modules.

use admin_console::api::Client;
use admin_console::state::journal::JOURNAL_ITEM;
use admin_console::state::session::{ADMIN_KEY_ITEM, REMEMBERED_BASE_URL_ITEM, SESSION_BASE_URL_ITEM};
use admin_console::state::workspace::ACTIVE_WORKSPACE_ITEM;
use leptos::mount::UnmountHandle;
use leptos::prelude::IntoView;
use leptos::tachys::view::Mountable;
use serde::Deserialize;
use std::cell::RefCell;
use wasm_bindgen::JsCast;
use web_sys::{Event, HtmlElement, HtmlInputElement, Storage};

pub fn session_storage() -> Storage {
    web_sys::window().unwrap().session_storage().unwrap().unwrap()
}

pub fn local_storage() -> Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

/// Tests share one page: start each from empty console storage.
pub fn clear_storage() {
    for item in [
        ADMIN_KEY_ITEM,
        SESSION_BASE_URL_ITEM,
        ACTIVE_WORKSPACE_ITEM,
        JOURNAL_ITEM,
    ] {
        session_storage().remove_item(item).unwrap();
    }
    local_storage().remove_item(REMEMBERED_BASE_URL_ITEM).unwrap();
}

/// Every value kept in a storage area.
pub fn all_values(storage: &Storage) -> Vec<String> {
    (0..storage.length().unwrap())
        .filter_map(|i| storage.key(i).unwrap())
        .filter_map(|key| storage.get_item(&key).unwrap())
        .collect()
}

/// A fresh element in the page's body to mount a view into.
pub fn container() -> HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let element = document.create_element("section").unwrap();
    document.body().unwrap().append_child(&element).unwrap();
    element.unchecked_into()
}

pub fn find<T: JsCast>(root: &HtmlElement, selector: &str) -> T {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no element matches {selector}"))
        .unchecked_into()
}

pub fn try_find(root: &HtmlElement, selector: &str) -> Option<HtmlElement> {
    root.query_selector(selector).unwrap().map(JsCast::unchecked_into)
}

/// Types into an input the way a person does: value, then an `input` event.
pub fn type_into(input: &HtmlInputElement, text: &str) {
    input.set_value(text);
    input.dispatch_event(&Event::new("input").unwrap()).unwrap();
}

pub async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

/// Waits up to 5 s for `condition`.
pub async fn wait_for(what: &str, mut condition: impl FnMut() -> bool) {
    for _ in 0..100 {
        if condition() {
            return;
        }
        sleep(50).await;
    }
    panic!("timed out waiting for {what}");
}

/// Where `scripts/test-console.sh` writes the reference server it started for this run, relative to
/// the package root. wasm-bindgen-test-runner serves files of its working directory (cargo runs it
/// in the package root) when they are not its own, so the page fetches it from its own origin.
pub const TEST_SERVER_FILE: &str = "/target/console-test-server.json";

/// The reference Admin API server (`admin-server serve --demo`) that `scripts/test-console.sh`
/// runs on loopback for the browser tests: a fresh demo organization each run.
///
/// Deliberately not `Debug`: it holds admin keys.
#[derive(Clone, Deserialize)]
pub struct TestServer {
    /// `http://127.0.0.1:PORT`, no trailing `/`.
    pub base_url: String,
    /// A read-write admin key (the demo key).
    pub admin_key: String,
    /// A read-only admin key: 403 on every write.
    pub read_only_key: String,
    /// `http://127.0.0.1:PORT` where nothing listens: the connection is refused.
    pub unreachable_base_url: String,
    /// A plain static server on another origin that sends no CORS headers.
    pub cors_refusing_base_url: String,
    /// A second reference server (its own demo organization) in test fault mode
    /// (`serve --test-faults`): `PUT /__test/faults` forces failures, `GET /__test/requests`
    /// lists what it saw. Only the `batch` module uses it.
    pub faults_base_url: String,
    /// The read-write admin key of the fault-mode server.
    pub faults_admin_key: String,
    /// `scripts/faults-relay.py` in front of the fault-mode server: it takes the faults as a
    /// `POST /__test/faults` (the server wants a PUT, which its CORS rules refuse to a page).
    pub faults_relay_url: String,
}

impl TestServer {
    /// A client with the read-write admin key.
    pub fn admin_client(&self) -> Client {
        Client::new(&self.base_url, &self.admin_key)
    }

    /// A client with the read-only admin key.
    pub fn read_only_client(&self) -> Client {
        Client::new(&self.base_url, &self.read_only_key)
    }

    /// A client of this server with any key, such as a wrong one.
    pub fn client_with_key(&self, key: &str) -> Client {
        Client::new(&self.base_url, key)
    }

    /// A client of the fault-mode server, with its admin key.
    pub fn faults_client(&self) -> Client {
        Client::new(&self.faults_base_url, &self.faults_admin_key)
    }

    /// Replaces the fault-mode server's forced faults (`[]` turns them off); each rule as the
    /// server's `faults` module describes (`path`, `method`, `times`, `status`, `retry_after`,
    /// `delay_ms`, `malformed`).
    pub async fn set_faults(&self, rules: serde_json::Value) {
        let response = gloo_net::http::Request::post(&format!("{}/__test/faults", self.faults_relay_url))
            .json(&serde_json::json!({ "faults": rules }))
            .unwrap()
            .send()
            .await
            .unwrap();
        assert_eq!(
            response.status(),
            204,
            "PUT /__test/faults: {}",
            response.text().await.unwrap()
        );
    }

    /// The Admin API requests the fault-mode server saw since it last forgot them, oldest first.
    pub async fn seen_requests(&self) -> Vec<SeenRequest> {
        #[derive(Deserialize)]
        struct Seen {
            requests: Vec<SeenRequest>,
        }
        let response = gloo_net::http::Request::get(&format!("{}/__test/requests", self.faults_base_url))
            .send()
            .await
            .unwrap();
        response.json::<Seen>().await.unwrap().requests
    }

    /// Makes the fault-mode server forget the requests it saw.
    pub async fn forget_requests(&self) {
        gloo_net::http::Request::delete(&format!("{}/__test/requests", self.faults_base_url))
            .send()
            .await
            .unwrap();
    }
}

/// One request the fault-mode server saw.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
pub struct SeenRequest {
    pub method: String,
    pub path: String,
    pub query: String,
    pub status: u16,
}

thread_local! {
    static TEST_SERVER: RefCell<Option<TestServer>> = const { RefCell::new(None) };
}

/// The reference server of this run, read from [`TEST_SERVER_FILE`] once per run.
/// Panics, saying how to run the tests, when the tests were not started by the script.
pub async fn test_server() -> TestServer {
    if let Some(server) = TEST_SERVER.with_borrow(Clone::clone) {
        return server;
    }
    let how = "the browser tests need the reference server that scripts/test-console.sh starts: \
               run them with scripts/test-console.sh [cargo test arguments], not with cargo test";
    let response = gloo_net::http::Request::get(TEST_SERVER_FILE)
        .send()
        .await
        .unwrap_or_else(|e| panic!("fetching {TEST_SERVER_FILE}: {e}; {how}"));
    if !response.ok() {
        panic!("no {TEST_SERVER_FILE} (status {}); {how}", response.status());
    }
    let text = response
        .text()
        .await
        .unwrap_or_else(|e| panic!("reading {TEST_SERVER_FILE}: {e}; {how}"));
    let server: TestServer =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{TEST_SERVER_FILE} is not valid: {e}; {how}"));
    TEST_SERVER.set(Some(server.clone()));
    server
}

/// Gives the test page the `<base href>` that index.html's script writes in the built console,
/// so that the console's base path stays `""` whatever path a test navigates to.
pub fn ensure_base() {
    let document = web_sys::window().unwrap().document().unwrap();
    if document.query_selector("base").unwrap().is_none() {
        let base = document.create_element("base").unwrap();
        base.set_attribute("href", "/").unwrap();
        document.head().unwrap().prepend_with_node_1(&base).unwrap();
    }
}

/// Puts the test page at `path_and_query` (same origin) without loading anything.
pub fn go_to(path_and_query: &str) {
    ensure_base();
    web_sys::window()
        .unwrap()
        .history()
        .unwrap()
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(path_and_query))
        .unwrap();
}

/// A view a test mounted: dropping it unmounts the view and removes the listeners its mounting
/// added to the window. Leptos's own handle leaves a router's listeners there while anything
/// still holds the router's reactive owner, and such a router goes on taking every link click in
/// the page (the router listens on the window, not on its own elements), so that a later test's
/// router never sees the click. Tests share one page, so this matters.
pub struct Mounted<M: Mountable> {
    _handle: UnmountHandle<M>,
    window_listeners: js_sys::Array,
}

impl<M: Mountable> Drop for Mounted<M> {
    fn drop(&mut self) {
        let window = web_sys::window().unwrap();
        for entry in self.window_listeners.iter() {
            let entry: js_sys::Array = entry.unchecked_into();
            let kind = entry.get(0).as_string().unwrap_or_default();
            let listener: js_sys::Function = entry.get(1).unchecked_into();
            window
                .remove_event_listener_with_callback_and_bool(&kind, &listener, entry.get(2).is_truthy())
                .unwrap();
        }
    }
}

/// Runs `mount` and returns the window listeners it added, each as `[type, listener, capture]`.
fn window_listeners_added_by(mount: impl FnOnce()) -> js_sys::Array {
    let record = js_sys::Function::new_no_args(
        "const added = [];
         const own = Object.getOwnPropertyDescriptor(window, 'addEventListener');
         window.addEventListener = function (type, listener, options) {
           const capture = typeof options === 'boolean' ? options : !!(options && options.capture);
           added.push([type, listener, capture]);
           return EventTarget.prototype.addEventListener.call(this, type, listener, options);
         };
         return { added, restore() { if (own) { Object.defineProperty(window, 'addEventListener', own); } else { delete window.addEventListener; } } };",
    )
    .call0(&wasm_bindgen::JsValue::NULL)
    .unwrap();
    mount();
    let restore: js_sys::Function = js_sys::Reflect::get(&record, &"restore".into())
        .unwrap()
        .unchecked_into();
    restore.call0(&record).unwrap();
    js_sys::Reflect::get(&record, &"added".into()).unwrap().unchecked_into()
}

/// Mounts the view `f` makes into `parent`, as `leptos::mount::mount_to` does (see [`Mounted`]).
pub fn mount_view<F, N>(parent: HtmlElement, f: F) -> Mounted<N::State>
where
    F: FnOnce() -> N + 'static,
    N: IntoView,
{
    let mut handle = None;
    let window_listeners = window_listeners_added_by(|| handle = Some(leptos::mount::mount_to(parent, f)));
    Mounted {
        _handle: handle.unwrap(),
        window_listeners,
    }
}

/// Mounts the whole console at `path_and_query` (e.g. `/invites?status=pending`), signed in with
/// the test server's admin key as after a reload of the tab, and waits for the signed-in shell.
pub async fn mount_signed_in_at(root: &HtmlElement, path_and_query: &str) -> Mounted<impl Mountable> {
    let server = test_server().await;
    clear_storage();
    mount_signed_in_to(root, path_and_query, &server.base_url, &server.admin_key).await
}

/// Mounts the whole console at `path_and_query`, signed in to `base_url` with `admin_key` as
/// after a reload of the tab (what else this tab kept, such as its journal, stays).
pub async fn mount_signed_in_to(
    root: &HtmlElement,
    path_and_query: &str,
    base_url: &str,
    admin_key: &str,
) -> Mounted<impl Mountable> {
    session_storage().set_item(ADMIN_KEY_ITEM, admin_key).unwrap();
    session_storage().set_item(SESSION_BASE_URL_ITEM, base_url).unwrap();
    // The console at the site's root, as index.html's `<base href>` says when served there.
    go_to(path_and_query);
    let handle = mount_view(root.clone(), admin_console::app::App);
    wait_for("the signed-in console", || try_find(root, ".top-bar").is_some()).await;
    handle
}

/// Fires a bubbling event of `kind` (`"input"`, `"change"`) at `target`, as the browser does
/// when a person types or picks.
pub fn fire(target: &HtmlElement, kind: &str) {
    let init = js_sys::Object::new();
    js_sys::Reflect::set(&init, &"bubbles".into(), &true.into()).unwrap();
    let event: Event = construct_event("Event", kind, &init);
    target.dispatch_event(&event).unwrap();
}

/// Presses a key (`"Enter"`, `"Escape"`) in `target`: a bubbling `keydown`.
pub fn press_key(target: &HtmlElement, key: &str) {
    let init = js_sys::Object::new();
    js_sys::Reflect::set(&init, &"bubbles".into(), &true.into()).unwrap();
    js_sys::Reflect::set(&init, &"cancelable".into(), &true.into()).unwrap();
    js_sys::Reflect::set(&init, &"key".into(), &key.into()).unwrap();
    let event: Event = construct_event("KeyboardEvent", "keydown", &init);
    target.dispatch_event(&event).unwrap();
}

fn construct_event(constructor: &str, kind: &str, init: &js_sys::Object) -> Event {
    let window = web_sys::window().unwrap();
    let constructor: js_sys::Function = js_sys::Reflect::get(&window, &constructor.into())
        .unwrap()
        .unchecked_into();
    js_sys::Reflect::construct(&constructor, &js_sys::Array::of2(&kind.into(), init))
        .unwrap()
        .unchecked_into()
}

/// The `value` of an input, textarea or select.
pub fn value_of(element: &HtmlElement) -> String {
    js_sys::Reflect::get(element, &"value".into())
        .unwrap()
        .as_string()
        .unwrap_or_default()
}

/// Sets the `value` of an input, textarea or select and fires what a person's action fires:
/// `input` (typing), and `change` as well for a select.
pub fn set_value(element: &HtmlElement, value: &str) {
    js_sys::Reflect::set(element, &"value".into(), &value.into()).unwrap();
    fire(element, "input");
    if element.tag_name().eq_ignore_ascii_case("select") {
        fire(element, "change");
    }
}

/// Every element matching `selector` under `root`.
pub fn find_all(root: &HtmlElement, selector: &str) -> Vec<HtmlElement> {
    let nodes = root.query_selector_all(selector).unwrap();
    (0..nodes.length())
        .filter_map(|i| nodes.item(i))
        .map(JsCast::unchecked_into)
        .collect()
}

/// The trimmed text of an element.
pub fn text_of(element: &HtmlElement) -> String {
    element.text_content().unwrap_or_default().trim().to_owned()
}

/// The `<select>` of the `Choice` labelled `label` under `root`.
pub fn choice(root: &HtmlElement, label: &str) -> HtmlElement {
    find_all(root, "label.choice")
        .into_iter()
        .find(|l| text_of(l).starts_with(label))
        .and_then(|l| try_find(&l, "select"))
        .unwrap_or_else(|| panic!("no choice labelled {label}"))
}

/// The values of a `<select>`'s options, in order.
pub fn option_values(select: &HtmlElement) -> Vec<String> {
    find_all(select, "option").iter().map(value_of).collect()
}

/// The table rows under `root`, each as the trimmed texts of its cells.
pub fn table_rows(root: &HtmlElement) -> Vec<(HtmlElement, Vec<String>)> {
    find_all(root, "tbody tr")
        .into_iter()
        .map(|row| {
            let cells = cell_texts(&row);
            (row, cells)
        })
        .collect()
}

/// The trimmed text of each cell of a table row (a list's checkbox cell left out).
pub fn cell_texts(row: &HtmlElement) -> Vec<String> {
    find_all(row, "td:not(.select)").iter().map(text_of).collect()
}

/// The texts of the toasts on screen.
pub fn toast_texts(root: &HtmlElement) -> Vec<String> {
    find_all(root, ".toast span").iter().map(text_of).collect()
}

/// A suffix no other test or run uses, for names and emails.
pub fn unique() -> String {
    format!(
        "{}{:04}",
        js_sys::Date::now() as u64 % 100_000_000,
        (js_sys::Math::random() * 10_000.0) as u32
    )
}

/// The current location's query string, e.g. `?status=active`.
pub fn location_search() -> String {
    web_sys::window().unwrap().location().search().unwrap()
}

/// The current location's path and query, e.g. `/api-keys?status=active`.
pub fn current_url() -> String {
    let location = web_sys::window().unwrap().location();
    format!("{}{}", location.pathname().unwrap(), location_search())
}

/// The first button under `root` whose text or accessible name is `name`.
pub fn try_button(root: &HtmlElement, name: &str) -> Option<web_sys::HtmlButtonElement> {
    root.query_selector_all("button")
        .unwrap()
        .values()
        .into_iter()
        .map(|node| node.unwrap().unchecked_into::<web_sys::HtmlButtonElement>())
        .find(|b| {
            b.text_content().as_deref().map(str::trim) == Some(name)
                || b.get_attribute("aria-label").as_deref() == Some(name)
        })
}

/// Like [`try_button`], but panics when there is none.
pub fn button(root: &HtmlElement, name: &str) -> web_sys::HtmlButtonElement {
    try_button(root, name).unwrap_or_else(|| panic!("no button {name:?}"))
}

/// Chooses an option of a `<select>` the way a person does: value, then a `change` event.
pub fn choose(select: &web_sys::HtmlSelectElement, value: &str) {
    select.set_value(value);
    assert_eq!(select.value(), value, "the select has no option {value:?}");
    select.dispatch_event(&Event::new("change").unwrap()).unwrap();
}

/// Makes the page's own `fetch` answer every request whose URL contains `url_part` with a 400
/// error envelope (`message`, `request_id`), until [`restore_fetch`]: only those calls fail, the
/// server is untouched.
pub fn fail_requests(url_part: &str, message: &str, request_id: &str) {
    let body = serde_json::json!({
        "type": "error",
        "error": {"type": "invalid_request_error", "message": message},
        "request_id": request_id,
    })
    .to_string();
    js_sys::Function::new_with_args(
        "part, body",
        "if (!window.__realFetch) { window.__realFetch = window.fetch; }
         const real = window.__realFetch;
         window.fetch = function (input, init) {
           const url = typeof input === 'string' ? input : input.url;
           if (url.includes(part)) {
             return Promise.resolve(new Response(body, { status: 400, headers: { 'content-type': 'application/json' } }));
           }
           return real.call(this, input, init);
         };",
    )
    .call2(&wasm_bindgen::JsValue::NULL, &url_part.into(), &body.into())
    .unwrap();
}

/// Gives the page its own `fetch` back after [`fail_requests`].
pub fn restore_fetch() {
    js_sys::Function::new_no_args("if (window.__realFetch) { window.fetch = window.__realFetch; }")
        .call0(&wasm_bindgen::JsValue::NULL)
        .unwrap();
}
