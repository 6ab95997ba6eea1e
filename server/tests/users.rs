//! Organization members: `/v1/organizations/users`.
mod common;

use common::*;
use serde_json::{json, Value};

#[tokio::test]
async fn users_are_listed_in_creation_order_with_their_fields() {
    let s = TestServer::start().await;
    let before = now_micros();
    let mut created = Vec::new();
    for (i, role) in ORG_ROLES.iter().enumerate() {
        let email = format!("person{i}@example.com");
        let name = format!("Person {i}");
        let id = s.user(&email, &name, role).await;
        created.push((id, email, name, role.to_string()));
    }
    let users = s.api().list_all("/users").await;
    assert_eq!(
        ids_of(&users),
        created.iter().map(|c| c.0.clone()).collect::<Vec<_>>(),
        "users must be listed oldest first"
    );
    for (u, (id, email, name, role)) in users.iter().zip(&created) {
        check_user(u);
        assert_eq!(u["id"], id.as_str());
        assert_eq!(u["email"], email.as_str());
        assert_eq!(u["name"], name.as_str());
        assert_eq!(u["role"], role.as_str());
        assert_time_near(&u["added_at"], before, 5 * 60 * SECOND);
    }
}

#[tokio::test]
async fn get_user_by_id() {
    let s = TestServer::start().await;
    let id = s.user("ada@example.com", "Ada", "developer").await;
    let u = s.api().get(&format!("/users/{id}")).await.ok();
    check_user(&u);
    assert_eq!(u["id"], id.as_str());
    assert_eq!(u["email"], "ada@example.com");
    assert_eq!(u["name"], "Ada");
    assert_eq!(u["role"], "developer");
    let listed = s.api().list_all("/users").await;
    assert_eq!(listed, vec![u]);
}

#[tokio::test]
async fn unknown_or_malformed_user_ids() {
    let s = TestServer::start().await;
    s.user("ada@example.com", "Ada", "developer").await;
    let api = s.api();
    let unknown = unknown_id("user_");
    api.get(&format!("/users/{unknown}"))
        .await
        .expect_error(404, "not_found_error");
    api.post(&format!("/users/{unknown}"), &json!({"role": "user"}))
        .await
        .expect_error(404, "not_found_error");
    api.delete(&format!("/users/{unknown}"))
        .await
        .expect_error(404, "not_found_error");
    for bad in ["nope", "user_0OIl", "wrkspc_2BcdEfGhJkMnPqRsTuVwXyZ9", "user_"] {
        api.get(&format!("/users/{bad}")).await.expect_rejected_id();
        api.post(&format!("/users/{bad}"), &json!({"role": "user"}))
            .await
            .expect_rejected_id();
        api.delete(&format!("/users/{bad}")).await.expect_rejected_id();
    }
}

#[tokio::test]
async fn email_filter_is_case_insensitive_and_exact() {
    let s = TestServer::start().await;
    let alice = s.user("Alice@Example.com", "Alice", "user").await;
    s.user("alice@example.org", "Other Alice", "user").await;
    s.user("malice@example.com", "Malice", "user").await;
    let api = s.api();
    for q in ["alice@example.com", "ALICE@EXAMPLE.COM", "Alice@Example.com"] {
        let found = api.list_ids(&format!("/users?email={q}")).await;
        assert_eq!(found, vec![alice.clone()], "email={q}");
    }
    for q in ["alice@example", "lice@example.com", "example.com", "nobody@example.com"] {
        let found = api.list_ids(&format!("/users?email={q}")).await;
        assert!(found.is_empty(), "email={q} must match exactly, got {found:?}");
    }
}

#[tokio::test]
async fn roles_filter_is_repeatable() {
    let s = TestServer::start().await;
    let mut by_role: Vec<(String, &str)> = Vec::new();
    for (i, role) in ORG_ROLES.iter().chain(ORG_ROLES.iter()).enumerate() {
        let id = s.user(&format!("u{i}@example.com"), &format!("U{i}"), role).await;
        by_role.push((id, role));
    }
    let expect = |roles: &[&str]| -> Vec<String> {
        by_role
            .iter()
            .filter(|(_, r)| roles.contains(r))
            .map(|(id, _)| id.clone())
            .collect()
    };
    let api = s.api();
    for role in ORG_ROLES {
        let got = api.list_ids(&format!("/users?roles[]={role}")).await;
        assert_eq!(got, expect(&[role]), "roles[]={role}");
    }
    let got = api.list_ids("/users?roles[]=developer&roles[]=billing").await;
    assert_eq!(got, expect(&["developer", "billing"]));
    // Percent-encoded brackets, as browsers' URLSearchParams send them.
    let got = api
        .list_ids("/users?roles%5B%5D=admin&roles%5B%5D=claude_code_user")
        .await;
    assert_eq!(got, expect(&["admin", "claude_code_user"]));
    // Combined with the email filter.
    let got = api
        .list_ids("/users?email=U3@EXAMPLE.com&roles[]=developer&roles[]=billing")
        .await;
    assert_eq!(got, expect(&["billing"])[..1].to_vec());
    let got = api.list_ids("/users?email=u3@example.com&roles[]=user").await;
    assert!(got.is_empty(), "{got:?}");
}

#[tokio::test]
async fn role_can_be_set_to_each_assignable_role() {
    let s = TestServer::start().await;
    let id = s.user("bob@example.com", "Bob", "user").await;
    let api = s.api();
    for role in ["developer", "billing", "claude_code_user", "user", "developer"] {
        let u = api.post(&format!("/users/{id}"), &json!({ "role": role })).await.ok();
        check_user(&u);
        assert_eq!(u["id"], id.as_str());
        assert_eq!(u["role"], role);
        assert_eq!(u["email"], "bob@example.com");
        let got = api.get(&format!("/users/{id}")).await.ok();
        assert_eq!(got, u, "GET after update");
    }
}

#[tokio::test]
async fn invalid_role_updates_are_rejected() {
    let s = TestServer::start().await;
    let id = s.user("bob@example.com", "Bob", "developer").await;
    let api = s.api();
    let path = format!("/users/{id}");
    let bodies: Vec<Value> = vec![
        json!({"role": "admin"}),
        json!({"role": "owner"}),
        json!({"role": "workspace_admin"}),
        json!({"role": ""}),
        json!({"role": "DEVELOPER"}),
        json!({"role": 3}),
        json!({"role": null}),
        json!({}),
        json!(["developer"]),
    ];
    for body in bodies {
        api.post(&path, &body).await.expect_error(400, "invalid_request_error");
    }
    assert_eq!(api.get(&path).await.ok()["role"], "developer");
}

/// A role the contract does not name (`unknown` included, the wire crate's name for such values)
/// is refused with serde's message, which lists exactly the contract's roles.
#[tokio::test]
async fn unknown_roles_are_refused_with_the_known_ones_named() {
    let s = TestServer::start().await;
    let id = s.user("bob@example.com", "Bob", "developer").await;
    let api = s.api();
    const KNOWN: &str = "expected one of `admin`, `user`, `developer`, `billing`, `claude_code_user`, `owner`, \
                         `primary_owner`, `membership_admin`, `managed`";
    for (role, column) in [("wizard", 16), ("unknown", 17)] {
        let message = api
            .post(&format!("/users/{id}"), &json!({ "role": role }))
            .await
            .expect_error(400, "invalid_request_error");
        assert_eq!(
            message,
            format!("Invalid request body: `role`: unknown variant `{role}`, {KNOWN} at line 1 column {column}.")
        );
        let message = api
            .get(&format!("/users?roles[]=developer&roles[]={role}"))
            .await
            .expect_error(400, "invalid_request_error");
        assert_eq!(
            message,
            format!("Invalid query parameter: unknown variant `{role}`, {KNOWN}.")
        );
    }
    assert_eq!(api.get(&format!("/users/{id}")).await.ok()["role"], "developer");
}

#[tokio::test]
async fn an_admins_role_cannot_be_changed() {
    let s = TestServer::start().await;
    let id = s.user("root@example.com", "Root", "admin").await;
    let api = s.api();
    for role in ASSIGNABLE_ROLES.iter().chain(["admin"].iter()) {
        api.post(&format!("/users/{id}"), &json!({ "role": role }))
            .await
            .expect_error(400, "invalid_request_error");
    }
    assert_eq!(api.get(&format!("/users/{id}")).await.ok()["role"], "admin");
}

#[tokio::test]
async fn removing_a_user() {
    let s = TestServer::start().await;
    let keep = s.user("keep@example.com", "Keep", "user").await;
    let gone = s.user("gone@example.com", "Gone", "developer").await;
    let api = s.api();
    let r = api.delete(&format!("/users/{gone}")).await.ok();
    assert_eq!(r, json!({"id": gone, "type": "user_deleted"}));
    api.get(&format!("/users/{gone}"))
        .await
        .expect_error(404, "not_found_error");
    api.post(&format!("/users/{gone}"), &json!({"role": "user"}))
        .await
        .expect_error(404, "not_found_error");
    api.delete(&format!("/users/{gone}"))
        .await
        .expect_error(404, "not_found_error");
    assert_eq!(api.list_ids("/users").await, vec![keep]);
    assert!(api.list_ids("/users?email=gone@example.com").await.is_empty());
}

#[tokio::test]
async fn admins_cannot_be_removed() {
    let s = TestServer::start().await;
    let id = s.user("root@example.com", "Root", "admin").await;
    s.api()
        .delete(&format!("/users/{id}"))
        .await
        .expect_error(400, "invalid_request_error");
    assert_eq!(s.api().get(&format!("/users/{id}")).await.ok()["role"], "admin");
}

#[tokio::test]
async fn removing_a_user_removes_memberships_but_keeps_api_keys() {
    let s = TestServer::start().await;
    let api = s.api();
    let dev = s.user("dev@example.com", "Dev", "developer").await;
    let other = s.user("other@example.com", "Other", "user").await;
    let w1 = api.create_workspace("One").await;
    let w2 = api.create_workspace("Two").await;
    let w1 = str_of(&w1, "id");
    let w2 = str_of(&w2, "id");
    api.add_member(w1, &dev, "workspace_developer").await;
    api.add_member(w2, &dev, "workspace_user").await;
    api.add_member(w1, &other, "workspace_user").await;
    let k1 = s.api_key("dev key", &dev, Some(w1), None).await;
    let k2 = s.api_key("dev default key", &dev, None, Some("inactive")).await;

    api.delete(&format!("/users/{dev}")).await.ok();

    for w in [w1, w2] {
        let members = api.list_ids(&format!("/workspaces/{w}/members")).await;
        assert!(!members.contains(&dev), "{w} still lists {dev}: {members:?}");
        api.get(&format!("/workspaces/{w}/members/{dev}"))
            .await
            .expect_error(404, "not_found_error");
    }
    assert_eq!(api.list_ids(&format!("/workspaces/{w1}/members")).await, vec![other]);
    let keys = api.list_ids("/api_keys").await;
    assert_eq!(keys, vec![k1.clone(), k2.clone()]);
    let key = api.get(&format!("/api_keys/{k1}")).await.ok();
    check_api_key(&key);
    assert_eq!(key["created_by"]["id"], dev.as_str());
    assert_eq!(key["status"], "active");
    assert_eq!(key["workspace_id"], w1);
    assert_eq!(
        api.list_ids(&format!("/api_keys?created_by_user_id={dev}")).await,
        vec![k1, k2]
    );
}

#[tokio::test]
async fn email_filter_is_percent_decoded() {
    let s = TestServer::start().await;
    let tagged = s.user("a+tag@example.com", "Tagged", "user").await;
    let api = s.api();
    for q in ["a%2Btag%40example.com", "A%2BTAG@example.com", "a%2btag@Example.Com"] {
        assert_eq!(
            api.list_ids(&format!("/users?email={q}")).await,
            vec![tagged.clone()],
            "email={q}"
        );
    }
}

#[tokio::test]
async fn concurrent_removals_of_a_user_remove_once() {
    let s = TestServer::start().await;
    let api = s.api();
    let id = s.user("once@example.com", "Once", "developer").await;
    let w = item_id(&api.create_workspace("W").await);
    api.add_member(&w, &id, "workspace_developer").await;
    let responses = concurrently(16, |_| {
        let (api, id) = (api.clone(), id.clone());
        async move { api.delete(&format!("/users/{id}")).await }
    })
    .await;
    assert_eq!(count_status(&responses, 200), 1, "removed exactly once");
    for r in responses.iter().filter(|r| r.status != 200) {
        r.expect_error(404, "not_found_error");
    }
    assert!(api.list_all("/users").await.is_empty());
    assert!(!api.list_ids(&format!("/workspaces/{w}/members")).await.contains(&id));
}

#[tokio::test]
async fn owners_are_locked_like_admins() {
    let s = TestServer::start().await;
    let api = s.api();
    for (i, role) in ADMIN_ROLES.iter().enumerate() {
        let id = s.user(&format!("locked{i}@example.com"), "Locked", role).await;
        let path = format!("/users/{id}");
        let user = api.get(&path).await.ok();
        check_user(&user);
        assert_eq!(user["role"], *role);
        // No role change, to any role.
        for to in ORG_ROLES {
            api.post(&path, &json!({ "role": to }))
                .await
                .expect_error(400, "invalid_request_error");
        }
        // Never removed.
        let message = api.delete(&path).await.expect_error(400, "invalid_request_error");
        assert!(message.contains("cannot be removed"), "{role}: {message}");
        assert_eq!(api.get(&path).await.ok(), user);
    }
    // Changing an owner's role says why.
    let owner = s.user("owner@example.com", "Owner", "owner").await;
    let message = api
        .post(&format!("/users/{owner}"), &json!({"role": "developer"}))
        .await
        .expect_error(400, "invalid_request_error");
    assert!(message.contains("is an owner"), "{message}");
}

#[tokio::test]
async fn membership_admins_and_managed_members_may_be_given_an_assignable_role() {
    let s = TestServer::start().await;
    let api = s.api();
    for (i, role) in ["membership_admin", "managed"].iter().enumerate() {
        let id = s.user(&format!("enterprise{i}@example.com"), "Enterprise", role).await;
        let path = format!("/users/{id}");
        assert_eq!(api.get(&path).await.ok()["role"], *role);
        assert_eq!(api.list_ids(&format!("/users?roles[]={role}")).await, vec![id.clone()]);
        let changed = api.post(&path, &json!({"role": ASSIGNABLE_ROLES[i]})).await.ok();
        check_user(&changed);
        assert_eq!(changed["role"], ASSIGNABLE_ROLES[i]);
        // Once given a Console role, there is no way back: those roles are not assignable.
        api.post(&path, &json!({ "role": role }))
            .await
            .expect_error(400, "invalid_request_error");
        assert_eq!(api.get(&path).await.ok(), changed);
    }
    // And they may be removed, unlike admins and owners.
    let managed = s.user("managed@example.com", "Managed", "managed").await;
    api.delete(&format!("/users/{managed}")).await.ok();
    api.get(&format!("/users/{managed}"))
        .await
        .expect_error(404, "not_found_error");
}

#[tokio::test]
async fn no_role_outside_the_assignable_four_can_be_given() {
    let s = TestServer::start().await;
    let id = s.user("bob@example.com", "Bob", "developer").await;
    let api = s.api();
    for role in ORG_ROLES.iter().filter(|role| !ASSIGNABLE_ROLES.contains(role)) {
        let message = api
            .post(&format!("/users/{id}"), &json!({ "role": role }))
            .await
            .expect_error(400, "invalid_request_error");
        assert!(message.contains(role), "{role}: {message}");
    }
    assert_eq!(api.get(&format!("/users/{id}")).await.ok()["role"], "developer");
}

#[tokio::test]
async fn the_user_fixture_takes_all_nine_roles_and_no_other() {
    let s = TestServer::start().await;
    for (i, role) in ORG_ROLES.iter().enumerate() {
        let id = s.user(&format!("r{i}@example.com"), "R", role).await;
        assert_eq!(s.api().get(&format!("/users/{id}")).await.ok()["role"], *role);
    }
    for role in ["wizard", "workspace_admin", "Owner", ""] {
        let out = s
            .cli_output(&[
                "fixtures",
                "user",
                "--email",
                "x@example.com",
                "--name",
                "X",
                "--role",
                role,
            ])
            .await;
        assert!(!out.status.success(), "--role {role:?} must be refused");
    }
    assert_eq!(s.api().list_all("/users").await.len(), ORG_ROLES.len());
}
