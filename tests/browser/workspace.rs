//! Resolving the active workspace: the URL's `?workspace=`, then the tab's stored choice, then
//! the first active workspace, with a notice for an unknown or archived id.

use admin_console::api::Workspace;
use admin_console::state::workspace::{resolve, Resolution};
use wasm_bindgen_test::*;

fn workspace(id: &str, name: &str, archived: bool) -> Workspace {
    Workspace {
        id: id.to_owned(),
        name: name.to_owned(),
        created_at: "2024-10-30T23:58:27.427722Z".to_owned(),
        archived_at: archived.then(|| "2024-11-01T00:00:00.000000Z".to_owned()),
        display_color: Some("#123456".to_owned()),
        compartment_id: None,
        data_residency: None,
        tags: Default::default(),
        external_key_id: None,
        user_profile_id: None,
    }
}

fn all() -> Vec<Workspace> {
    vec![
        workspace("wrkspc_old", "Legacy", true),
        workspace("wrkspc_a", "Production", false),
        workspace("wrkspc_b", "Staging", false),
        workspace("wrkspc_c", "Research", false),
    ]
}

fn active_id(resolution: &Resolution) -> Option<&str> {
    resolution.active.as_ref().map(|w| w.id.as_str())
}

#[wasm_bindgen_test]
fn the_url_comes_first() {
    let r = resolve(Some("wrkspc_c"), Some("wrkspc_b"), &all());
    assert_eq!(active_id(&r), Some("wrkspc_c"));
    assert_eq!(r.notice, None);
}

#[wasm_bindgen_test]
fn then_the_tab_s_stored_choice() {
    let r = resolve(None, Some("wrkspc_b"), &all());
    assert_eq!(active_id(&r), Some("wrkspc_b"));
    assert_eq!(r.notice, None);
}

#[wasm_bindgen_test]
fn then_the_first_active_workspace() {
    let r = resolve(None, None, &all());
    assert_eq!(active_id(&r), Some("wrkspc_a"), "the archived one is skipped");
    // A stored choice that was archived since is skipped silently.
    let r = resolve(None, Some("wrkspc_old"), &all());
    assert_eq!(active_id(&r), Some("wrkspc_a"));
}

#[wasm_bindgen_test]
fn an_unknown_id_in_the_url_is_explained_and_falls_back() {
    let r = resolve(Some("wrkspc_nope"), Some("wrkspc_b"), &all());
    assert_eq!(active_id(&r), Some("wrkspc_b"));
    let notice = r.notice.unwrap();
    assert!(notice.contains("wrkspc_nope"), "{notice}");
    assert!(notice.contains("does not have"), "{notice}");
    assert!(notice.contains("Showing “Staging” instead."), "{notice}");
}

#[wasm_bindgen_test]
fn an_archived_id_in_the_url_is_explained_and_falls_back() {
    let r = resolve(Some("wrkspc_old"), None, &all());
    assert_eq!(active_id(&r), Some("wrkspc_a"));
    let notice = r.notice.unwrap();
    assert!(notice.contains("“Legacy”"), "{notice}");
    assert!(notice.contains("archived"), "{notice}");
}

#[wasm_bindgen_test]
fn no_active_workspace_at_all() {
    let only_archived = vec![workspace("wrkspc_old", "Legacy", true)];
    let r = resolve(None, None, &only_archived);
    assert_eq!(r.active, None);
    assert_eq!(r.notice, None);
    let r = resolve(Some("wrkspc_old"), None, &only_archived);
    assert_eq!(r.active, None);
    assert!(!r.notice.unwrap().contains("instead"));
}
