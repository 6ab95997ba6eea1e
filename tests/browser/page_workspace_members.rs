//! The workspace membership page, opened signed in against the reference server's demo
//! organization. Each test creates its own workspace (archived at the end) and adds demo
//! users to it, so no demo workspace's membership changes.

use crate::common::*;
use admin_console::api::{
    AllowedInferenceGeos, Client, CreateWorkspace, InferenceGeo, OrgRole, PageRequest, User, UserFilter, Workspace,
    WorkspaceRole,
};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, HtmlInputElement, HtmlSelectElement};

const ADMIN_LOCK: &str = "Organization admin or owner: admins and owners are workspace admins everywhere";

async fn new_workspace(client: &Client, what: &str) -> Workspace {
    client
        .create_workspace(&CreateWorkspace {
            display_color: Some("#0E7490".into()),
            ..CreateWorkspace::named(&format!("WM {what} {}", unique()))
        })
        .await
        .unwrap()
}

async fn users_with(client: &Client, roles: &[OrgRole]) -> Vec<User> {
    let page = PageRequest {
        limit: Some(1000),
        cursor: None,
    };
    let filter = UserFilter {
        email: None,
        roles: roles.to_vec(),
    };
    let users = client.users(&page, &filter).await.unwrap().data;
    assert!(!users.is_empty(), "the demo has no users with roles {roles:?}");
    users
}

fn row(root: &HtmlElement, user_id: &str) -> Option<HtmlElement> {
    try_find(root, &format!("tr[data-user-id='{user_id}']"))
}

fn search(root: &HtmlElement) -> HtmlInputElement {
    find(root, "#member-search")
}

/// The picker's result buttons' texts.
fn results(root: &HtmlElement) -> Vec<String> {
    find_all(root, ".picker-results button").iter().map(text_of).collect()
}

/// Whether the picker shows the outcome of a search (results, or that nobody matches).
fn picker_answered(root: &HtmlElement) -> bool {
    !results(root).is_empty() || text_of(&find(root, ".add-member")).contains("Nobody outside this workspace matches")
}

async fn role_on_server(client: &Client, workspace: &Workspace, user: &User) -> Option<WorkspaceRole> {
    match client.workspace_member(&workspace.id, &user.id).await {
        Ok(member) => Some(member.workspace_role),
        Err(error) if error.status() == Some(404) => None,
        Err(error) => panic!("reading the membership: {error}"),
    }
}

/// Waits (up to 5 s) until the server has `user` in `workspace` with `role` (or not at all).
async fn wait_for_server(client: &Client, workspace: &Workspace, user: &User, role: Option<WorkspaceRole>) {
    for _ in 0..50 {
        if role_on_server(client, workspace, user).await == role {
            return;
        }
        sleep(100).await;
    }
    panic!(
        "the server has {} as {:?}, expected {role:?}",
        user.name,
        role_on_server(client, workspace, user).await
    );
}

#[wasm_bindgen_test]
async fn adds_re_roles_and_removes_a_member() {
    let client = test_server().await.admin_client();
    let workspace = new_workspace(&client, "add").await;
    let person = users_with(&client, &[OrgRole::Developer, OrgRole::User]).await[0].clone();
    let root = container();
    let app = mount_signed_in_at(&root, &format!("/workspaces/{}", workspace.id)).await;
    wait_for("the heading", || {
        try_find(&root, "h1").is_some_and(|h| text_of(&h).trim() == workspace.name)
    })
    .await;

    // Find them by part of their name, in another case.
    let partial: String = person.name.chars().skip(1).collect::<String>().to_uppercase();
    type_into(&search(&root), &partial);
    wait_for("the person among the results", || {
        results(&root).iter().any(|r| r.contains(&person.email))
    })
    .await;
    let pick = root
        .query_selector_all(".picker-results button")
        .unwrap()
        .values()
        .into_iter()
        .map(|n| n.unwrap().unchecked_into::<HtmlElement>())
        .find(|b| text_of(b).contains(&person.email))
        .unwrap();
    pick.click();
    wait_for("the selection", || {
        text_of(&find(&root, ".add-member .chosen")).contains(&person.name)
    })
    .await;
    choose(
        &find::<HtmlSelectElement>(&root, ".add-member select"),
        "workspace_developer",
    );
    button(&root, "Add").click();
    wait_for_server(&client, &workspace, &person, Some(WorkspaceRole::WorkspaceDeveloper)).await;
    wait_for("the new member's row, by name and email", || {
        row(&root, &person.id)
            .is_some_and(|r| text_of(&r).contains(&person.name) && text_of(&r).contains(&person.email))
    })
    .await;
    assert_eq!(search(&root).value(), "", "the search stays after adding");

    // The picker leaves out current members.
    type_into(&search(&root), &partial);
    wait_for("the picker to answer", || picker_answered(&root)).await;
    assert!(
        !results(&root).iter().any(|r| r.contains(&person.email)),
        "a current member is offered: {:?}",
        results(&root)
    );

    // Change their role.
    let select = find::<HtmlSelectElement>(&row(&root, &person.id).unwrap(), "select");
    assert_eq!(select.value(), "workspace_developer");
    assert_eq!(
        select.get_attribute("aria-label").as_deref(),
        Some(format!("Workspace role of {}", person.name).as_str())
    );
    choose(&select, "workspace_admin");
    button(
        &row(&root, &person.id).unwrap(),
        &format!("Save workspace role of {}", person.name),
    )
    .click();
    wait_for_server(&client, &workspace, &person, Some(WorkspaceRole::WorkspaceAdmin)).await;

    // Remove them, after a confirmation that names them and the workspace.
    wait_for("the remove button", || {
        row(&root, &person.id)
            .and_then(|r| try_button(&r, &format!("Remove {}", person.name)))
            .is_some_and(|b| !b.disabled())
    })
    .await;
    button(&row(&root, &person.id).unwrap(), &format!("Remove {}", person.name)).click();
    let dialog = || find::<HtmlElement>(&root, "dialog.confirm");
    wait_for("the confirmation", || dialog().has_attribute("open")).await;
    let asked = text_of(&dialog());
    assert!(
        asked.contains(&person.name) && asked.contains(&workspace.name),
        "{asked}"
    );
    button(&dialog(), &format!("Remove {}", person.name)).click();
    wait_for_server(&client, &workspace, &person, None).await;
    wait_for("the row to go", || row(&root, &person.id).is_none()).await;

    // Once removed, they can be found again.
    type_into(&search(&root), "");
    type_into(&search(&root), &partial);
    wait_for("the person offered again", || {
        results(&root).iter().any(|r| r.contains(&person.email))
    })
    .await;

    drop(app);
    root.remove();
    client.archive_workspace(&workspace.id).await.unwrap();
}

#[wasm_bindgen_test]
async fn inherited_members_are_locked_with_why() {
    let client = test_server().await.admin_client();
    let workspace = new_workspace(&client, "inherited").await;
    let admin = users_with(&client, &[OrgRole::Admin]).await[0].clone();
    let billing = users_with(&client, &[OrgRole::Billing]).await[0].clone();
    let root = container();
    let app = mount_signed_in_at(&root, &format!("/workspaces/{}?limit=100", workspace.id)).await;

    wait_for("the admin, locked", || {
        row(&root, &admin.id).is_some_and(|r| text_of(&r).contains(&admin.name) && text_of(&r).contains(ADMIN_LOCK))
    })
    .await;
    let admin_row = row(&root, &admin.id).unwrap();
    assert!(
        admin_row.query_selector("select, button").unwrap().is_none(),
        "an admin can be changed"
    );
    // Owners (test-console.sh adds them) are admins in all but name.
    for owner in users_with(&client, &[OrgRole::Owner, OrgRole::PrimaryOwner]).await {
        wait_for("the owner, locked as workspace admin", || {
            row(&root, &owner.id).is_some_and(|r| {
                let text = text_of(&r);
                text.contains(&owner.name) && text.contains(ADMIN_LOCK) && text.contains("Admin")
            })
        })
        .await;
        assert!(row(&root, &owner.id)
            .unwrap()
            .query_selector("select, button")
            .unwrap()
            .is_none());
    }

    wait_for("the billing member, locked", || {
        row(&root, &billing.id).is_some_and(|r| text_of(&r).contains("Billing member"))
    })
    .await;
    let billing_row = || row(&root, &billing.id).unwrap();
    assert!(billing_row().query_selector("select").unwrap().is_none());
    assert!(try_button(&billing_row(), &format!("Remove {}", billing.name)).is_none());

    // A billing member may still be raised to admin.
    button(&billing_row(), &format!("Make admin: {}", billing.name)).click();
    wait_for_server(&client, &workspace, &billing, Some(WorkspaceRole::WorkspaceAdmin)).await;
    wait_for("the way back", || {
        try_button(&billing_row(), &format!("Back to billing: {}", billing.name)).is_some_and(|b| !b.disabled())
    })
    .await;
    button(&billing_row(), &format!("Back to billing: {}", billing.name)).click();
    wait_for_server(&client, &workspace, &billing, Some(WorkspaceRole::WorkspaceBilling)).await;

    // Inherited members are members: the picker does not offer them.
    type_into(&search(&root), &admin.name);
    wait_for("the picker to answer", || picker_answered(&root)).await;
    assert!(!results(&root).iter().any(|r| r.contains(&admin.email)));

    drop(app);
    root.remove();
    client.archive_workspace(&workspace.id).await.unwrap();
}

#[wasm_bindgen_test]
async fn data_residency_and_tags_are_shown_and_edited_and_a_refused_edit_keeps_them() {
    let client = test_server().await.admin_client();
    let workspace = new_workspace(&client, "settings").await;
    let root = container();
    let app = mount_signed_in_at(&root, &format!("/workspaces/{}", workspace.id)).await;
    let details = || find::<HtmlElement>(&root, ".workspace-details");
    wait_for("the defaults", || {
        try_find(&root, ".workspace-details").is_some_and(|d| {
            let text = text_of(&d);
            text.contains("Data stored inUnited States") && text.contains("Inference may runAnywhere")
        })
    })
    .await;

    button(&details(), "Edit data residency and tags").click();
    wait_for("the form", || try_find(&details(), "form").is_some()).await;
    let allowed = choice(&details(), "Inference may run");
    set_value(&allowed, "us");
    // The default follows: only the United States is left to choose.
    wait_for("the default narrowed", || {
        option_values(&choice(&details(), "Default inference region")) == ["us"]
    })
    .await;
    button(&details(), "Add tag").click();
    wait_for("a tag row", || {
        try_find(&details(), "input[aria-label='Tag 1 key']").is_some()
    })
    .await;
    let key: HtmlInputElement = find(&details(), "input[aria-label='Tag 1 key']");
    type_into(&key, "anthropic-team");
    type_into(&find(&details(), "input[aria-label='Tag 1 value']"), "ml");
    button(&details(), "Save").click();
    // Refused before sending, and nothing typed is lost.
    wait_for("the reserved key explained", || {
        try_find(&details(), ".alert").is_some_and(|a| text_of(&a).contains("must not start with “anthropic”"))
    })
    .await;
    assert_eq!(key.value(), "anthropic-team");
    assert_eq!(value_of(&choice(&details(), "Inference may run")), "us");

    type_into(&key, "team");
    button(&details(), "Save").click();
    wait_for("the saved settings shown", || {
        let text = text_of(&details());
        text.contains("United States only") && text.contains("team: ml")
    })
    .await;
    let saved = client.workspace(&workspace.id).await.unwrap();
    assert_eq!(saved.tags.get("team").map(String::as_str), Some("ml"));
    let residency = saved.data_residency.unwrap();
    assert_eq!(
        residency.allowed_inference_geos,
        AllowedInferenceGeos::Only(vec![InferenceGeo::Us])
    );
    assert_eq!(residency.default_inference_geo, InferenceGeo::Us);

    // Removing the tag sends its removal.
    wait_for("the edit button", || {
        try_button(&details(), "Edit data residency and tags").is_some()
    })
    .await;
    button(&details(), "Edit data residency and tags").click();
    wait_for("the tag row", || try_button(&details(), "Remove tag 1").is_some()).await;
    button(&details(), "Remove tag 1").click();
    button(&details(), "Save").click();
    wait_for("no tags", || text_of(&details()).contains("TagsNone")).await;
    assert!(client.workspace(&workspace.id).await.unwrap().tags.is_empty());

    drop(app);
    root.remove();
    client.archive_workspace(&workspace.id).await.unwrap();
}

#[wasm_bindgen_test]
async fn keeps_the_page_in_the_url() {
    let client = test_server().await.admin_client();
    let workspace = new_workspace(&client, "pages").await;
    let root = container();
    let app = mount_signed_in_at(&root, &format!("/workspaces/{}?limit=2", workspace.id)).await;
    let ids = || -> Vec<String> {
        root.query_selector_all("tbody tr")
            .unwrap()
            .values()
            .into_iter()
            .filter_map(|n| n.unwrap().unchecked_into::<HtmlElement>().get_attribute("data-user-id"))
            .collect()
    };
    wait_for("two members", || ids().len() == 2).await;
    let first = ids();
    button(&root, "Next page").click();
    wait_for("the next page", || ids().len() == 2 && ids() != first).await;
    let url = current_url();
    assert!(
        url.contains("limit=2") && url.contains(&format!("after_id={}", first[1])),
        "{url}"
    );
    drop(app);
    root.remove();
    client.archive_workspace(&workspace.id).await.unwrap();
}

#[wasm_bindgen_test]
async fn the_active_workspace_route_follows_the_link() {
    let client = test_server().await.admin_client();
    let workspace = new_workspace(&client, "active").await;
    let root = container();
    let app = mount_signed_in_at(&root, &format!("/workspace?workspace={}", workspace.id)).await;
    wait_for("the heading", || {
        try_find(&root, "h1").is_some_and(|h| text_of(&h).trim() == workspace.name)
    })
    .await;
    assert!(try_find(&root, ".add-member").is_some());
    drop(app);
    root.remove();
    client.archive_workspace(&workspace.id).await.unwrap();
}

#[wasm_bindgen_test]
async fn an_unknown_workspace_says_so() {
    let root = container();
    let app = mount_signed_in_at(&root, "/workspaces/wrkspc_111111111111111111111111").await;
    wait_for("the message", || text_of(&root).contains("No such workspace")).await;
    let link = root
        .query_selector_all("main a")
        .unwrap()
        .values()
        .into_iter()
        .map(|n| n.unwrap().unchecked_into::<HtmlElement>())
        .find(|a| text_of(a).contains("workspaces"))
        .expect("a link to the Workspaces page");
    assert_eq!(link.get_attribute("href").as_deref(), Some("/workspaces"));
    drop(app);
    root.remove();
}

#[wasm_bindgen_test]
async fn an_archived_workspace_is_read_only() {
    let client = test_server().await.admin_client();
    let workspace = new_workspace(&client, "archived").await;
    let person = users_with(&client, &[OrgRole::Developer]).await[0].clone();
    client
        .add_workspace_member(&workspace.id, &person.id, WorkspaceRole::WorkspaceUser)
        .await
        .unwrap();
    client.archive_workspace(&workspace.id).await.unwrap();
    let root = container();
    let app = mount_signed_in_at(&root, &format!("/workspaces/{}?limit=100", workspace.id)).await;
    wait_for("the member by name", || {
        row(&root, &person.id).is_some_and(|r| text_of(&r).contains(&person.name))
    })
    .await;
    assert!(text_of(&root).contains("archived"));
    assert!(
        try_find(&root, ".add-member").is_none(),
        "an archived workspace offers to add members"
    );
    assert!(root.query_selector("tbody select, tbody button").unwrap().is_none());
    drop(app);
    root.remove();
}
