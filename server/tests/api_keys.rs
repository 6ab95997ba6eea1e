//! The organization's inference API keys: `/v1/organizations/api_keys`.
mod common;

use common::*;
use serde_json::{json, Value};

struct Keys {
    _server: TestServer,
    api: Api,
    u1: String,
    u2: String,
    w1: String,
    w2: String,
    /// default workspace, u1, active
    k1: String,
    /// w1, u1, active
    k2: String,
    /// w1, u2, inactive
    k3: String,
    /// w2, u2, archived
    k4: String,
    /// default workspace, u2, inactive
    k5: String,
}

impl Keys {
    async fn new() -> Keys {
        let s = TestServer::start().await;
        let api = s.api();
        let u1 = s.user("one@example.com", "One", "developer").await;
        let u2 = s.user("two@example.com", "Two", "admin").await;
        let w1 = item_id(&api.create_workspace("W1").await);
        let w2 = item_id(&api.create_workspace("W2").await);
        let k1 = s.api_key("k1", &u1, None, None).await;
        let k2 = s.api_key("k2", &u1, Some(&w1), Some("active")).await;
        let k3 = s.api_key("k3", &u2, Some(&w1), Some("inactive")).await;
        let k4 = s.api_key("k4", &u2, Some(&w2), Some("archived")).await;
        let k5 = s.api_key("k5", &u2, None, Some("inactive")).await;
        Keys {
            _server: s,
            api,
            u1,
            u2,
            w1,
            w2,
            k1,
            k2,
            k3,
            k4,
            k5,
        }
    }

    fn all(&self) -> Vec<String> {
        [&self.k1, &self.k2, &self.k3, &self.k4, &self.k5]
            .iter()
            .map(|k| k.to_string())
            .collect()
    }

    fn path(&self, k: &str) -> String {
        format!("/api_keys/{k}")
    }

    async fn get(&self, k: &str) -> Value {
        let key = self.api.get(&self.path(k)).await.ok();
        check_api_key(&key);
        key
    }

    async fn update(&self, k: &str, body: Value) -> Resp {
        self.api.post(&self.path(k), &body).await
    }
}

#[tokio::test]
async fn api_keys_have_their_fields() {
    let t = Keys::new().await;
    let expected = [
        (&t.k1, "k1", None, &t.u1, "active"),
        (&t.k2, "k2", Some(&t.w1), &t.u1, "active"),
        (&t.k3, "k3", Some(&t.w1), &t.u2, "inactive"),
        (&t.k4, "k4", Some(&t.w2), &t.u2, "archived"),
        (&t.k5, "k5", None, &t.u2, "inactive"),
    ];
    let listed = t.api.list_all("/api_keys").await;
    assert_eq!(ids_of(&listed), t.all(), "oldest first");
    for ((id, name, ws, by, status), item) in expected.iter().zip(&listed) {
        let key = t.get(id).await;
        assert_eq!(&key, item, "GET and list agree");
        assert_eq!(key["id"], id.as_str());
        assert_eq!(key["name"], *name);
        match ws {
            Some(w) => assert_eq!(key["workspace_id"], w.as_str()),
            None => assert!(key["workspace_id"].is_null(), "{key}"),
        }
        assert_eq!(key["created_by"], json!({"id": by, "type": "user"}));
        assert_eq!(key["status"], *status);
        assert_time_near(&key["created_at"], now_micros(), 10 * 60 * SECOND);
    }
}

#[tokio::test]
async fn list_filters() {
    let t = Keys::new().await;
    let cases: Vec<(String, Vec<&String>)> = vec![
        ("status=active".into(), vec![&t.k1, &t.k2]),
        ("status=inactive".into(), vec![&t.k3, &t.k5]),
        ("status=archived".into(), vec![&t.k4]),
        (format!("workspace_id={}", t.w1), vec![&t.k2, &t.k3]),
        (format!("workspace_id={}", t.w2), vec![&t.k4]),
        (format!("created_by_user_id={}", t.u1), vec![&t.k1, &t.k2]),
        (format!("created_by_user_id={}", t.u2), vec![&t.k3, &t.k4, &t.k5]),
        (format!("workspace_id={}&status=inactive", t.w1), vec![&t.k3]),
        (
            format!("created_by_user_id={}&status=inactive", t.u2),
            vec![&t.k3, &t.k5],
        ),
        (format!("created_by_user_id={}&workspace_id={}", t.u1, t.w2), vec![]),
        (format!("workspace_id={}", unknown_id("wrkspc_")), vec![]),
        (format!("created_by_user_id={}", unknown_id("user_")), vec![]),
    ];
    for (q, want) in cases {
        let got = t.api.list_ids(&format!("/api_keys?{q}")).await;
        let want: Vec<String> = want.into_iter().cloned().collect();
        assert_eq!(got, want, "{q}");
    }
}

#[tokio::test]
async fn renaming_a_key() {
    let t = Keys::new().await;
    let before = t.get(&t.k2).await;
    let renamed = t.update(&t.k2, json!({"name": "renamed"})).await.ok();
    check_api_key(&renamed);
    let mut expected = before.clone();
    expected["name"] = json!("renamed");
    assert_eq!(renamed, expected, "only the name changes");
    assert_eq!(t.get(&t.k2).await, renamed);
    let long = "n".repeat(500);
    assert_eq!(
        t.update(&t.k2, json!({ "name": long })).await.ok()["name"],
        long.as_str()
    );
    let wide = "é".repeat(500);
    assert_eq!(
        t.update(&t.k2, json!({ "name": wide })).await.ok()["name"],
        wide.as_str()
    );
    for name in [
        json!(""),
        json!("n".repeat(501)),
        json!("é".repeat(501)),
        json!(5),
        json!(["x"]),
    ] {
        t.update(&t.k2, json!({ "name": name }))
            .await
            .expect_error(400, "invalid_request_error");
    }
    assert_eq!(t.get(&t.k2).await["name"], wide.as_str());
}

#[tokio::test]
async fn status_changes() {
    let t = Keys::new().await;
    for status in ["inactive", "active", "inactive", "active"] {
        let k = t.update(&t.k1, json!({ "status": status })).await.ok();
        check_api_key(&k);
        assert_eq!(k["status"], status);
        assert_eq!(t.get(&t.k1).await["status"], status);
    }
    let both = t.update(&t.k3, json!({"name": "both", "status": "active"})).await.ok();
    assert_eq!(
        (both["name"].clone(), both["status"].clone()),
        (json!("both"), json!("active"))
    );
    for status in [json!("deleted"), json!("ACTIVE"), json!(""), json!(1), json!(true)] {
        t.update(&t.k1, json!({ "status": status }))
            .await
            .expect_error(400, "invalid_request_error");
    }
    assert_eq!(t.get(&t.k1).await["status"], "active");
    let archived = t.update(&t.k1, json!({"status": "archived"})).await.ok();
    assert_eq!(archived["status"], "archived");
    assert_eq!(
        t.api.list_ids("/api_keys?status=archived").await,
        vec![t.k1.clone(), t.k4.clone()]
    );
}

#[tokio::test]
async fn an_archived_keys_status_cannot_change() {
    let t = Keys::new().await;
    for status in ["active", "inactive"] {
        t.update(&t.k4, json!({ "status": status }))
            .await
            .expect_error(400, "invalid_request_error");
    }
    t.update(&t.k2, json!({"status": "archived"})).await.ok();
    for status in ["active", "inactive"] {
        t.update(&t.k2, json!({ "status": status }))
            .await
            .expect_error(400, "invalid_request_error");
    }
    assert_eq!(t.get(&t.k4).await["status"], "archived");
    assert_eq!(t.get(&t.k2).await["status"], "archived");
}

#[tokio::test]
async fn invalid_update_bodies_are_400() {
    let t = Keys::new().await;
    for body in [json!("k1"), json!(["name"]), json!({"name": null, "status": 7})] {
        t.update(&t.k1, body).await.expect_error(400, "invalid_request_error");
    }
    let k = t.get(&t.k1).await;
    assert_eq!((k["name"].clone(), k["status"].clone()), (json!("k1"), json!("active")));
}

#[tokio::test]
async fn unknown_statuses_are_refused_with_the_known_ones_named() {
    let t = Keys::new().await;
    const KNOWN: &str = "expected one of `active`, `inactive`, `archived`, `expired`";
    for status in ["paused", "unknown"] {
        let message = t
            .update(&t.k1, json!({ "status": status }))
            .await
            .expect_error(400, "invalid_request_error");
        let column = 12 + status.len();
        assert_eq!(
            message,
            format!("Invalid request body: `status`: unknown variant `{status}`, {KNOWN} at line 1 column {column}.")
        );
        let message = t
            .api
            .get(&format!("/api_keys?status={status}"))
            .await
            .expect_error(400, "invalid_request_error");
        assert_eq!(
            message,
            format!("Invalid query parameter: unknown variant `{status}`, {KNOWN}.")
        );
    }
    assert_eq!(t.get(&t.k1).await["status"], "active");
}

#[tokio::test]
async fn unknown_or_malformed_key_ids() {
    let t = Keys::new().await;
    let unknown = unknown_id("apikey_");
    t.api.get(&t.path(&unknown)).await.expect_error(404, "not_found_error");
    t.update(&unknown, json!({"name": "x"}))
        .await
        .expect_error(404, "not_found_error");
    for bad in ["nope", "apikey_0OIl", &unknown_id("user_")] {
        t.api.get(&t.path(bad)).await.expect_rejected_id();
        t.update(bad, json!({"name": "x"})).await.expect_rejected_id();
    }
    assert_eq!(t.api.list_ids("/api_keys").await, t.all());
    // There is no way to create or delete keys through the Admin API.
    t.api
        .post("/api_keys", &json!({"name": "new"}))
        .await
        .expect_error_in(&[404, 405]);
    t.api.delete(&t.path(&t.k1)).await.expect_error_in(&[404, 405]);
    assert_eq!(t.api.list_ids("/api_keys").await, t.all());
}

/// The default workspace's real id, as `GET /workspaces?include_default=true` lists it first.
async fn default_workspace_id(api: &Api) -> String {
    let listed = api.list_all("/workspaces?include_default=true").await;
    check_default_workspace(&listed[0]);
    item_id(&listed[0])
}

#[tokio::test]
async fn scope_names_the_workspace_by_its_real_id_the_default_ones_too() {
    let t = Keys::new().await;
    let default = default_workspace_id(&t.api).await;
    for (key, workspace) in [
        (&t.k1, &default),
        (&t.k2, &t.w1),
        (&t.k3, &t.w1),
        (&t.k4, &t.w2),
        (&t.k5, &default),
    ] {
        let k = t.get(key).await;
        assert_eq!(
            k["scope"],
            json!({"type": "workspace", "workspace_id": workspace}),
            "{k}"
        );
        // A key of the default workspace still reads `workspace_id: null`.
        assert_eq!(k["workspace_id"].is_null(), *workspace == default, "{k}");
    }
    // Keys made by a member act as that member.
    assert_eq!(
        t.get(&t.k1).await["principal"],
        json!({"type": "user_actor", "user_id": t.u1})
    );
}

#[tokio::test]
async fn the_default_workspaces_id_filters_the_keys_with_no_workspace() {
    let t = Keys::new().await;
    let default = default_workspace_id(&t.api).await;
    let cases: Vec<(String, Vec<&String>)> = vec![
        (format!("workspace_id={default}"), vec![&t.k1, &t.k5]),
        (format!("workspace_id={default}&status=inactive"), vec![&t.k5]),
        (
            format!("workspace_id={default}&created_by_user_id={}", t.u1),
            vec![&t.k1],
        ),
    ];
    for (q, want) in cases {
        let got = t.api.list_ids(&format!("/api_keys?{q}")).await;
        let want: Vec<String> = want.into_iter().cloned().collect();
        assert_eq!(got, want, "{q}");
    }
    // A cursor of that filtered list pages it.
    let page = t
        .api
        .get(&format!("/api_keys?workspace_id={default}&limit=1"))
        .await
        .ok();
    assert_eq!(check_page(&page, 1), vec![t.k1.clone()]);
    assert_eq!(page["has_more"], true);
    let page = t
        .api
        .get(&format!("/api_keys?workspace_id={default}&limit=1&after_id={}", t.k1))
        .await
        .ok();
    assert_eq!(check_page(&page, 1), vec![t.k5.clone()]);
    assert_eq!(page["has_more"], false);
}

#[tokio::test]
async fn keys_with_no_creator_have_no_hint_and_no_principal() {
    let t = Keys::new().await;
    let s = &t._server;
    let legacy = s.api_key_with(KeyFixture::legacy("legacy")).await;
    let in_w1 = s
        .api_key_with(KeyFixture {
            workspace: Some(&t.w1),
            status: Some("inactive"),
            ..KeyFixture::legacy("system")
        })
        .await;
    let default = default_workspace_id(&t.api).await;
    let key = t.get(&legacy).await;
    assert_eq!(
        key,
        json!({
            "id": legacy,
            "type": "api_key",
            "name": "legacy",
            "workspace_id": null,
            "scope": {"type": "workspace", "workspace_id": default},
            "created_at": key["created_at"],
            "created_by": null,
            "principal": null,
            "partial_key_hint": null,
            "expires_at": null,
            "status": "active",
        })
    );
    let system = t.get(&in_w1).await;
    assert!(
        system["created_by"].is_null() && system["partial_key_hint"].is_null(),
        "{system}"
    );
    assert_eq!(
        (&system["workspace_id"], &system["status"]),
        (&json!(t.w1), &json!("inactive"))
    );
    // Listed like any key, never under a creator.
    let listed = t.api.list_all("/api_keys").await;
    assert_eq!(ids_of(&listed), [t.all(), vec![legacy.clone(), in_w1.clone()]].concat());
    assert!(listed.contains(&key));
    for user in [&t.u1, &t.u2] {
        let by = t.api.list_ids(&format!("/api_keys?created_by_user_id={user}")).await;
        assert!(!by.contains(&legacy) && !by.contains(&in_w1), "{by:?}");
    }
    // Renamed and deactivated like any key.
    let renamed = t
        .update(&legacy, json!({"name": "old", "status": "inactive"}))
        .await
        .ok();
    check_api_key(&renamed);
    assert_eq!(
        (&renamed["name"], &renamed["status"]),
        (&json!("old"), &json!("inactive"))
    );
    assert!(renamed["created_by"].is_null(), "{renamed}");
}

#[tokio::test]
async fn a_service_account_key_has_that_principal() {
    let t = Keys::new().await;
    let s = &t._server;
    let bot = s
        .api_key_with(KeyFixture {
            workspace: Some(&t.w1),
            service_account: Some("svcacct_01DeployBot"),
            ..KeyFixture::by("deploy bot", &t.u1)
        })
        .await;
    let key = t.get(&bot).await;
    assert_eq!(
        key["principal"],
        json!({"type": "service_account_actor", "service_account_id": "svcacct_01DeployBot"})
    );
    assert_eq!(key["created_by"], json!({"id": t.u1, "type": "user"}));
    str_of(&key, "partial_key_hint");
    // A service account's key need not have a creator.
    let system = s
        .api_key_with(KeyFixture {
            service_account: Some("svcacct_system"),
            ..KeyFixture::legacy("system bot")
        })
        .await;
    let key = t.get(&system).await;
    assert!(key["created_by"].is_null(), "{key}");
    assert_eq!(key["principal"]["service_account_id"], "svcacct_system");
    assert_eq!(
        t.api.list_ids(&format!("/api_keys?created_by_user_id={}", t.u1)).await,
        vec![t.k1.clone(), t.k2.clone(), bot]
    );
}

#[tokio::test]
async fn a_key_past_its_expiry_reads_as_expired() {
    let t = Keys::new().await;
    let s = &t._server;
    let soon = s
        .api_key_with(KeyFixture {
            expires_in_days: Some(30),
            ..KeyFixture::by("soon", &t.u1)
        })
        .await;
    let lapsed = s
        .api_key_with(KeyFixture {
            workspace: Some(&t.w1),
            expires_in_days: Some(-1),
            ..KeyFixture::by("lapsed", &t.u1)
        })
        .await;
    let lapsed_inactive = s
        .api_key_with(KeyFixture {
            status: Some("inactive"),
            expires_in_days: Some(-10),
            ..KeyFixture::by("lapsed inactive", &t.u2)
        })
        .await;
    let lapsed_archived = s
        .api_key_with(KeyFixture {
            status: Some("archived"),
            expires_in_days: Some(-10),
            ..KeyFixture::by("lapsed archived", &t.u2)
        })
        .await;
    let now = now_micros();
    let key = t.get(&soon).await;
    assert_eq!(key["status"], "active");
    assert_time_near(&key["expires_at"], now + 30 * DAY, 10 * 60 * SECOND);
    let key = t.get(&lapsed).await;
    assert_eq!(key["status"], "expired");
    assert_time_near(&key["expires_at"], now - DAY, 10 * 60 * SECOND);
    assert_eq!(t.get(&lapsed_inactive).await["status"], "expired");
    // Archived is final, expiry or not.
    assert_eq!(t.get(&lapsed_archived).await["status"], "archived");
    // Keys that never expire say so.
    assert!(t.get(&t.k1).await["expires_at"].is_null());

    let cases: Vec<(String, Vec<&String>)> = vec![
        ("status=expired".into(), vec![&lapsed, &lapsed_inactive]),
        ("status=active".into(), vec![&t.k1, &t.k2, &soon]),
        ("status=inactive".into(), vec![&t.k3, &t.k5]),
        ("status=archived".into(), vec![&t.k4, &lapsed_archived]),
        (format!("status=expired&workspace_id={}", t.w1), vec![&lapsed]),
        (
            format!("status=expired&created_by_user_id={}", t.u2),
            vec![&lapsed_inactive],
        ),
    ];
    for (q, want) in cases {
        let got = t.api.list_all(&format!("/api_keys?{q}")).await;
        let want: Vec<String> = want.into_iter().cloned().collect();
        assert_eq!(ids_of(&got), want, "{q}");
        for key in &got {
            check_api_key(key);
        }
    }
    // Paging the expired ones.
    let page = t.api.get("/api_keys?status=expired&limit=1").await.ok();
    assert_eq!(
        (check_page(&page, 1), &page["has_more"]),
        (vec![lapsed.clone()], &json!(true))
    );
}

#[tokio::test]
async fn an_expired_key_may_be_renamed_or_archived_only() {
    let t = Keys::new().await;
    let s = &t._server;
    let lapsed = s
        .api_key_with(KeyFixture {
            expires_in_days: Some(-3),
            ..KeyFixture::by("lapsed", &t.u1)
        })
        .await;
    let before = t.get(&lapsed).await;
    assert_eq!(before["status"], "expired");
    let renamed = t.update(&lapsed, json!({"name": "lapsed, renamed"})).await.ok();
    check_api_key(&renamed);
    let mut expected = before.clone();
    expected["name"] = json!("lapsed, renamed");
    assert_eq!(renamed, expected, "only the name changes; still expired");
    // Not activated nor deactivated, alone or with a new name (which is then not kept).
    for body in [
        json!({"status": "active"}),
        json!({"status": "inactive"}),
        json!({"status": "expired"}),
        json!({"name": "again", "status": "active"}),
    ] {
        let message = t
            .update(&lapsed, body.clone())
            .await
            .expect_error(400, "invalid_request_error");
        assert!(message.contains("expired"), "{body}: {message}");
    }
    assert_eq!(t.get(&lapsed).await, renamed);
    let archived = t.update(&lapsed, json!({"status": "archived"})).await.ok();
    check_api_key(&archived);
    assert_eq!(archived["status"], "archived");
    assert_eq!(archived["expires_at"], before["expires_at"]);
    for status in ["active", "inactive"] {
        t.update(&lapsed, json!({ "status": status }))
            .await
            .expect_error(400, "invalid_request_error");
    }
    assert!(t.api.list_ids("/api_keys?status=expired").await.is_empty());
}

#[tokio::test]
async fn expired_cannot_be_set() {
    let t = Keys::new().await;
    for key in [&t.k1, &t.k3, &t.k4] {
        let before = t.get(key).await;
        let message = t
            .update(key, json!({"status": "expired"}))
            .await
            .expect_error(400, "invalid_request_error");
        assert!(message.contains("active, inactive or archived"), "{message}");
        assert_eq!(t.get(key).await, before);
    }
}

#[tokio::test]
async fn the_api_key_fixture_refuses_what_the_contract_does_not_allow() {
    let t = Keys::new().await;
    let s = &t._server;
    for args in [
        // A creator, or explicitly none: never both, never neither.
        vec!["fixtures", "api-key", "--name", "x"],
        vec![
            "fixtures",
            "api-key",
            "--name",
            "x",
            "--no-creator",
            "--created-by",
            &t.u1,
        ],
        // `expired` comes with time, not as a status.
        vec![
            "fixtures",
            "api-key",
            "--name",
            "x",
            "--no-creator",
            "--status",
            "expired",
        ],
        vec![
            "fixtures",
            "api-key",
            "--name",
            "x",
            "--created-by",
            &unknown_id("user_"),
        ],
    ] {
        let out = s.cli_output(&args).await;
        assert!(!out.status.success(), "{args:?} must fail");
    }
    assert_eq!(t.api.list_ids("/api_keys").await, t.all());
}
