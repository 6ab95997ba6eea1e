//! The console's own router: which page a path names, query strings, and following the address
//! bar (navigation, back, clicks on links into the console, links it must leave alone).

mod common;

use admin_console::state::router::{Page, Query, Router};
use common::*;
use leptos::mount::mount_to;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn a_path_names_its_page() {
    assert_eq!(Page::parse(""), Page::Overview);
    assert_eq!(Page::parse("/"), Page::Overview);
    assert_eq!(Page::parse("index.html"), Page::Overview);
    assert_eq!(Page::parse("/members"), Page::Members);
    assert_eq!(Page::parse("members/"), Page::Members);
    assert_eq!(Page::parse("invites"), Page::Invites);
    assert_eq!(Page::parse("workspaces"), Page::Workspaces);
    assert_eq!(Page::parse("workspaces/wrkspc_1"), Page::Workspace("wrkspc_1".into()));
    assert_eq!(Page::parse("workspaces/a%20b"), Page::Workspace("a b".into()));
    assert_eq!(Page::parse("workspace"), Page::ActiveWorkspace);
    assert_eq!(Page::parse("api-keys"), Page::ApiKeys);
    assert_eq!(Page::parse("workspaces/x/y"), Page::NotFound);
    assert_eq!(Page::parse("members/x"), Page::NotFound);
    assert_eq!(Page::parse("nothing"), Page::NotFound);
}

#[wasm_bindgen_test]
fn a_query_string_round_trips_with_repeats_and_escapes() {
    let query = Query::parse("?role=user&role=developer&email=a%2Bb%40x.com&q=two+words&empty=");
    assert_eq!(query.get_all("role"), vec!["user", "developer"]);
    assert_eq!(query.get("email"), Some("a+b@x.com"));
    assert_eq!(query.get("q"), Some("two words"));
    assert_eq!(query.get("empty"), Some(""));
    assert_eq!(query.get("missing"), None);
    assert_eq!(Query::parse(&query.to_search()), query);
    assert_eq!(Query::parse("").to_search(), "");

    let mut query = query;
    query.remove("role");
    query.push("limit", "50".into());
    assert_eq!(query.to_search(), "?email=a%2Bb%40x.com&q=two%20words&empty=&limit=50");
}

/// Mounts links and the router's page and query, at `start`.
fn mount_links(
    root: &web_sys::HtmlElement,
    start: &str,
) -> (
    Router,
    leptos::mount::UnmountHandle<impl leptos::tachys::view::Mountable>,
) {
    go_to(start);
    let router = RwSignal::new(None::<Router>);
    let handle = mount_to(root.clone(), move || {
        let r = Router::provide();
        router.set(Some(r));
        view! {
            <p class="page">{move || format!("{:?}", r.page())}</p>
            <a class="inside" href="/members?role=user">"Members"</a>
            <a class="new-tab" href="/invites" target="_blank">"Invites in a new tab"</a>
            <a class="outside" href="https://example.com/members">"Elsewhere"</a>
            <a class="current-check" href="/workspaces" aria-current=move || r.is_current("/workspaces", false).then_some("page")>"Workspaces"</a>
        }
    });
    (router.get_untracked().unwrap(), handle)
}

fn click_without_leaving(anchor: &web_sys::HtmlElement) -> bool {
    // A click the router does not take would load another page: cancel it here, after the
    // router had its chance, and report whether the router took it.
    let event = web_sys::MouseEvent::new_with_mouse_event_init_dict("click", &{
        let init = web_sys::MouseEventInit::new();
        init.set_bubbles(true);
        init.set_cancelable(true);
        init
    })
    .unwrap();
    let taken = std::rc::Rc::new(std::cell::Cell::new(false));
    let seen = taken.clone();
    let guard = wasm_bindgen::closure::Closure::<dyn Fn(web_sys::Event)>::new(move |e: web_sys::Event| {
        seen.set(e.default_prevented());
        e.prevent_default();
    });
    let window = web_sys::window().unwrap();
    window
        .add_event_listener_with_callback("click", guard.as_ref().unchecked_ref())
        .unwrap();
    anchor.dispatch_event(&event).unwrap();
    window
        .remove_event_listener_with_callback("click", guard.as_ref().unchecked_ref())
        .unwrap();
    taken.get()
}

#[wasm_bindgen_test]
async fn links_into_the_console_are_followed_in_place_and_others_left_alone() {
    let root = container();
    let (router, _handle) = mount_links(&root, "/overview-test?x=1");
    let page = find::<web_sys::HtmlElement>(&root, ".page");
    assert_eq!(text_of(&page), "NotFound");

    assert!(click_without_leaving(&find(&root, "a.inside")));
    assert_eq!(current_url(), "/members?role=user");
    wait_for("the members page", || text_of(&page) == "Members").await;
    assert_eq!(router.query().get_untracked().get("role"), Some("user"));

    assert!(
        !click_without_leaving(&find(&root, "a.new-tab")),
        "a link to a new tab is the browser's"
    );
    assert!(
        !click_without_leaving(&find(&root, "a.outside")),
        "a link to another site is the browser's"
    );
    assert_eq!(current_url(), "/members?role=user");
}

#[wasm_bindgen_test]
async fn navigation_and_back_follow_the_address_bar() {
    let root = container();
    let (router, _handle) = mount_links(&root, "/workspaces");
    let page = find::<web_sys::HtmlElement>(&root, ".page");
    let marked = find::<web_sys::HtmlElement>(&root, "a.current-check");
    assert_eq!(marked.get_attribute("aria-current").as_deref(), Some("page"));

    router.navigate("/workspaces/wrkspc_1", false);
    wait_for("the workspace page", || text_of(&page) == "Workspace(\"wrkspc_1\")").await;
    assert_eq!(
        marked.get_attribute("aria-current").as_deref(),
        Some("page"),
        "a page below it"
    );

    router.navigate("/api-keys?status=active", false);
    wait_for("the API keys page", || text_of(&page) == "ApiKeys").await;
    assert_eq!(marked.get_attribute("aria-current"), None);

    web_sys::window().unwrap().history().unwrap().back().unwrap();
    wait_for("back on the workspace page", || {
        text_of(&page) == "Workspace(\"wrkspc_1\")"
    })
    .await;
    assert_eq!(current_url(), "/workspaces/wrkspc_1");
}
