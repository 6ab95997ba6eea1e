//! `GET /rate_limits` and `GET /workspaces/{id}/rate_limits` over HTTP: the organization's groups,
//! a workspace's overrides (the demo's) with and without inherited values, the filters, and the
//! page tokens.

mod common;

use common::*;
use serde_json::Value;

async fn demo() -> TestServer {
    TestServer::start_with(ServeOptions {
        demo: true,
        ..Default::default()
    })
    .await
}

/// Every entry, following `next_page`.
async fn every_entry(api: &Api, path: &str) -> Vec<Value> {
    let separator = if path.contains('?') { '&' } else { '?' };
    let mut entries = Vec::new();
    let mut page = api.get(path).await.ok();
    loop {
        entries.extend(page["data"].as_array().unwrap().iter().cloned());
        match page["next_page"].as_str() {
            None => {
                assert_eq!(page["has_more"], false);
                return entries;
            }
            Some(token) => {
                assert_eq!(page["has_more"], true);
                page = api.get(&format!("{path}{separator}page={token}")).await.ok();
            }
        }
    }
}

#[tokio::test]
async fn the_organizations_groups_with_their_limits_in_pages() {
    let s = demo().await;
    let api = s.api();
    let all = api.get("/rate_limits").await.ok();
    let entries = all["data"].as_array().unwrap().clone();
    assert_eq!(entries.len(), 8);
    assert_eq!(
        (all["has_more"].clone(), all["next_page"].clone()),
        (false.into(), Value::Null)
    );
    for entry in &entries {
        assert_keys(entry, &["id", "type", "group_type", "group", "models", "limits"]);
        assert_eq!(entry["type"], "rate_limit");
        assert_eq!(entry["group_type"], entry["group"]["type"]);
        assert!(str_of(entry, "id").starts_with("ratelimit_"));
        assert!(str_of(&entry["group"], "id").starts_with("rlg_"));
        let model_group = entry["group_type"] == "model_group";
        assert_eq!(entry["models"].is_array(), model_group, "{entry}");
        assert_eq!(entry["group"]["display_name"].is_string(), model_group, "{entry}");
        for limit in entry["limits"].as_array().unwrap() {
            assert_keys(limit, &["type", "value"]);
            assert!(limit["value"].as_i64().unwrap() > 0);
        }
    }
    // Pages of two cover the same entries once.
    assert_eq!(every_entry(&api, "/rate_limits?limit=2").await, entries);
    // The ids are stable.
    assert_eq!(
        api.get("/rate_limits").await.ok()["data"],
        Value::Array(entries.clone())
    );

    let models = api.get("/rate_limits?group_type=model_group").await.ok();
    assert_eq!(models["data"].as_array().unwrap().len(), 3);
    let sonnet = api.get("/rate_limits?model=claude-sonnet-4-5").await.ok();
    assert_eq!(sonnet["data"].as_array().unwrap().len(), 1);
    assert_eq!(sonnet["data"][0]["group"]["display_name"], "Claude Sonnet 4.x");

    api.get("/rate_limits?model=claude-nope")
        .await
        .expect_error(404, "not_found_error");
    let message = api
        .get("/rate_limits?group_type=gpu")
        .await
        .expect_error(400, "invalid_request_error");
    assert!(
        message.contains("group_type") && message.contains("model_group"),
        "{message}"
    );
    for bad in ["limit=0", "limit=1001", "limit=two", "page=rlpage_99", "page=nonsense"] {
        api.get(&format!("/rate_limits?{bad}"))
            .await
            .expect_error(400, "invalid_request_error");
    }
}

#[tokio::test]
async fn a_workspaces_overrides_and_what_it_inherits() {
    let s = demo().await;
    let api = s.api();
    let workspaces = api.list_all("/workspaces").await;
    let id_of = |name: &str| {
        workspaces
            .iter()
            .find(|w| w["name"] == name)
            .map(|w| str_of(w, "id").to_owned())
            .unwrap()
    };
    let production = id_of("Production");
    let organization = api.get("/rate_limits").await.ok();
    let sonnet_entry = organization["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["group"]["display_name"] == "Claude Sonnet 4.x")
        .unwrap()
        .clone();

    // Only the overrides: Production's two Sonnet limiters.
    let own = api.get(&format!("/workspaces/{production}/rate_limits")).await.ok();
    let entries = own["data"].as_array().unwrap();
    assert_eq!(entries.len(), 1);
    let entry = &entries[0];
    assert_keys(
        entry,
        &[
            "type",
            "rate_limit_id",
            "workspace_id",
            "group_type",
            "group",
            "models",
            "limits",
        ],
    );
    assert_eq!(entry["type"], "workspace_rate_limit");
    assert_eq!(entry["rate_limit_id"], sonnet_entry["id"]);
    assert_eq!(entry["workspace_id"], production.as_str());
    let rpm = entry["limits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["type"] == "requests_per_minute")
        .unwrap();
    assert_keys(rpm, &["type", "value", "org_limit", "source"]);
    assert_eq!(
        (rpm["value"].as_i64(), rpm["org_limit"].as_i64()),
        (Some(1000), Some(4000))
    );
    assert_eq!(rpm["source"], serde_json::json!({"type": "workspace"}));
    assert!(entry["limits"]
        .as_array()
        .unwrap()
        .iter()
        .all(|l| l["source"]["type"] == "workspace"));

    // With what it inherits: every group, inherited values equal the organization's.
    let inherited = every_entry(
        &api,
        &format!("/workspaces/{production}/rate_limits?include_inherited=true&limit=3"),
    )
    .await;
    assert_eq!(inherited.len(), 8);
    for entry in &inherited {
        for limit in entry["limits"].as_array().unwrap() {
            if limit["source"]["type"] == "organization" {
                assert_eq!(limit["value"], limit["org_limit"], "{entry}");
            }
        }
    }
    let sonnet = inherited
        .iter()
        .find(|e| e["rate_limit_id"] == sonnet_entry["id"])
        .unwrap();
    let sources: Vec<_> = sonnet["limits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| str_of(&l["source"], "type").to_owned())
        .collect();
    assert_eq!(sources, ["workspace", "workspace", "organization"]);

    // A workspace with no overrides lists nothing of its own; filters and errors.
    let staging = id_of("Staging");
    assert_eq!(
        api.get(&format!("/workspaces/{staging}/rate_limits")).await.ok()["data"],
        serde_json::json!([])
    );
    let batch = api
        .get(&format!(
            "/workspaces/{staging}/rate_limits?include_inherited=TRUE&group_type=batch"
        ))
        .await
        .ok();
    assert_eq!(batch["data"].as_array().unwrap().len(), 1);
    api.get(&format!("/workspaces/wrkspc_{}/rate_limits", "1".repeat(24)))
        .await
        .expect_error(404, "not_found_error");
    api.get(&format!("/workspaces/{staging}/rate_limits?include_inherited=maybe"))
        .await
        .expect_error(400, "invalid_request_error");
    api.get(&format!("/workspaces/{staging}/rate_limits?model=x"))
        .await
        .expect_error(400, "invalid_request_error");
}
