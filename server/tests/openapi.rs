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
    // The reference server has no RBAC groups: only `[]` (or nothing).
    let groups = property(&doc, "CreateInvite", "rbac_group_ids");
    assert_eq!(
        (&groups["items"]["type"], &groups["maxItems"]),
        (&json!("string"), &json!(0)),
        "{groups}"
    );
    for (body, residency, tags) in [
        ("CreateWorkspace", "CreateDataResidency", "CreateTags"),
        ("UpdateWorkspace", "UpdateDataResidency", "UpdateTags"),
    ] {
        assert_eq!(ref_of(property(&doc, body, "data_residency")), residency, "{body}");
        assert_eq!(ref_of(property(&doc, body, "tags")), tags, "{body}");
        assert_eq!(ref_of(property(&doc, body, "name")), "WorkspaceName", "{body}");
        assert_eq!(ref_of(property(&doc, body, "display_color")), "DisplayColor", "{body}");
        assert_eq!(schema(&doc, body)["additionalProperties"], false, "{body}");
    }
    // A tag set to null in an update removes it; at creation a workspace takes at most 50.
    assert!(
        nullable(&schema(&doc, "UpdateTags")["additionalProperties"]),
        "UpdateTags values may be null"
    );
    assert_eq!(schema(&doc, "CreateTags")["maxProperties"], 50);
    // workspace_geo only at creation, and only `us`; a list of geos is not empty and has no
    // repeats.
    let geo = &schema(&doc, "CreateDataResidency")["properties"]["workspace_geo"];
    assert!(nullable(geo) && geo.to_string().contains(r#""enum":["us"]"#), "{geo}");
    assert!(schema(&doc, "UpdateDataResidency")["properties"]["workspace_geo"].is_null());
    let allowed = schema(&doc, "CreateDataResidency")["properties"]["allowed_inference_geos"].to_string();
    for fact in [
        r#""enum":["unrestricted"]"#,
        r#""minItems":1"#,
        r#""uniqueItems":true"#,
        r#""enum":["us","global"]"#,
    ] {
        assert!(allowed.contains(fact), "{fact} in {allowed}");
    }

    let parameters = |path: &str| -> Vec<(String, Value)> {
        doc["paths"][path]["get"]["parameters"]
            .as_array()
            .unwrap_or_else(|| panic!("GET {path} has no parameters"))
            .iter()
            .filter(|p| p["in"] == "query")
            .map(|p| (str_of(p, "name").to_owned(), p["schema"].clone()))
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
    assert_eq!(
        workspaces[0].1,
        json!({"type": "integer", "minimum": 1, "maximum": 1000, "default": 20})
    );
    assert_eq!(ref_of(&workspaces[1].1), "WorkspaceId");
    assert_eq!(workspaces[4].1["type"], "boolean");
    assert_eq!(
        workspaces[5].1,
        json!({"type": "array", "items": {"$ref": "#/components/schemas/WorkspaceId"}, "maxItems": 100})
    );
    let invites = parameters("/v1/organizations/invites");
    let names: Vec<&str> = invites.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(
        names,
        ["limit", "before_id", "after_id", "email", "roles[]", "statuses[]"]
    );
    assert_eq!(ref_of(&invites[1].1), "InviteId");
    // An empty filter is a 400: the document says so.
    assert_eq!(invites[3].1["minLength"], 1);
    // A list never holds deleted invites, so the filter does not offer them.
    assert_eq!(
        invites[5].1,
        json!({"type": "array", "items": {"type": "string", "enum": ["pending", "accepted", "expired"]}})
    );
    // Members are paged by user id.
    let members = parameters("/v1/organizations/workspaces/{workspace_id}/members");
    assert_eq!(ref_of(&members[1].1), "UserId");
    let keys = parameters("/v1/organizations/api_keys");
    let of = |name: &str| &keys.iter().find(|(n, _)| n == name).expect(name).1;
    assert_eq!(ref_of(of("status")), "ApiKeyStatus");
    assert_eq!(ref_of(of("workspace_id")), "WorkspaceId");
    assert_eq!(ref_of(of("created_by_user_id")), "UserId");
    let limits = parameters("/v1/organizations/rate_limits");
    let of = |name: &str| &limits.iter().find(|(n, _)| n == name).expect(name).1;
    assert_eq!(
        of("group_type")["enum"],
        json!(["model_group", "batch", "token_count", "files", "skills", "web_search"])
    );
    assert_eq!(
        (&of("limit")["minimum"], &of("limit")["maximum"]),
        (&json!(1), &json!(1000))
    );
}

/// Every operation of the document, as (method, path, operation).
fn operations(doc: &Value) -> Vec<(String, String, &Value)> {
    let mut all = Vec::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for (method, operation) in item.as_object().expect("path item") {
            if ["get", "post", "delete", "put", "patch"].contains(&method.as_str()) {
                all.push((method.clone(), path.clone(), operation));
            }
        }
    }
    all
}

/// Either key scheme, and the version header on every operation: what the guard enforces.
#[tokio::test]
async fn every_operation_takes_the_version_header_and_either_credential() {
    let s = TestServer::start().await;
    let doc = openapi(&s).await;
    assert_eq!(doc["security"], json!([{"admin_key": []}, {"bearer": []}]));
    let schemes = &doc["components"]["securitySchemes"];
    assert_eq!(
        (
            &schemes["admin_key"]["type"],
            &schemes["admin_key"]["in"],
            &schemes["admin_key"]["name"]
        ),
        (&json!("apiKey"), &json!("header"), &json!("x-api-key"))
    );
    assert_eq!(
        (&schemes["bearer"]["type"], &schemes["bearer"]["scheme"]),
        (&json!("http"), &json!("bearer"))
    );
    let all = operations(&doc);
    assert!(all.len() >= 24, "{} operations", all.len());
    for (method, path, operation) in all {
        let versions: Vec<&Value> = operation["parameters"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|p| p["name"] == "anthropic-version")
            .collect();
        assert_eq!(versions.len(), 1, "{method} {path}");
        let version = versions[0];
        assert_eq!(
            (&version["in"], &version["required"]),
            (&json!("header"), &json!(true)),
            "{method} {path}"
        );
        assert_eq!(
            version["schema"]["enum"],
            json!(["2023-06-01", "2026-10-21"]),
            "{method} {path}"
        );
    }
    // And the server means it: a key in either header, the version required and one of the two.
    let me = "/v1/organizations/me";
    let key = s.create_admin_key("either", false).await;
    for (name, value) in [("x-api-key", key.clone()), ("authorization", format!("Bearer {key}"))] {
        for version in ["2023-06-01", "2026-10-21"] {
            send(
                s.http()
                    .get(s.url(me))
                    .header(name, &value)
                    .header("anthropic-version", version),
            )
            .await
            .ok();
        }
        send(s.http().get(s.url(me)).header(name, &value))
            .await
            .expect_error(400, "invalid_request_error");
    }
    send(s.http().get(s.url(me)).header("anthropic-version", VERSION))
        .await
        .expect_error(401, "authentication_error");
}

// Every operation: 400, 401, 414 and 431 (the HTTP layer's limits), 429, 500.
const READ: &[u16] = &[400, 401, 414, 429, 431, 500];
const LOOKUP: &[u16] = &[400, 401, 404, 414, 429, 431, 500];
const CREATE: &[u16] = &[400, 401, 403, 413, 414, 429, 431, 500];
const CREATE_UNIQUE: &[u16] = &[400, 401, 403, 409, 413, 414, 429, 431, 500];
const UPDATE: &[u16] = &[400, 401, 403, 404, 413, 414, 429, 431, 500];
const UPDATE_UNIQUE: &[u16] = &[400, 401, 403, 404, 409, 413, 414, 429, 431, 500];
const REMOVE: &[u16] = &[400, 401, 403, 404, 414, 429, 431, 500];

/// The error statuses each operation answers with (path parameters written `{}`).
const ERRORS: &[(&str, &str, &[u16])] = &[
    ("get", "/v1/organizations/me", READ),
    ("get", "/v1/organizations/users", READ),
    ("get", "/v1/organizations/users/{}", LOOKUP),
    ("post", "/v1/organizations/users/{}", UPDATE),
    ("delete", "/v1/organizations/users/{}", REMOVE),
    ("get", "/v1/organizations/invites", READ),
    ("post", "/v1/organizations/invites", CREATE_UNIQUE),
    ("get", "/v1/organizations/invites/{}", LOOKUP),
    ("delete", "/v1/organizations/invites/{}", REMOVE),
    ("get", "/v1/organizations/workspaces", READ),
    ("post", "/v1/organizations/workspaces", CREATE),
    ("get", "/v1/organizations/workspaces/{}", LOOKUP),
    ("post", "/v1/organizations/workspaces/{}", UPDATE),
    ("post", "/v1/organizations/workspaces/{}/archive", REMOVE),
    ("get", "/v1/organizations/workspaces/{}/members", LOOKUP),
    ("post", "/v1/organizations/workspaces/{}/members", UPDATE_UNIQUE),
    ("get", "/v1/organizations/workspaces/{}/members/{}", LOOKUP),
    ("post", "/v1/organizations/workspaces/{}/members/{}", UPDATE),
    ("delete", "/v1/organizations/workspaces/{}/members/{}", REMOVE),
    ("get", "/v1/organizations/api_keys", READ),
    ("get", "/v1/organizations/api_keys/{}", LOOKUP),
    ("post", "/v1/organizations/api_keys/{}", UPDATE),
    ("get", "/v1/organizations/rate_limits", LOOKUP),
    ("get", "/v1/organizations/workspaces/{}/rate_limits", LOOKUP),
    ("get", "/v1/organizations/usage_report/messages", READ),
    ("get", "/v1/organizations/cost_report", READ),
    ("get", "/v1/organizations/usage_report/claude_code", READ),
];

/// Each operation lists the statuses it answers with, no catch-all: the success, and each error
/// with the envelope; every answer names the headers its status carries.
#[tokio::test]
async fn every_operation_lists_its_errors_with_the_envelope_and_headers() {
    let s = TestServer::start().await;
    let doc = openapi(&s).await;
    let all = operations(&doc);
    assert_eq!(all.len(), ERRORS.len(), "a new operation needs a line in ERRORS");
    for (method, path, operation) in all {
        let label = format!("{method} {path}");
        let (_, _, errors) = ERRORS
            .iter()
            .find(|(m, p, _)| *m == method && *p == normalize(&path))
            .unwrap_or_else(|| panic!("{label} is not in ERRORS"));
        let responses = operation["responses"].as_object().expect("responses");
        let mut expected: Vec<String> = errors.iter().map(u16::to_string).collect();
        expected.push("200".into());
        expected.sort();
        let mut statuses: Vec<String> = responses.keys().cloned().collect();
        statuses.sort();
        assert_eq!(statuses, expected, "{label}");
        for (status, response) in responses {
            assert!(
                !str_of(response, "description").is_empty(),
                "{label} {status}: a description"
            );
            let schema = &response["content"]["application/json"]["schema"];
            if status != "200" {
                assert_eq!(ref_of(schema), "ErrorEnvelope", "{label} {status}");
            }
            let headers: BTreeSet<&str> = response["headers"]
                .as_object()
                .unwrap_or_else(|| panic!("{label} {status}: no headers"))
                .keys()
                .map(String::as_str)
                .collect();
            let mut want = BTreeSet::from([
                "request-id",
                "anthropic-ratelimit-requests-limit",
                "anthropic-ratelimit-requests-remaining",
                "anthropic-ratelimit-requests-reset",
                "x-ratelimit-limit",
                "x-ratelimit-remaining",
                "x-ratelimit-reset",
            ]);
            match status.as_str() {
                "200" => {
                    want.insert("anthropic-organization-id");
                }
                "429" => {
                    want.insert("retry-after");
                }
                "400" | "401" | "403" | "404" | "409" | "413" | "414" | "431" => {
                    want.insert("x-should-retry");
                }
                _ => {}
            }
            assert_eq!(headers, want, "{label} {status}");
            for name in headers {
                assert_eq!(
                    response["headers"][name]["$ref"],
                    format!("#/components/headers/{name}"),
                    "{label} {status} {name}"
                );
            }
        }
    }
    let headers = &doc["components"]["headers"];
    for name in [
        "request-id",
        "x-ratelimit-limit",
        "x-should-retry",
        "anthropic-organization-id",
    ] {
        assert_eq!(headers[name]["required"], true, "{name}");
    }
    // The contract: a 429 may come without `retry-after`.
    assert_eq!(headers["retry-after"]["required"], false);
    assert_eq!(ref_of(&headers["request-id"]["schema"]), "RequestId");
    let envelope = schema(&doc, "ErrorEnvelope");
    assert_eq!(required(&doc, "ErrorEnvelope"), ["type", "error", "request_id"]);
    assert_eq!(envelope["properties"]["type"]["enum"], json!(["error"]));
    let types = &schema(&doc, "ErrorBody")["properties"]["type"]["enum"];
    for kind in [
        "invalid_request_error",
        "not_found_error",
        "conflict_error",
        "request_too_large",
        "rate_limit_error",
    ] {
        assert!(types.as_array().unwrap().contains(&json!(kind)), "{kind} in {types}");
    }
}

/// Every object an answer holds lists each field it always sends as required, those that may
/// be `null` too, and says its `type` as a one-value enum.
#[tokio::test]
async fn answers_require_every_field_they_always_send() {
    let s = TestServer::start().await;
    let doc = openapi(&s).await;
    // Fields the server leaves out when they have no value.
    let optional = [("RateLimitGroup", "display_name")];
    let mut checked = 0;
    for (name, schema) in doc["components"]["schemas"].as_object().unwrap() {
        let is_request = ["Create", "Update", "Add"]
            .iter()
            .any(|prefix| name.starts_with(prefix))
            || name.ends_with("Residency") && name != "DataResidency";
        let Some(properties) = schema["properties"].as_object() else {
            continue;
        };
        if is_request {
            continue;
        }
        let required = required(&doc, name);
        for field in properties.keys() {
            if optional.contains(&(name.as_str(), field.as_str())) {
                assert!(!required.contains(field), "{name}.{field} is not always sent");
            } else {
                assert!(
                    required.contains(field),
                    "{name}.{field} is always sent: required {required:?}"
                );
            }
        }
        checked += 1;
    }
    assert!(checked >= 15, "{checked} answer schemas");
    for (name, kind) in [
        ("User", "user"),
        ("Workspace", "workspace"),
        ("ApiKey", "api_key"),
        ("Organization", "organization"),
    ] {
        assert_eq!(property(&doc, name, "type")["enum"], json!([kind]), "{name}");
    }
    // Nullable and required at once: `type: [X, null]` or `oneOf` with null.
    for (name, field) in [
        ("Workspace", "archived_at"),
        ("ApiKey", "created_by"),
        ("Invite", "accepted_at"),
        ("TokenPage_RateLimit", "next_page"),
        ("Page_User", "first_id"),
        ("WorkspaceLimitValue", "org_limit"),
    ] {
        assert!(nullable(property(&doc, name, field)), "{name}.{field}");
        assert!(required(&doc, name).contains(&field.to_owned()), "{name}.{field}");
    }
    // Answers keep every value of their enums; requests only what they may send.
    assert_eq!(ref_of(property(&doc, "User", "role")), "OrgRole");
    assert_eq!(
        ref_of(property(&doc, "WorkspaceMember", "workspace_role")),
        "WorkspaceRole"
    );
    assert_eq!(ref_of(property(&doc, "ApiKey", "status")), "ApiKeyStatus");
}

/// A pattern of the document as the `regex` crate reads it (the document's are ECMA-262
/// patterns in the subset both read alike: classes, `\uXXXX`, bounded repeats, anchors).
fn regex_of(pattern: &str) -> regex::Regex {
    regex::Regex::new(pattern).unwrap_or_else(|e| panic!("{pattern}: {e}"))
}

fn pattern_of(doc: &Value, name: &str) -> regex::Regex {
    regex_of(str_of(schema(doc, name), "pattern"))
}

fn enum_of(doc: &Value, name: &str) -> Vec<String> {
    schema(doc, name)["enum"]
        .as_array()
        .unwrap_or_else(|| panic!("{name} has no enum"))
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect()
}

/// The limits, patterns and enums the document states are exactly what the server enforces:
/// each is read from the document and tried against the server on both sides of its edge.
#[tokio::test]
async fn the_documents_limits_are_what_the_server_enforces() {
    let s = TestServer::start().await;
    let doc = openapi(&s).await;
    let api = s.api();

    // Every example of a patterned schema matches its pattern.
    for (name, schema) in doc["components"]["schemas"].as_object().unwrap() {
        if let (Some(pattern), Some(examples)) = (schema["pattern"].as_str(), schema["examples"].as_array()) {
            if pattern.contains("(?!") {
                continue; // tag keys, below
            }
            for example in examples {
                assert!(
                    regex_of(pattern).is_match(example.as_str().unwrap()),
                    "{name}: {example}"
                );
            }
        }
    }

    // Ids: what the server makes matches the pattern of its kind, and nothing else does.
    let workspace = api.create_workspace("Limits").await;
    let ws = str_of(&workspace, "id").to_owned();
    let user = s.user("limits@example.com", "Limits", "developer").await;
    let invite = api.create_invite("invited@example.com", "user").await;
    let key = s.api_key("limits", &user, Some(&ws), None).await;
    let request_id = api.get("/me").await.must_header("request-id").to_owned();
    for (schema_name, id) in [
        ("WorkspaceId", ws.as_str()),
        ("UserId", user.as_str()),
        ("InviteId", str_of(&invite, "id")),
        ("ApiKeyId", key.as_str()),
        ("RequestId", request_id.as_str()),
    ] {
        let pattern = pattern_of(&doc, schema_name);
        assert!(pattern.is_match(id), "{schema_name}: {id}");
        for other in [&ws, &user, &key] {
            assert_eq!(pattern.is_match(other), other == id, "{schema_name} and {other}");
        }
        assert!(!pattern.is_match(&format!("{id}1")) && !pattern.is_match(&id.replace('_', "_0")));
        assert!(pattern_of(&doc, "ObjectId").is_match(id) || schema_name == "RequestId");
    }

    // `limit`, from the document's bounds.
    let limit = &doc["paths"]["/v1/organizations/users"]["get"]["parameters"][0]["schema"];
    let (min, max) = (limit["minimum"].as_i64().unwrap(), limit["maximum"].as_i64().unwrap());
    for (value, ok) in [(min - 1, false), (min, true), (max, true), (max + 1, false)] {
        let r = api.get(&format!("/users?limit={value}")).await;
        assert_eq!(r.status == 200, ok, "limit={value}: {} {}", r.status, r.text);
    }

    // Names: the pattern accepts exactly what the server does.
    let texts: Vec<String> = [
        "Team",
        "  Padded  ",
        "",
        "   ",
        "\u{200B}",
        "\u{200B}Lead",
        "Trail\u{200B}",
        "love \u{2764}\u{FE0F}",
        "\u{FE0F}x",
        "tab\tinside",
        "line\nbreak",
        "evil\u{202E}txt",
        "a\u{0}b",
        "\u{3000}full\u{3000}",
        "Team \u{1F468}\u{200D}\u{1F469}",
        "\u{FEFF}",
        "\u{3164}",
    ]
    .iter()
    .map(|t| t.to_string())
    .chain([
        "x".repeat(40),
        "x".repeat(41),
        format!(" {} ", "y".repeat(40)),
        "z".repeat(500),
        "z".repeat(501),
    ])
    .collect();
    let workspace_name = pattern_of(&doc, "WorkspaceName");
    let key_name = pattern_of(&doc, "ApiKeyName");
    for text in &texts {
        let r = api.post(&format!("/workspaces/{ws}"), &json!({ "name": text })).await;
        assert_eq!(
            workspace_name.is_match(text),
            r.status == 200,
            "workspace name {text:?}: {}",
            r.text
        );
        let r = api.post(&format!("/api_keys/{key}"), &json!({ "name": text })).await;
        assert_eq!(
            key_name.is_match(text),
            r.status == 200,
            "key name {text:?}: {}",
            r.text
        );
    }

    // Tags: a key's pattern refuses a reserved prefix with a lookahead (which the `regex` crate
    // lacks): the rest of it is tried like the names, the prefix on its own.
    let create_tags = schema(&doc, "CreateTags");
    let key_pattern = str_of(&create_tags["propertyNames"], "pattern");
    let reserved = "(?![Aa][Nn][Tt][Hh][Rr][Oo][Pp][Ii][Cc])";
    assert!(key_pattern.contains(reserved), "{key_pattern}");
    let tag_key = regex_of(&key_pattern.replace(reserved, ""));
    let tag_value = regex_of(str_of(&create_tags["additionalProperties"], "pattern"));
    for (i, text) in texts.iter().enumerate() {
        let r = api
            .post(&format!("/workspaces/{ws}"), &json!({ "tags": { text: "v" } }))
            .await;
        assert_eq!(tag_key.is_match(text), r.status == 200, "tag key {text:?}: {}", r.text);
        let r = api
            .post(
                &format!("/workspaces/{ws}"),
                &json!({ "tags": { format!("k{i}"): text } }),
            )
            .await;
        assert_eq!(
            tag_value.is_match(text),
            r.status == 200,
            "tag value {text:?}: {}",
            r.text
        );
        // Keep under the 50 tags a workspace may have.
        api.post(
            &format!("/workspaces/{ws}"),
            &json!({ "tags": { text: null, format!("k{i}"): null } }),
        )
        .await;
    }
    for reserved in ["anthropic", " Anthropic-team", "ANTHROPICx"] {
        api.post(&format!("/workspaces/{ws}"), &json!({ "tags": { reserved: "v" } }))
            .await
            .expect_error(400, "invalid_request_error");
    }
    assert_eq!(create_tags["maxProperties"], 50);

    // Colors.
    let color = pattern_of(&doc, "DisplayColor");
    for text in [
        "#6C5BB9",
        "#abcdef",
        "#ABCDEG",
        "6C5BB9",
        "#6C5BB",
        "#6C5BB90",
        " #6C5BB9",
        "#6c5bb9\n",
    ] {
        let r = api
            .post(&format!("/workspaces/{ws}"), &json!({ "display_color": text }))
            .await;
        assert_eq!(color.is_match(text), r.status == 200, "color {text:?}: {}", r.text);
    }

    // Emails.
    let email = pattern_of(&doc, "Email");
    let max = schema(&doc, "Email")["maxLength"].as_u64().unwrap() as usize;
    let long = |n: usize| format!("{}@example.com", "a".repeat(n - "@example.com".len()));
    for text in [
        "ok@example.com".to_owned(),
        "\u{DC}n\u{EF}@ex\u{E4}mple.de".to_owned(),
        " padded@example.com".to_owned(),
        "two@@example.com".to_owned(),
        "no-dot@example".to_owned(),
        "a@b..co".to_owned(),
        "tab\t@example.com".to_owned(),
        long(max),
        long(max + 1),
    ] {
        // Distinct addresses, so that none is a 409.
        let r = api.post("/invites", &json!({ "email": text, "role": "user" })).await;
        let fits = email.is_match(&text) && text.chars().count() <= max;
        assert_eq!(fits, r.status == 200, "email {text:?}: {}", r.text);
    }

    // Roles: a request may send exactly the values its enum lists.
    let assignable = enum_of(&doc, "AssignableOrgRole");
    for role in ORG_ROLES {
        let r = api.post(&format!("/users/{user}"), &json!({ "role": role })).await;
        assert_eq!(
            assignable.contains(&role.to_owned()),
            r.status == 200,
            "role {role}: {}",
            r.text
        );
    }
    let assignable = enum_of(&doc, "AssignableWorkspaceRole");
    let member = s.user("member@example.com", "Member", "developer").await;
    for role in WORKSPACE_ROLES {
        let r = api
            .post(
                &format!("/workspaces/{ws}/members"),
                &json!({ "user_id": member, "workspace_role": role }),
            )
            .await;
        assert_eq!(
            assignable.contains(&role.to_owned()),
            r.status == 200,
            "workspace role {role}: {}",
            r.text
        );
        api.delete(&format!("/workspaces/{ws}/members/{member}")).await;
    }
    let settable = enum_of(&doc, "SettableApiKeyStatus");
    assert_eq!(settable, SETTABLE_KEY_STATUSES);
    api.post(&format!("/api_keys/{key}"), &json!({ "status": "expired" }))
        .await
        .expect_error(400, "invalid_request_error");

    // ids[]: at most maxItems, each a workspace id.
    let ids = &doc["paths"]["/v1/organizations/workspaces"]["get"]["parameters"][5]["schema"];
    let most = ids["maxItems"].as_u64().unwrap() as usize;
    let query = |n: usize| vec![format!("ids[]={ws}"); n].join("&");
    api.get(&format!("/workspaces?{}", query(most))).await.ok();
    api.get(&format!("/workspaces?{}", query(most + 1)))
        .await
        .expect_error(400, "invalid_request_error");
    for (param, bad) in [
        ("ids[]", "wrkspc_0"),
        ("workspace_id", "wrkspc_0"),
        ("created_by_user_id", "user_x"),
    ] {
        let path = if param == "ids[]" { "/workspaces" } else { "/api_keys" };
        api.get(&format!("{path}?{param}={bad}"))
            .await
            .expect_error(400, "invalid_request_error");
    }
}
