//! The Overview page, mounted in the whole console signed in against the reference server: the
//! organization, the Admin API, and four numbers equal to what the client counts, each linking
//! to its list. Nothing is written.

use crate::common::*;
use admin_console::api::{ApiKeyFilter, ApiKeyStatus, InviteStatus, UserFilter};
use wasm_bindgen_test::*;
use web_sys::{HtmlAnchorElement, HtmlElement};

/// The numbers on screen: (label, number, link) of each.
fn stats(root: &HtmlElement) -> Vec<(String, String, String)> {
    find_all(root, ".counts .stat a")
        .into_iter()
        .map(|a| {
            let label = text_of(&find(&a, ".stat-label"));
            let number = text_of(&find(&a, ".stat-number"));
            let link = a.get_attribute("href").unwrap_or_default();
            (label, number, link)
        })
        .collect()
}

fn loaded(root: &HtmlElement) -> bool {
    let shown = stats(root);
    shown.len() == 4 && shown.iter().all(|(_, n, _)| n.parse::<usize>().is_ok())
}

#[wasm_bindgen_test]
async fn shows_the_organization_and_the_api() {
    let server = test_server().await;
    let organization = server.admin_client().organization().await.unwrap();
    let root = container();
    let app = mount_signed_in_at(&root, "/").await;

    let overview: HtmlElement = find(&root, ".overview");
    assert_eq!(text_of(&find(&overview, "h1")), organization.name);
    let text = text_of(&overview);
    assert!(text.contains(&organization.id), "{text}");
    assert!(text.contains(&server.base_url), "{text}");

    drop(app);
    root.remove();
}

#[wasm_bindgen_test]
async fn the_numbers_are_what_the_client_counts_and_link_to_their_lists() {
    let client = test_server().await.admin_client();
    let root = container();
    let app = mount_signed_in_at(&root, "/").await;
    wait_for("the four numbers", || loaded(&root)).await;

    let members = client.count_users(&UserFilter::default()).await.unwrap();
    let pending = client.count_invites(&[InviteStatus::Pending]).await.unwrap();
    let workspaces = client.count_workspaces(false).await.unwrap();
    let keys = client
        .count_api_keys(&ApiKeyFilter {
            status: Some(ApiKeyStatus::Active),
            ..Default::default()
        })
        .await
        .unwrap();
    // The demo has members, pending invites, workspaces and active keys: zero would hide a bug.
    assert!(members > 0 && pending > 0 && workspaces > 0 && keys > 0);
    let expected = [
        ("Members", members, "/members"),
        ("Pending invites", pending, "/invites?status=pending"),
        ("Active workspaces", workspaces, "/workspaces"),
        ("Active API keys", keys, "/api-keys?status=active"),
    ];
    let shown = stats(&root);
    for ((label, number, link), (want_label, want_number, want_link)) in shown.iter().zip(expected) {
        assert_eq!(label, want_label);
        assert_eq!(number, &want_number.to_string(), "{label}");
        assert_eq!(link, want_link, "{label}");
    }

    // A number's link opens its list, filtered as counted.
    let link: HtmlAnchorElement = find_all(&root, ".stat a")
        .into_iter()
        .find(|a| text_of(a).starts_with("Pending invites"))
        .map(wasm_bindgen::JsCast::unchecked_into)
        .unwrap();
    link.click();
    wait_for("the invites page", || {
        let location = web_sys::window().unwrap().location();
        location.pathname().unwrap() == "/invites" && location.search().unwrap() == "?status=pending"
    })
    .await;
    wait_for("the overview to give way", || try_find(&root, ".stats").is_none()).await;

    drop(app);
    root.remove();
}

#[wasm_bindgen_test]
async fn a_failed_count_shows_its_error_and_a_retry_while_the_others_show() {
    let root = container();
    fail_requests(
        "/v1/organizations/invites",
        "made to fail by the test",
        "req_overviewtest",
    );
    let app = mount_signed_in_at(&root, "/").await;
    let invites_card = || {
        find_all(&root, ".stat")
            .into_iter()
            .find(|card| text_of(card).starts_with("Pending invites"))
            .unwrap()
    };
    wait_for("the invites count's error", || {
        try_find(&invites_card(), "[role=alert]").is_some()
    })
    .await;
    let alert = text_of(&find(&invites_card(), "[role=alert]"));
    assert!(alert.contains("made to fail by the test"), "{alert}");
    assert!(alert.contains("req_overviewtest"), "{alert}");
    wait_for("the other three numbers", || {
        stats(&root)
            .iter()
            .filter(|(_, number, _)| number.parse::<usize>().is_ok())
            .count()
            == 3
    })
    .await;
    assert_eq!(
        find_all(&root, ".counts .stat [role=alert]").len(),
        1,
        "only one count failed"
    );

    // Retry, once the server can be reached again.
    restore_fetch();
    try_button(&invites_card(), "Retry").unwrap().click();
    wait_for("all four numbers", || loaded(&root)).await;
    assert!(try_find(&root, ".counts .stat [role=alert]").is_none());

    drop(app);
    root.remove();
}

#[wasm_bindgen_test]
async fn the_counts_follow_every_page_of_a_list() {
    // More pending invites than one page of the client's counting (1000) would be slow to make;
    // instead check the client's count against a walk through small pages.
    let client = test_server().await.admin_client();
    let mut walked = 0;
    let mut page = admin_console::api::PageRequest {
        limit: Some(7),
        cursor: None,
    };
    loop {
        let batch = client.users(&page, &UserFilter::default()).await.unwrap();
        walked += batch.data.len();
        match batch.last_id {
            Some(last) if batch.has_more => page.cursor = Some(admin_console::api::Cursor::After(last)),
            _ => break,
        }
    }
    assert!(walked > 7, "more than one small page");
    assert_eq!(client.count_users(&UserFilter::default()).await.unwrap(), walked);
}
