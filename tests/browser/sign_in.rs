//! The sign-in page, mounted through the whole app as a person meets it, against the reference
//! server of the run, an unreachable address, a server that refuses CORS, and the test runner's
//! own static server (which is not an Admin API).

use crate::common::*;
use admin_console::app::App;
use admin_console::state::session::{ADMIN_KEY_ITEM, REMEMBERED_BASE_URL_ITEM, SESSION_BASE_URL_ITEM};
use leptos::prelude::*;
use wasm_bindgen_test::*;
use web_sys::{HtmlButtonElement, HtmlElement, HtmlInputElement, HtmlLabelElement};

const KEY: &str = "sk-ant-admin01-sign-in-test-abcdefghijklmnop";
/// Nothing answers here: the connection is refused (or the browser blocks the port outright);
/// either way the fetch fails without an HTTP response.
const UNREACHABLE: &str = "http://127.0.0.1:9";

fn origin() -> String {
    web_sys::window().unwrap().location().origin().unwrap()
}

fn base_input(root: &HtmlElement) -> HtmlInputElement {
    find(root, "#base-url")
}

fn key_input(root: &HtmlElement) -> HtmlInputElement {
    find(root, "#admin-key")
}

fn sign_in_button(root: &HtmlElement) -> HtmlButtonElement {
    find(root, "button[type=submit]")
}

fn alert_text(root: &HtmlElement) -> Option<String> {
    try_find(root, "[role=alert]").and_then(|alert| alert.text_content())
}

/// Mounts the app signed out, waits for the Base URL to be prefilled.
async fn signed_out_app(root: &HtmlElement) -> Mounted<impl Mountable> {
    let handle = mount_view(root.clone(), App);
    wait_for("the Base URL to be prefilled", || !base_input(root).value().is_empty()).await;
    handle
}

#[wasm_bindgen_test]
async fn shows_labelled_base_url_and_admin_key_fields() {
    clear_storage();
    let root = container();
    let app = signed_out_app(&root).await;

    for (label_text, input_type) in [("Base URL", "url"), ("Admin key or access token", "password")] {
        let label: HtmlLabelElement = root
            .query_selector_all("label")
            .unwrap()
            .values()
            .into_iter()
            .map(|node| wasm_bindgen::JsCast::unchecked_into::<HtmlLabelElement>(node.unwrap()))
            .find(|label| label.text_content().as_deref() == Some(label_text))
            .unwrap_or_else(|| panic!("no label {label_text:?}"));
        let input: HtmlInputElement = find(&root, &format!("#{}", label.html_for()));
        assert_eq!(input.type_(), input_type, "{label_text}");
    }
    let button = sign_in_button(&root);
    assert_eq!(button.text_content().as_deref(), Some("Sign in"));
    assert!(!button.disabled());
    assert_eq!(key_input(&root).value(), "");
    assert_eq!(alert_text(&root), None);

    drop(app);
    root.remove();
}

#[wasm_bindgen_test]
async fn prefills_the_page_origin_without_config_or_memory() {
    // The runner's server has no config.json, so the page's own origin is the default.
    clear_storage();
    let root = container();
    let app = signed_out_app(&root).await;
    assert_eq!(base_input(&root).value(), origin());
    drop(app);
    root.remove();
}

#[wasm_bindgen_test]
async fn never_prefills_a_field_the_person_is_already_in() {
    // The prefill arrives after an asynchronous fetch of config.json: focusing the field first
    // (as a person who starts typing at once does) keeps it as they leave it.
    clear_storage();
    let root = container();
    let app = mount_view(root.clone(), App);
    base_input(&root).focus().unwrap();
    // Long enough for the fetch of config.json to be answered.
    sleep(600).await;
    assert_eq!(base_input(&root).value(), "");
    drop(app);
    root.remove();
}

#[wasm_bindgen_test]
async fn prefills_the_remembered_base_url() {
    clear_storage();
    local_storage()
        .set_item(REMEMBERED_BASE_URL_ITEM, "https://admin.example.test")
        .unwrap();
    let root = container();
    let app = signed_out_app(&root).await;
    assert_eq!(base_input(&root).value(), "https://admin.example.test");
    drop(app);
    root.remove();
    clear_storage();
}

#[wasm_bindgen_test]
async fn asks_for_a_missing_admin_key() {
    clear_storage();
    let root = container();
    let app = signed_out_app(&root).await;

    sign_in_button(&root).click();
    wait_for("an alert", || alert_text(&root).is_some()).await;
    assert_eq!(alert_text(&root).as_deref(), Some("Enter the admin key."));

    drop(app);
    root.remove();
}

#[wasm_bindgen_test]
async fn refuses_a_base_url_without_scheme() {
    clear_storage();
    let root = container();
    let app = signed_out_app(&root).await;

    type_into(&base_input(&root), "api.example.com");
    type_into(&key_input(&root), KEY);
    sign_in_button(&root).click();
    wait_for("an alert", || alert_text(&root).is_some()).await;
    assert!(alert_text(&root).unwrap().contains("http:// or https://"));

    drop(app);
    root.remove();
}

#[wasm_bindgen_test]
async fn explains_an_unreachable_server() {
    clear_storage();
    let root = container();
    let app = signed_out_app(&root).await;

    type_into(&base_input(&root), UNREACHABLE);
    type_into(&key_input(&root), KEY);
    sign_in_button(&root).click();
    wait_for("an alert", || alert_text(&root).is_some()).await;

    let alert = alert_text(&root).unwrap();
    assert!(alert.starts_with(&format!("Could not reach {UNREACHABLE}.")), "{alert}");
    // Still on the sign-in page, nothing kept, and the key is nowhere in the DOM's markup.
    assert!(try_find(&root, "#admin-key").is_some());
    assert_eq!(session_storage().get_item(ADMIN_KEY_ITEM).unwrap(), None);
    assert!(!root.inner_html().contains(KEY));
    assert!(all_values(&local_storage()).iter().all(|v| !v.contains(KEY)));

    drop(app);
    root.remove();
}

#[wasm_bindgen_test]
async fn explains_a_base_url_that_is_not_an_admin_api() {
    // The page's own origin is the test runner's static server: /v1/organizations/me is a 404.
    clear_storage();
    let root = container();
    let app = signed_out_app(&root).await;

    type_into(&key_input(&root), KEY);
    sign_in_button(&root).click();
    wait_for("an alert", || alert_text(&root).is_some()).await;
    let alert = alert_text(&root).unwrap();
    assert!(
        alert.starts_with(&format!("No Admin API answered at {}", origin())),
        "{alert}"
    );
    assert_eq!(session_storage().get_item(ADMIN_KEY_ITEM).unwrap(), None);

    drop(app);
    root.remove();
}

#[wasm_bindgen_test]
async fn keeps_a_saved_key_while_the_server_is_unreachable() {
    // As after a reload of the tab while the server is briefly down: the app tries the saved
    // key, says why it cannot sign in, and keeps the key for the next try.
    clear_storage();
    let server = test_server().await;
    session_storage().set_item(ADMIN_KEY_ITEM, KEY).unwrap();
    session_storage()
        .set_item(SESSION_BASE_URL_ITEM, &server.unreachable_base_url)
        .unwrap();
    let root = container();
    let app = mount_view(root.clone(), App);

    wait_for("an alert", || alert_text(&root).is_some()).await;
    assert_eq!(base_input(&root).value(), server.unreachable_base_url);
    assert_eq!(key_input(&root).value(), "");
    let alert = alert_text(&root).unwrap();
    assert!(alert.starts_with("Could not reach"), "{alert}");
    assert_eq!(
        session_storage().get_item(ADMIN_KEY_ITEM).unwrap().as_deref(),
        Some(KEY)
    );

    drop(app);
    root.remove();
    clear_storage();
}

#[wasm_bindgen_test]
async fn forgets_a_saved_key_the_server_refuses() {
    clear_storage();
    let server = test_server().await;
    session_storage().set_item(ADMIN_KEY_ITEM, KEY).unwrap();
    session_storage()
        .set_item(SESSION_BASE_URL_ITEM, &server.base_url)
        .unwrap();
    let root = container();
    let app = mount_view(root.clone(), App);

    wait_for("an alert", || alert_text(&root).is_some()).await;
    let alert = alert_text(&root).unwrap();
    assert!(alert.starts_with("The admin key was not accepted."), "{alert}");
    assert!(alert.contains("Request id: req_"), "{alert}");
    assert_eq!(session_storage().get_item(ADMIN_KEY_ITEM).unwrap(), None);
    assert_eq!(session_storage().get_item(SESSION_BASE_URL_ITEM).unwrap(), None);

    drop(app);
    root.remove();
    clear_storage();
}

#[wasm_bindgen_test]
async fn tells_a_cors_refusal_from_an_unreachable_server() {
    // A server on another origin that answers without CORS headers.
    clear_storage();
    let server = test_server().await;
    let root = container();
    let app = signed_out_app(&root).await;

    type_into(&base_input(&root), &server.cors_refusing_base_url);
    type_into(&key_input(&root), KEY);
    sign_in_button(&root).click();
    wait_for("an alert", || alert_text(&root).is_some()).await;
    let alert = alert_text(&root).unwrap();
    assert!(
        alert.starts_with(&format!("The server at {} is up", server.cors_refusing_base_url)),
        "{alert}"
    );
    assert!(alert.contains("(CORS)"), "{alert}");
    assert!(alert.contains(&origin()), "{alert}");

    drop(app);
    root.remove();
}

#[wasm_bindgen_test]
async fn signs_in_and_shows_the_organization() {
    clear_storage();
    let server = test_server().await;
    let root = container();
    let app = signed_out_app(&root).await;

    type_into(&base_input(&root), &server.base_url);
    type_into(&key_input(&root), &server.admin_key);
    sign_in_button(&root).click();
    wait_for("the signed-in shell", || try_find(&root, ".top-bar").is_some()).await;
    assert!(find::<HtmlElement>(&root, ".top-bar")
        .inner_text()
        .contains("Northwind Analytics"));
    for link in ["Overview", "Members", "Invites", "Workspaces", "API keys"] {
        assert!(
            find::<HtmlElement>(&root, ".main-nav").inner_text().contains(link),
            "no {link} link"
        );
    }
    // The key is kept for a reload of this tab, and nowhere on the page.
    assert_eq!(
        session_storage().get_item(ADMIN_KEY_ITEM).unwrap().as_deref(),
        Some(server.admin_key.as_str())
    );
    assert!(!root.inner_html().contains(&server.admin_key));

    drop(app);
    root.remove();
    clear_storage();
}
