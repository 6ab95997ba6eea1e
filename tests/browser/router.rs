//! Following links with leptos_router: in place inside the console; new tabs and other sites
//! left to the browser.
//!
//! Routers mounted by earlier tests of the same page are gone from the window by now
//! (`common::Mounted`), as in the console, which mounts one router.

use crate::common::*;
use admin_console::state::url::{use_url_query, UrlQuery};
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes, A};
use leptos_router::path;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

/// Mounts a router with links, the matched page's name and the URL state, at `start`.
fn mount_links(root: &web_sys::HtmlElement, start: &str) -> (UrlQuery, Mounted<impl leptos::tachys::view::Mountable>) {
    go_to(start);
    let url = RwSignal::new(None::<UrlQuery>);
    let handle = mount_view(root.clone(), move || {
        view! {
            <Router>
                {
                    url.set(Some(use_url_query()));
                }
                <a class="inside" href="/members?role=user">"Members"</a>
                <a class="new-tab" href="/invites" target="_blank">"Invites in a new tab"</a>
                <a class="outside" href="https://example.com/members">"Elsewhere"</a>
                <A href="/workspaces">"Workspaces"</A>
                <Routes fallback=|| view! { <p class="page">"NotFound"</p> }>
                    <Route path=path!("members") view=|| view! { <p class="page">"Members"</p> } />
                    <Route path=path!("workspaces") view=|| view! { <p class="page">"Workspaces"</p> } />
                    <Route path=path!("workspaces/:id") view=|| view! { <p class="page">"Workspace"</p> } />
                    <Route path=path!("api-keys") view=|| view! { <p class="page">"ApiKeys"</p> } />
                </Routes>
            </Router>
        }
    });
    (url.get_untracked().unwrap(), handle)
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

fn page(root: &web_sys::HtmlElement) -> String {
    try_find(root, ".page").map(|p| text_of(&p)).unwrap_or_default()
}

#[wasm_bindgen_test]
async fn links_into_the_console_are_followed_in_place_and_others_left_alone() {
    let root = container();
    let (url, _handle) = mount_links(&root, "/overview-test?x=1");
    wait_for("no page at an unknown path", || page(&root) == "NotFound").await;

    assert!(click_without_leaving(&find(&root, "a.inside")));
    wait_for("the members page", || page(&root) == "Members").await;
    assert_eq!(current_url(), "/members?role=user");
    assert_eq!(url.get_all("role"), vec!["user"]);

    assert!(
        !click_without_leaving(&find(&root, "a.new-tab")),
        "a link to a new tab is the browser's"
    );
    assert!(
        !click_without_leaving(&find(&root, "a.outside")),
        "a link to another site is the browser's"
    );
    assert_eq!(current_url(), "/members?role=user");
    root.remove();
}
