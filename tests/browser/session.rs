//! The session keeps the admin key in sessionStorage only, and forgets it on sign-out.

use crate::common::{all_values, clear_storage, local_storage, session_storage};
use admin_console::api::Organization;
use admin_console::state::session::{
    remembered_base_url, saved_credentials, Credentials, Session, SessionContext, ADMIN_KEY_ITEM,
    REMEMBERED_BASE_URL_ITEM,
};
use wasm_bindgen_test::*;

const KEY: &str = "sk-ant-admin01-session-test-0123456789";
const BASE: &str = "http://127.0.0.1:4010";

fn session() -> Session {
    Session {
        credentials: Credentials {
            base_url: BASE.into(),
            api_key: KEY.into(),
        },
        organization: Organization {
            id: "12345678-1234-5678-1234-567812345678".into(),
            name: "Test Org".into(),
        },
    }
}

#[wasm_bindgen_test]
fn starts_signed_out() {
    clear_storage();
    let context = SessionContext::default();
    assert!(!context.is_signed_in());
    assert!(context.get().is_none());
    assert!(saved_credentials().is_none());
    assert!(remembered_base_url().is_none());
}

#[wasm_bindgen_test]
fn sign_in_keeps_the_key_in_session_storage_only() {
    clear_storage();
    let context = SessionContext::default();
    context.sign_in(session());

    assert!(context.is_signed_in());
    assert_eq!(context.get().unwrap().organization.name, "Test Org");
    assert_eq!(
        session_storage().get_item(ADMIN_KEY_ITEM).unwrap().as_deref(),
        Some(KEY)
    );
    assert!(
        all_values(&local_storage()).iter().all(|value| !value.contains(KEY)),
        "the admin key reached localStorage"
    );
    assert_eq!(
        local_storage().get_item(REMEMBERED_BASE_URL_ITEM).unwrap().as_deref(),
        Some(BASE)
    );

    // A reload of the tab finds the same credentials.
    let saved = saved_credentials().expect("credentials saved for a reload");
    assert_eq!(saved.api_key, KEY);
    assert_eq!(saved.base_url, BASE);
    clear_storage();
}

#[wasm_bindgen_test]
fn sign_out_forgets_the_key_but_remembers_the_base_url() {
    clear_storage();
    let context = SessionContext::default();
    context.sign_in(session());
    context.sign_out();

    assert!(!context.is_signed_in());
    assert_eq!(session_storage().get_item(ADMIN_KEY_ITEM).unwrap(), None);
    assert!(all_values(&session_storage()).iter().all(|value| !value.contains(KEY)));
    assert!(saved_credentials().is_none());
    assert_eq!(remembered_base_url().as_deref(), Some(BASE));
    clear_storage();
}

#[wasm_bindgen_test]
async fn a_401_mid_session_ends_it_and_says_why() {
    clear_storage();
    let server = crate::common::test_server().await;
    let context = SessionContext::default();
    // A key the server does not know, as after it was revoked mid-session.
    let mut revoked = session();
    revoked.credentials.base_url = server.base_url.clone();
    context.sign_in(revoked);
    assert!(context.ended_because().is_none());

    let error = context.client().organization().await.unwrap_err();
    assert_eq!(error.status(), Some(401));
    assert!(!context.is_signed_in());
    assert!(saved_credentials().is_none(), "the refused key is forgotten");
    let why = context.ended_because().unwrap();
    assert!(why.contains("no longer accepts the admin key"), "{why}");
    // Signing in again clears the notice.
    context.sign_in(session());
    assert!(context.ended_because().is_none());
    clear_storage();
}

#[wasm_bindgen_test]
async fn the_session_client_reads_with_the_session_key() {
    clear_storage();
    let server = crate::common::test_server().await;
    let context = SessionContext::default();
    let mut valid = session();
    valid.credentials = Credentials {
        base_url: server.base_url.clone(),
        api_key: server.admin_key.clone(),
    };
    context.sign_in(valid);
    assert_eq!(
        context.client().organization().await.unwrap().name,
        "Northwind Analytics"
    );
    assert!(context.is_signed_in());
    context.sign_out();
    clear_storage();
}
