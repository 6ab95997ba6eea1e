//! Helpers shared by the browser tests. Each test crate uses a subset of them.
#![allow(dead_code)]

use admin_console::state::session::{ADMIN_KEY_ITEM, REMEMBERED_BASE_URL_ITEM, SESSION_BASE_URL_ITEM};
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
    for item in [ADMIN_KEY_ITEM, SESSION_BASE_URL_ITEM] {
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
