//! The query cache, seen from the network: the browser's resource timing entries list every
//! request the console sends to the reference server, so each test counts the requests a
//! page change or a write really makes.

use crate::common::*;
use admin_console::api::{OrgRole, PageRequest, UserFilter};
use wasm_bindgen_test::*;
use web_sys::HtmlElement;

/// Forgets the requests made so far (and makes room for many).
fn start_counting() {
    let performance = web_sys::window().unwrap().performance().unwrap();
    performance.set_resource_timing_buffer_size(10_000);
    performance.clear_resource_timings();
}

/// How many requests went to the Admin API path and query `path_and_query` (exactly, e.g.
/// `users?limit=20`) since [`start_counting`].
fn requests_to(path_and_query: &str) -> usize {
    let wanted = format!("/v1/organizations/{path_and_query}");
    resource_urls().iter().filter(|url| url.ends_with(&wanted)).count()
}

/// How many requests went to any list or object under `path` (e.g. `workspaces`).
fn requests_under(path: &str) -> usize {
    let wanted = format!("/v1/organizations/{path}");
    resource_urls().iter().filter(|url| url.contains(&wanted)).count()
}

fn resource_urls() -> Vec<String> {
    web_sys::window()
        .unwrap()
        .performance()
        .unwrap()
        .get_entries_by_type("resource")
        .iter()
        .filter_map(|entry| js_sys::Reflect::get(&entry, &"name".into()).ok()?.as_string())
        .collect()
}

/// Goes to a page of the console as a new history entry, the way the router learns of it when
/// the browser moves (`popstate`).
fn navigate_to(path_and_query: &str) {
    let window = web_sys::window().unwrap();
    window
        .history()
        .unwrap()
        .push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(path_and_query))
        .unwrap();
    window
        .dispatch_event(&web_sys::Event::new("popstate").unwrap())
        .unwrap();
}

fn back() {
    web_sys::window().unwrap().history().unwrap().back().unwrap();
}

fn first_cells(root: &HtmlElement) -> Vec<String> {
    table_rows(root)
        .into_iter()
        .map(|(_, cells)| cells[0].clone())
        .collect()
}

#[wasm_bindgen_test]
async fn a_list_gone_back_to_shows_its_cached_rows_and_revalidates_behind_them() {
    start_counting();
    let root = container();
    let app = mount_signed_in_at(&root, "/members?limit=20").await;
    wait_for("the members", || !table_rows(&root).is_empty()).await;
    let members = first_cells(&root);
    assert_eq!(requests_to("users?limit=20"), 1);

    // Away and back: the cached rows at once, and the list asked again behind them.
    navigate_to("/workspaces");
    wait_for("the workspaces", || {
        current_url() == "/workspaces" && !table_rows(&root).is_empty() && first_cells(&root) != members
    })
    .await;
    // Lists count as fresh for a second after their answer.
    sleep(1_100).await;
    back();
    wait_for("the members from the cache", || {
        current_url() == "/members?limit=20" && first_cells(&root) == members
    })
    .await;
    wait_for("the background revalidation", || requests_to("users?limit=20") >= 2).await;
    sleep(300).await;
    assert_eq!(requests_to("users?limit=20"), 2, "asked more than once");
    assert_eq!(first_cells(&root), members);

    drop(app);
    root.remove();
}

#[wasm_bindgen_test]
async fn the_organization_directory_is_read_once_per_session() {
    start_counting();
    let root = container();
    let app = mount_signed_in_at(&root, "/workspaces").await;
    wait_for("the workspaces", || table_rows(&root).len() >= 2).await;
    let ids: Vec<String> = table_rows(&root)
        .into_iter()
        .take(2)
        .map(|(_, cells)| cells[1].clone())
        .collect();

    for id in &ids {
        navigate_to(&format!("/workspaces/{id}"));
        wait_for("the workspace's members with their names", || {
            current_url() == format!("/workspaces/{id}") && table_rows(&root).iter().any(|(_, c)| c[1].contains('@'))
        })
        .await;
        back();
        wait_for("the workspaces again", || {
            current_url() == "/workspaces" && table_rows(&root).iter().any(|(_, c)| c[1] == ids[1])
        })
        .await;
    }
    assert_eq!(requests_to("users?limit=1000"), 1, "the member directory read again");

    drop(app);
    root.remove();
}

#[wasm_bindgen_test]
async fn a_role_change_asks_again_for_the_members_and_nothing_else() {
    let client = test_server().await.admin_client();
    let everyone = PageRequest {
        limit: Some(1000),
        cursor: None,
    };
    let users = UserFilter {
        email: None,
        roles: vec![OrgRole::User],
    };
    // A member no other test changes: the last of the plain users.
    let member = client.users(&everyone, &users).await.unwrap().data.pop().unwrap();
    let email = member.email.clone();
    let query = format!("users?email={}", String::from(js_sys::encode_uri_component(&email)));

    let root = container();
    let app = mount_signed_in_at(&root, &format!("/members?email={email}")).await;
    wait_for("the member", || table_rows(&root).len() == 1).await;
    start_counting();

    let (row, _) = table_rows(&root).remove(0);
    let picker = find(&row, "select[aria-label^='Role of']");
    set_value(&picker, "developer");
    button(&row, &format!("Save role of {}", member.name)).click();
    wait_for("the member asked again", || requests_to(&query) == 1).await;
    wait_for("the new role shown", || {
        table_rows(&root)
            .first()
            .is_some_and(|(row, _)| value_of(&find(row, "select[aria-label^='Role of']")) == "developer")
    })
    .await;
    sleep(300).await;
    assert_eq!(requests_to(&query), 1);
    assert_eq!(requests_under("workspaces"), 0, "{:?}", resource_urls());
    assert_eq!(requests_under("invites"), 0, "{:?}", resource_urls());

    client.update_user_role(&member.id, OrgRole::User).await.unwrap();
    drop(app);
    root.remove();
}

#[wasm_bindgen_test]
async fn signing_out_while_reads_are_in_flight_and_in_again_starts_a_clean_cache() {
    let server = test_server().await;
    let root = container();
    let app = mount_signed_in_at(&root, "/").await;
    // At once, while the overview's numbers are still being asked for: their answers arrive
    // after the session that asked has gone (this used to panic in the cache).
    button(&root, "Sign out").click();
    wait_for("the sign-in page", || try_find(&root, "#admin-key").is_some()).await;
    sleep(500).await;

    type_into(&find(&root, "#base-url"), &server.base_url);
    type_into(&find(&root, "#admin-key"), &server.admin_key);
    button(&root, "Sign in").click();
    let numbers = || {
        find_all(&root, ".stats .stat-number")
            .iter()
            .filter(|n| text_of(n).parse::<usize>().is_ok())
            .count()
    };
    wait_for("the overview's four numbers", || numbers() == 4).await;
    sleep(300).await;
    assert_eq!(numbers(), 4);

    drop(app);
    root.remove();
}
