//! The API keys page, opened signed in against the reference server's demo organization.
//!
//! The Admin API cannot create API keys, so these tests use the demo's keys (server/src/demo.rs).
//! Only one key is ever changed: "prototype 2" (active, in "Mobile Apps"). No other test touches
//! it, and the test that renames and deactivates it restores its name and status at the end.
//! Archiving is final, so no test archives a key: the confirmation is opened and cancelled.

use crate::common::*;
use admin_console::api::{ApiKey, ApiKeyFilter, ApiKeyStatus, ApiKeyUpdate, Client, PageRequest};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, HtmlInputElement, HtmlSelectElement};

/// The column of a key's status.
const STATUS: usize = 6;

/// The demo key this file changes (and restores); see the module comment.
const OUR_KEY: &str = "prototype 2";

async fn all_keys(client: &Client, filter: &ApiKeyFilter) -> Vec<ApiKey> {
    let page = PageRequest {
        limit: Some(1000),
        cursor: None,
    };
    client.api_keys(&page, filter).await.unwrap().data
}

async fn key_named(client: &Client, name: &str) -> ApiKey {
    all_keys(client, &ApiKeyFilter::default())
        .await
        .into_iter()
        .find(|k| k.name == name)
        .unwrap_or_else(|| panic!("the demo has no key {name:?}"))
}

fn row_of(root: &HtmlElement, key_id: &str) -> Option<HtmlElement> {
    try_find(root, &format!("tr[data-key-id='{key_id}']"))
}

/// The filter `<select>` inside the label that starts with `label`.
fn filter(root: &HtmlElement, label: &str) -> HtmlSelectElement {
    choice(root, label).unchecked_into()
}

/// The names in the table, once it shows exactly `expected` (in any order).
async fn wait_for_names(root: &HtmlElement, expected: &[ApiKey]) {
    let mut want: Vec<String> = expected.iter().map(|k| k.name.clone()).collect();
    want.sort();
    let shown = || {
        let mut names: Vec<String> = find_all(root, "tbody tr")
            .iter()
            .map(|r| cell_texts(r)[0].clone())
            .collect();
        names.sort();
        names
    };
    wait_for("the table to show the keys the server lists", || shown() == want).await;
}

#[wasm_bindgen_test]
async fn filters_by_status_workspace_and_creator_in_the_url() {
    let client = test_server().await.admin_client();
    // "ci 1" is the demo's inactive key in "Research".
    let ci = key_named(&client, "ci 1").await;
    let research = ci.workspace_id.clone().expect("ci 1 is in a workspace");
    let root = container();
    let app = mount_signed_in_at(&root, "/api-keys").await;
    wait_for("the keys", || find_all(&root, "tbody tr").len() == 20).await;

    choose(&filter(&root, "Status"), "inactive");
    wait_for("status in the URL", || current_url() == "/api-keys?status=inactive").await;
    let inactive = all_keys(
        &client,
        &ApiKeyFilter {
            status: Some(ApiKeyStatus::Inactive),
            ..Default::default()
        },
    )
    .await;
    assert!(inactive.len() > 1);
    wait_for_names(&root, &inactive).await;
    assert!(find_all(&root, "tbody tr")
        .iter()
        .all(|r| cell_texts(r)[STATUS] == "Inactive"));

    choose(&filter(&root, "Workspace"), &research);
    wait_for("the workspace in the URL", || {
        current_url().contains(&format!("workspace_id={research}")) && current_url().contains("status=inactive")
    })
    .await;
    let both = all_keys(
        &client,
        &ApiKeyFilter {
            status: Some(ApiKeyStatus::Inactive),
            workspace_id: Some(research.clone()),
            ..Default::default()
        },
    )
    .await;
    assert!(both.iter().any(|k| k.id == ci.id));
    wait_for_names(&root, &both).await;

    // Any status again, and one creator.
    choose(&filter(&root, "Status"), "");
    let creator = client
        .user(&ci.created_by.clone().expect("ci 1 has a creator").id)
        .await
        .unwrap();
    wait_for("the creators to load", || filter(&root, "Created by").length() > 1).await;
    choose(&filter(&root, "Created by"), &creator.id);
    wait_for("the creator in the URL", || {
        let url = current_url();
        url.contains(&format!("created_by={}", creator.id)) && !url.contains("status=")
    })
    .await;
    let by_creator = all_keys(
        &client,
        &ApiKeyFilter {
            workspace_id: Some(research),
            created_by_user_id: Some(creator.id.clone()),
            ..Default::default()
        },
    )
    .await;
    wait_for_names(&root, &by_creator).await;
    assert!(find_all(&root, "tbody tr")
        .iter()
        .all(|r| cell_texts(r)[3] == creator.name));

    drop(app);
    root.remove();
}

#[wasm_bindgen_test]
async fn the_overview_link_shows_active_keys_only() {
    let client = test_server().await.admin_client();
    let root = container();
    let app = mount_signed_in_at(&root, "/api-keys?status=active&limit=100").await;
    let active = all_keys(
        &client,
        &ApiKeyFilter {
            status: Some(ApiKeyStatus::Active),
            ..Default::default()
        },
    )
    .await;
    wait_for_names(&root, &active).await;
    assert_eq!(filter(&root, "Status").value(), "active");
    assert!(find_all(&root, "tbody tr")
        .iter()
        .all(|r| cell_texts(r)[STATUS] == "Active"));
    drop(app);
    root.remove();
}

#[wasm_bindgen_test]
async fn workspaces_and_creators_are_shown_by_name() {
    let client = test_server().await.admin_client();
    let ours = key_named(&client, OUR_KEY).await;
    let workspace = client.workspace(ours.workspace_id.as_deref().unwrap()).await.unwrap();
    let creator = client.user(&ours.created_by.clone().unwrap().id).await.unwrap();
    let default_key = all_keys(&client, &ApiKeyFilter::default())
        .await
        .into_iter()
        .find(|k| k.workspace_id.is_none() && k.created_by.is_some())
        .expect("a key in the default workspace");
    let default_creator = client.user(&default_key.created_by.clone().unwrap().id).await.unwrap();

    let root = container();
    let app = mount_signed_in_at(&root, &format!("/api-keys?limit=100&workspace_id={}", workspace.id)).await;
    wait_for("our key", || row_of(&root, &ours.id).is_some()).await;
    wait_for("names instead of ids", || {
        let cells = cell_texts(&row_of(&root, &ours.id).unwrap());
        cells[2] == workspace.name && cells[3] == creator.name
    })
    .await;
    let table = find::<HtmlElement>(&root, "table").text_content().unwrap();
    assert!(!table.contains("user_"), "a creator is shown by id: {table}");
    assert!(!table.contains("wrkspc_"), "a workspace is shown by id: {table}");
    let hint = cell_texts(&row_of(&root, &ours.id).unwrap())[1].clone();
    assert_eq!(Some(hint), ours.partial_key_hint);
    drop(app);
    root.remove();

    let root = container();
    let app = mount_signed_in_at(&root, &format!("/api-keys?limit=100&created_by={}", default_creator.id)).await;
    wait_for("the default workspace by name", || {
        row_of(&root, &default_key.id).is_some_and(|row| {
            let cells = cell_texts(&row);
            cells[2] == "Default workspace" && cells[3] == default_creator.name
        })
    })
    .await;
    drop(app);
    root.remove();
}

#[wasm_bindgen_test]
async fn renames_deactivates_and_activates_a_key() {
    let client = test_server().await.admin_client();
    let ours = key_named(&client, OUR_KEY).await;
    assert_eq!(ours.status, ApiKeyStatus::Active);
    let workspace_id = ours.workspace_id.clone().unwrap();
    let root = container();
    let app = mount_signed_in_at(&root, &format!("/api-keys?workspace_id={workspace_id}")).await;
    wait_for("our key", || row_of(&root, &ours.id).is_some()).await;
    let row = || row_of(&root, &ours.id).unwrap();
    let input = || find::<HtmlInputElement>(&row(), "input[type=text]");
    let focused = || web_sys::window().unwrap().document().unwrap().active_element();

    // Escape cancels and keeps the name.
    button(&row(), &format!("Rename “{OUR_KEY}”")).click();
    wait_for("the name field, focused", || {
        try_find(&row(), "input[type=text]").is_some_and(|i| focused().is_some_and(|f| f == *i))
    })
    .await;
    assert_eq!(input().value(), OUR_KEY);
    type_into(&input(), "not saved");
    press_key(&input(), "Escape");
    wait_for("the field to close", || try_find(&row(), "input[type=text]").is_none()).await;
    assert_eq!(cell_texts(&row())[0], OUR_KEY);
    wait_for("the focus back on Rename", || {
        focused().and_then(|e| e.get_attribute("aria-label")) == Some(format!("Rename “{OUR_KEY}”"))
    })
    .await;

    // An empty name is refused before it is sent, and the field keeps what was typed.
    button(&row(), &format!("Rename “{OUR_KEY}”")).click();
    wait_for("the name field", || try_find(&row(), "input[type=text]").is_some()).await;
    type_into(&input(), "   ");
    button(&row(), "Save").click();
    wait_for("the name problem", || try_find(&row(), ".field-error").is_some()).await;
    assert_eq!(input().value(), "   ");

    // Enter saves.
    let new_name = format!("{OUR_KEY} renamed {}", unique());
    type_into(&input(), &format!("  {new_name} "));
    press_key(&input(), "Enter");
    wait_for("the new name on screen", || {
        row_of(&root, &ours.id)
            .is_some_and(|r| try_find(&r, "input[type=text]").is_none() && cell_texts(&r)[0] == new_name)
    })
    .await;
    assert_eq!(client.api_key(&ours.id).await.unwrap().name, new_name);

    // Deactivate, then activate.
    button(&row(), &format!("Deactivate “{new_name}”")).click();
    wait_for("Inactive on screen", || cell_texts(&row())[STATUS] == "Inactive").await;
    assert_eq!(client.api_key(&ours.id).await.unwrap().status, ApiKeyStatus::Inactive);
    button(&row(), &format!("Activate “{new_name}”")).click();
    wait_for("Active on screen", || cell_texts(&row())[STATUS] == "Active").await;
    assert_eq!(client.api_key(&ours.id).await.unwrap().status, ApiKeyStatus::Active);

    // Rename it back through the page.
    button(&row(), &format!("Rename “{new_name}”")).click();
    wait_for("the name field", || try_find(&row(), "input[type=text]").is_some()).await;
    type_into(&input(), OUR_KEY);
    button(&row(), "Save").click();
    wait_for("the old name on screen", || cell_texts(&row())[0] == OUR_KEY).await;
    drop(app);
    root.remove();

    // Whatever happened on screen, the key ends as it began.
    let update = ApiKeyUpdate {
        name: Some(OUR_KEY.to_owned()),
        status: Some(ApiKeyStatus::Active),
    };
    let restored = client.update_api_key(&ours.id, &update).await.unwrap();
    assert_eq!((restored.name, restored.status), (ours.name, ours.status));
}

#[wasm_bindgen_test]
async fn archiving_asks_first_and_archived_keys_have_no_actions() {
    let client = test_server().await.admin_client();
    let ours = key_named(&client, OUR_KEY).await;
    let root = container();
    let app = mount_signed_in_at(
        &root,
        &format!("/api-keys?workspace_id={}", ours.workspace_id.as_deref().unwrap()),
    )
    .await;
    wait_for("our key", || row_of(&root, &ours.id).is_some()).await;
    button(&row_of(&root, &ours.id).unwrap(), &format!("Archive “{OUR_KEY}”")).click();
    let dialog = || find::<HtmlElement>(&root, "dialog.confirm");
    wait_for("the confirmation", || dialog().has_attribute("open")).await;
    let text = dialog().text_content().unwrap();
    assert!(text.contains(OUR_KEY), "the dialog does not name the key: {text}");
    assert!(
        text.contains("final"),
        "the dialog does not say archiving is final: {text}"
    );
    button(&dialog(), "Cancel").click();
    wait_for("the dialog to close", || !dialog().has_attribute("open")).await;
    assert_eq!(client.api_key(&ours.id).await.unwrap().status, ApiKeyStatus::Active);
    drop(app);
    root.remove();

    let root = container();
    let app = mount_signed_in_at(&root, "/api-keys?status=archived").await;
    wait_for("archived keys", || !find_all(&root, "tbody tr").is_empty()).await;
    assert!(find_all(&root, "tbody tr")
        .iter()
        .all(|r| cell_texts(r)[STATUS] == "Archived"));
    assert!(
        root.query_selector("tbody button").unwrap().is_none(),
        "an archived key has an action"
    );
    drop(app);
    root.remove();
}

#[wasm_bindgen_test]
async fn legacy_expired_and_service_account_keys_show_what_they_are_and_offer_only_what_is_allowed() {
    let client = test_server().await.admin_client();
    // The demo's keys in today's shapes.
    let legacy = key_named(&client, "legacy production key").await;
    let expired = key_named(&client, "q3 load test").await;
    let bot = key_named(&client, "deploy bot").await;
    assert_eq!(
        (legacy.created_by.clone(), expired.status),
        (None, ApiKeyStatus::Expired)
    );

    let root = container();
    let app = mount_signed_in_at(&root, "/api-keys?limit=100").await;
    wait_for("the three keys", || {
        [&legacy, &expired, &bot].iter().all(|k| row_of(&root, &k.id).is_some())
    })
    .await;
    let cells = |key: &ApiKey| cell_texts(&row_of(&root, &key.id).unwrap());
    // No creator and no hint: said so, never a failed page.
    wait_for("the legacy key's creator", || {
        cells(&legacy)[3] == "Unknown creator (a legacy or system key)"
    })
    .await;
    assert_eq!(cells(&legacy)[1], "No hint");
    assert_eq!(cells(&legacy)[2], "Default workspace");
    assert_eq!(cells(&legacy)[5], "Never");
    // Expired: its expiry in the past, and only rename and archive offered.
    assert_eq!(cells(&expired)[STATUS], "Expired");
    assert!(cells(&expired)[5].ends_with("ago"), "{:?}", cells(&expired));
    let expired_row = row_of(&root, &expired.id).unwrap();
    assert!(try_button(&expired_row, "Archive “q3 load test”").is_some());
    assert!(try_button(&expired_row, "Activate “q3 load test”").is_none());
    assert!(try_button(&expired_row, "Deactivate “q3 load test”").is_none());
    // A service account's key says whom it acts as, and when it expires.
    assert!(
        cells(&bot)[3].contains("acts as service account svcacct_01DeployBot7Qx3m"),
        "{:?}",
        cells(&bot)
    );
    assert!(cells(&bot)[5].starts_with("in "), "{:?}", cells(&bot));
    drop(app);
    root.remove();

    // Expired keys can be filtered.
    let root = container();
    let app = mount_signed_in_at(&root, "/api-keys?status=expired").await;
    let only_expired = all_keys(
        &client,
        &ApiKeyFilter {
            status: Some(ApiKeyStatus::Expired),
            ..Default::default()
        },
    )
    .await;
    assert!(only_expired.iter().any(|k| k.id == expired.id));
    wait_for_names(&root, &only_expired).await;
    drop(app);
    root.remove();
}
