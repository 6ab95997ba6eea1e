//! The Workspaces page, mounted in the whole console signed in against the reference server:
//! creating, renaming inline and archiving (after typing the name) workspaces this test made,
//! archived ones on request, and the wording of the cap of 100 active workspaces.

use crate::common::*;
use admin_console::api::{Client, CreateWorkspace, Workspace};
use admin_console::pages::{cap_status, checked_name, MAX_ACTIVE_WORKSPACES};
use wasm_bindgen_test::*;
use web_sys::{HtmlButtonElement, HtmlElement};

async fn server_workspace(client: &Client, id: &str) -> Workspace {
    client.workspace(id).await.unwrap()
}

/// The row whose name cell shows `name` (the name, maybe followed by "Archived").
fn row_named(root: &HtmlElement, name: &str) -> Option<(HtmlElement, Vec<String>)> {
    table_rows(root)
        .into_iter()
        .find(|(row, _)| try_find(row, "td a").is_some_and(|a| text_of(&a) == name))
}

fn row_with_id(root: &HtmlElement, id: &str) -> Option<(HtmlElement, Vec<String>)> {
    table_rows(root).into_iter().find(|(_, cells)| cells[1] == id)
}

/// Whether the row shows its rename box (it is always there, hidden when not renaming).
fn renaming(row: &HtmlElement) -> bool {
    try_find(row, ".inline-edit:not([hidden])").is_some()
}

fn cap_text(root: &HtmlElement) -> String {
    try_find(root, "#workspace-cap")
        .map(|e| text_of(&e))
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn creates_a_workspace_with_a_name_and_a_color() {
    let server = test_server().await;
    let client = server.admin_client();
    let name = format!("Created {}", unique());
    let root = container();
    let app = mount_signed_in_at(&root, "/workspaces?limit=500").await;
    wait_for("the list", || !table_rows(&root).is_empty()).await;
    wait_for("the count", || cap_text(&root).contains("of 100 active workspaces")).await;
    let active_before = client.all_workspaces(false).await.unwrap().len();
    assert!(
        cap_text(&root).starts_with(&format!("{active_before} of 100")),
        "{}",
        cap_text(&root)
    );

    let name_input: HtmlElement = find(&root, "#workspace-name");
    let color_input: HtmlElement = find(&root, "#workspace-color");
    assert!(value_of(&color_input).starts_with('#'), "a default color");

    // Too long: said so, nothing sent, nothing lost.
    let too_long = "x".repeat(41);
    set_value(&name_input, &too_long);
    try_button(&root, "Create workspace").unwrap().click();
    wait_for("the error", || try_find(&root, ".workspace-form .alert").is_some()).await;
    assert!(text_of(&find(&root, ".workspace-form .alert")).contains("1 to 40 characters"));
    assert_eq!(value_of(&name_input), too_long);

    set_value(&name_input, &format!("  {name}  "));
    set_value(&color_input, "#aa3366");
    try_button(&root, "Create workspace").unwrap().click();

    wait_for("the new row", || row_named(&root, &name).is_some()).await;
    wait_for("the toast", || {
        toast_texts(&root).contains(&format!("Created the workspace “{name}”"))
    })
    .await;
    assert_eq!(value_of(&name_input), "", "the form is cleared");
    assert!(try_find(&root, ".workspace-form .alert").is_none());
    // The workspaces context reloaded: the count follows.
    wait_for("the count to follow", || {
        cap_text(&root).starts_with(&format!("{} of 100", active_before + 1))
    })
    .await;

    let all = client.all_workspaces(false).await.unwrap();
    let created = all
        .iter()
        .find(|w| w.name == name)
        .expect("the workspace on the server");
    assert_eq!(created.display_color.as_deref(), Some("#AA3366"));
    let (row, cells) = row_named(&root, &name).unwrap();
    assert_eq!(cells[1], created.id);
    let link: HtmlElement = find(&row, "td a");
    assert_eq!(
        link.get_attribute("href").as_deref(),
        Some(format!("/workspaces/{}", created.id).as_str())
    );

    drop(app);
    root.remove();
}

#[wasm_bindgen_test]
async fn renames_a_workspace_inline() {
    let server = test_server().await;
    let client = server.admin_client();
    let u = unique();
    let (old, new) = (format!("Rename me {u}"), format!("Renamed {u}"));
    let workspace = client.create_workspace(&CreateWorkspace::named(&old)).await.unwrap();

    let root = container();
    let app = mount_signed_in_at(&root, "/workspaces?limit=500").await;
    wait_for("the row", || row_named(&root, &old).is_some()).await;
    let row = || row_with_id(&root, &workspace.id).unwrap().0;

    // Escape cancels.
    assert!(!renaming(&row()));
    try_button(&row(), "Rename").unwrap().click();
    wait_for("the input", || renaming(&row())).await;
    let input: HtmlElement = find(&row(), ".inline-edit input");
    assert_eq!(value_of(&input), old);
    wait_for("the focus on the input", || {
        let focused = web_sys::window().unwrap().document().unwrap().active_element();
        focused.as_ref() == Some(input.as_ref())
    })
    .await;
    set_value(&input, "Not this one");
    press_key(&input, "Escape");
    wait_for("the name again", || !renaming(&row())).await;
    assert!(row_named(&root, &old).is_some());
    let rename = try_button(&row(), "Rename").unwrap();
    wait_for("the focus back on Rename", || {
        let focused = web_sys::window().unwrap().document().unwrap().active_element();
        focused.as_ref() == Some(rename.as_ref())
    })
    .await;

    // A name too long: said so, and the typed name stays.
    try_button(&row(), "Rename").unwrap().click();
    wait_for("the input", || renaming(&row())).await;
    let input: HtmlElement = find(&row(), ".inline-edit input");
    assert_eq!(value_of(&input), old, "editing starts from the current name");
    let too_long = "y".repeat(41);
    set_value(&input, &too_long);
    press_key(&input, "Enter");
    wait_for("the problem under the box", || {
        try_find(&row(), ".field-error").is_some_and(|e| text_of(&e).contains("1 to 40"))
    })
    .await;
    assert!(renaming(&row()));
    assert_eq!(value_of(&find(&row(), ".inline-edit input")), too_long);

    // Enter saves.
    let input: HtmlElement = find(&row(), ".inline-edit input");
    set_value(&input, &format!(" {new} "));
    press_key(&input, "Enter");
    wait_for("the new name", || row_named(&root, &new).is_some()).await;
    assert!(!renaming(&row()));
    wait_for("the toast", || {
        toast_texts(&root).contains(&format!("Renamed “{old}” to “{new}”"))
    })
    .await;
    assert_eq!(server_workspace(&client, &workspace.id).await.name, new);

    // The Save button saves too.
    try_button(&row(), "Rename").unwrap().click();
    wait_for("the input", || renaming(&row())).await;
    set_value(&find(&row(), ".inline-edit input"), &old);
    try_button(&row(), "Save").unwrap().click();
    wait_for("the old name back", || row_named(&root, &old).is_some()).await;
    assert_eq!(server_workspace(&client, &workspace.id).await.name, old);

    drop(app);
    root.remove();
}

#[wasm_bindgen_test]
async fn an_open_rename_keeps_what_was_typed_when_another_row_is_saved() {
    let server = test_server().await;
    let client = server.admin_client();
    let u = unique();
    let (a, b, b_new) = (format!("Open {u}"), format!("Other {u}"), format!("Other saved {u}"));
    let first = client.create_workspace(&CreateWorkspace::named(&a)).await.unwrap();
    let second = client.create_workspace(&CreateWorkspace::named(&b)).await.unwrap();

    let root = container();
    let app = mount_signed_in_at(&root, "/workspaces?limit=500").await;
    wait_for("the rows", || {
        row_named(&root, &a).is_some() && row_named(&root, &b).is_some()
    })
    .await;
    let row = |id: &str| row_with_id(&root, id).unwrap().0;

    // Half-way through renaming the first workspace...
    try_button(&row(&first.id), "Rename").unwrap().click();
    wait_for("the first box", || renaming(&row(&first.id))).await;
    set_value(&find(&row(&first.id), ".inline-edit input"), "Half typed");

    // ...the second one is renamed and saved: the list is drawn again.
    try_button(&row(&second.id), "Rename").unwrap().click();
    wait_for("the second box", || renaming(&row(&second.id))).await;
    let second_input: HtmlElement = find(&row(&second.id), ".inline-edit input");
    set_value(&second_input, &b_new);
    press_key(&second_input, "Enter");
    wait_for("the second's new name", || row_named(&root, &b_new).is_some()).await;
    wait_for("the toast", || {
        toast_texts(&root).contains(&format!("Renamed “{b}” to “{b_new}”"))
    })
    .await;

    // The first box is still open with what was typed, and the server still has the old name.
    assert!(renaming(&row(&first.id)));
    assert_eq!(value_of(&find(&row(&first.id), ".inline-edit input")), "Half typed");
    assert_eq!(server_workspace(&client, &first.id).await.name, a);

    drop(app);
    root.remove();
}

#[wasm_bindgen_test]
async fn archives_a_workspace_only_after_typing_its_name() {
    let server = test_server().await;
    let client = server.admin_client();
    let name = format!("Archive me {}", unique());
    let workspace = client
        .create_workspace(&CreateWorkspace {
            display_color: Some("#112233".into()),
            ..CreateWorkspace::named(&name)
        })
        .await
        .unwrap();

    let root = container();
    let app = mount_signed_in_at(&root, "/workspaces?limit=500").await;
    wait_for("the row", || row_named(&root, &name).is_some()).await;
    let (row, _) = row_named(&root, &name).unwrap();
    try_button(&row, "Archive").unwrap().click();

    wait_for("the dialog", || try_find(&root, "dialog.confirm[open]").is_some()).await;
    let dialog: HtmlElement = find(&root, "dialog.confirm");
    let text = text_of(&dialog);
    assert!(text.contains("cannot be undone"), "{text}");
    assert!(text.contains("API keys become archived"), "{text}");
    let confirm: HtmlButtonElement = find(&dialog, "button[type=submit]");
    let typed: HtmlElement = find(&dialog, ".confirm-typed");
    assert!(confirm.disabled(), "disabled before the name is typed");
    set_value(&typed, "Archive me");
    assert!(confirm.disabled(), "disabled for another name");
    set_value(&typed, &name);
    wait_for("the confirm button", || !confirm.disabled()).await;
    assert!(server_workspace(&client, &workspace.id).await.archived_at.is_none());
    confirm.click();

    wait_for("the row to go", || row_with_id(&root, &workspace.id).is_none()).await;
    wait_for("the toast", || {
        toast_texts(&root).contains(&format!("Archived the workspace “{name}”"))
    })
    .await;
    assert!(server_workspace(&client, &workspace.id).await.archived_at.is_some());

    // Archived workspaces on request, marked, without actions; the choice is kept in the URL.
    let show_archived: HtmlElement = find(&root, ".toolbar input[type=checkbox]");
    show_archived.click();
    wait_for("the archived row", || row_with_id(&root, &workspace.id).is_some()).await;
    let search = web_sys::window().unwrap().location().search().unwrap();
    assert!(search.contains("archived=1"), "{search}");
    let (row, cells) = row_with_id(&root, &workspace.id).unwrap();
    assert!(cells[0].contains("Archived"), "{:?}", cells[0]);
    assert!(
        find_all(&row, "button").is_empty(),
        "no actions on an archived workspace"
    );
    assert!(
        row_named(&root, "Legacy 2023").is_some(),
        "the demo's archived workspace"
    );

    drop(app);
    root.remove();
}

#[wasm_bindgen_test]
fn warns_near_the_cap_and_stops_at_it() {
    assert_eq!(MAX_ACTIVE_WORKSPACES, 100);
    let far = cap_status(7);
    assert_eq!(far.count, "7 of 100 active workspaces");
    assert_eq!((far.warning, far.can_create), (None, true));
    assert_eq!(cap_status(89).warning, None);

    let near = cap_status(90);
    assert!(near.can_create);
    assert!(near.warning.unwrap().contains("only 10 more workspaces can be created"));
    let last = cap_status(99);
    assert!(last.can_create);
    assert!(last.warning.unwrap().contains("only 1 more workspace can be created"));

    for full in [100, 101] {
        let status = cap_status(full);
        assert!(!status.can_create);
        assert!(status.warning.unwrap().starts_with("Creating is disabled"));
    }
}

#[wasm_bindgen_test]
fn checks_names_as_the_server_does() {
    assert_eq!(checked_name("  Research  ").as_deref(), Ok("Research"));
    assert!(checked_name("   ").is_err());
    assert!(checked_name(&"x".repeat(40)).is_ok());
    assert!(checked_name(&"x".repeat(41)).unwrap_err().contains("it has 41"));
    // Characters, not bytes.
    assert!(checked_name(&"é".repeat(40)).is_ok());
}
