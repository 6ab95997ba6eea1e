//! The Members page, mounted in the whole console signed in against the reference server:
//! the demo members listed and paged, the email and role filters kept in the URL, changing a
//! role only on Save (Cancel puts it back; a refused change keeps the choice), admins locked,
//! and removing a member after a confirmation naming them.
//!
//! The Admin API cannot create members, so these tests act on demo members (server/src/demo.rs)
//! that no other test should touch:
//! - Nadia Lindqvist (nadia.lindqvist@…, `user`): her role is changed, then put back;
//! - Rosa Singh (rosa.singh@…, `user`): a read-only key fails to change her role (nothing changes);
//! - Jonas Byrne (jonas.byrne@…, `user`, creator of no API key): REMOVED from the organization.

use crate::common::*;
use admin_console::api::{ApiError, OrgRole, PageRequest, User, UserFilter};
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, HtmlInputElement};

const ROLE_CHANGED: &str = "nadia.lindqvist@northwind.example";
const ROLE_REFUSED: &str = "rosa.singh@northwind.example";
const REMOVED: &str = "jonas.byrne@northwind.example";
const ADMIN_REASON: &str = "Admins keep their role: the Admin API cannot change or remove an admin";

/// The member with this email, from the server.
async fn server_member(email: &str) -> Option<User> {
    let filter = UserFilter {
        email: Some(email.to_owned()),
        roles: vec![],
    };
    let page = test_server()
        .await
        .admin_client()
        .users(&PageRequest::default(), &filter)
        .await
        .unwrap();
    page.data.into_iter().next()
}

/// The (name, email, role) of each row on screen; the role as its wire name, read from the
/// row's picker or, for a locked admin or owner, from the text.
fn shown_members(root: &HtmlElement) -> Vec<(String, String, String)> {
    table_rows(root)
        .into_iter()
        .map(|(row, cells)| {
            let role = match role_picker(&row) {
                Some(picker) => value_of(&picker),
                None if cells[2].starts_with("Admin ") => "admin".to_owned(),
                None if cells[2].starts_with("Primary owner ") => "primary_owner".to_owned(),
                None if cells[2].starts_with("Owner ") => "owner".to_owned(),
                None => cells[2].clone(),
            };
            (cells[0].clone(), cells[1].clone(), role)
        })
        .collect()
}

/// The role picker of a row, if it has one.
fn role_picker(row: &HtmlElement) -> Option<HtmlElement> {
    try_find(row, "select[aria-label^='Role of']")
}

fn email_box(root: &HtmlElement) -> HtmlInputElement {
    find(root, "#member-email")
}

async fn wait_for_rows(root: &HtmlElement) {
    wait_for("the members list", || !table_rows(root).is_empty()).await;
}

/// Mounts the console at `path_and_query` signed in with the read-only admin key.
async fn mount_read_only_at(root: &HtmlElement, path_and_query: &str) -> Mounted<impl leptos::tachys::view::Mountable> {
    let server = test_server().await;
    clear_storage();
    mount_signed_in_to(root, path_and_query, &server.base_url, &server.read_only_key).await
}

#[wasm_bindgen_test]
async fn lists_the_demo_members_page_by_page() {
    let client = test_server().await.admin_client();
    let root = container();
    let app = mount_signed_in_at(&root, "/members?limit=20").await;
    wait_for_rows(&root).await;

    let first = client
        .users(
            &PageRequest {
                limit: Some(20),
                cursor: None,
            },
            &UserFilter::default(),
        )
        .await
        .unwrap();
    let expected: Vec<(String, String, String)> = first
        .data
        .iter()
        .map(|u| {
            (
                u.name.clone(),
                u.email.clone(),
                admin_console::api::WireName::as_str(u.role).to_owned(),
            )
        })
        .collect();
    let shown = shown_members(&root);
    assert_eq!(shown, expected);
    assert_eq!(shown[0].0, "Ada Okafor", "the oldest member first");
    let (_, cells) = table_rows(&root).remove(0);
    assert_eq!(cells[3], first.data[0].added_at[..10], "the added date");

    // The next page, through the pager, kept in the URL.
    try_button(&root, "Next page").unwrap().click();
    let last_id = first.last_id.clone().unwrap();
    wait_for("the second page", || {
        location_search().contains(&format!("after_id={last_id}")) && shown_members(&root).first() != shown.first()
    })
    .await;
    let second = client
        .users(
            &PageRequest {
                limit: Some(20),
                cursor: Some(admin_console::api::Cursor::After(last_id)),
            },
            &UserFilter::default(),
        )
        .await
        .unwrap();
    wait_for("the second page's rows", || {
        shown_members(&root).iter().map(|m| &m.1).collect::<Vec<_>>()
            == second.data.iter().map(|u| &u.email).collect::<Vec<_>>()
    })
    .await;

    // And back.
    try_button(&root, "Previous page").unwrap().click();
    wait_for("the first page again", || shown_members(&root).first() == shown.first()).await;

    drop(app);
    root.remove();
}

#[wasm_bindgen_test]
async fn the_email_filter_narrows_to_one_member() {
    let root = container();
    let app = mount_signed_in_at(&root, "/members").await;
    wait_for_rows(&root).await;

    // Exact, in any case; applied on submit.
    set_value(&email_box(&root), "  Grace.Tanaka@NORTHWIND.example ");
    assert!(table_rows(&root).len() > 1, "not applied while typing");
    find::<HtmlElement>(&root, ".member-email-filter button[type=submit]").click();
    wait_for("one row", || table_rows(&root).len() == 1).await;
    let shown = shown_members(&root);
    assert_eq!(shown[0].0, "Grace Tanaka");
    assert_eq!(shown[0].1, "grace.tanaka@northwind.example");
    assert!(
        location_search().contains("email=Grace.Tanaka%40NORTHWIND.example"),
        "{}",
        location_search()
    );
    let on_server = server_member("Grace.Tanaka@NORTHWIND.example").await.unwrap();
    assert_eq!(on_server.name, "Grace Tanaka");

    // A partial address matches nobody: the empty state says why and clears.
    set_value(&email_box(&root), "grace");
    find::<HtmlElement>(&root, ".member-email-filter button[type=submit]").click();
    wait_for("the empty state", || try_find(&root, ".empty").is_some()).await;
    assert!(text_of(&find(&root, ".empty")).contains("whole address"));
    try_button(&root, "Clear the filters").unwrap().click();
    wait_for("every member again", || table_rows(&root).len() > 1).await;
    assert!(!location_search().contains("email="), "{}", location_search());
    assert_eq!(email_box(&root).value(), "");

    drop(app);
    root.remove();
}

#[wasm_bindgen_test]
async fn the_role_filter_keeps_several_roles_in_the_url() {
    let client = test_server().await.admin_client();
    let root = container();
    let app = mount_signed_in_at(&root, "/members?role=billing&limit=100").await;
    wait_for_rows(&root).await;

    let billing = client
        .count_users(&UserFilter {
            email: None,
            roles: vec![OrgRole::Billing],
        })
        .await
        .unwrap();
    wait_for("the billing members", || table_rows(&root).len() == billing).await;
    assert!(shown_members(&root).iter().all(|m| m.2 == "billing"));
    let admin_box: HtmlInputElement = find_all(&root, ".role-filter label")
        .into_iter()
        .find(|l| text_of(l) == "Admin")
        .map(|l| find(&l, "input"))
        .unwrap();
    let billing_box: HtmlInputElement = find_all(&root, ".role-filter label")
        .into_iter()
        .find(|l| text_of(l) == "Billing")
        .map(|l| find(&l, "input"))
        .unwrap();
    assert!(billing_box.checked() && !admin_box.checked());

    admin_box.click();
    let both = client
        .count_users(&UserFilter {
            email: None,
            roles: vec![OrgRole::Billing, OrgRole::Admin],
        })
        .await
        .unwrap();
    wait_for("billing and admin members", || table_rows(&root).len() == both).await;
    assert!(both > billing);
    assert!(
        location_search().contains("role=billing") && location_search().contains("role=admin"),
        "{}",
        location_search()
    );

    drop(app);
    root.remove();
}

#[wasm_bindgen_test]
async fn admins_have_no_role_picker_and_no_remove() {
    let root = container();
    let app = mount_signed_in_at(&root, "/members?role=admin").await;
    wait_for_rows(&root).await;

    let rows = table_rows(&root);
    assert_eq!(rows.len(), 3, "the demo's three admins");
    for (row, cells) in rows {
        assert!(role_picker(&row).is_none(), "a picker for admin {}", cells[0]);
        assert!(try_find(&row, "button").is_none(), "a button for admin {}", cells[0]);
        assert_eq!(cells[2], format!("Admin {ADMIN_REASON}"));
    }

    drop(app);
    root.remove();
}

#[wasm_bindgen_test]
async fn owners_are_locked_like_admins_and_enterprise_roles_are_shown_by_name() {
    // test-console.sh adds a member with each Enterprise role.
    for (role, label) in [("owner", "Owner"), ("primary_owner", "Primary owner")] {
        let root = container();
        let app = mount_signed_in_at(&root, &format!("/members?email={role}@fixtures.example")).await;
        wait_for_rows(&root).await;
        let (row, cells) = table_rows(&root).remove(0);
        assert_eq!(
            cells[2],
            format!("{label} Owners have every admin permission: the Admin API cannot change or remove an owner")
        );
        assert!(
            role_picker(&row).is_none() && try_find(&row, "button").is_none(),
            "{role}"
        );
        drop(app);
        root.remove();
    }

    // A membership admin or a managed member keeps their role shown and may be given a Console one.
    let root = container();
    let app = mount_signed_in_at(&root, "/members?email=membership_admin@fixtures.example").await;
    wait_for_rows(&root).await;
    let (row, _) = table_rows(&root).remove(0);
    let picker = role_picker(&row).expect("a role picker for a membership admin");
    assert_eq!(value_of(&picker), "membership_admin");
    assert_eq!(
        option_values(&picker),
        ["membership_admin", "user", "developer", "billing", "claude_code_user"]
    );
    assert_eq!(text_of(&find(&picker, "option")), "Membership admin");
    assert!(try_button(
        &row,
        "Remove Fixture membership admin (membership_admin@fixtures.example)"
    )
    .is_some());
    drop(app);
    root.remove();

    let managed = "managed@fixtures.example";
    let root = container();
    let app = mount_signed_in_at(&root, &format!("/members?email={managed}")).await;
    wait_for_rows(&root).await;
    let (row, _) = table_rows(&root).remove(0);
    let picker = role_picker(&row).expect("a role picker for a managed member");
    assert_eq!(value_of(&picker), "managed");
    set_value(&picker, "developer");
    button(&row, "Save role of Fixture managed").click();
    wait_for("the success toast", || {
        toast_texts(&root).contains(&"Fixture managed is now Developer.".to_owned())
    })
    .await;
    assert_eq!(server_member(managed).await.unwrap().role, OrgRole::Developer);
    drop(app);
    root.remove();
}

#[wasm_bindgen_test]
async fn changes_a_role_on_the_server_and_back() {
    assert_eq!(server_member(ROLE_CHANGED).await.unwrap().role, OrgRole::User);
    let root = container();
    let app = mount_signed_in_at(&root, &format!("/members?email={ROLE_CHANGED}")).await;
    wait_for_rows(&root).await;
    let (row, _) = table_rows(&root).remove(0);
    let picker = role_picker(&row).expect("a role picker");
    assert_eq!(value_of(&picker), "user");
    // Only the roles the contract allows to assign.
    let offered: Vec<String> = find_all(&picker, "option")
        .iter()
        .map(|o| o.get_attribute("value").unwrap())
        .collect();
    assert_eq!(offered, ["user", "developer", "billing", "claude_code_user"]);

    // Choosing alone sends nothing (arrow keys over a closed select fire `change` in Chrome).
    set_value(&picker, "developer");
    sleep(300).await;
    assert_eq!(server_member(ROLE_CHANGED).await.unwrap().role, OrgRole::User);
    // Cancel puts the server's role back; choosing again and Save sends the one change.
    button(&row, "Cancel role change of Nadia Lindqvist").click();
    wait_for("the picker back on the role", || value_of(&picker) == "user").await;
    assert!(row
        .query_selector(".role-choice-actions:not([hidden])")
        .unwrap()
        .is_none());
    set_value(&picker, "developer");
    button(&row, "Save role of Nadia Lindqvist").click();
    wait_for("the success toast", || {
        toast_texts(&root).contains(&"Nadia Lindqvist is now Developer.".to_owned())
    })
    .await;
    assert_eq!(server_member(ROLE_CHANGED).await.unwrap().role, OrgRole::Developer);
    // The list is asked again (the change may show elsewhere too) and the changed row is drawn
    // again from the server's answer.
    wait_for("the row drawn again with the new role", || {
        table_rows(&root)
            .first()
            .and_then(|(row, _)| role_picker(row))
            .is_some_and(|p| !p.is_same_node(Some(&picker)) && value_of(&p) == "developer")
    })
    .await;
    let (row, _) = table_rows(&root).remove(0);
    let picker = role_picker(&row).expect("a role picker");

    // Put back through the page too.
    wait_for("the picker enabled again", || !picker.has_attribute("disabled")).await;
    set_value(&picker, "user");
    button(&row, "Save role of Nadia Lindqvist").click();
    wait_for("the second toast", || {
        toast_texts(&root).contains(&"Nadia Lindqvist is now User.".to_owned())
    })
    .await;
    assert_eq!(server_member(ROLE_CHANGED).await.unwrap().role, OrgRole::User);

    drop(app);
    root.remove();
}

#[wasm_bindgen_test]
async fn a_refused_role_change_says_why_and_keeps_the_choice_until_cancelled() {
    let root = container();
    let app = mount_read_only_at(&root, &format!("/members?email={ROLE_REFUSED}")).await;
    wait_for_rows(&root).await;
    let (row, _) = table_rows(&root).remove(0);
    let picker = role_picker(&row).expect("a role picker");
    assert_eq!(value_of(&picker), "user");

    set_value(&picker, "billing");
    button(&row, "Save role of Rosa Singh").click();
    wait_for("the failure toast", || {
        toast_texts(&root)
            .iter()
            .any(|t| t.starts_with("Could not change the role of Rosa Singh"))
    })
    .await;
    let toast = toast_texts(&root)
        .into_iter()
        .find(|t| t.starts_with("Could not change the role of Rosa Singh"))
        .unwrap();
    assert!(toast.contains("read-only"), "{toast}");
    assert!(toast.ends_with("Their role stays User."), "{toast}");
    // The chosen role stays, to save again or cancel.
    assert_eq!(value_of(&picker), "billing");
    assert_eq!(server_member(ROLE_REFUSED).await.unwrap().role, OrgRole::User);
    button(&row, "Cancel role change of Rosa Singh").click();
    wait_for("the picker back on the real role", || value_of(&picker) == "user").await;

    drop(app);
    root.remove();
    clear_storage();
}

#[wasm_bindgen_test]
async fn removes_a_member_after_a_confirmation_naming_them() {
    let member = server_member(REMOVED).await.expect("the demo member to remove");
    let root = container();
    let app = mount_signed_in_at(&root, &format!("/members?email={REMOVED}")).await;
    wait_for_rows(&root).await;
    let (row, _) = table_rows(&root).remove(0);
    let remove = try_button(&row, "Remove").expect("a Remove button");

    // Cancelling keeps them.
    remove.click();
    let dialog: HtmlElement = find(&root, "dialog.confirm");
    wait_for("the dialog", || dialog.has_attribute("open")).await;
    let text = text_of(&dialog);
    assert!(text.contains("Remove Jonas Byrne?"), "{text}");
    assert!(text.contains(&format!("Jonas Byrne ({REMOVED})")), "{text}");
    assert!(
        text.contains("every workspace") && text.contains("API keys they created stay"),
        "{text}"
    );
    try_button(&dialog, "Cancel").unwrap().click();
    wait_for("the dialog closed", || !dialog.has_attribute("open")).await;
    assert!(server_member(REMOVED).await.is_some());

    // Confirming removes them.
    remove.click();
    wait_for("the dialog again", || dialog.has_attribute("open")).await;
    try_button(&dialog, "Remove Jonas Byrne").unwrap().click();
    wait_for("the success toast", || {
        toast_texts(&root).contains(&format!("Removed Jonas Byrne ({REMOVED}) from the organization."))
    })
    .await;
    wait_for("the empty list", || try_find(&root, ".empty").is_some()).await;
    assert!(!dialog.has_attribute("open"));
    assert!(server_member(REMOVED).await.is_none());
    match test_server().await.admin_client().user(&member.id).await {
        Err(ApiError::Http(e)) => assert_eq!(e.status, 404),
        other => panic!("the removed member still answers: {:?}", other.map(|u| u.email)),
    }

    drop(app);
    root.remove();
}
