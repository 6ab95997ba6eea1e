//! The OpenAPI document's facts that every operation shares, in one place, so that a route
//! states only its own (its parameters, body, success and the error set it answers with).
//!
//! - [`errors`]: the error answers of each kind of operation, each with the contract's envelope.
//!   A route names one set next to its success: `responses((status = 200, ...), errors::Read)`.
//! - [`document`] completes the generated document once every route is in: both security
//!   schemes (either one), the `anthropic-version` header on every `/v1` operation, the headers
//!   every answer carries (by status: `request-id` and the rate-limit headers always,
//!   `anthropic-organization-id` on a success, `x-should-retry` on an error that sending again
//!   cannot fix, `retry-after` on a 429), and the links schemathesis and client generators follow
//!   from one operation to the next. A new route gets all of it without a line of its own.

use serde_json::{json, Map, Value};
use utoipa::openapi::path::{Operation, ParameterBuilder, ParameterIn};
use utoipa::openapi::security::{
    ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme,
};
use utoipa::openapi::{ObjectBuilder, OpenApi, Required, Type};

use crate::app::MAX_URI_BYTES;
use crate::auth::API_VERSIONS;
use crate::error::ErrorKind;
use crate::extract::MAX_BODY_BYTES;
use crate::ratelimit::DEFAULT_PER_MINUTE;
use crate::serve::{MAX_HEADERS, MAX_HEAD_BYTES};

/// The security schemes' names in `components.securitySchemes`.
pub const ADMIN_KEY_SCHEME: &str = "admin_key";
pub const BEARER_SCHEME: &str = "bearer";

/// The error answers of each kind of operation. Every set has 400 (a bad parameter or body, a
/// missing or unknown `anthropic-version`, a duplicated credential, a rule broken), 401, 414 and
/// 431 (the HTTP layer's limits on the URL and the headers), 429 and 500; writes add 403
/// (read-only keys), operations on an object by id 404, operations with a body 413, and those
/// that make something unique 409.
pub mod errors {
    use std::collections::BTreeMap;

    use utoipa::openapi::{ContentBuilder, Ref, RefOr, Response, ResponseBuilder};
    use utoipa::IntoResponses;

    use super::error_example;
    use crate::error::ErrorKind;

    /// The answer with `kind`'s status: the envelope, described by when it comes.
    fn response(kind: ErrorKind) -> Response {
        ResponseBuilder::new()
            .description(format!("`{}`: {}", kind.wire_name(), super::when(kind)))
            .content(
                "application/json",
                ContentBuilder::new()
                    .schema(Some(Ref::from_schema_name("ErrorEnvelope")))
                    .example(Some(error_example(kind)))
                    .build(),
            )
            .build()
    }

    macro_rules! error_sets {
        ($($(#[doc = $doc:literal])* $name:ident = [$($kind:ident),+];)+) => {$(
            $(#[doc = $doc])*
            pub struct $name;

            impl $name {
                /// The kinds of error in this set, by status.
                pub const KINDS: &'static [ErrorKind] = &[$(ErrorKind::$kind),+];
            }

            impl IntoResponses for $name {
                fn responses() -> BTreeMap<String, RefOr<Response>> {
                    Self::KINDS
                        .iter()
                        .map(|&kind| (kind.status().as_u16().to_string(), RefOr::T(response(kind))))
                        .collect()
                }
            }
        )+};
    }

    error_sets! {
        /// A read that always finds something (a list, the organization): 400, 401, 414, 429, 431,
        /// 500.
        Read = [InvalidRequest, Authentication, UriTooLong, HeadersTooLarge, RateLimit, Api];
        /// A read of an object by id, or a filter that may name nothing: and 404.
        Lookup = [InvalidRequest, Authentication, NotFound, UriTooLong, HeadersTooLarge, RateLimit, Api];
        /// A creation: and 403, 413.
        Create = [InvalidRequest, Authentication, Permission, RequestTooLarge, UriTooLong, HeadersTooLarge, RateLimit, Api];
        /// A creation of something unique (an invite): and 409.
        CreateUnique = [InvalidRequest, Authentication, Permission, Conflict, RequestTooLarge, UriTooLong, HeadersTooLarge, RateLimit, Api];
        /// A change to an object by id, with a body: and 403, 404, 413.
        Update = [InvalidRequest, Authentication, Permission, NotFound, RequestTooLarge, UriTooLong, HeadersTooLarge, RateLimit, Api];
        /// An addition under an object by id that must be unique (a workspace member): and 409.
        UpdateUnique = [InvalidRequest, Authentication, Permission, NotFound, Conflict, RequestTooLarge, UriTooLong, HeadersTooLarge, RateLimit, Api];
        /// A write to an object by id without a body (delete, archive): and 403, 404.
        Remove = [InvalidRequest, Authentication, Permission, NotFound, UriTooLong, HeadersTooLarge, RateLimit, Api];
    }
}

/// When an error of `kind` comes, for its description.
fn when(kind: ErrorKind) -> String {
    match kind {
        ErrorKind::InvalidRequest => "a bad parameter or body field (each named), a missing, unknown or duplicated \
                                      `anthropic-version` or credential header, or a rule of the contract broken."
            .to_owned(),
        ErrorKind::Authentication => "no admin key, an unknown or revoked one, or a browser request (with `Origin`) \
                                      without `anthropic-dangerous-direct-browser-access: true`."
            .to_owned(),
        ErrorKind::Permission => "the admin key is read-only: it cannot write.".to_owned(),
        ErrorKind::NotFound => "no object has that id (or the filter names nothing).".to_owned(),
        ErrorKind::Conflict => "a unique value is in use: a member or a pending invite with that email, or a \
                                member already in the workspace."
            .to_owned(),
        ErrorKind::RequestTooLarge => format!("the body is larger than {MAX_BODY_BYTES} bytes."),
        ErrorKind::RateLimit => format!(
            "more than {DEFAULT_PER_MINUTE} requests this minute with this key (or, without a valid key, from \
             this address); `retry-after` says in how many seconds to try again."
        ),
        ErrorKind::Api => "anything unexpected; the body never holds a stack trace.".to_owned(),
        ErrorKind::UriTooLong => format!("the path and query are longer than {MAX_URI_BYTES} bytes."),
        ErrorKind::HeadersTooLarge => format!(
            "more than {MAX_HEADERS} headers, or a request head of more than {} KiB.",
            MAX_HEAD_BYTES / 1024
        ),
        _ => "see the contract's table of errors.".to_owned(),
    }
}

/// An envelope of `kind`, as an example.
fn error_example(kind: ErrorKind) -> Value {
    json!({
        "type": "error",
        "error": {"type": kind.wire_name(), "message": when(kind)},
        "request_id": "req_2PLc4bE1t4rS4o6NeHAwqXhC",
    })
}

/// The `anthropic-version` header every `/v1` request carries: one of the versions spoken.
fn version_header() -> utoipa::openapi::path::Parameter {
    ParameterBuilder::new()
        .name("anthropic-version")
        .parameter_in(ParameterIn::Header)
        .required(Required::True)
        .description(Some(
            "The API version: `2023-06-01`, or `2026-10-21` (what the official SDKs send since their 2.0 \
             releases). Missing, unknown or given twice: 400.",
        ))
        .schema(Some(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .enum_values(Some(API_VERSIONS)),
        ))
        .build()
}

fn operations_mut(item: &mut utoipa::openapi::PathItem) -> impl Iterator<Item = &mut Operation> {
    [
        &mut item.get,
        &mut item.put,
        &mut item.post,
        &mut item.delete,
        &mut item.options,
        &mut item.head,
        &mut item.patch,
        &mut item.trace,
    ]
    .into_iter()
    .flatten()
}

/// A link: from an operation's 200 answer, to an operation, with `to`'s parameters as runtime
/// expressions on the answer.
type Link = (&'static str, &'static str, &'static [(&'static str, &'static str)]);

/// The links from an operation's 200 answer to the operations that take what it returns.
const LINKS: &[Link] = &[
    ("list_users", "get_user", &[("user_id", "$response.body#/data/0/id")]),
    ("get_user", "update_user", &[("user_id", "$response.body#/id")]),
    ("get_user", "delete_user", &[("user_id", "$response.body#/id")]),
    ("update_user", "get_user", &[("user_id", "$response.body#/id")]),
    ("create_invite", "get_invite", &[("invite_id", "$response.body#/id")]),
    ("create_invite", "delete_invite", &[("invite_id", "$response.body#/id")]),
    (
        "list_invites",
        "get_invite",
        &[("invite_id", "$response.body#/data/0/id")],
    ),
    ("delete_invite", "get_invite", &[("invite_id", "$response.body#/id")]),
    (
        "create_workspace",
        "get_workspace",
        &[("workspace_id", "$response.body#/id")],
    ),
    (
        "create_workspace",
        "update_workspace",
        &[("workspace_id", "$response.body#/id")],
    ),
    (
        "create_workspace",
        "archive_workspace",
        &[("workspace_id", "$response.body#/id")],
    ),
    (
        "create_workspace",
        "list_members",
        &[("workspace_id", "$response.body#/id")],
    ),
    (
        "create_workspace",
        "add_member",
        &[("workspace_id", "$response.body#/id")],
    ),
    (
        "create_workspace",
        "list_workspace_rate_limits",
        &[("workspace_id", "$response.body#/id")],
    ),
    (
        "list_workspaces",
        "get_workspace",
        &[("workspace_id", "$response.body#/data/0/id")],
    ),
    (
        "list_workspaces",
        "add_member",
        &[("workspace_id", "$response.body#/data/0/id")],
    ),
    (
        "update_workspace",
        "get_workspace",
        &[("workspace_id", "$response.body#/id")],
    ),
    (
        "archive_workspace",
        "get_workspace",
        &[("workspace_id", "$response.body#/id")],
    ),
    (
        "add_member",
        "get_member",
        &[
            ("workspace_id", "$response.body#/workspace_id"),
            ("user_id", "$response.body#/user_id"),
        ],
    ),
    (
        "add_member",
        "update_member",
        &[
            ("workspace_id", "$response.body#/workspace_id"),
            ("user_id", "$response.body#/user_id"),
        ],
    ),
    (
        "add_member",
        "remove_member",
        &[
            ("workspace_id", "$response.body#/workspace_id"),
            ("user_id", "$response.body#/user_id"),
        ],
    ),
    (
        "list_members",
        "get_member",
        &[
            ("workspace_id", "$response.body#/data/0/workspace_id"),
            ("user_id", "$response.body#/data/0/user_id"),
        ],
    ),
    (
        "update_member",
        "get_member",
        &[
            ("workspace_id", "$response.body#/workspace_id"),
            ("user_id", "$response.body#/user_id"),
        ],
    ),
    (
        "remove_member",
        "get_member",
        &[
            ("workspace_id", "$response.body#/workspace_id"),
            ("user_id", "$response.body#/user_id"),
        ],
    ),
    (
        "list_api_keys",
        "get_api_key",
        &[("api_key_id", "$response.body#/data/0/id")],
    ),
    (
        "list_api_keys",
        "update_api_key",
        &[("api_key_id", "$response.body#/data/0/id")],
    ),
    ("get_api_key", "update_api_key", &[("api_key_id", "$response.body#/id")]),
    ("update_api_key", "get_api_key", &[("api_key_id", "$response.body#/id")]),
];

/// The document `/openapi.json` serves: the generated one, completed (see the module's docs).
pub fn document(mut openapi: OpenApi) -> Value {
    let components = openapi.components.get_or_insert_with(Default::default);
    components.add_security_scheme(
        ADMIN_KEY_SCHEME,
        SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
            "x-api-key",
            "An admin key of the organization (`sk-ant-admin01-...`).",
        ))),
    );
    components.add_security_scheme(
        BEARER_SCHEME,
        SecurityScheme::Http(
            HttpBuilder::new()
                .scheme(HttpAuthScheme::Bearer)
                .description(Some(
                    "`authorization: Bearer <admin key>` (the real API's OAuth scheme; the scheme name in any case).",
                ))
                .build(),
        ),
    );
    // Either one (a list of requirements is an OR).
    openapi.security = Some(vec![
        SecurityRequirement::new(ADMIN_KEY_SCHEME, Vec::<String>::new()),
        SecurityRequirement::new(BEARER_SCHEME, Vec::<String>::new()),
    ]);
    for (path, item) in openapi.paths.paths.iter_mut() {
        if !path.starts_with("/v1/") {
            continue;
        }
        for operation in operations_mut(item) {
            operation.parameters.get_or_insert_with(Vec::new).push(version_header());
        }
    }
    let mut document = serde_json::to_value(&openapi).expect("an OpenAPI document serializes");
    add_response_headers(&mut document);
    add_links(&mut document);
    document
}

/// A header object (utoipa's has no `required`).
fn header(description: &str, required: bool, schema: Value) -> Value {
    json!({"description": description, "required": required, "schema": schema})
}

/// The headers answers carry, by name, for `components.headers`.
fn header_components() -> Map<String, Value> {
    let count = |description: &str| header(description, true, json!({"type": "integer", "minimum": 0}));
    let mut headers = Map::new();
    let mut add = |name: &str, value: Value| {
        headers.insert(name.to_owned(), value);
    };
    add(
        "request-id",
        header(
            "This request's id, also in an error's body.",
            true,
            json!({"$ref": "#/components/schemas/RequestId"}),
        ),
    );
    add(
        "anthropic-ratelimit-requests-limit",
        count("Requests allowed per minute (the real API's header)."),
    );
    add(
        "anthropic-ratelimit-requests-remaining",
        count("Requests left this minute."),
    );
    add(
        "anthropic-ratelimit-requests-reset",
        header(
            "When this minute's budget is full again (RFC 3339).",
            true,
            json!({"type": "string", "format": "date-time"}),
        ),
    );
    add(
        "x-ratelimit-limit",
        count("Requests allowed per minute (the generic doc's header)."),
    );
    add("x-ratelimit-remaining", count("Requests left this minute."));
    add(
        "x-ratelimit-reset",
        count("When this minute's budget is full again (unix seconds)."),
    );
    add(
        "anthropic-organization-id",
        header(
            "The organization the key belongs to (sent to callers with one of its keys only).",
            true,
            json!({"$ref": "#/components/schemas/OrganizationId"}),
        ),
    );
    add(
        "x-should-retry",
        header(
            "`false`: sending the same request again cannot help.",
            true,
            json!({"type": "string", "enum": ["false"]}),
        ),
    );
    add(
        "retry-after",
        header(
            "Seconds to wait before trying again (a 429 may come without it: the real API's spend caps).",
            false,
            json!({"type": "integer", "minimum": 0}),
        ),
    );
    headers
}

/// Every kind of error, to find a status's.
const KINDS: [ErrorKind; 16] = [
    ErrorKind::InvalidRequest,
    ErrorKind::Authentication,
    ErrorKind::Permission,
    ErrorKind::NotFound,
    ErrorKind::Conflict,
    ErrorKind::RequestTooLarge,
    ErrorKind::RateLimit,
    ErrorKind::Api,
    ErrorKind::Billing,
    ErrorKind::Overloaded,
    ErrorKind::BadGateway,
    ErrorKind::MethodNotAllowed,
    ErrorKind::UriTooLong,
    ErrorKind::HeadersTooLarge,
    ErrorKind::RequestTimeout,
    ErrorKind::Timeout,
];

/// The headers an answer with `status` carries.
fn headers_for(status: &str) -> Vec<&'static str> {
    let mut names = vec![
        "request-id",
        "anthropic-ratelimit-requests-limit",
        "anthropic-ratelimit-requests-remaining",
        "anthropic-ratelimit-requests-reset",
        "x-ratelimit-limit",
        "x-ratelimit-remaining",
        "x-ratelimit-reset",
    ];
    // `x-should-retry: false` on the errors sending again cannot fix.
    let is_final = KINDS
        .iter()
        .any(|kind| kind.is_final() && kind.status().as_str() == status);
    if status.starts_with('2') {
        names.push("anthropic-organization-id");
    }
    if is_final {
        names.push("x-should-retry");
    }
    if status == "429" {
        names.push("retry-after");
    }
    names
}

/// Every response of every operation gets the headers its status carries, as references to
/// `components.headers`.
fn add_response_headers(document: &mut Value) {
    document["components"]["headers"] = Value::Object(header_components());
    let Some(paths) = document["paths"].as_object_mut() else {
        return;
    };
    for item in paths.values_mut().filter_map(Value::as_object_mut) {
        for operation in item.values_mut() {
            let Some(responses) = operation.get_mut("responses").and_then(Value::as_object_mut) else {
                continue;
            };
            for (status, response) in responses.iter_mut() {
                let headers = response
                    .as_object_mut()
                    .expect("a response object")
                    .entry("headers")
                    .or_insert_with(|| json!({}))
                    .as_object_mut()
                    .expect("a headers object");
                for name in headers_for(status) {
                    headers.insert(name.to_owned(), json!({"$ref": format!("#/components/headers/{name}")}));
                }
            }
        }
    }
}

/// The [`LINKS`], on each source operation's 200 answer.
fn add_links(document: &mut Value) {
    let Some(paths) = document["paths"].as_object_mut() else {
        return;
    };
    let mut operations: Vec<&mut Value> = paths
        .values_mut()
        .filter_map(Value::as_object_mut)
        .flat_map(|item| item.values_mut())
        .filter(|operation| operation.get("operationId").is_some())
        .collect();
    for (from, to, parameters) in LINKS {
        let operation = operations
            .iter_mut()
            .find(|operation| operation["operationId"] == *from)
            .unwrap_or_else(|| panic!("no operation {from} for a link"));
        let parameters: Map<String, Value> = parameters
            .iter()
            .map(|(name, expression)| ((*name).to_owned(), json!(expression)))
            .collect();
        let links = operation["responses"]["200"]
            .as_object_mut()
            .unwrap_or_else(|| panic!("{from} has no 200 answer"))
            .entry("links")
            .or_insert_with(|| json!({}));
        links[*to] = json!({"operationId": to, "parameters": parameters});
    }
}
