//! Workspace members: `/v1/organizations/workspaces/{id}/members`.
mod common;

use common::*;
use serde_json::{json, Value};

/// A workspace and one user of each organization role.
struct Org {
    _server: TestServer,
    api: Api,
    ws: String,
    admin: String,
    billing: String,
    dev: String,
    user: String,
    ccu: String,
}

impl Org {
    async fn new() -> Org {
        let s = TestServer::start().await;
        let api = s.api();
        let admin = s.user("admin@example.com", "Admin", "admin").await;
        let billing = s.user("billing@example.com", "Billing", "billing").await;
        let dev = s.user("dev@example.com", "Dev", "developer").await;
        let user = s.user("user@example.com", "User", "user").await;
        let ccu = s.user("ccu@example.com", "Code", "claude_code_user").await;
        let ws = item_id(&api.create_workspace("Team").await);
        Org {
            _server: s,
            api,
            ws,
            admin,
            billing,
            dev,
            user,
            ccu,
        }
    }

    fn members(&self) -> String {
        format!("/workspaces/{}/members", self.ws)
    }

    fn member(&self, user_id: &str) -> String {
        format!("/workspaces/{}/members/{user_id}", self.ws)
    }

    fn expect_member(&self, m: &Value, user_id: &str, role: &str) {
        check_member(m);
        assert_eq!(
            m,
            &json!({
                "type": "workspace_member",
                "user_id": user_id,
                "workspace_id": self.ws,
                "workspace_role": role,
            })
        );
    }

    async fn role_of(&self, user_id: &str) -> String {
        let m = self.api.get(&self.member(user_id)).await.ok();
        check_member(&m);
        str_of(&m, "workspace_role").to_string()
    }

    async fn set_role(&self, user_id: &str, role: &str) -> Resp {
        self.api
            .post(&self.member(user_id), &json!({ "workspace_role": role }))
            .await
    }
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

#[tokio::test]
async fn admins_and_billing_members_are_inherited_members_of_every_workspace() {
    let o = Org::new().await;
    let list = o.api.list_all(&o.members()).await;
    assert_eq!(
        ids_of(&list),
        sorted(vec![o.admin.clone(), o.billing.clone()]),
        "a new workspace lists exactly the inherited members, by user id"
    );
    for m in &list {
        let want = if m["user_id"] == o.admin.as_str() {
            "workspace_admin"
        } else {
            "workspace_billing"
        };
        o.expect_member(m, str_of(m, "user_id"), want);
    }
    o.expect_member(&o.api.get(&o.member(&o.admin)).await.ok(), &o.admin, "workspace_admin");
    o.expect_member(
        &o.api.get(&o.member(&o.billing)).await.ok(),
        &o.billing,
        "workspace_billing",
    );
    // In a second workspace too.
    let w2 = item_id(&o.api.create_workspace("Second").await);
    assert_eq!(
        o.api.list_ids(&format!("/workspaces/{w2}/members")).await,
        sorted(vec![o.admin.clone(), o.billing.clone()])
    );
}

#[tokio::test]
async fn adding_members_with_each_assignable_role() {
    let o = Org::new().await;
    for (user, role) in [
        (&o.dev, "workspace_developer"),
        (&o.user, "workspace_user"),
        (&o.ccu, "workspace_admin"),
    ] {
        let m = o
            .api
            .post(&o.members(), &json!({"user_id": user, "workspace_role": role}))
            .await
            .ok();
        o.expect_member(&m, user, role);
        assert_eq!(o.api.get(&o.member(user)).await.ok(), m);
    }
    let list = o.api.list_all(&o.members()).await;
    for m in &list {
        check_member(m);
    }
    assert_eq!(
        ids_of(&list),
        sorted(vec![
            o.admin.clone(),
            o.billing.clone(),
            o.dev.clone(),
            o.user.clone(),
            o.ccu.clone()
        ]),
        "explicit and inherited members, ascending by user id"
    );
}

#[tokio::test]
async fn invalid_member_bodies_are_400() {
    let o = Org::new().await;
    let bodies: Vec<Value> = vec![
        json!({"user_id": o.dev, "workspace_role": "workspace_billing"}),
        json!({"user_id": o.dev, "workspace_role": "admin"}),
        json!({"user_id": o.dev, "workspace_role": "owner"}),
        json!({"user_id": o.dev, "workspace_role": ""}),
        json!({"user_id": o.dev, "workspace_role": 1}),
        json!({"user_id": o.dev}),
        json!({"workspace_role": "workspace_user"}),
        json!({"user_id": 5, "workspace_role": "workspace_user"}),
        json!({}),
    ];
    for body in bodies {
        o.api
            .post(&o.members(), &body)
            .await
            .expect_error(400, "invalid_request_error");
    }
    assert_eq!(o.api.list_all(&o.members()).await.len(), 2);
}

#[tokio::test]
async fn adding_an_existing_or_inherited_member_is_409() {
    let o = Org::new().await;
    o.api.add_member(&o.ws, &o.dev, "workspace_user").await;
    for user in [&o.dev, &o.admin, &o.billing] {
        o.api
            .post(
                &o.members(),
                &json!({"user_id": user, "workspace_role": "workspace_developer"}),
            )
            .await
            .expect_error(409, "conflict_error");
    }
    assert_eq!(o.role_of(&o.dev).await, "workspace_user");
    assert_eq!(o.role_of(&o.admin).await, "workspace_admin");
    assert_eq!(o.role_of(&o.billing).await, "workspace_billing");
}

#[tokio::test]
async fn unknown_users_and_workspaces_are_404() {
    let o = Org::new().await;
    o.api
        .post(
            &o.members(),
            &json!({"user_id": unknown_id("user_"), "workspace_role": "workspace_user"}),
        )
        .await
        .expect_error(404, "not_found_error");
    let other = unknown_id("wrkspc_");
    let base = format!("/workspaces/{other}/members");
    o.api.get(&base).await.expect_error(404, "not_found_error");
    o.api
        .post(&base, &json!({"user_id": o.dev, "workspace_role": "workspace_user"}))
        .await
        .expect_error(404, "not_found_error");
    let one = format!("{base}/{}", o.admin);
    o.api.get(&one).await.expect_error(404, "not_found_error");
    o.api
        .post(&one, &json!({"workspace_role": "workspace_user"}))
        .await
        .expect_error(404, "not_found_error");
    o.api.delete(&one).await.expect_error(404, "not_found_error");
    for bad in ["nope", "user_0OIl"] {
        o.api.get(&o.member(bad)).await.expect_rejected_id();
        o.api.delete(&o.member(bad)).await.expect_rejected_id();
    }
    o.api.get("/workspaces/nope/members").await.expect_rejected_id();
}

#[tokio::test]
async fn non_members_are_404() {
    let o = Org::new().await;
    o.api.get(&o.member(&o.dev)).await.expect_error(404, "not_found_error");
    o.set_role(&o.dev, "workspace_user")
        .await
        .expect_error(404, "not_found_error");
    o.api
        .delete(&o.member(&o.dev))
        .await
        .expect_error(404, "not_found_error");
    o.api
        .get(&o.member(&unknown_id("user_")))
        .await
        .expect_error(404, "not_found_error");
    assert_eq!(o.api.list_all(&o.members()).await.len(), 2);
}

#[tokio::test]
async fn updating_a_members_role() {
    let o = Org::new().await;
    o.api.add_member(&o.ws, &o.dev, "workspace_user").await;
    for role in ["workspace_developer", "workspace_admin", "workspace_user"] {
        let m = o.set_role(&o.dev, role).await.ok();
        o.expect_member(&m, &o.dev, role);
        assert_eq!(o.role_of(&o.dev).await, role);
    }
    for role in [json!("workspace_billing"), json!("admin"), json!(""), json!(3)] {
        o.api
            .post(&o.member(&o.dev), &json!({ "workspace_role": role }))
            .await
            .expect_error(400, "invalid_request_error");
    }
    o.api
        .post(&o.member(&o.dev), &json!({}))
        .await
        .expect_error(400, "invalid_request_error");
    assert_eq!(o.role_of(&o.dev).await, "workspace_user");
}

#[tokio::test]
async fn an_inherited_admin_cannot_be_changed_or_removed() {
    let o = Org::new().await;
    for role in WORKSPACE_ROLES {
        o.set_role(&o.admin, role)
            .await
            .expect_error(400, "invalid_request_error");
    }
    o.api
        .delete(&o.member(&o.admin))
        .await
        .expect_error(400, "invalid_request_error");
    assert_eq!(o.role_of(&o.admin).await, "workspace_admin");
    assert!(o.api.list_ids(&o.members()).await.contains(&o.admin));
}

#[tokio::test]
async fn a_billing_member_may_be_raised_to_workspace_admin_and_set_back() {
    let o = Org::new().await;
    for role in ["workspace_user", "workspace_developer"] {
        o.set_role(&o.billing, role)
            .await
            .expect_error(400, "invalid_request_error");
    }
    o.api
        .delete(&o.member(&o.billing))
        .await
        .expect_error(400, "invalid_request_error");
    assert_eq!(o.role_of(&o.billing).await, "workspace_billing");

    let raised = o.set_role(&o.billing, "workspace_admin").await.ok();
    o.expect_member(&raised, &o.billing, "workspace_admin");
    assert_eq!(o.role_of(&o.billing).await, "workspace_admin");
    let listed = o.api.list_all(&o.members()).await;
    assert!(listed.contains(&raised), "{listed:?}");
    for role in ["workspace_user", "workspace_developer"] {
        o.set_role(&o.billing, role)
            .await
            .expect_error(400, "invalid_request_error");
    }
    // Only in this workspace.
    let w2 = item_id(&o.api.create_workspace("Other").await);
    let in_w2 = o.api.get(&format!("/workspaces/{w2}/members/{}", o.billing)).await.ok();
    assert_eq!(in_w2["workspace_role"], "workspace_billing");

    let back = o.set_role(&o.billing, "workspace_billing").await.ok();
    o.expect_member(&back, &o.billing, "workspace_billing");
    assert_eq!(o.role_of(&o.billing).await, "workspace_billing");
    assert_eq!(
        o.api.list_ids(&o.members()).await,
        sorted(vec![o.admin.clone(), o.billing.clone()])
    );
    // Inherited again: cannot be removed.
    o.api
        .delete(&o.member(&o.billing))
        .await
        .expect_error(400, "invalid_request_error");
}

#[tokio::test]
async fn removing_a_member() {
    let o = Org::new().await;
    o.api.add_member(&o.ws, &o.dev, "workspace_developer").await;
    o.api.add_member(&o.ws, &o.user, "workspace_user").await;
    let r = o.api.delete(&o.member(&o.dev)).await.ok();
    assert_eq!(
        r,
        json!({"type": "workspace_member_deleted", "user_id": o.dev, "workspace_id": o.ws})
    );
    o.api.get(&o.member(&o.dev)).await.expect_error(404, "not_found_error");
    o.api
        .delete(&o.member(&o.dev))
        .await
        .expect_error(404, "not_found_error");
    assert_eq!(
        o.api.list_ids(&o.members()).await,
        sorted(vec![o.admin.clone(), o.billing.clone(), o.user.clone()])
    );
    // The user is still an organization member and can be added again.
    o.api.get(&format!("/users/{}", o.dev)).await.ok();
    o.api.add_member(&o.ws, &o.dev, "workspace_admin").await;
    assert_eq!(o.role_of(&o.dev).await, "workspace_admin");
}

#[tokio::test]
async fn an_archived_workspaces_membership_is_read_only() {
    let o = Org::new().await;
    o.api.add_member(&o.ws, &o.dev, "workspace_developer").await;
    o.api.archive_workspace(&o.ws).await;
    o.api
        .post(
            &o.members(),
            &json!({"user_id": o.user, "workspace_role": "workspace_user"}),
        )
        .await
        .expect_error(400, "invalid_request_error");
    o.set_role(&o.dev, "workspace_admin")
        .await
        .expect_error(400, "invalid_request_error");
    o.set_role(&o.billing, "workspace_admin")
        .await
        .expect_error(400, "invalid_request_error");
    o.api
        .delete(&o.member(&o.dev))
        .await
        .expect_error(400, "invalid_request_error");
    // Reads still work and nothing changed.
    assert_eq!(o.role_of(&o.dev).await, "workspace_developer");
    assert_eq!(
        o.api.list_ids(&o.members()).await,
        sorted(vec![o.admin.clone(), o.billing.clone(), o.dev.clone()])
    );
}

#[tokio::test]
async fn concurrent_adds_of_one_member_make_one_membership() {
    let o = Org::new().await;
    let path = o.members();
    let dev = o.dev.clone();
    let api = o.api.clone();
    let responses = concurrently(16, |i| {
        let (api, path, dev) = (api.clone(), path.clone(), dev.clone());
        let role = ["workspace_user", "workspace_developer"][i % 2];
        async move { api.post(&path, &json!({"user_id": dev, "workspace_role": role})).await }
    })
    .await;
    assert_eq!(count_status(&responses, 200), 1, "exactly one membership is created");
    for r in responses.iter().filter(|r| r.status != 200) {
        r.expect_error(409, "conflict_error");
    }
    let list = o.api.list_ids(&o.members()).await;
    assert_eq!(list.iter().filter(|u| **u == o.dev).count(), 1, "{list:?}");
}

#[tokio::test]
async fn inherited_membership_follows_the_organization_role() {
    let o = Org::new().await;
    o.api
        .post(&format!("/users/{}", o.dev), &json!({"role": "billing"}))
        .await
        .ok();
    assert_eq!(o.role_of(&o.dev).await, "workspace_billing");
    assert!(o.api.list_ids(&o.members()).await.contains(&o.dev));
    o.api
        .post(
            &o.members(),
            &json!({"user_id": o.dev, "workspace_role": "workspace_user"}),
        )
        .await
        .expect_error(409, "conflict_error");
    o.api
        .delete(&o.member(&o.dev))
        .await
        .expect_error(400, "invalid_request_error");
    // No longer billing: no longer an inherited member.
    o.api
        .post(&format!("/users/{}", o.dev), &json!({"role": "developer"}))
        .await
        .ok();
    o.api.get(&o.member(&o.dev)).await.expect_error(404, "not_found_error");
    assert_eq!(
        o.api.list_ids(&o.members()).await,
        sorted(vec![o.admin.clone(), o.billing.clone()])
    );
}

#[tokio::test]
async fn owners_and_primary_owners_are_inherited_workspace_admins() {
    let o = Org::new().await;
    let s = &o._server;
    let owner = s.user("owner@example.com", "Owner", "owner").await;
    let primary = s.user("primary@example.com", "Primary", "primary_owner").await;
    let w2 = item_id(&o.api.create_workspace("Second").await);
    for ws in [&o.ws, &w2] {
        let members = format!("/workspaces/{ws}/members");
        assert_eq!(
            o.api.list_ids(&members).await,
            sorted(vec![o.admin.clone(), o.billing.clone(), owner.clone(), primary.clone()]),
            "{ws}"
        );
        for user in [&owner, &primary] {
            let m = o.api.get(&format!("{members}/{user}")).await.ok();
            check_member(&m);
            assert_eq!(m["workspace_role"], "workspace_admin", "{m}");
        }
    }
    // Locked like an admin: not added again, not changed, not removed.
    for user in [&owner, &primary] {
        o.api
            .post(
                &o.members(),
                &json!({"user_id": user, "workspace_role": "workspace_developer"}),
            )
            .await
            .expect_error(409, "conflict_error");
        for role in WORKSPACE_ROLES {
            o.set_role(user, role).await.expect_error(400, "invalid_request_error");
        }
        let message = o
            .api
            .delete(&o.member(user))
            .await
            .expect_error(400, "invalid_request_error");
        assert!(message.contains("workspace_admin"), "{message}");
        assert_eq!(o.role_of(user).await, "workspace_admin");
    }
}

#[tokio::test]
async fn membership_admins_and_managed_members_are_members_only_when_added() {
    let o = Org::new().await;
    let s = &o._server;
    let membership_admin = s.user("ma@example.com", "Membership Admin", "membership_admin").await;
    let managed = s.user("managed@example.com", "Managed", "managed").await;
    assert_eq!(o.api.list_all(&o.members()).await.len(), 2, "not inherited");
    for user in [&membership_admin, &managed] {
        o.api.get(&o.member(user)).await.expect_error(404, "not_found_error");
    }
    o.api.add_member(&o.ws, &membership_admin, "workspace_admin").await;
    o.api
        .add_member(&o.ws, &managed, "workspace_restricted_developer")
        .await;
    assert_eq!(o.role_of(&membership_admin).await, "workspace_admin");
    assert_eq!(o.role_of(&managed).await, "workspace_restricted_developer");
    o.expect_member(
        &o.set_role(&managed, "workspace_user").await.ok(),
        &managed,
        "workspace_user",
    );
    o.api.delete(&o.member(&membership_admin)).await.ok();
    assert_eq!(
        o.api.list_ids(&o.members()).await,
        sorted(vec![o.admin.clone(), o.billing.clone(), managed.clone()])
    );
}

#[tokio::test]
async fn the_restricted_developer_role_can_be_given_and_changed() {
    let o = Org::new().await;
    let m = o
        .api
        .post(
            &o.members(),
            &json!({"user_id": o.dev, "workspace_role": "workspace_restricted_developer"}),
        )
        .await
        .ok();
    o.expect_member(&m, &o.dev, "workspace_restricted_developer");
    assert_eq!(o.api.get(&o.member(&o.dev)).await.ok(), m);
    assert!(o.api.list_all(&o.members()).await.contains(&m));
    o.api.add_member(&o.ws, &o.user, "workspace_developer").await;
    for (user, role) in [
        (&o.user, "workspace_restricted_developer"),
        (&o.dev, "workspace_developer"),
        (&o.dev, "workspace_restricted_developer"),
    ] {
        o.expect_member(&o.set_role(user, role).await.ok(), user, role);
        assert_eq!(o.role_of(user).await, role);
    }
    // A billing member is only ever raised to workspace_admin.
    o.set_role(&o.billing, "workspace_restricted_developer")
        .await
        .expect_error(400, "invalid_request_error");
}

#[tokio::test]
async fn the_default_workspace_has_no_member_list() {
    let o = Org::new().await;
    let default = item_id(&o.api.list_all("/workspaces?include_default=true").await[0]);
    let members = format!("/workspaces/{default}/members");
    let one = format!("{members}/{}", o.admin);
    for r in [
        o.api.get(&members).await,
        o.api.get(&one).await,
        o.api
            .post(&members, &json!({"user_id": o.dev, "workspace_role": "workspace_user"}))
            .await,
        o.api.post(&one, &json!({"workspace_role": "workspace_user"})).await,
        o.api.delete(&one).await,
        o.api.delete(&format!("{members}/{}", o.dev)).await,
    ] {
        let message = r.expect_error(400, "invalid_request_error");
        assert!(message.contains("default workspace"), "{}: {message}", r.label);
    }
    // Nothing changed elsewhere.
    assert_eq!(o.api.list_all(&o.members()).await.len(), 2);
}
