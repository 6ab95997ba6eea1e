//! Invites: `/v1/organizations/invites`.
mod common;

use common::*;
use serde_json::{json, Value};

#[tokio::test]
async fn create_invite_returns_a_pending_invite_expiring_in_21_days() {
    let s = TestServer::start().await;
    let api = s.api();
    let before = now_micros();
    let inv = api.create_invite("new@example.com", "developer").await;
    assert_eq!(inv["email"], "new@example.com");
    assert_eq!(inv["role"], "developer");
    assert_eq!(inv["status"], "pending");
    assert_time_near(&inv["invited_at"], before, 5 * 60 * SECOND);
    assert_time_near(&inv["expires_at"], before + 21 * DAY, 5 * 60 * SECOND);
    let id = str_of(&inv, "id");
    assert_eq!(api.get(&format!("/invites/{id}")).await.ok(), inv);
    assert_eq!(api.list_all("/invites").await, vec![inv.clone()]);
    // An invite does not make a member.
    assert!(api.list_all("/users").await.is_empty());
}

#[tokio::test]
async fn every_assignable_role_can_be_invited_but_not_admin() {
    let s = TestServer::start().await;
    let api = s.api();
    for (i, role) in ASSIGNABLE_ROLES.iter().enumerate() {
        let inv = api.create_invite(&format!("r{i}@example.com"), role).await;
        assert_eq!(inv["role"], *role);
    }
    for role in [
        json!("admin"),
        json!("owner"),
        json!("primary_owner"),
        json!("membership_admin"),
        json!("managed"),
        json!(""),
        json!(1),
        json!(null),
    ] {
        api.post("/invites", &json!({"email": "x@example.com", "role": role}))
            .await
            .expect_error(400, "invalid_request_error");
    }
    assert_eq!(api.list_all("/invites").await.len(), ASSIGNABLE_ROLES.len());
}

#[tokio::test]
async fn invalid_invite_bodies_are_400() {
    let s = TestServer::start().await;
    let api = s.api();
    let bodies: Vec<Value> = vec![
        json!({"email": "", "role": "user"}),
        json!({"email": "plainaddress", "role": "user"}),
        json!({"email": "no-domain@", "role": "user"}),
        json!({"email": "@no-local.com", "role": "user"}),
        json!({"email": "two@@example.com", "role": "user"}),
        json!({"email": "spa ce@example.com", "role": "user"}),
        json!({"email": 42, "role": "user"}),
        json!({"email": null, "role": "user"}),
        json!({"role": "user"}),
        json!({"email": "ok@example.com"}),
        json!({}),
        json!("ok@example.com"),
    ];
    for body in bodies {
        let msg = api
            .post("/invites", &body)
            .await
            .expect_error(400, "invalid_request_error");
        assert!(!msg.is_empty());
    }
    assert!(api.list_all("/invites").await.is_empty());
}

#[tokio::test]
async fn a_second_pending_invite_for_the_same_email_is_409_in_any_case() {
    let s = TestServer::start().await;
    let api = s.api();
    api.create_invite("foo@x.com", "user").await;
    for email in ["foo@x.com", "Foo@X.com", "FOO@X.COM"] {
        api.post("/invites", &json!({"email": email, "role": "developer"}))
            .await
            .expect_error(409, "conflict_error");
    }
    assert_eq!(api.list_all("/invites").await.len(), 1);
}

#[tokio::test]
async fn inviting_a_members_email_is_409_in_any_case() {
    let s = TestServer::start().await;
    s.user("Bob@Example.com", "Bob", "user").await;
    s.user("root@example.com", "Root", "admin").await;
    let api = s.api();
    for email in [
        "Bob@Example.com",
        "bob@example.com",
        "BOB@EXAMPLE.COM",
        "Root@example.com",
    ] {
        api.post("/invites", &json!({"email": email, "role": "user"}))
            .await
            .expect_error(409, "conflict_error");
    }
    assert!(api.list_all("/invites").await.is_empty());
}

#[tokio::test]
async fn emails_freed_by_deletion_expiry_or_removal_can_be_invited_again() {
    let s = TestServer::start().await;
    let api = s.api();
    // A deleted invite.
    let inv = api.create_invite("again@example.com", "user").await;
    api.delete(&format!("/invites/{}", str_of(&inv, "id"))).await.ok();
    let again = api.create_invite("Again@example.com", "developer").await;
    assert_eq!(again["status"], "pending");
    // An expired invite.
    s.invite_fixture("late@example.com", "user", Some(30)).await;
    assert_eq!(api.create_invite("late@example.com", "user").await["status"], "pending");
    // A removed member.
    let gone = s.user("gone@example.com", "Gone", "user").await;
    api.delete(&format!("/users/{gone}")).await.ok();
    assert_eq!(api.create_invite("gone@example.com", "user").await["status"], "pending");
}

#[tokio::test]
async fn fixture_invites_expire_21_days_after_being_sent() {
    let s = TestServer::start().await;
    let api = s.api();
    for (days, status) in [(0, "pending"), (20, "pending"), (21, "expired"), (30, "expired")] {
        let id = s
            .invite_fixture(&format!("d{days}@example.com"), "user", Some(days))
            .await;
        let inv = api.get(&format!("/invites/{id}")).await.ok();
        check_invite(&inv);
        assert_eq!(inv["status"], status, "invited {days} days ago: {inv}");
        assert_time_near(
            &inv["invited_at"],
            now_micros() - i64::from(days) * DAY,
            10 * 60 * SECOND,
        );
    }
    let default = s.invite_fixture("nodays@example.com", "billing", None).await;
    let inv = api.get(&format!("/invites/{default}")).await.ok();
    assert_eq!(inv["status"], "pending");
    assert_eq!(inv["role"], "billing");
}

#[tokio::test]
async fn an_accepted_invite_makes_a_member() {
    let s = TestServer::start().await;
    let api = s.api();
    let inv = api.create_invite("joiner@example.com", "claude_code_user").await;
    assert!(inv["accepted_at"].is_null(), "not accepted yet: {inv}");
    let invite_id = str_of(&inv, "id");
    let user_id = s.accept_invite(invite_id, "Joiner").await;
    let got = api.get(&format!("/invites/{invite_id}")).await.ok();
    check_invite(&got);
    assert_eq!(got["status"], "accepted");
    assert_eq!(got["invited_at"], inv["invited_at"]);
    // accepted_at: when the invitee joined, which is the new member's added_at.
    assert_time_near(&got["accepted_at"], now_micros(), 5 * 60 * SECOND);
    let mut expected = inv.clone();
    expected["status"] = json!("accepted");
    expected["accepted_at"] = got["accepted_at"].clone();
    assert_eq!(got, expected, "only the status and accepted_at change");
    assert_eq!(api.list_all("/invites?statuses[]=accepted").await, vec![got.clone()]);
    let user = api.get(&format!("/users/{user_id}")).await.ok();
    check_user(&user);
    assert_eq!(user["email"], "joiner@example.com");
    assert_eq!(user["name"], "Joiner");
    assert_eq!(user["role"], "claude_code_user");
    assert_eq!(user["added_at"], got["accepted_at"], "{user} {got}");
    assert_eq!(api.list_ids("/users?email=JOINER@example.com").await, vec![user_id]);
    // Now a member: a new invite for that email conflicts.
    api.post("/invites", &json!({"email": "joiner@example.com", "role": "user"}))
        .await
        .expect_error(409, "conflict_error");
    // An accepted invite cannot be deleted.
    api.delete(&format!("/invites/{invite_id}"))
        .await
        .expect_error(400, "invalid_request_error");
}

/// One invite of each status; returns (pending, accepted, expired, deleted) ids.
async fn one_of_each(s: &TestServer) -> (String, String, String, String) {
    let api = s.api();
    let pending = str_of(&api.create_invite("p@example.com", "user").await, "id").to_string();
    let accepted = s.invite_fixture("a@example.com", "developer", Some(2)).await;
    s.accept_invite(&accepted, "A").await;
    let expired = s.invite_fixture("e@example.com", "billing", Some(40)).await;
    let deleted = str_of(&api.create_invite("d@example.com", "user").await, "id").to_string();
    api.delete(&format!("/invites/{deleted}")).await.ok();
    (pending, accepted, expired, deleted)
}

#[tokio::test]
async fn list_never_holds_deleted_invites_and_filters_by_status() {
    let s = TestServer::start().await;
    let (pending, accepted, expired, deleted) = one_of_each(&s).await;
    let api = s.api();
    let all = api.list_all("/invites").await;
    for inv in &all {
        check_invite(inv);
    }
    assert_eq!(
        ids_of(&all),
        vec![pending.clone(), accepted.clone(), expired.clone()],
        "default list: every status but deleted, oldest first"
    );
    let cases: Vec<(&str, Vec<&String>)> = vec![
        ("statuses[]=pending", vec![&pending]),
        ("statuses[]=accepted", vec![&accepted]),
        ("statuses[]=expired", vec![&expired]),
        ("statuses[]=pending&statuses[]=expired", vec![&pending, &expired]),
        (
            "statuses%5B%5D=accepted&statuses%5B%5D=expired",
            vec![&accepted, &expired],
        ),
        (
            "statuses[]=pending&statuses[]=accepted&statuses[]=expired",
            vec![&pending, &accepted, &expired],
        ),
    ];
    for (q, want) in cases {
        let got = api.list_all(&format!("/invites?{q}")).await;
        let want: Vec<String> = want.into_iter().cloned().collect();
        assert_eq!(ids_of(&got), want, "{q}");
        for inv in &got {
            check_invite(inv);
            assert!(q.contains(str_of(inv, "status")), "{q}: {inv}");
        }
    }
    // A deleted invite is never listed: asking for them is a 400 that says so, alone or with
    // other statuses, bracketed or percent-encoded.
    for q in [
        "statuses[]=deleted",
        "statuses[]=pending&statuses[]=deleted",
        "statuses%5B%5D=accepted&statuses%5B%5D=deleted",
        "statuses[]=pending&statuses[]=accepted&statuses[]=expired&statuses[]=deleted",
    ] {
        let message = api
            .get(&format!("/invites?{q}"))
            .await
            .expect_error(400, "invalid_request_error");
        assert!(message.contains("deleted"), "{q}: {message}");
    }
    // It is still read by its id.
    let got = api.get(&format!("/invites/{deleted}")).await.ok();
    check_invite(&got);
    assert_eq!(got["status"], "deleted");
    assert!(got["accepted_at"].is_null(), "{got}");
}

#[tokio::test]
async fn deleting_a_pending_invite() {
    let s = TestServer::start().await;
    let api = s.api();
    let inv = api.create_invite("bye@example.com", "user").await;
    let id = str_of(&inv, "id");
    let r = api.delete(&format!("/invites/{id}")).await.ok();
    assert_eq!(r, json!({"id": id, "type": "invite_deleted"}));
    let got = api.get(&format!("/invites/{id}")).await.ok();
    check_invite(&got);
    assert_eq!(got["status"], "deleted");
    assert_eq!(got["email"], inv["email"]);
    assert_eq!(got["invited_at"], inv["invited_at"]);
    assert!(api.list_all("/invites").await.is_empty());
    api.delete(&format!("/invites/{id}"))
        .await
        .expect_error(400, "invalid_request_error");
}

#[tokio::test]
async fn only_pending_invites_can_be_deleted() {
    let s = TestServer::start().await;
    let (_, accepted, expired, deleted) = one_of_each(&s).await;
    let api = s.api();
    for (id, status) in [(&accepted, "accepted"), (&expired, "expired"), (&deleted, "deleted")] {
        api.delete(&format!("/invites/{id}"))
            .await
            .expect_error(400, "invalid_request_error");
        assert_eq!(api.get(&format!("/invites/{id}")).await.ok()["status"], status);
    }
}

#[tokio::test]
async fn unknown_or_malformed_invite_ids() {
    let s = TestServer::start().await;
    let api = s.api();
    api.create_invite("x@example.com", "user").await;
    let unknown = unknown_id("invite_");
    api.get(&format!("/invites/{unknown}"))
        .await
        .expect_error(404, "not_found_error");
    api.delete(&format!("/invites/{unknown}"))
        .await
        .expect_error(404, "not_found_error");
    for bad in ["nope", "invite_0OIl", &unknown_id("user_")] {
        api.get(&format!("/invites/{bad}")).await.expect_rejected_id();
        api.delete(&format!("/invites/{bad}")).await.expect_rejected_id();
    }
    assert_eq!(api.list_all("/invites").await.len(), 1);
}

#[tokio::test]
async fn concurrent_invites_for_one_email_make_one_invite() {
    let s = TestServer::start().await;
    let api = s.api();
    let responses = concurrently(16, |i| {
        let api = api.clone();
        let email = if i % 2 == 0 {
            "race@example.com"
        } else {
            "Race@Example.COM"
        };
        async move { api.post("/invites", &json!({"email": email, "role": "user"})).await }
    })
    .await;
    assert_eq!(count_status(&responses, 200), 1, "exactly one invite is created");
    for r in responses.iter().filter(|r| r.status != 200) {
        r.expect_error(409, "conflict_error");
    }
    assert_eq!(api.list_all("/invites").await.len(), 1);
}

#[tokio::test]
async fn concurrent_deletes_of_an_invite_delete_once() {
    let s = TestServer::start().await;
    let api = s.api();
    let id = item_id(&api.create_invite("once@example.com", "user").await);
    let responses = concurrently(16, |_| {
        let (api, id) = (api.clone(), id.clone());
        async move { api.delete(&format!("/invites/{id}")).await }
    })
    .await;
    assert_eq!(count_status(&responses, 200), 1, "deleted exactly once");
    for r in responses.iter().filter(|r| r.status != 200) {
        r.expect_error(400, "invalid_request_error");
    }
    assert_eq!(api.get(&format!("/invites/{id}")).await.ok()["status"], "deleted");
}

#[tokio::test]
async fn invites_filter_by_email_in_any_case_and_by_roles() {
    let s = TestServer::start().await;
    let api = s.api();
    let ada = str_of(&api.create_invite("Ada@Example.com", "developer").await, "id").to_owned();
    let bob = str_of(&api.create_invite("bob@example.com", "user").await, "id").to_owned();
    let cy = str_of(&api.create_invite("cy@example.com", "billing").await, "id").to_owned();
    assert_eq!(
        api.list_ids("/invites?email=ada%40EXAMPLE.com").await,
        vec![ada.clone()]
    );
    assert!(api.list_ids("/invites?email=nobody%40example.com").await.is_empty());
    assert_eq!(
        api.list_ids("/invites?roles[]=developer&roles[]=billing").await,
        vec![ada.clone(), cy.clone()]
    );
    assert_eq!(
        api.list_ids("/invites?roles[]=user&statuses[]=pending").await,
        vec![bob.clone()]
    );
    assert!(api
        .list_ids("/invites?email=bob%40example.com&roles[]=developer")
        .await
        .is_empty());
    // An unknown role is refused, naming the roles there are.
    let message = api
        .get("/invites?roles[]=galactic_overlord")
        .await
        .expect_error(400, "invalid_request_error");
    assert!(message.contains("developer"), "{message}");
    // A cursor of the filtered list pages it.
    let first = api.get("/invites?roles[]=developer&roles[]=billing&limit=1").await.ok();
    assert_eq!(first["has_more"], true);
    let next = api
        .get(&format!(
            "/invites?roles[]=developer&roles[]=billing&limit=1&after_id={ada}"
        ))
        .await
        .ok();
    assert_eq!(next["data"][0]["id"], cy.as_str());
}

#[tokio::test]
async fn rbac_group_ids_may_only_be_empty() {
    let s = TestServer::start().await;
    let api = s.api();
    // Left out or `[]`: an invite with no groups, which says so.
    let plain = api.create_invite("plain@example.com", "user").await;
    assert_eq!(plain["rbac_group_ids"], json!([]));
    let empty = api
        .post(
            "/invites",
            &json!({"email": "empty@example.com", "role": "developer", "rbac_group_ids": []}),
        )
        .await
        .ok();
    check_invite(&empty);
    assert_eq!(empty["rbac_group_ids"], json!([]));
    assert_eq!(api.get(&format!("/invites/{}", item_id(&empty))).await.ok(), empty);
    // The reference server has no RBAC groups: any group is a 400 naming the field, and so is
    // anything but a list of strings.
    for groups in [
        json!(["rbac_group_01"]),
        json!(["a", "b"]),
        json!("rbac_group_01"),
        json!([1]),
        json!({"id": "x"}),
    ] {
        let message = api
            .post(
                "/invites",
                &json!({"email": "groups@example.com", "role": "user", "rbac_group_ids": groups}),
            )
            .await
            .expect_error(400, "invalid_request_error");
        assert!(message.contains("rbac_group_ids"), "{groups}: {message}");
    }
    assert_eq!(api.list_ids("/invites").await, vec![item_id(&plain), item_id(&empty)]);
    assert!(api.list_ids("/invites?email=groups@example.com").await.is_empty());
}
