//! The typed client against the run's reference server: every resource, its filters and
//! cursors, the typed errors, the 401 hook, the retry policy and cancellation.

use crate::common::*;
use admin_console::api::*;
use leptos::prelude::*;
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen_test::*;

fn first(limit: u32) -> PageRequest {
    PageRequest {
        limit: Some(limit),
        cursor: None,
    }
}

fn unique(prefix: &str) -> String {
    format!("{prefix}-{}", js_sys::Date::now() as u64 % 1_000_000_000)
}

#[wasm_bindgen_test]
async fn pages_forward_and_back_with_cursors() {
    let client = test_server().await.admin_client();
    let page1 = client.users(&first(5), &UserFilter::default()).await.unwrap();
    assert_eq!(page1.data.len(), 5);
    assert!(page1.has_more);
    let page2 = client
        .users(
            &PageRequest {
                limit: Some(5),
                cursor: Some(Cursor::After(page1.last_id.clone().unwrap())),
            },
            &UserFilter::default(),
        )
        .await
        .unwrap();
    assert_eq!(page2.data.len(), 5);
    assert!(page2.data.iter().all(|u| !page1.data.contains(u)));
    let back = client
        .users(
            &PageRequest {
                limit: Some(5),
                cursor: Some(Cursor::Before(page2.first_id.clone().unwrap())),
            },
            &UserFilter::default(),
        )
        .await
        .unwrap();
    assert_eq!(back.data, page1.data);
    assert!(!back.has_more, "nothing before the first page");
}

#[wasm_bindgen_test]
async fn filters_users_by_email_and_roles() {
    let client = test_server().await.admin_client();
    let someone = client
        .users(&first(1), &UserFilter::default())
        .await
        .unwrap()
        .data
        .remove(0);
    let by_email = client
        .users(
            &first(20),
            &UserFilter {
                email: Some(someone.email.to_uppercase()),
                roles: vec![],
            },
        )
        .await
        .unwrap();
    assert_eq!(by_email.data, vec![someone]);

    let admins_and_billing = client
        .users(
            &first(1000),
            &UserFilter {
                email: None,
                roles: vec![OrgRole::Admin, OrgRole::Billing],
            },
        )
        .await
        .unwrap();
    assert!(!admins_and_billing.data.is_empty());
    assert!(admins_and_billing
        .data
        .iter()
        .all(|u| matches!(u.role, OrgRole::Admin | OrgRole::Billing)));
    assert!(admins_and_billing.data.iter().any(|u| u.role == OrgRole::Admin));
}

#[wasm_bindgen_test]
async fn invites_are_created_conflict_and_deleted() {
    let client = test_server().await.admin_client();
    let email = format!("{}@client-test.example", unique("invitee"));
    let invite = client.create_invite(&email, OrgRole::Developer).await.unwrap();
    assert_eq!(invite.status, InviteStatus::Pending);
    assert_eq!(invite.role, OrgRole::Developer);

    let again = client
        .create_invite(&email.to_uppercase(), OrgRole::User)
        .await
        .unwrap_err();
    match again {
        ApiError::Http(e) => {
            assert_eq!(e.status, 409);
            assert_eq!(e.error_type, Some(ErrorType::Conflict));
            assert!(e.request_id.unwrap().starts_with("req_"));
        }
        other => panic!("expected a 409, got {other:?}"),
    }

    let pending = client.invites(&first(1000), &[InviteStatus::Pending]).await.unwrap();
    assert!(pending.data.iter().any(|i| i.id == invite.id));
    assert!(pending.data.iter().all(|i| i.status == InviteStatus::Pending));

    assert_eq!(client.delete_invite(&invite.id).await.unwrap().id, invite.id);
    assert_eq!(client.invite(&invite.id).await.unwrap().status, InviteStatus::Deleted);
    let deleted_again = client.delete_invite(&invite.id).await.unwrap_err();
    assert_eq!(deleted_again.status(), Some(400));
}

#[wasm_bindgen_test]
async fn workspaces_and_their_members() {
    let client = test_server().await.admin_client();
    let name = unique("Client test");
    let workspace = client
        .create_workspace(&CreateWorkspace {
            display_color: Some("#123456".into()),
            ..CreateWorkspace::named(&name)
        })
        .await
        .unwrap();
    assert_eq!(workspace.display_color.as_deref(), Some("#123456"));
    let renamed = client
        .update_workspace(
            &workspace.id,
            &WorkspaceUpdate {
                name: Some(format!("{name} renamed")),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(renamed.name, format!("{name} renamed"));
    assert!(client
        .all_workspaces(false)
        .await
        .unwrap()
        .iter()
        .any(|w| w.id == workspace.id));

    let developer = client
        .users(
            &first(1000),
            &UserFilter {
                email: None,
                roles: vec![OrgRole::Developer],
            },
        )
        .await
        .unwrap()
        .data
        .remove(0);
    let member = client
        .add_workspace_member(&workspace.id, &developer.id, WorkspaceRole::WorkspaceDeveloper)
        .await
        .unwrap();
    assert_eq!(member.workspace_role, WorkspaceRole::WorkspaceDeveloper);
    let duplicate = client
        .add_workspace_member(&workspace.id, &developer.id, WorkspaceRole::WorkspaceUser)
        .await
        .unwrap_err();
    assert_eq!(duplicate.status(), Some(409));
    let updated = client
        .update_workspace_member(&workspace.id, &developer.id, WorkspaceRole::WorkspaceAdmin)
        .await
        .unwrap();
    assert_eq!(updated.workspace_role, WorkspaceRole::WorkspaceAdmin);
    let members = client.workspace_members(&workspace.id, &first(1000)).await.unwrap();
    assert!(members.data.iter().any(|m| m.user_id == developer.id));
    // Organization admins are inherited workspace admins.
    assert!(members
        .data
        .iter()
        .any(|m| m.user_id != developer.id && m.workspace_role == WorkspaceRole::WorkspaceAdmin));
    let removed = client
        .remove_workspace_member(&workspace.id, &developer.id)
        .await
        .unwrap();
    assert_eq!(removed.user_id, developer.id);
    let gone = client.workspace_member(&workspace.id, &developer.id).await.unwrap_err();
    assert_eq!(gone.status(), Some(404));

    let archived = client.archive_workspace(&workspace.id).await.unwrap();
    assert!(archived.is_archived());
    assert!(!client
        .all_workspaces(false)
        .await
        .unwrap()
        .iter()
        .any(|w| w.id == workspace.id));
    assert!(client
        .all_workspaces(true)
        .await
        .unwrap()
        .iter()
        .any(|w| w.id == workspace.id));
}

#[wasm_bindgen_test]
async fn api_keys_filter_and_read() {
    let client = test_server().await.admin_client();
    let inactive = client
        .api_keys(
            &first(1000),
            &ApiKeyFilter {
                status: Some(ApiKeyStatus::Inactive),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert!(inactive.data.iter().all(|k| k.status == ApiKeyStatus::Inactive));
    let all = client.api_keys(&first(1000), &ApiKeyFilter::default()).await.unwrap();
    let key = &all.data[0];
    assert_eq!(&client.api_key(&key.id).await.unwrap(), key);
    let creator = key.created_by.clone().expect("the demo's first key has a creator").id;
    let by_creator = client
        .api_keys(
            &first(1000),
            &ApiKeyFilter {
                created_by_user_id: Some(creator.clone()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert!(by_creator
        .data
        .iter()
        .all(|k| k.created_by.as_ref().map(|c| &c.id) == Some(&creator)));
    assert!(by_creator.data.iter().any(|k| k.id == key.id));
}

#[wasm_bindgen_test]
async fn a_read_only_key_gets_a_typed_403_on_writes() {
    let client = test_server().await.read_only_client();
    let error = client
        .create_workspace(&CreateWorkspace::named("Never created"))
        .await
        .unwrap_err();
    match error {
        ApiError::Http(e) => {
            assert_eq!(e.status, 403);
            assert_eq!(e.error_type, Some(ErrorType::Permission));
        }
        other => panic!("expected a 403, got {other:?}"),
    }
}

#[wasm_bindgen_test]
async fn an_unknown_id_is_a_typed_404() {
    let client = test_server().await.admin_client();
    let error = client.user("user_1111111111111111111111ab").await.unwrap_err();
    assert_eq!(error.status(), Some(404));
    // Ids are escaped into one path segment: this cannot reach another route.
    let error = client.user("../invites").await.unwrap_err();
    assert!(matches!(error.status(), Some(400 | 404)), "{error:?}");
}

#[wasm_bindgen_test]
async fn a_401_calls_the_unauthorized_hook_and_is_not_retried() {
    let server = test_server().await;
    let calls = Rc::new(Cell::new(0));
    let waits = Rc::new(Cell::new(0));
    let client = server.client_with_key("sk-ant-admin01-wrong").with_hooks(ClientHooks {
        unauthorized: Some(Rc::new({
            let calls = calls.clone();
            move || calls.set(calls.get() + 1)
        })),
        waiting: Some(Rc::new({
            let waits = waits.clone();
            move |_| waits.set(waits.get() + 1)
        })),
        ..Default::default()
    });
    let error = client.users(&first(1), &UserFilter::default()).await.unwrap_err();
    assert_eq!(error.status(), Some(401));
    assert_eq!(calls.get(), 1);
    assert_eq!(waits.get(), 0);
}

#[wasm_bindgen_test]
async fn a_network_failure_on_a_read_is_retried_with_backoff_then_reported() {
    let server = test_server().await;
    let waits = Rc::new(std::cell::RefCell::new(Vec::new()));
    let client = Client::new(&server.unreachable_base_url, "sk-ant-admin01-x").with_hooks(ClientHooks {
        unauthorized: None,
        waiting: Some(Rc::new({
            let waits = waits.clone();
            move |wait| waits.borrow_mut().push(wait)
        })),
        ..Default::default()
    });
    let error = client.organization().await.unwrap_err();
    assert!(matches!(error, ApiError::Network(_)), "{error:?}");
    let retries: Vec<_> = waits.borrow().iter().flatten().copied().collect();
    assert_eq!(
        retries,
        vec![
            Wait::Retrying {
                attempt: 1,
                after_ms: 500
            },
            Wait::Retrying {
                attempt: 2,
                after_ms: 1000
            },
            Wait::Retrying {
                attempt: 3,
                after_ms: 2000
            },
        ]
    );
    // A write that failed the same way is never sent again by itself.
    waits.borrow_mut().clear();
    let error = client.create_workspace(&CreateWorkspace::named("x")).await.unwrap_err();
    assert!(matches!(error, ApiError::Network(_)));
    assert!(waits.borrow().is_empty());
}

fn http(status: u16, retry_after_secs: Option<u64>) -> ApiError {
    ApiError::Http(HttpError {
        status,
        error_type: None,
        message: None,
        request_id: None,
        retry_after_secs,
    })
}

#[wasm_bindgen_test]
fn the_retry_policy() {
    // 429: as retry-after says, reads and writes alike, a bounded number of times.
    for is_read in [true, false] {
        assert_eq!(
            retry_step(is_read, &http(429, Some(7)), 0, 0),
            RetryStep::Retry(Wait::RateLimited { seconds: 7, told: true })
        );
    }
    // Without retry-after (the real API's spend caps): a short default, and it says so.
    assert_eq!(
        retry_step(true, &http(429, None), 0, 0),
        RetryStep::Retry(Wait::RateLimited {
            seconds: DEFAULT_RATE_LIMIT_WAIT_SECS,
            told: false
        })
    );
    assert_eq!(
        retry_step(true, &http(429, Some(7)), MAX_RATE_LIMIT_WAITS, 0),
        RetryStep::GiveUp
    );
    assert_eq!(
        retry_step(true, &http(429, Some(MAX_RETRY_AFTER_SECS + 1)), 0, 0),
        RetryStep::GiveUp
    );
    // 5xx, 504 (timed out upstream), 529 (overloaded) and network failures: reads only, doubling.
    for status in [500, 502, 503, 504, 529] {
        assert_eq!(
            retry_step(true, &http(status, None), 0, 0),
            RetryStep::Retry(Wait::Retrying {
                attempt: 1,
                after_ms: FIRST_BACKOFF_MS
            }),
            "{status}"
        );
        assert_eq!(
            retry_step(false, &http(status, None), 0, 0),
            RetryStep::GiveUp,
            "{status}"
        );
    }
    assert_eq!(
        retry_step(true, &http(503, None), 2, 2),
        RetryStep::Retry(Wait::Retrying {
            attempt: 3,
            after_ms: FIRST_BACKOFF_MS * 4
        })
    );
    assert_eq!(
        retry_step(true, &http(500, None), 0, MAX_READ_RETRIES),
        RetryStep::GiveUp
    );
    assert_eq!(retry_step(false, &http(500, None), 0, 0), RetryStep::GiveUp);
    assert_eq!(
        retry_step(false, &ApiError::Network("x".into()), 0, 0),
        RetryStep::GiveUp
    );
    // Answers that another try would not change.
    for status in [400, 401, 402, 403, 404, 409, 413] {
        assert_eq!(
            retry_step(true, &http(status, None), 0, 0),
            RetryStep::GiveUp,
            "{status}"
        );
    }
    assert_eq!(retry_step(true, &ApiError::Aborted, 0, 0), RetryStep::GiveUp);
}

#[wasm_bindgen_test]
fn requests_are_aborted_when_their_owner_is_cleaned_up() {
    let owner = Owner::new();
    let signal = owner.with(|| abort_on_cleanup().unwrap());
    assert!(!signal.aborted());
    owner.cleanup();
    assert!(signal.aborted());
}

#[wasm_bindgen_test]
async fn tells_a_server_that_refuses_cors_from_one_that_is_down() {
    let server = test_server().await;
    assert!(answers_without_cors(&server.cors_refusing_base_url).await);
    assert!(!answers_without_cors(&server.unreachable_base_url).await);
}
