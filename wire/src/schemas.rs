//! Named OpenAPI schemas for the values with a rule (ids, names, colors, emails, tags) and for
//! the enums a request may send, which are narrower than what answers hold. Fields use them with
//! `#[schema(value_type = ...)]`; the rules come from [`ids`](crate::ids),
//! [`text`](crate::text) and [`limits`](crate::limits), the same ones the server checks.

use utoipa::openapi::schema::{
    AdditionalProperties, ArrayBuilder, ObjectBuilder, OneOfBuilder, Schema, SchemaFormat, Type,
};
use utoipa::openapi::RefOr;
use utoipa::{PartialSchema, ToSchema};

use crate::limits::{API_KEY_NAME_MAX, MAX_TAGS, RESERVED_TAG_PREFIX, TAG_KEY_MAX, TAG_VALUE_MAX, WORKSPACE_NAME_MAX};
use crate::{ids, text, ApiKeyStatus, InferenceGeo, OrgRole, WireName, WorkspaceRole};

/// A unit type whose OpenAPI schema (named like the type) is `$schema`.
macro_rules! named_schema {
    ($($(#[doc = $doc:literal])* $name:ident = $schema:expr;)+) => {$(
        $(#[doc = $doc])*
        pub struct $name;

        impl PartialSchema for $name {
            fn schema() -> RefOr<Schema> {
                $schema.into()
            }
        }

        impl ToSchema for $name {}
    )+};
}

fn string(description: &str) -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .description(Some(description))
}

fn id(prefix: &str, of_what: &str, example: &str) -> ObjectBuilder {
    debug_assert!(ids::is_well_formed(example, prefix), "{example}");
    string(&format!(
        "The id of {of_what}: `{prefix}` and {} base58 characters.",
        ids::ID_LEN
    ))
    .pattern(Some(ids::pattern(prefix)))
    .examples([example])
}

fn enum_of<T: WireName>(values: &[T], description: &str) -> ObjectBuilder {
    string(description).enum_values(Some(values.iter().map(|value| value.as_str())))
}

/// `us` or `global`.
fn geo() -> ObjectBuilder {
    enum_of(&InferenceGeo::ALL, "`us` or `global`.")
}

fn nullable(schema: impl Into<RefOr<Schema>>) -> OneOfBuilder {
    OneOfBuilder::new()
        .item(ObjectBuilder::new().schema_type(Type::Null))
        .item(schema)
}

fn tag_key() -> ObjectBuilder {
    string(&format!(
        "A tag's key: 1 to {TAG_KEY_MAX} characters after trimming, no control or text-direction \
         characters, not starting with `{RESERVED_TAG_PREFIX}` (in any case)."
    ))
    .pattern(Some(text::pattern(1, TAG_KEY_MAX, Some(RESERVED_TAG_PREFIX))))
}

fn tag_value() -> ObjectBuilder {
    string(&format!(
        "A tag's value: up to {TAG_VALUE_MAX} characters after trimming, no control or \
         text-direction characters."
    ))
    .pattern(Some(text::pattern(0, TAG_VALUE_MAX, None)))
}

fn residency(at_creation: bool) -> ObjectBuilder {
    let mut object = ObjectBuilder::new()
        .schema_type(Type::Object)
        .additional_properties(Some(AdditionalProperties::<Schema>::FreeForm(false)));
    if at_creation {
        object = object.property(
            "workspace_geo",
            nullable(
                string("Where the workspace's data is stored: `us` only; fixed at creation.").enum_values(Some(["us"])),
            ),
        );
    }
    let allowed = OneOfBuilder::new()
        .description(Some(
            "`\"unrestricted\"`, or the geos inference may run in (each at most once).",
        ))
        .item(string("Inference may run anywhere.").enum_values(Some(["unrestricted"])))
        .item(ArrayBuilder::new().items(geo()).min_items(Some(1)).unique_items(true));
    object.property("allowed_inference_geos", nullable(allowed)).property(
        "default_inference_geo",
        nullable(geo().description(Some(
            "Where inference runs when a request does not say; must be among the allowed geos.",
        ))),
    )
}

named_schema! {
    /// `user_...`
    UserId = id(ids::USER, "an organization member", "user_2PLc4RQcmPcbJWyZ4bh7T3Ta");
    /// `invite_...`
    InviteId = id(ids::INVITE, "an invite", "invite_2PLc4TnG6ubCnAvkvqF5J9Yd");
    /// `wrkspc_...`
    WorkspaceId = id(ids::WORKSPACE, "a workspace (the default one too)", "wrkspc_2PLc4WRH7vRZx8TqZ1wPT8Fo");
    /// `apikey_...`
    ApiKeyId = id(ids::API_KEY, "an API key", "apikey_2PLc4ZSmkKJ5aE7XSCnLNufA");
    /// `req_...`
    RequestId = id(ids::REQUEST, "a request (also its `request-id` header)", "req_2PLc4bE1t4rS4o6NeHAwqXhC");
    /// Any object id of the contract (`user_`, `invite_`, `wrkspc_` or `apikey_`).
    ObjectId = string("The id of an object: its prefix and 24 base58 characters.")
        .pattern(Some(ids::any_pattern()))
        .examples(["user_2PLc4RQcmPcbJWyZ4bh7T3Ta"]);
    /// The organization's id.
    OrganizationId = string("The organization's id, a UUID.")
        .format(Some(SchemaFormat::Custom("uuid".to_owned())))
        .examples(["6f1c5a2e-8d43-4c1b-9a7e-2b5d3c4e1f60"]);
    /// A workspace's name in a request.
    WorkspaceName = string(&format!(
        "1 to {WORKSPACE_NAME_MAX} characters after trimming white space and invisible characters; \
         no control or text-direction characters."
    ))
    .pattern(Some(text::pattern(1, WORKSPACE_NAME_MAX, None)))
    .examples(["Production"]);
    /// An API key's name in a request.
    ApiKeyName = string(&format!(
        "1 to {API_KEY_NAME_MAX} characters after trimming white space and invisible characters; \
         no control or text-direction characters."
    ))
    .pattern(Some(text::pattern(1, API_KEY_NAME_MAX, None)))
    .examples(["ci deploy"]);
    /// `#RRGGBB`.
    DisplayColor = string("`#RRGGBB`, six hexadecimal digits (answers have them upper-case).")
        .pattern(Some("^#[0-9A-Fa-f]{6}$"))
        .examples(["#6C5BB9"]);
    /// An email address in a request.
    Email = string(
        "An email address: one `@`, a non-empty local part, a domain of at least two non-empty \
         labels, no white space or control characters.",
    )
    .pattern(Some(text::email_pattern()))
    .max_length(Some(crate::limits::EMAIL_MAX_CHARS))
    .examples(["ada@example.com"]);
    /// The roles a member may be given or invited with.
    AssignableOrgRole = enum_of(
        &OrgRole::ASSIGNABLE,
        "The roles a request may give: `admin` and the Enterprise roles cannot be assigned.",
    );
    /// The workspace roles a member may be added with.
    AssignableWorkspaceRole = enum_of(
        &WorkspaceRole::ASSIGNABLE,
        "The workspace roles a member may be added with (`workspace_billing` comes only with the \
         organization's billing role).",
    );
    /// The statuses an update may set.
    SettableApiKeyStatus = enum_of(
        &ApiKeyStatus::SETTABLE,
        "The statuses an update may set (`expired` only comes with time). An archived key's status \
         cannot change; an expired key may only be archived.",
    );
    /// A new workspace's tags.
    CreateTags = ObjectBuilder::new()
        .schema_type(Type::Object)
        .description(Some(format!("At most {MAX_TAGS} tags.")))
        .max_properties(Some(MAX_TAGS))
        .property_names(Some(tag_key()))
        .additional_properties(Some(tag_value()));
    /// The tags an update sets (`null` removes one).
    UpdateTags = ObjectBuilder::new()
        .schema_type(Type::Object)
        .description(Some(format!(
            "The tags to set; a `null` value removes that tag, a tag not named stays. A workspace \
             has at most {MAX_TAGS} tags afterwards."
        )))
        .property_names(Some(tag_key()))
        .additional_properties(Some(Schema::OneOf(nullable(tag_value()).build())));
    /// `data_residency` of a workspace's creation.
    CreateDataResidency = residency(true).description(Some(
        "Only what is set; unrestricted inference, global by default, with data in the US when absent.",
    ));
    /// `data_residency` of a workspace's update: `workspace_geo` cannot change.
    UpdateDataResidency = residency(false).description(Some(
        "Only what changes; `workspace_geo` is fixed at creation.",
    ));
}
