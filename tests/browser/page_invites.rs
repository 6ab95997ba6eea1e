//! The Invites page, mounted in the whole console signed in against the reference server:
//! inviting one and many emails, deleting a pending invite, inviting again the person of an
//! expired one, and the status filter kept in the URL. Each test uses emails of its own.

use crate::common::*;
use admin_console::api::{Client, Invite, InviteStatus, OrgRole, PageRequest};
use wasm_bindgen_test::*;
use web_sys::HtmlElement;

/// Every invite of the organization in these statuses (none: all but deleted).
async fn server_invites(client: &Client, statuses: &[InviteStatus]) -> Vec<Invite> {
    let page = PageRequest {
        limit: Some(1000),
        cursor: None,
    };
    client.invites(&page, statuses).await.unwrap().data
}

fn emails_box(root: &HtmlElement) -> HtmlElement {
    find(root, "#invite-emails")
}

/// The rows of the invites list with this email (the first cell).
fn rows_of(root: &HtmlElement, email: &str) -> Vec<(HtmlElement, Vec<String>)> {
    table_rows(root)
        .into_iter()
        .filter(|(_, cells)| cells[0] == email)
        .collect()
}

fn results(root: &HtmlElement) -> Vec<String> {
    find_all(root, ".invite-results li").iter().map(text_of).collect()
}

async fn wait_for_list(root: &HtmlElement) {
    wait_for("the invites list", || !table_rows(root).is_empty()).await;
}

#[wasm_bindgen_test]
async fn invites_one_email_with_a_role() {
    let server = test_server().await;
    let email = format!("one.{}@example.com", unique());
    let root = container();
    let app = mount_signed_in_at(&root, "/invites?limit=500").await;
    wait_for_list(&root).await;

    set_value(&emails_box(&root), &email);
    set_value(&choice(&root, "Role"), "developer");
    try_button(&root, "Invite").unwrap().click();

    wait_for("the result", || !results(&root).is_empty()).await;
    assert_eq!(results(&root), vec![format!("{email}: invited")]);
    assert_eq!(value_of(&emails_box(&root)), "", "the invited email is cleared");
    wait_for("the toast", || toast_texts(&root).contains(&"1 invited".to_owned())).await;
    wait_for("the new row", || !rows_of(&root, &email).is_empty()).await;
    let (_, cells) = rows_of(&root, &email).remove(0);
    assert_eq!(cells[1], "Developer");
    assert_eq!(cells[2], "Pending");
    assert!(
        cells[4].starts_with("in 2") && cells[4].ends_with(" days"),
        "expiry {:?}",
        cells[4]
    );

    let invite = server_invites(&server.admin_client(), &[InviteStatus::Pending])
        .await
        .into_iter()
        .find(|i| i.email == email)
        .expect("the invite on the server");
    assert_eq!(invite.role, OrgRole::Developer);

    drop(app);
    root.remove();
}

#[wasm_bindgen_test]
async fn invites_many_pasted_emails_with_a_result_for_each() {
    let server = test_server().await;
    let client = server.admin_client();
    let u = unique();
    let (first, second) = (format!("many.a.{u}@example.com"), format!("many.b.{u}@example.com"));
    let duplicate = format!("many.dup.{u}@example.com");
    let no_dot = format!("many.nodot.{u}@localhost");
    client.create_invite(&duplicate, OrgRole::User).await.unwrap();

    let root = container();
    let app = mount_signed_in_at(&root, "/invites?limit=500").await;
    wait_for_list(&root).await;

    // As pasted: commas, spaces, new lines, and the first address twice.
    let pasted = format!("{first}, {second}\nnot-an-email {duplicate}\n\n  {no_dot}, {first}\n");
    set_value(&emails_box(&root), &pasted);
    set_value(&choice(&root, "Role"), "billing");
    try_button(&root, "Invite").unwrap().click();

    wait_for("the results", || results(&root).len() == 5).await;
    let shown = results(&root);
    assert_eq!(shown[0], format!("{first}: invited"));
    assert_eq!(shown[1], format!("{second}: invited"));
    assert_eq!(shown[2], "not-an-email: invalid: not an email address");
    assert_eq!(shown[3], format!("{duplicate}: already a member or invited"));
    assert!(
        shown[4].starts_with(&format!("{no_dot}: invalid: ")) && shown[4].contains("not a valid email"),
        "{}",
        shown[4]
    );
    // Only the failed ones stay, to be fixed and sent again.
    assert_eq!(
        value_of(&emails_box(&root)),
        format!("not-an-email\n{duplicate}\n{no_dot}")
    );
    wait_for("the summary toast", || {
        toast_texts(&root).contains(&"2 invited, 3 failed".to_owned())
    })
    .await;
    wait_for("the new rows", || {
        !rows_of(&root, &first).is_empty() && !rows_of(&root, &second).is_empty()
    })
    .await;

    let all = server_invites(&client, &[]).await;
    for email in [&first, &second] {
        let mine: Vec<&Invite> = all.iter().filter(|i| &i.email == email).collect();
        assert_eq!(mine.len(), 1, "{email} invited once");
        assert_eq!(
            (mine[0].role, mine[0].status),
            (OrgRole::Billing, InviteStatus::Pending)
        );
    }
    let duplicates: Vec<&Invite> = all.iter().filter(|i| i.email == duplicate).collect();
    assert_eq!(duplicates.len(), 1);
    assert_eq!(duplicates[0].role, OrgRole::User, "the existing invite is unchanged");
    assert!(all.iter().all(|i| i.email != no_dot && i.email != "not-an-email"));

    drop(app);
    root.remove();
}

#[wasm_bindgen_test]
async fn deletes_a_pending_invite_after_confirming() {
    let server = test_server().await;
    let client = server.admin_client();
    let email = format!("delete.{}@example.com", unique());
    let invite = client.create_invite(&email, OrgRole::User).await.unwrap();

    let root = container();
    let app = mount_signed_in_at(&root, "/invites?status=pending&limit=500").await;
    wait_for("the invite's row", || !rows_of(&root, &email).is_empty()).await;
    let (row, _) = rows_of(&root, &email).remove(0);
    try_button(&row, "Delete").unwrap().click();

    wait_for("the dialog", || try_find(&root, "dialog.confirm[open]").is_some()).await;
    let dialog: HtmlElement = find(&root, "dialog.confirm");
    assert!(text_of(&dialog).contains(&email), "the dialog names the email");
    // Nothing is deleted before confirming.
    assert_eq!(client.invite(&invite.id).await.unwrap().status, InviteStatus::Pending);
    find::<web_sys::HtmlButtonElement>(&dialog, "button[type=submit]").click();

    wait_for("the row to go", || rows_of(&root, &email).is_empty()).await;
    wait_for("the toast", || {
        toast_texts(&root).contains(&format!("Deleted the invite for {email}"))
    })
    .await;
    assert!(try_find(&root, "dialog.confirm[open]").is_none());
    assert_eq!(client.invite(&invite.id).await.unwrap().status, InviteStatus::Deleted);

    drop(app);
    root.remove();
}

/// An expired invite of the demo data (invited 22 days ago) whose email no other test uses.
const EXPIRED_EMAIL: &str = "intern.summer@northwind.example";

#[wasm_bindgen_test]
async fn reinvites_the_person_of_an_expired_invite() {
    let server = test_server().await;
    let client = server.admin_client();
    let before = server_invites(&client, &[]).await;
    let expired = before
        .iter()
        .find(|i| i.email == EXPIRED_EMAIL)
        .expect("the demo's expired invite");
    assert_eq!(expired.status, InviteStatus::Expired);
    assert!(before
        .iter()
        .all(|i| i.email != EXPIRED_EMAIL || i.status != InviteStatus::Pending));

    let root = container();
    let app = mount_signed_in_at(&root, "/invites?limit=500").await;
    wait_for("the expired row", || !rows_of(&root, EXPIRED_EMAIL).is_empty()).await;
    let (row, cells) = rows_of(&root, EXPIRED_EMAIL).remove(0);
    assert_eq!(cells[2], "Expired");
    assert!(
        cells[4].starts_with("expired ") && cells[4].ends_with(" ago"),
        "{:?}",
        cells[4]
    );
    assert!(
        try_button(&row, "Delete").is_none(),
        "an expired invite cannot be deleted"
    );
    try_button(&row, "Re-invite").unwrap().click();

    wait_for("the toast", || {
        toast_texts(&root).contains(&format!("Invited {EXPIRED_EMAIL} again as User"))
    })
    .await;
    // The list refreshes: the new pending invite appears beside the expired one.
    wait_for("the new row", || rows_of(&root, EXPIRED_EMAIL).len() == 2).await;
    let statuses: Vec<String> = rows_of(&root, EXPIRED_EMAIL)
        .into_iter()
        .map(|(_, c)| c[2].clone())
        .collect();
    assert_eq!(statuses, ["Expired", "Pending"]);

    let pending: Vec<Invite> = server_invites(&client, &[InviteStatus::Pending])
        .await
        .into_iter()
        .filter(|i| i.email == EXPIRED_EMAIL)
        .collect();
    assert_eq!(pending.len(), 1);
    assert_eq!(pending[0].role, expired.role);

    drop(app);
    root.remove();
}

#[wasm_bindgen_test]
async fn filters_by_status_in_the_url() {
    let server = test_server().await;
    let pending_email = format!("filter.{}@example.com", unique());
    server
        .admin_client()
        .create_invite(&pending_email, OrgRole::User)
        .await
        .unwrap();
    // Demo invites: expired (45 days old) and deleted.
    let (expired_email, deleted_email) = ("contractor.a@partner.example", "wrong.address@northwnd.example");

    let root = container();
    let app = mount_signed_in_at(&root, "/invites?status=pending&limit=500").await;
    let status = choice(&root, "Status");
    assert_eq!(value_of(&status), "pending");
    let only = |root: &HtmlElement, status: &str, email: &str| {
        let rows = table_rows(root);
        !rows.is_empty() && rows.iter().all(|(_, c)| c[2] == status) && rows.iter().any(|(_, c)| c[0] == email)
    };
    wait_for("pending invites only", || only(&root, "Pending", &pending_email)).await;

    set_value(&status, "expired");
    wait_for("expired invites only", || only(&root, "Expired", expired_email)).await;
    assert!(location_search().contains("status=expired"), "{}", location_search());
    assert!(rows_of(&root, &pending_email).is_empty());

    // Deleted invites are never listed, so they are not a choice of the filter.
    assert!(
        !option_values(&status).contains(&"deleted".to_owned()),
        "{:?}",
        option_values(&status)
    );

    // No status: the server's default, every listed status.
    set_value(&status, "");
    wait_for("all but deleted", || {
        !rows_of(&root, &pending_email).is_empty() && !rows_of(&root, expired_email).is_empty()
    })
    .await;
    assert!(!location_search().contains("status="), "{}", location_search());
    assert!(rows_of(&root, deleted_email).is_empty());

    drop(app);
    root.remove();
}
