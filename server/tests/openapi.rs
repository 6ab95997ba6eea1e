//! `GET /openapi.json`: public, OpenAPI 3.1, describes every route of the contract.
mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::*;
use serde_json::Value;

/// Every contract route (reports aside) with its methods; path parameters written `{}`.
const ROUTES: &[(&str, &[&str])] = &[
    ("/v1/organizations/me", &["get"]),
    ("/v1/organizations/users", &["get"]),
    ("/v1/organizations/users/{}", &["get", "post", "delete"]),
    ("/v1/organizations/invites", &["get", "post"]),
    ("/v1/organizations/invites/{}", &["get", "delete"]),
    ("/v1/organizations/workspaces", &["get", "post"]),
    ("/v1/organizations/workspaces/{}", &["get", "post"]),
    ("/v1/organizations/workspaces/{}/archive", &["post"]),
    ("/v1/organizations/workspaces/{}/members", &["get", "post"]),
    ("/v1/organizations/workspaces/{}/members/{}", &["get", "post", "delete"]),
    ("/v1/organizations/api_keys", &["get"]),
    ("/v1/organizations/api_keys/{}", &["get", "post"]),
];

/// `/a/{x}/b/{y}` → `/a/{}/b/{}`.
fn normalize(path: &str) -> String {
    path.split('/')
        .map(|seg| {
            if seg.starts_with('{') && seg.ends_with('}') {
                "{}"
            } else {
                seg
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

async fn openapi(s: &TestServer) -> Value {
    // No key, no version header.
    send(s.http().get(s.url("/openapi.json"))).await.ok()
}

#[tokio::test]
async fn openapi_json_is_a_public_openapi_3_1_document() {
    let s = TestServer::start().await;
    let doc = openapi(&s).await;
    let version = str_of(&doc, "openapi");
    assert!(version.starts_with("3.1"), "openapi version {version}");
    assert!(doc["info"]["title"].is_string(), "info.title");
    assert!(doc["info"]["version"].is_string(), "info.version");
    assert!(doc["paths"].is_object(), "paths");
}

/// The enums list exactly the contract's values: never `unknown`, the wire crate's variant for
/// values it does not know.
#[tokio::test]
async fn openapi_json_lists_only_the_contracts_enum_values() {
    let s = TestServer::start().await;
    let doc = openapi(&s).await;
    let schemas = doc["components"]["schemas"].as_object().expect("schemas");
    let values = |name: &str| -> Vec<String> {
        schemas[name]["enum"]
            .as_array()
            .unwrap_or_else(|| panic!("{name} has no enum"))
            .iter()
            .map(|value| value.as_str().expect("a string value").to_owned())
            .collect()
    };
    assert_eq!(
        values("OrgRole"),
        ["admin", "user", "developer", "billing", "claude_code_user"]
    );
    assert_eq!(
        values("WorkspaceRole"),
        [
            "workspace_user",
            "workspace_developer",
            "workspace_admin",
            "workspace_billing"
        ]
    );
    assert_eq!(values("InviteStatus"), ["pending", "accepted", "expired", "deleted"]);
    assert_eq!(values("ApiKeyStatus"), ["active", "inactive", "archived"]);
    assert!(
        !doc.to_string().contains("\"unknown\""),
        "`unknown` appears in openapi.json"
    );
}

#[tokio::test]
async fn openapi_json_describes_every_route() {
    let s = TestServer::start().await;
    let doc = openapi(&s).await;
    let paths = doc["paths"].as_object().expect("paths object");
    let mut described: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (path, item) in paths {
        assert!(
            path.contains('{') || !path.contains(':'),
            "path parameters are written {{name}}: {path}"
        );
        let methods = described.entry(normalize(path)).or_default();
        for (method, op) in item.as_object().expect("path item") {
            if ["get", "post", "delete", "put", "patch"].contains(&method.as_str()) {
                assert!(op["responses"].is_object(), "{method} {path} has no responses");
                methods.insert(method.clone());
            }
        }
    }
    let mut missing = Vec::new();
    for (path, methods) in ROUTES {
        for m in *methods {
            if !described.get(*path).is_some_and(|have| have.contains(*m)) {
                missing.push(format!("{} {path}", m.to_uppercase()));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "routes missing from openapi.json: {missing:#?}\ndescribed: {described:#?}"
    );
    // The exact spelling named by the interface.
    assert!(
        paths.contains_key("/v1/organizations/users/{user_id}"),
        "{:?}",
        paths.keys().collect::<Vec<_>>()
    );
}
