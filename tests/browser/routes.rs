//! Which page of the console each path names, in the whole console signed in against the
//! reference server (leptos_router's routes, as `src/app.rs` declares them), and list state kept
//! in the query string (repeats, escapes, the cursor reset, replacing without a history entry).

use crate::common::*;
use admin_console::api::Cursor;
use admin_console::state::url::{use_url_query, UrlQuery};
use leptos::prelude::*;
use leptos_router::components::{Router, A};
use wasm_bindgen_test::*;

#[wasm_bindgen_test]
async fn every_path_names_its_page() {
    for (path, heading) in [
        ("/", "Northwind Analytics"),
        ("/index.html", "Northwind Analytics"),
        ("/members", "Members"),
        ("/members/", "Members"),
        ("/invites", "Invites"),
        ("/workspaces", "Workspaces"),
        ("/api-keys", "API keys"),
        ("/workspaces/wrkspc_nonexistent0000000000000", "No such workspace"),
    ] {
        let root = container();
        let handle = mount_signed_in_at(&root, path).await;
        wait_for(&format!("the page of {path}"), || {
            try_find(&root, "main h1").is_some_and(|h| text_of(&h) == heading)
        })
        .await;
        drop(handle);
        root.remove();
    }
    for path in ["/nothing", "/members/x", "/workspaces/x/y"] {
        let root = container();
        let handle = mount_signed_in_at(&root, path).await;
        wait_for(&format!("no page at {path}"), || {
            text_of(&root).contains("This page does not exist.")
        })
        .await;
        drop(handle);
        root.remove();
    }
}

/// Mounts a router with one link and the URL state, at `start`.
fn mount_url_state(
    root: &web_sys::HtmlElement,
    start: &str,
) -> (UrlQuery, Mounted<impl leptos::tachys::view::Mountable>) {
    go_to(start);
    let url = RwSignal::new(None::<UrlQuery>);
    let handle = mount_view(root.clone(), move || {
        view! {
            <Router>
                {
                    url.set(Some(use_url_query()));
                }
                <A href="/workspaces">"Workspaces"</A>
            </Router>
        }
    });
    (url.get_untracked().unwrap(), handle)
}

#[wasm_bindgen_test]
async fn list_state_lives_in_the_query_string() {
    let root = container();
    let (url, _handle) = mount_url_state(&root, "/workspaces/wrkspc_1");
    let marked = find::<web_sys::HtmlElement>(&root, "a[href='/workspaces']");
    assert_eq!(
        marked.get_attribute("aria-current").as_deref(),
        Some("page"),
        "a link is current on a page below it"
    );

    url.set(&[("role", vec!["user".into(), "developer".into()])]);
    url.set_one("email", Some("a+b@x.com".into()));
    wait_for("the filters in the URL", || url.get("email").is_some()).await;
    assert_eq!(url.get_all("role"), vec!["user", "developer"]);
    assert_eq!(url.get("email").as_deref(), Some("a+b@x.com"));
    assert_eq!(location_search(), "?role=user&role=developer&email=a%2Bb%40x.com");

    url.set_cursor(Some(Cursor::After("user_9".into())));
    wait_for("the cursor", || url.page_request().cursor.is_some()).await;
    assert_eq!(url.page_request().cursor, Some(Cursor::After("user_9".into())));
    url.set_one("limit", Some("50".into()));
    wait_for("the limit", || url.page_request().limit == Some(50)).await;
    assert_eq!(
        url.page_request().cursor,
        None,
        "a new filter starts from the first page"
    );

    let history = web_sys::window().unwrap().history().unwrap();
    let entries = history.length().unwrap();
    url.replace_one("workspace", Some("wrkspc_2".into()));
    wait_for("the replaced parameter", || url.get("workspace").is_some()).await;
    assert_eq!(history.length().unwrap(), entries, "no new history entry");

    history.back().unwrap();
    wait_for("back to the filters", || url.get("limit").is_none()).await;
    assert_eq!(url.page_request().cursor, Some(Cursor::After("user_9".into())));
    assert_eq!(current_url().split('?').next(), Some("/workspaces/wrkspc_1"));
    root.remove();
}
