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
    const KNOWN: &str = "expected one of `active`, `inactive`, `archived`";
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
