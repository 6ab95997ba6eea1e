//! `GET /openapi.json`: public, OpenAPI 3.1, describes every route of the contract.
mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::*;
use serde_json::{json, Value};

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
    assert_eq!(values("OrgRole"), ORG_ROLES);
    assert_eq!(values("WorkspaceRole"), WORKSPACE_ROLES);
    assert_eq!(values("InviteStatus"), INVITE_STATUSES);
    assert_eq!(values("ApiKeyStatus"), KEY_STATUSES);
    assert_eq!(values("InferenceGeo"), ["us", "global"]);
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

/// The schema named `name`, with `$ref`s to other schemas followed.
fn schema<'a>(doc: &'a Value, name: &str) -> &'a Value {
    let schema = &doc["components"]["schemas"][name];
    assert!(schema.is_object(), "no schema {name}");
    schema
}

/// A property of an object schema.
fn property<'a>(doc: &'a Value, name: &str, field: &str) -> &'a Value {
    let property = &schema(doc, name)["properties"][field];
    assert!(
        property.is_object(),
        "{name} has no property {field}: {}",
        schema(doc, name)
    );
    property
}

/// The `$ref` of a property, as a schema name; also through `oneOf: [null, $ref]`.
fn ref_of(property: &Value) -> String {
    let reference = property["$ref"].as_str().map(str::to_owned).or_else(|| {
        property["oneOf"]
            .as_array()?
            .iter()
            .find_map(|one| one["$ref"].as_str().map(str::to_owned))
    });
    reference
        .and_then(|r| r.strip_prefix("#/components/schemas/").map(str::to_owned))
        .unwrap_or_else(|| panic!("no $ref in {property}"))
}

/// Whether a property may be `null`: `type: [.., "null"]` or `oneOf: [{type: null}, ..]`.
fn nullable(property: &Value) -> bool {
    property["type"]
        .as_array()
        .is_some_and(|types| types.contains(&json!("null")))
        || property["oneOf"]
            .as_array()
            .is_some_and(|ones| ones.iter().any(|one| one["type"] == "null"))
}

fn required(doc: &Value, name: &str) -> Vec<String> {
    schema(doc, name)["required"]
        .as_array()
        .map(|fields| fields.iter().map(|f| f.as_str().unwrap().to_owned()).collect())
        .unwrap_or_default()
}

/// Today's objects, field by field: what the server sends is what the document describes.
#[tokio::test]
async fn openapi_json_describes_todays_objects() {
    let s = TestServer::start().await;
    let doc = openapi(&s).await;

    // Workspaces: compartment, data residency, tags, and the two ids that are always null.
    let workspace = "Workspace";
    assert_eq!(property(&doc, workspace, "compartment_id")["type"], "string");
    assert_eq!(ref_of(property(&doc, workspace, "data_residency")), "DataResidency");
    let tags = property(&doc, workspace, "tags");
    assert_eq!(tags["type"], "object");
    assert_eq!(tags["additionalProperties"]["type"], "string");
    for field in ["external_key_id", "user_profile_id", "archived_at"] {
        assert!(nullable(property(&doc, workspace, field)), "{field}");
    }
    for field in [
        "id",
        "type",
        "name",
        "created_at",
        "compartment_id",
        "data_residency",
        "tags",
    ] {
        assert!(
            required(&doc, workspace).contains(&field.to_owned()),
            "Workspace.{field}"
        );
    }
    for field in ["workspace_geo", "default_inference_geo"] {
        assert_eq!(ref_of(property(&doc, "DataResidency", field)), "InferenceGeo");
    }
    assert_eq!(
        ref_of(property(&doc, "DataResidency", "allowed_inference_geos")),
        "AllowedInferenceGeos"
    );
    let geos = schema(&doc, "AllowedInferenceGeos")["oneOf"]
        .as_array()
        .expect("unrestricted or a list");
    assert!(
        geos.contains(&json!({"type": "string", "enum": ["unrestricted"]})),
        "{geos:?}"
    );
    assert!(
        geos.iter()
            .any(|g| g["type"] == "array" && g["items"]["enum"] == json!(["us", "global"])),
        "{geos:?}"
    );

    // Invites: when accepted, and their RBAC groups.
    let accepted_at = property(&doc, "Invite", "accepted_at");
    assert!(
        nullable(accepted_at) && accepted_at["format"] == "date-time",
        "{accepted_at}"
    );
    let groups = property(&doc, "Invite", "rbac_group_ids");
    assert_eq!(
        (&groups["type"], &groups["items"]["type"]),
        (&json!("array"), &json!("string"))
    );
    assert!(required(&doc, "Invite").contains(&"rbac_group_ids".to_owned()));

    // API keys: scope, a creator that may be null, principal, a hint that may be null, expiry.
    assert_eq!(ref_of(property(&doc, "ApiKey", "scope")), "ApiKeyScope");
    assert!(required(&doc, "ApiKey").contains(&"scope".to_owned()));
    assert_eq!(required(&doc, "ApiKeyScope"), ["type", "workspace_id"]);
    for field in [
        "created_by",
        "principal",
        "partial_key_hint",
        "expires_at",
        "workspace_id",
    ] {
        assert!(nullable(property(&doc, "ApiKey", field)), "ApiKey.{field} may be null");
    }
    assert_eq!(ref_of(property(&doc, "ApiKey", "principal")), "Principal");
    let kinds: Vec<&Value> = schema(&doc, "Principal")["oneOf"]
        .as_array()
        .expect("principal kinds")
        .iter()
        .map(|kind| &kind["properties"]["type"]["enum"][0])
        .collect();
    assert_eq!(kinds, [&json!("user_actor"), &json!("service_account_actor")]);
    assert_eq!(property(&doc, "ApiKey", "expires_at")["format"], "date-time");
}

/// Today's request bodies and list parameters.
#[tokio::test]
async fn openapi_json_describes_todays_bodies_and_parameters() {
    let s = TestServer::start().await;
    let doc = openapi(&s).await;
    let groups = property(&doc, "CreateInvite", "rbac_group_ids");
    assert_eq!(groups["items"]["type"], "string", "{groups}");
    for body in ["CreateWorkspace", "UpdateWorkspace"] {
        assert_eq!(
            ref_of(property(&doc, body, "data_residency")),
            "DataResidencyChoice",
            "{body}"
        );
        assert_eq!(property(&doc, body, "tags")["type"][0], "object", "{body}");
    }
    // A tag set to null in an update removes it.
    let update_tags = property(&doc, "UpdateWorkspace", "tags");
    assert!(
        nullable(&update_tags["additionalProperties"]),
        "UpdateWorkspace.tags values may be null: {update_tags}"
    );
    for field in ["workspace_geo", "allowed_inference_geos", "default_inference_geo"] {
        property(&doc, "DataResidencyChoice", field);
    }
    assert_eq!(
        ref_of(property(&doc, "DataResidencyChoice", "allowed_inference_geos")),
        "GeoChoice"
    );

    let parameters = |path: &str| -> Vec<(String, Value)> {
        doc["paths"][path]["get"]["parameters"]
            .as_array()
            .unwrap_or_else(|| panic!("GET {path} has no parameters"))
            .iter()
            .map(|p| {
                assert_eq!(p["in"], "query", "{p}");
                (str_of(p, "name").to_owned(), p["schema"].clone())
            })
            .collect()
    };
    let workspaces = parameters("/v1/organizations/workspaces");
    let names: Vec<&str> = workspaces.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(
        names,
        [
            "limit",
            "before_id",
            "after_id",
            "include_archived",
            "include_default",
            "ids[]"
        ]
    );
    assert_eq!(workspaces[4].1["type"], "boolean");
    assert_eq!(workspaces[5].1, json!({"type": "array", "items": {"type": "string"}}));
    let invites = parameters("/v1/organizations/invites");
    let names: Vec<&str> = invites.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(
        names,
        ["limit", "before_id", "after_id", "email", "roles[]", "statuses[]"]
    );
    // A list never holds deleted invites, so the filter does not offer them.
    assert_eq!(
        invites[5].1,
        json!({"type": "array", "items": {"type": "string", "enum": ["pending", "accepted", "expired"]}})
    );
    let keys = parameters("/v1/organizations/api_keys");
    let status = &keys.iter().find(|(name, _)| name == "status").expect("status").1;
    assert_eq!(ref_of(status), "ApiKeyStatus");
}
