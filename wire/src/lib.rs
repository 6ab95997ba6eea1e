//! The Admin API's wire format (`../shared/admin-api.md`): its objects, enums and request bodies,
//! one definition for both sides. The console reads answers into these types and sends their
//! request bodies; the reference server answers with them. Two sides built from one set of types
//! cannot drift apart silently.
//!
//! Reading is tolerant, as the contract asks of clients: unknown fields are ignored, and every
//! enum has an `Unknown` variant that a value this crate does not know decodes to (the server
//! never sends it), so a newer server never breaks a list.
//!
//! Request bodies are the other way round: only a server reads them, and it must refuse what it
//! does not know, so they deny unknown fields and read their enums strictly ([`strict`]): a value
//! such as `"owner"` is refused with serde's own message, never taken for `Unknown`.
//!
//! Features: `utoipa` implements the OpenAPI schemas and `sqlx` the SQLite column types (enums
//! as TEXT); only the server turns them on. The schemas describe what the server sends: the
//! `Unknown` variants are never listed among an enum's values.

use serde::{Deserialize, Serialize};

/// A wire enum: snake_case names, a `#[serde(other)] Unknown` variant, its [`strict::Strict`]
/// reading (a mirror without `Unknown`, so serde's error names exactly the known values, in
/// declaration order), and the server-side impls when their features are on.
macro_rules! wire_enum {
    ($(#[doc = $doc:literal])* $name:ident { $($variant:ident),+ $(,)? }) => {
        $(#[doc = $doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, strum::IntoStaticStr)]
        #[serde(rename_all = "snake_case")]
        #[strum(serialize_all = "snake_case")]
        pub enum $name {
            $($variant,)+
            /// A value this version of the contract does not know: read, never sent.
            #[serde(other)]
            Unknown,
        }

        const _: () = {
            mod known {
                // Named like the enum, so that serde's messages are those of an enum without
                // `Unknown` (`expected one of ...`, `enum OrgRole`).
                #[derive(serde::Deserialize)]
                #[serde(rename_all = "snake_case")]
                #[allow(clippy::enum_variant_names)] // the wire names (`workspace_user`, ...)
                pub enum $name {
                    $($variant,)+
                }
            }

            impl strict::Strict for $name {
                fn deserialize_known<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    Ok(match <known::$name as serde::Deserialize>::deserialize(deserializer)? {
                        $(known::$name::$variant => $name::$variant,)+
                    })
                }
            }

            #[cfg(feature = "utoipa")]
            impl utoipa::PartialSchema for $name {
                fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                    let description = [$($doc),*].map(str::trim).join("\n");
                    utoipa::openapi::ObjectBuilder::new()
                        .schema_type(utoipa::openapi::schema::Type::String)
                        .description((!description.is_empty()).then_some(description))
                        .enum_values(Some([$(<&'static str>::from($name::$variant)),+]))
                        .into()
                }
            }

            #[cfg(feature = "utoipa")]
            impl utoipa::ToSchema for $name {}

            #[cfg(feature = "sqlx")]
            impl<DB: sqlx::Database> sqlx::Type<DB> for $name
            where
                str: sqlx::Type<DB>,
            {
                fn type_info() -> DB::TypeInfo {
                    <str as sqlx::Type<DB>>::type_info()
                }
                fn compatible(ty: &DB::TypeInfo) -> bool {
                    <&str as sqlx::Type<DB>>::compatible(ty)
                }
            }

            /// Stored as its wire name; `Unknown` is never stored.
            #[cfg(feature = "sqlx")]
            impl<'q, DB: sqlx::Database> sqlx::Encode<'q, DB> for $name
            where
                &'q str: sqlx::Encode<'q, DB>,
            {
                fn encode_by_ref(
                    &self,
                    buf: &mut <DB as sqlx::Database>::ArgumentBuffer<'q>,
                ) -> Result<sqlx::encode::IsNull, sqlx::error::BoxDynError> {
                    if *self == $name::Unknown {
                        return Err(concat!("an unknown ", stringify!($name), " cannot be stored").into());
                    }
                    <&'q str as sqlx::Encode<'q, DB>>::encode(self.into(), buf)
                }
            }

            /// Read from its wire name; a name this crate does not know is an error.
            #[cfg(feature = "sqlx")]
            impl<'r, DB: sqlx::Database> sqlx::Decode<'r, DB> for $name
            where
                &'r str: sqlx::Decode<'r, DB>,
            {
                fn decode(value: <DB as sqlx::Database>::ValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
                    let name = <&'r str as sqlx::Decode<'r, DB>>::decode(value)?;
                    <$name as WireName>::parse(name)
                        .ok_or_else(|| format!("invalid value {name:?} for enum {}", stringify!($name)).into())
                }
            }
        };
    };
}

wire_enum! {
    /// A member's role in the organization.
    OrgRole { Admin, User, Developer, Billing, ClaudeCodeUser }
}

impl OrgRole {
    /// The roles a member may be given or invited with (`admin` never can).
    pub const ASSIGNABLE: [OrgRole; 4] = [Self::User, Self::Developer, Self::Billing, Self::ClaudeCodeUser];
    /// Every role of the contract, for filters.
    pub const ALL: [OrgRole; 5] = [
        Self::User,
        Self::Developer,
        Self::Billing,
        Self::Admin,
        Self::ClaudeCodeUser,
    ];
}

wire_enum! {
    /// A member's role in one workspace.
    WorkspaceRole { WorkspaceUser, WorkspaceDeveloper, WorkspaceAdmin, WorkspaceBilling }
}

impl WorkspaceRole {
    /// The roles that can be given (`workspace_billing` only comes with the organization's
    /// billing role).
    pub const ASSIGNABLE: [WorkspaceRole; 3] = [Self::WorkspaceUser, Self::WorkspaceDeveloper, Self::WorkspaceAdmin];
    pub const ALL: [WorkspaceRole; 4] = [
        Self::WorkspaceUser,
        Self::WorkspaceDeveloper,
        Self::WorkspaceAdmin,
        Self::WorkspaceBilling,
    ];
}

wire_enum! {
    /// The state of an invite.
    InviteStatus { Pending, Accepted, Expired, Deleted }
}

impl InviteStatus {
    pub const ALL: [InviteStatus; 4] = [Self::Pending, Self::Accepted, Self::Expired, Self::Deleted];
}

wire_enum! {
    /// The state of an API key. `archived` is final.
    ApiKeyStatus { Active, Inactive, Archived }
}

impl ApiKeyStatus {
    pub const ALL: [ApiKeyStatus; 3] = [Self::Active, Self::Inactive, Self::Archived];
}

/// The wire name of an enum value, as in `roles[]=developer`.
pub trait WireName: Serialize + for<'de> Deserialize<'de> + Copy + PartialEq + 'static {
    /// The value that stands for names this crate does not know.
    const UNKNOWN: Self;

    /// The wire name (`"claude_code_user"`).
    fn as_str(self) -> &'static str;

    /// Reads a wire name from a server: a name this crate does not know is `Unknown`.
    fn from_wire(name: &str) -> Self {
        Self::deserialize(serde::de::value::StrDeserializer::<serde::de::value::Error>::new(name))
            .unwrap_or(Self::UNKNOWN)
    }

    /// Reads a wire name typed by a person or kept in a URL: `None` for anything unknown.
    fn parse(name: &str) -> Option<Self> {
        Some(Self::from_wire(name)).filter(|value| *value != Self::UNKNOWN)
    }
}

/// Implements [`WireName`] with strum's name of the variant, which follows the same snake_case
/// rule as serde's (a test checks that they agree).
macro_rules! wire_name {
    ($($name:ident),+) => {$(
        impl WireName for $name {
            const UNKNOWN: Self = Self::Unknown;
            fn as_str(self) -> &'static str {
                self.into()
            }
        }
    )+};
}

wire_name!(OrgRole, WorkspaceRole, InviteStatus, ApiKeyStatus);

/// Strict reading of enums, for what a server reads (request bodies, query parameters): a value
/// this crate does not know is an error, with serde's message for an enum of the known values
/// (``unknown variant `owner`, expected one of `admin`, `user`, ...``). Use with
/// `#[serde(deserialize_with = "admin_wire::strict::known")]` (or [`option`](strict::option),
/// [`vec`](strict::vec)).
pub mod strict {
    use serde::{Deserialize, Deserializer};

    /// A wire enum read without its `Unknown` variant.
    pub trait Strict: Sized {
        fn deserialize_known<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error>;
    }

    /// A strictly read value, for containers.
    struct Known<T>(T);

    impl<'de, T: Strict> Deserialize<'de> for Known<T> {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            T::deserialize_known(deserializer).map(Known)
        }
    }

    /// One known value.
    pub fn known<'de, D: Deserializer<'de>, T: Strict>(deserializer: D) -> Result<T, D::Error> {
        T::deserialize_known(deserializer)
    }

    /// A known value or `null` (with `#[serde(default)]` when the field may be absent).
    pub fn option<'de, D: Deserializer<'de>, T: Strict>(deserializer: D) -> Result<Option<T>, D::Error> {
        Ok(Option::<Known<T>>::deserialize(deserializer)?.map(|Known(value)| value))
    }

    /// A list of known values (`roles[]=a&roles[]=b`).
    pub fn vec<'de, D: Deserializer<'de>, T: Strict>(deserializer: D) -> Result<Vec<T>, D::Error> {
        Ok(Vec::<Known<T>>::deserialize(deserializer)?
            .into_iter()
            .map(|Known(value)| value)
            .collect())
    }
}

// --- Objects -------------------------------------------------------------------------------

/// An object of the contract, whose `type` is a constant: the struct has no field for it, it is
/// written in its place among the fields (the contract's order, e.g. `{id, type, email, ...}`)
/// and ignored when read. With `utoipa`, the schema lists `type` too, with the constant as its
/// example; `#[schema(...)]` attributes (on the struct and its fields) and the fields' docs go to
/// the schema, the struct's docs only to the Rust type.
macro_rules! wire_object {
    (
        $(#[doc = $doc:literal])*
        $(#[schema($($container:tt)*)])*
        pub struct $name:ident $(as $schema_name:ident)? {
            $($(#[doc = $before_doc:literal])* $(#[schema($($before_schema:tt)*)])* pub $before:ident: $before_ty:ty,)*
            type = $kind:literal,
            $($(#[doc = $after_doc:literal])* $(#[schema($($after_schema:tt)*)])* pub $after:ident: $after_ty:ty,)*
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, Deserialize)]
        pub struct $name {
            $($(#[doc = $before_doc])* pub $before: $before_ty,)*
            $($(#[doc = $after_doc])* pub $after: $after_ty,)*
        }

        impl $name {
            /// The object's `type` on the wire.
            pub const TYPE: &'static str = $kind;
        }

        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeStruct;
                const FIELDS: &[&str] = &[$(stringify!($before),)* "type", $(stringify!($after),)*];
                let mut object = serializer.serialize_struct(stringify!($name), FIELDS.len())?;
                $(object.serialize_field(stringify!($before), &self.$before)?;)*
                object.serialize_field("type", $kind)?;
                $(object.serialize_field(stringify!($after), &self.$after)?;)*
                object.end()
            }
        }

        #[cfg(feature = "utoipa")]
        const _: () = {
            // The schema's shape: the fields and `type`, in order.
            #[derive(utoipa::ToSchema)]
            #[allow(dead_code)]
            $(#[schema($($container)*)])*
            struct Shape {
                $($(#[doc = $before_doc])* $(#[schema($($before_schema)*)])* $before: $before_ty,)*
                #[schema(rename = "type", example = $kind)]
                kind: String,
                $($(#[doc = $after_doc])* $(#[schema($($after_schema)*)])* $after: $after_ty,)*
            }

            impl utoipa::PartialSchema for $name {
                fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                    <Shape as utoipa::PartialSchema>::schema()
                }
            }

            impl utoipa::ToSchema for $name {
                fn name() -> std::borrow::Cow<'static, str> {
                    std::borrow::Cow::Borrowed(wire_object!(@name $name $($schema_name)?))
                }
                fn schemas(
                    schemas: &mut Vec<(String, utoipa::openapi::RefOr<utoipa::openapi::schema::Schema>)>,
                ) {
                    <Shape as utoipa::ToSchema>::schemas(schemas)
                }
            }
        };
    };
    (@name $name:ident) => { stringify!($name) };
    (@name $name:ident $schema_name:ident) => { stringify!($schema_name) };
}

wire_object! {
    /// `GET /me`: the organization the admin key belongs to.
    pub struct Organization {
        #[schema(example = "12345678-1234-5678-1234-567812345678")]
        pub id: String,
        type = "organization",
        pub name: String,
    }
}

/// One page of a list: `{"data", "has_more", "first_id", "last_id"}`. `has_more` speaks of the
/// direction asked (after the page for `after_id` or no cursor, before it for `before_id`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct Page<T> {
    pub data: Vec<T>,
    pub has_more: bool,
    pub first_id: Option<String>,
    pub last_id: Option<String>,
}

impl<T> Page<T> {
    /// The same page with each item converted.
    pub fn map<U>(self, convert: impl FnMut(T) -> U) -> Page<U> {
        Page {
            data: self.data.into_iter().map(convert).collect(),
            has_more: self.has_more,
            first_id: self.first_id,
            last_id: self.last_id,
        }
    }
}

wire_object! {
    /// `{id, type:"user", email, name, role, added_at}`: a member of the organization.
    pub struct User {
        #[schema(example = "user_01WCz1FkmYMm4gnmykNKUu3Q")]
        pub id: String,
        type = "user",
        pub email: String,
        pub name: String,
        pub role: OrgRole,
        #[schema(format = DateTime)]
        pub added_at: String,
    }
}

wire_object! {
    /// `{id, type:"invite", email, role, invited_at, expires_at, status}`.
    pub struct Invite {
        #[schema(example = "invite_015gWxCN9Hfg2QhZwTK7Mdeu")]
        pub id: String,
        type = "invite",
        pub email: String,
        pub role: OrgRole,
        #[schema(format = DateTime)]
        pub invited_at: String,
        #[schema(format = DateTime)]
        pub expires_at: String,
        pub status: InviteStatus,
    }
}

wire_object! {
    /// `{id, type:"workspace", name, created_at, archived_at, display_color}`. `display_color`
    /// (`#RRGGBB`) is always sent, and read as optional.
    pub struct Workspace {
        #[schema(example = "wrkspc_01JwQvzr7rXLA5AGx3HKfFUJ")]
        pub id: String,
        type = "workspace",
        pub name: String,
        #[schema(format = DateTime)]
        pub created_at: String,
        #[schema(format = DateTime)]
        pub archived_at: Option<String>,
        #[schema(value_type = String, example = "#6C5BB9")]
        pub display_color: Option<String>,
    }
}

impl Workspace {
    pub fn is_archived(&self) -> bool {
        self.archived_at.is_some()
    }
}

wire_object! {
    /// `{type:"workspace_member", user_id, workspace_id, workspace_role}`.
    pub struct WorkspaceMember {
        type = "workspace_member",
        pub user_id: String,
        pub workspace_id: String,
        pub workspace_role: WorkspaceRole,
    }
}

wire_object! {
    /// Who created an API key: `{id, type:"user"}`.
    pub struct Creator as CreatedBy {
        pub id: String,
        type = "user",
    }
}

wire_object! {
    /// `{id, type:"api_key", name, workspace_id, created_at, created_by, partial_key_hint, status}`.
    /// The reference server always sends `partial_key_hint`; it is read as optional.
    pub struct ApiKey {
        #[schema(example = "apikey_01Rj2N8SVvo6BePZj99NhmiT")]
        pub id: String,
        type = "api_key",
        pub name: String,
        /// `null` for a key of the default workspace.
        pub workspace_id: Option<String>,
        #[schema(format = DateTime)]
        pub created_at: String,
        pub created_by: Creator,
        #[schema(value_type = String, example = "sk-ant-api03-R2D...igAA")]
        pub partial_key_hint: Option<String>,
        pub status: ApiKeyStatus,
    }
}

/// The answer to deleting an object with an id (`user_deleted`, `invite_deleted`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct Deleted {
    pub id: String,
    // `user_deleted` or `invite_deleted`.
    #[serde(rename = "type")]
    pub kind: String,
}

wire_object! {
    /// The answer to removing a workspace member.
    pub struct WorkspaceMemberDeleted {
        type = "workspace_member_deleted",
        pub user_id: String,
        pub workspace_id: String,
    }
}

// --- Request bodies ------------------------------------------------------------------------
//
// Read by a server only: unknown fields are refused and enums are read strictly ([`strict`]).
// With `utoipa`, each schema keeps the reference server's name for it (`schema(as = ...)`).

/// `POST /users/{id}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateUser {
    /// One of `user`, `developer`, `billing`, `claude_code_user` (`admin` cannot be assigned).
    #[serde(deserialize_with = "strict::known")]
    pub role: OrgRole,
}

/// `POST /invites`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateInvite {
    pub email: String,
    /// One of `user`, `developer`, `billing`, `claude_code_user`.
    #[serde(deserialize_with = "strict::known")]
    pub role: OrgRole,
}

/// `POST /workspaces`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateWorkspace {
    /// 1 to 40 characters after trimming.
    pub name: String,
    /// `#RRGGBB`; one is chosen when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_color: Option<String>,
}

/// `POST /workspaces/{id}`: only what changes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema), schema(as = UpdateWorkspace))]
#[serde(deny_unknown_fields)]
pub struct WorkspaceUpdate {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_color: Option<String>,
}

/// `POST /workspaces/{id}/members`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema), schema(as = AddMember))]
#[serde(deny_unknown_fields)]
pub struct AddWorkspaceMember {
    pub user_id: String,
    /// `workspace_user`, `workspace_developer` or `workspace_admin`.
    #[serde(deserialize_with = "strict::known")]
    pub workspace_role: WorkspaceRole,
}

/// `POST /workspaces/{id}/members/{user_id}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema), schema(as = UpdateMember))]
#[serde(deny_unknown_fields)]
pub struct UpdateWorkspaceMember {
    #[serde(deserialize_with = "strict::known")]
    pub workspace_role: WorkspaceRole,
}

/// `POST /api_keys/{id}`: only what changes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema), schema(as = UpdateApiKey))]
#[serde(deny_unknown_fields)]
pub struct ApiKeyUpdate {
    /// 1 to 500 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// An archived key's status cannot change.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "strict::option"
    )]
    pub status: Option<ApiKeyStatus>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enums_read_and_write_their_wire_names() {
        assert_eq!(OrgRole::ClaudeCodeUser.as_str(), "claude_code_user");
        assert_eq!(WorkspaceRole::WorkspaceBilling.as_str(), "workspace_billing");
        assert_eq!(OrgRole::from_wire("developer"), OrgRole::Developer);
        assert_eq!(OrgRole::from_wire("galactic_overlord"), OrgRole::Unknown);
        assert_eq!(OrgRole::parse("galactic_overlord"), None);
        assert_eq!(ApiKeyStatus::parse("archived"), Some(ApiKeyStatus::Archived));
        assert_eq!(serde_json::to_string(&InviteStatus::Expired).unwrap(), "\"expired\"");
        for role in OrgRole::ALL {
            assert_eq!(OrgRole::parse(role.as_str()), Some(role));
        }
        // strum's names (as_str) and serde's (the wire) are one rule applied twice: they agree.
        fn agree<T: WireName>(all: &[T]) {
            for value in all {
                assert_eq!(serde_json::to_string(value).unwrap(), format!("\"{}\"", value.as_str()));
            }
        }
        agree(&OrgRole::ALL);
        agree(&WorkspaceRole::ALL);
        agree(&InviteStatus::ALL);
        agree(&ApiKeyStatus::ALL);
    }

    #[test]
    fn unknown_values_and_fields_never_break_a_read() {
        let user: User = serde_json::from_str(
            r#"{"id":"user_1","type":"user","email":"a@b.c","name":"A","role":"primary_owner",
                "added_at":"2024-10-30T23:58:27.427722Z","something_new":{"x":1}}"#,
        )
        .unwrap();
        assert_eq!(user.role, OrgRole::Unknown);
    }

    #[test]
    fn objects_write_their_type_in_the_contracts_place() {
        let user = User {
            id: "user_1".into(),
            email: "a@b.c".into(),
            name: "A".into(),
            role: OrgRole::ClaudeCodeUser,
            added_at: "2024-10-30T23:58:27.427722Z".into(),
        };
        let json = serde_json::to_string(&user).unwrap();
        assert_eq!(
            json,
            r#"{"id":"user_1","type":"user","email":"a@b.c","name":"A","role":"claude_code_user","added_at":"2024-10-30T23:58:27.427722Z"}"#
        );
        assert_eq!(serde_json::from_str::<User>(&json).unwrap(), user);
        let member = WorkspaceMember {
            user_id: "user_1".into(),
            workspace_id: "wrkspc_1".into(),
            workspace_role: WorkspaceRole::WorkspaceAdmin,
        };
        assert_eq!(
            serde_json::to_string(&member).unwrap(),
            r#"{"type":"workspace_member","user_id":"user_1","workspace_id":"wrkspc_1","workspace_role":"workspace_admin"}"#
        );
        let creator = Creator { id: "user_1".into() };
        assert_eq!(
            serde_json::to_string(&creator).unwrap(),
            r#"{"id":"user_1","type":"user"}"#
        );
    }

    #[test]
    fn request_bodies_refuse_what_they_do_not_know() {
        let error = |json: &str| serde_json::from_str::<UpdateUser>(json).unwrap_err().to_string();
        // serde's message for an enum of the known values, in declaration order; never `unknown`.
        assert_eq!(
            error(r#"{"role":"owner"}"#),
            "unknown variant `owner`, expected one of `admin`, `user`, `developer`, `billing`, \
             `claude_code_user` at line 1 column 15"
        );
        assert_eq!(
            error(r#"{"role":"unknown"}"#),
            "unknown variant `unknown`, expected one of `admin`, `user`, `developer`, `billing`, \
             `claude_code_user` at line 1 column 17"
        );
        assert_eq!(error(r#"{"role":3}"#), "expected value at line 1 column 9");
        assert_eq!(
            error(r#"{"role":"user","x":1}"#),
            "unknown field `x`, expected `role` at line 1 column 18"
        );
        assert_eq!(
            serde_json::from_str::<UpdateUser>(r#"{"role":"developer"}"#)
                .unwrap()
                .role,
            OrgRole::Developer
        );
        let update = |json: &str| serde_json::from_str::<ApiKeyUpdate>(json).map_err(|e| e.to_string());
        assert_eq!(update("{}"), Ok(ApiKeyUpdate::default()));
        assert_eq!(update(r#"{"status":null}"#), Ok(ApiKeyUpdate::default()));
        assert_eq!(
            update(r#"{"status":"archived"}"#).unwrap().status,
            Some(ApiKeyStatus::Archived)
        );
        assert_eq!(
            update(r#"{"status":"unknown"}"#),
            Err(
                "unknown variant `unknown`, expected one of `active`, `inactive`, `archived` at line 1 column 19"
                    .into()
            )
        );
        #[derive(Debug, Deserialize)]
        struct Filter {
            #[serde(deserialize_with = "strict::vec")]
            roles: Vec<WorkspaceRole>,
        }
        let roles = serde_json::from_str::<Filter>(r#"{"roles":["workspace_user","workspace_billing"]}"#).unwrap();
        assert_eq!(
            roles.roles,
            [WorkspaceRole::WorkspaceUser, WorkspaceRole::WorkspaceBilling]
        );
        assert!(serde_json::from_str::<Filter>(r#"{"roles":["workspace_user","nope"]}"#).is_err());
    }

    #[cfg(feature = "utoipa")]
    #[test]
    fn schemas_describe_what_the_server_sends() {
        use utoipa::{PartialSchema, ToSchema};
        let json = |schema| serde_json::to_value(schema).unwrap();
        assert_eq!(
            json(OrgRole::schema()),
            serde_json::json!({
                "type": "string",
                "description": "A member's role in the organization.",
                "enum": ["admin", "user", "developer", "billing", "claude_code_user"],
            })
        );
        for schema in [WorkspaceRole::schema(), InviteStatus::schema(), ApiKeyStatus::schema()] {
            let values = json(schema)["enum"].clone();
            assert!(!values.as_array().unwrap().contains(&"unknown".into()), "{values}");
        }
        let user = json(User::schema());
        assert_eq!(
            user["required"],
            serde_json::json!(["id", "type", "email", "name", "role", "added_at"])
        );
        assert_eq!(
            user["properties"]["type"],
            serde_json::json!({"type": "string", "example": "user"})
        );
        assert_eq!(user["properties"]["role"]["$ref"], "#/components/schemas/OrgRole");
        assert_eq!(Creator::name(), "CreatedBy");
        assert_eq!(ApiKeyUpdate::name(), "UpdateApiKey");
        assert_eq!(
            json(Workspace::schema())["properties"]["display_color"]["type"],
            "string"
        );
    }

    #[test]
    fn updates_send_only_what_changes() {
        let update = ApiKeyUpdate {
            status: Some(ApiKeyStatus::Inactive),
            ..Default::default()
        };
        assert_eq!(serde_json::to_string(&update).unwrap(), r#"{"status":"inactive"}"#);
    }
}
