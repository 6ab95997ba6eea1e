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

pub mod ids;
pub mod limits;
#[cfg(feature = "utoipa")]
pub mod schemas;
pub mod text;

/// A wire enum: snake_case names (or a variant's own, `Day = "1d"`, where the wire's is not a
/// Rust name), an `Unknown(name)` variant that keeps a value this crate does
/// not know (so a console can show it as it came), its [`strict::Strict`] reading (a mirror
/// without `Unknown`, so serde's error names exactly the known values, in declaration order), and
/// the server-side impls when their features are on.
macro_rules! wire_enum {
    ($(#[doc = $doc:literal])* $name:ident { $($variant:ident $(= $wire:literal)?),+ $(,)? }) => {
        $(#[doc = $doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, strum::IntoStaticStr)]
        #[strum(serialize_all = "snake_case")]
        pub enum $name {
            $($(#[strum(serialize = $wire)])? $variant,)+
            /// A value this version of the contract does not know, by its wire name: read, never
            /// sent by the reference server.
            Unknown(&'static str),
        }

        const _: () = {
            mod known {
                // Named like the enum, so that serde's messages are those of an enum without
                // `Unknown` (`expected one of ...`, `enum OrgRole`).
                #[derive(serde::Deserialize)]
                #[serde(rename_all = "snake_case")]
                #[allow(clippy::enum_variant_names)] // the wire names (`workspace_user`, ...)
                pub enum $name {
                    $($(#[serde(rename = $wire)])? $variant,)+
                }
            }

            impl $name {
                fn from_known(value: known::$name) -> Self {
                    match value {
                        $(known::$name::$variant => $name::$variant,)+
                    }
                }
            }

            impl Serialize for $name {
                fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    serializer.serialize_str(self.as_str())
                }
            }

            /// Tolerant: a name this crate does not know is `Unknown(name)`; anything but a
            /// string is an error.
            impl<'de> Deserialize<'de> for $name {
                fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    let name = <std::borrow::Cow<'de, str> as Deserialize>::deserialize(deserializer)?;
                    let known = <known::$name as Deserialize>::deserialize(
                        serde::de::value::StrDeserializer::<serde::de::value::Error>::new(&name),
                    );
                    Ok(match known {
                        Ok(value) => Self::from_known(value),
                        Err(_) => Self::Unknown(intern(&name)),
                    })
                }
            }

            impl strict::Strict for $name {
                fn deserialize_known<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    <known::$name as serde::Deserialize>::deserialize(deserializer).map(Self::from_known)
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
                    if !self.is_known() {
                        return Err(concat!("an unknown ", stringify!($name), " cannot be stored").into());
                    }
                    <&'q str as sqlx::Encode<'q, DB>>::encode(self.as_str(), buf)
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
    /// A member's role in the organization: the five of Claude Console organizations, then the
    /// four of Claude Enterprise ones. `owner` and `primary_owner` have every admin permission.
    OrgRole { Admin, User, Developer, Billing, ClaudeCodeUser, Owner, PrimaryOwner, MembershipAdmin, Managed }
}

impl OrgRole {
    /// The roles a member may be given or invited with (`admin` and the owners never can).
    pub const ASSIGNABLE: [OrgRole; 4] = [Self::User, Self::Developer, Self::Billing, Self::ClaudeCodeUser];
    /// Every role of the contract, for filters.
    pub const ALL: [OrgRole; 9] = [
        Self::User,
        Self::Developer,
        Self::Billing,
        Self::Admin,
        Self::ClaudeCodeUser,
        Self::Owner,
        Self::PrimaryOwner,
        Self::MembershipAdmin,
        Self::Managed,
    ];

    /// An admin in all but name (`admin`, `owner`, `primary_owner`): cannot be re-roled or
    /// removed, and is `workspace_admin` in every workspace.
    pub fn is_admin(self) -> bool {
        matches!(self, Self::Admin | Self::Owner | Self::PrimaryOwner)
    }

    /// Whether a member with this role may be given one of the [`ASSIGNABLE`](Self::ASSIGNABLE)
    /// roles: not admins, and not a role this crate does not know.
    pub fn can_change(self) -> bool {
        !self.is_admin() && self.is_known()
    }
}

wire_enum! {
    /// A member's role in one workspace.
    WorkspaceRole { WorkspaceUser, WorkspaceDeveloper, WorkspaceRestrictedDeveloper, WorkspaceAdmin, WorkspaceBilling }
}

impl WorkspaceRole {
    /// The roles that can be given (`workspace_billing` only comes with the organization's
    /// billing role).
    pub const ASSIGNABLE: [WorkspaceRole; 4] = [
        Self::WorkspaceUser,
        Self::WorkspaceDeveloper,
        Self::WorkspaceRestrictedDeveloper,
        Self::WorkspaceAdmin,
    ];
    pub const ALL: [WorkspaceRole; 5] = [
        Self::WorkspaceUser,
        Self::WorkspaceDeveloper,
        Self::WorkspaceRestrictedDeveloper,
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
    /// What a list can hold and filter by: a deleted invite is never listed, only read by its id.
    pub const LISTED: [InviteStatus; 3] = [Self::Pending, Self::Accepted, Self::Expired];
}

wire_enum! {
    /// The state of an API key. `archived` is final; `expired` is a key past its `expires_at`,
    /// which may still be renamed or archived.
    ApiKeyStatus { Active, Inactive, Archived, Expired }
}

impl ApiKeyStatus {
    pub const ALL: [ApiKeyStatus; 4] = [Self::Active, Self::Inactive, Self::Archived, Self::Expired];
    /// The statuses an update may set (`expired` only comes with time).
    pub const SETTABLE: [ApiKeyStatus; 3] = [Self::Active, Self::Inactive, Self::Archived];

    /// The statuses a key in this status may be moved to (besides staying as it is).
    pub fn next(self) -> &'static [ApiKeyStatus] {
        match self {
            Self::Active => &[Self::Inactive, Self::Archived],
            Self::Inactive => &[Self::Active, Self::Archived],
            Self::Expired => &[Self::Archived],
            Self::Archived | Self::Unknown(_) => &[],
        }
    }
}

wire_enum! {
    /// Where a workspace's data lives, or where inference may run.
    InferenceGeo { Us, Global }
}

impl InferenceGeo {
    pub const ALL: [InferenceGeo; 2] = [Self::Us, Self::Global];
}

/// The wire name of an enum value, as in `roles[]=developer`.
pub trait WireName: Serialize + for<'de> Deserialize<'de> + Copy + PartialEq + 'static {
    /// The wire name (`"claude_code_user"`; an unknown value's own name).
    fn as_str(self) -> &'static str;

    /// Whether this crate knows the value (it is not `Unknown`).
    fn is_known(self) -> bool;

    /// Reads a wire name from a server: a name this crate does not know is `Unknown(name)`.
    fn from_wire(name: &str) -> Self {
        Self::deserialize(serde::de::value::StrDeserializer::<serde::de::value::Error>::new(name))
            .expect("a wire enum reads every string")
    }

    /// Reads a wire name typed by a person or kept in a URL: `None` for anything unknown.
    fn parse(name: &str) -> Option<Self> {
        Some(Self::from_wire(name)).filter(|value| value.is_known())
    }
}

/// Implements [`WireName`] with strum's name of the variant, which follows the same snake_case
/// rule as serde's (a test checks that they agree).
macro_rules! wire_name {
    ($($name:ident),+) => {$(
        impl WireName for $name {
            fn as_str(self) -> &'static str {
                match self {
                    Self::Unknown(name) => name,
                    known => known.into(),
                }
            }
            fn is_known(self) -> bool {
                !matches!(self, Self::Unknown(_))
            }
        }
    )+};
}

wire_name!(OrgRole, WorkspaceRole, InviteStatus, ApiKeyStatus, InferenceGeo);

/// The one `'static` copy of an unknown wire name: enums stay `Copy`, and reading the same
/// unknown value again (every refresh of a list) keeps no more memory.
fn intern(name: &str) -> &'static str {
    use std::collections::BTreeSet;
    use std::sync::Mutex;
    static NAMES: Mutex<BTreeSet<&'static str>> = Mutex::new(BTreeSet::new());
    let mut names = NAMES.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(known) = names.get(name) {
        return known;
    }
    let leaked: &'static str = Box::leak(name.to_owned().into_boxed_str());
    names.insert(leaked);
    leaked
}

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

    /// An object or `null`, never an array: serde reads a struct from a JSON array too
    /// (`[null, null]` as a struct of two optional fields), which a request must not do.
    pub fn object<'de, D: Deserializer<'de>, T: Deserialize<'de>>(deserializer: D) -> Result<Option<T>, D::Error> {
        struct ObjectOnly<T>(T);

        impl<'de, T: Deserialize<'de>> Deserialize<'de> for ObjectOnly<T> {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct Visit<T>(std::marker::PhantomData<T>);

                impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for Visit<T> {
                    type Value = T;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
                        formatter.write_str("an object")
                    }

                    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
                        T::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    }
                }

                deserializer
                    .deserialize_map(Visit(std::marker::PhantomData))
                    .map(ObjectOnly)
            }
        }

        Ok(Option::<ObjectOnly<T>>::deserialize(deserializer)?.map(|ObjectOnly(value)| value))
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
/// and ignored when read. `#[serde(...)]` on a field applies to reading only (`default` for the
/// fields an older server may leave out); writing always sends every field. With `utoipa`, the
/// schema lists `type` too, as an enum of its one value, and every field as required (also those
/// that may be `null`: they are always sent); `#[schema(...)]` attributes (on the struct and its
/// fields) and the fields' docs go to the schema, the struct's docs only to the Rust type.
macro_rules! wire_object {
    (
        $(#[doc = $doc:literal])*
        $(#[schema($($container:tt)*)])*
        pub struct $name:ident $(as $schema_name:ident)? {
            $($(#[doc = $before_doc:literal])* $(#[schema($($before_schema:tt)*)])* $(#[serde($($before_serde:tt)*)])*
                pub $before:ident: $before_ty:ty,)*
            type = $kind:literal,
            $($(#[doc = $after_doc:literal])* $(#[schema($($after_schema:tt)*)])* $(#[serde($($after_serde:tt)*)])*
                pub $after:ident: $after_ty:ty,)*
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, Deserialize)]
        pub struct $name {
            $($(#[doc = $before_doc])* $(#[serde($($before_serde)*)])* pub $before: $before_ty,)*
            $($(#[doc = $after_doc])* $(#[serde($($after_serde)*)])* pub $after: $after_ty,)*
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
                $($(#[doc = $before_doc])* $(#[schema($($before_schema)*)])* #[schema(required = true)]
                    $before: $before_ty,)*
                #[schema(rename = "type", schema_with = kind_schema)]
                kind: String,
                $($(#[doc = $after_doc])* $(#[schema($($after_schema)*)])* #[schema(required = true)]
                    $after: $after_ty,)*
            }

            fn kind_schema() -> utoipa::openapi::schema::Object {
                utoipa::openapi::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::String)
                    .enum_values(Some([$kind]))
                    .build()
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
        #[schema(value_type = crate::schemas::OrganizationId)]
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
    /// The first item's id (`null` for an empty page).
    #[cfg_attr(feature = "utoipa", schema(required = true, value_type = Option<crate::schemas::ObjectId>))]
    pub first_id: Option<String>,
    /// The last item's id (`null` for an empty page).
    #[cfg_attr(feature = "utoipa", schema(required = true, value_type = Option<crate::schemas::ObjectId>))]
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
        #[schema(value_type = crate::schemas::UserId)]
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
    /// `{id, type:"invite", email, role, invited_at, expires_at, accepted_at, status,
    /// rbac_group_ids}`.
    pub struct Invite {
        #[schema(value_type = crate::schemas::InviteId)]
        pub id: String,
        type = "invite",
        pub email: String,
        pub role: OrgRole,
        #[schema(format = DateTime)]
        pub invited_at: String,
        #[schema(format = DateTime)]
        pub expires_at: String,
        /// `null` until the invite is accepted.
        #[schema(format = DateTime)]
        #[serde(default)]
        pub accepted_at: Option<String>,
        pub status: InviteStatus,
        /// The RBAC groups the invite adds to (`[]` when none; the reference server has none).
        #[serde(default)]
        pub rbac_group_ids: Vec<String>,
    }
}

/// Where inference may run for a workspace: anywhere, or only in the geos listed.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum AllowedInferenceGeos {
    /// `"unrestricted"`.
    Unrestricted,
    /// `["us", ...]`.
    Only(Vec<InferenceGeo>),
    /// A word this crate does not know: read, never sent.
    Unknown,
}

impl AllowedInferenceGeos {
    pub const UNRESTRICTED: &'static str = "unrestricted";
}

impl Serialize for AllowedInferenceGeos {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Only(geos) => geos.serialize(serializer),
            Self::Unrestricted | Self::Unknown => serializer.serialize_str(Self::UNRESTRICTED),
        }
    }
}

impl<'de> Deserialize<'de> for AllowedInferenceGeos {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Repr {
            Word(String),
            List(Vec<InferenceGeo>),
        }
        Ok(match Repr::deserialize(deserializer)? {
            Repr::Word(word) if word == Self::UNRESTRICTED => Self::Unrestricted,
            Repr::Word(_) => Self::Unknown,
            Repr::List(geos) => Self::Only(geos),
        })
    }
}

#[cfg(feature = "utoipa")]
impl utoipa::PartialSchema for AllowedInferenceGeos {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, OneOfBuilder, Type};
        OneOfBuilder::new()
            .description(Some("`\"unrestricted\"`, or the geos inference may run in."))
            .item(
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .enum_values(Some([Self::UNRESTRICTED])),
            )
            .item(ArrayBuilder::new().items(<InferenceGeo as utoipa::PartialSchema>::schema()))
            .into()
    }
}

#[cfg(feature = "utoipa")]
impl utoipa::ToSchema for AllowedInferenceGeos {}

/// `{workspace_geo, allowed_inference_geos, default_inference_geo}`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct DataResidency {
    /// Where the workspace's data is stored; fixed when it is created.
    pub workspace_geo: InferenceGeo,
    pub allowed_inference_geos: AllowedInferenceGeos,
    /// Where inference runs when a request does not say.
    pub default_inference_geo: InferenceGeo,
}

impl Default for DataResidency {
    /// A workspace created without saying: data in the US, inference anywhere, global by default.
    fn default() -> Self {
        DataResidency {
            workspace_geo: InferenceGeo::Us,
            allowed_inference_geos: AllowedInferenceGeos::Unrestricted,
            default_inference_geo: InferenceGeo::Global,
        }
    }
}

wire_object! {
    /// `{id, type:"workspace", name, created_at, archived_at, display_color, compartment_id,
    /// data_residency, tags, external_key_id, user_profile_id}`. The fields newer than the first
    /// contract (and `display_color`) are read as optional: the reference server always sends them.
    pub struct Workspace {
        #[schema(value_type = crate::schemas::WorkspaceId)]
        pub id: String,
        type = "workspace",
        pub name: String,
        #[schema(format = DateTime)]
        pub created_at: String,
        #[schema(format = DateTime)]
        pub archived_at: Option<String>,
        #[schema(value_type = crate::schemas::DisplayColor)]
        pub display_color: Option<String>,
        /// Stable per workspace.
        #[schema(value_type = String)]
        #[serde(default)]
        pub compartment_id: Option<String>,
        #[schema(value_type = DataResidency)]
        #[serde(default)]
        pub data_residency: Option<DataResidency>,
        /// Labels of the organization's own (`{}` when none).
        #[serde(default)]
        pub tags: std::collections::BTreeMap<String, String>,
        #[serde(default)]
        pub external_key_id: Option<String>,
        #[serde(default)]
        pub user_profile_id: Option<String>,
    }
}

impl Workspace {
    /// The default workspace's name, in the API's spelling.
    pub const DEFAULT_NAME: &'static str = "Default Workspace";

    pub fn is_archived(&self) -> bool {
        self.archived_at.is_some()
    }
}

wire_object! {
    /// `{type:"workspace_member", user_id, workspace_id, workspace_role}`.
    pub struct WorkspaceMember {
        type = "workspace_member",
        #[schema(value_type = crate::schemas::UserId)]
        pub user_id: String,
        #[schema(value_type = crate::schemas::WorkspaceId)]
        pub workspace_id: String,
        pub workspace_role: WorkspaceRole,
    }
}

wire_object! {
    /// Who created an API key: `{id, type:"user"}`.
    pub struct Creator as CreatedBy {
        #[schema(value_type = crate::schemas::UserId)]
        pub id: String,
        type = "user",
    }
}

wire_object! {
    /// What an API key may be used in: `{type:"workspace", workspace_id}` (the default
    /// workspace's real id too).
    pub struct KeyScope as ApiKeyScope {
        type = "workspace",
        #[schema(value_type = crate::schemas::WorkspaceId)]
        pub workspace_id: String,
    }
}

/// Who an API key acts as.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Principal {
    /// `{"type":"user_actor","user_id"}`.
    UserActor { user_id: String },
    /// `{"type":"service_account_actor","service_account_id"}`.
    ServiceAccountActor { service_account_id: String },
    /// A kind this crate does not know: read, never sent.
    #[serde(other)]
    Unknown,
}

// The schema is that of the kinds the server sends (a mirror without `Unknown`).
#[cfg(feature = "utoipa")]
mod principal_schema {
    #[derive(utoipa::ToSchema)]
    #[serde(tag = "type", rename_all = "snake_case")]
    #[allow(dead_code)]
    pub enum Principal {
        UserActor {
            #[schema(value_type = crate::schemas::UserId)]
            user_id: String,
        },
        ServiceAccountActor {
            service_account_id: String,
        },
    }

    impl utoipa::PartialSchema for super::Principal {
        fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
            <Principal as utoipa::PartialSchema>::schema()
        }
    }

    impl utoipa::ToSchema for super::Principal {
        fn name() -> std::borrow::Cow<'static, str> {
            std::borrow::Cow::Borrowed("Principal")
        }
    }
}

wire_object! {
    /// `{id, type:"api_key", name, workspace_id, scope, created_at, created_by, principal,
    /// partial_key_hint, expires_at, status}`. Legacy and system keys have no creator
    /// (`created_by: null`); the newer fields are read as optional.
    pub struct ApiKey {
        #[schema(value_type = crate::schemas::ApiKeyId)]
        pub id: String,
        type = "api_key",
        pub name: String,
        /// `null` for a key of the default workspace.
        #[schema(value_type = Option<crate::schemas::WorkspaceId>)]
        pub workspace_id: Option<String>,
        #[schema(value_type = KeyScope)]
        #[serde(default)]
        pub scope: Option<KeyScope>,
        #[schema(format = DateTime)]
        pub created_at: String,
        /// `null` for legacy and system keys.
        #[serde(default)]
        pub created_by: Option<Creator>,
        #[serde(default)]
        pub principal: Option<Principal>,
        #[schema(example = "sk-ant-api03-R2D...igAA")]
        #[serde(default)]
        pub partial_key_hint: Option<String>,
        /// `null`: never expires.
        #[schema(format = DateTime)]
        #[serde(default)]
        pub expires_at: Option<String>,
        pub status: ApiKeyStatus,
    }
}

/// A page of a page-token list (rate limits, reports): `{"data", "has_more", "next_page"}`;
/// `next_page` is `null` when `has_more` is false, else the `page=` of the next request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct TokenPage<T> {
    pub data: Vec<T>,
    pub has_more: bool,
    /// The `page=` of the next request; `null` when `has_more` is false.
    #[cfg_attr(feature = "utoipa", schema(required = true))]
    pub next_page: Option<String>,
}

/// A rate-limit group: a family of models or a part of the API (`{id, type, display_name?}`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct RateLimitGroup {
    /// Stable, the same in every organization (`rlg_...`).
    pub id: String,
    /// `model_group`, `batch`, `token_count`, `files`, `skills` or `web_search`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Model groups only (`Claude Sonnet 4.x`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
}

/// One limiter of a group: `{type: "requests_per_minute", value}`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct LimitValue {
    #[serde(rename = "type")]
    pub kind: String,
    pub value: i64,
}

wire_object! {
    /// `GET /rate_limits`: the organization's limits of one group. `group_type` repeats
    /// `group.type` (older clients read it).
    pub struct RateLimit {
        #[schema(example = "ratelimit_01Hk8x3VqA2bS9mLpQwE4rTy")]
        pub id: String,
        type = "rate_limit",
        pub group_type: String,
        pub group: RateLimitGroup,
        /// The models of a model group, aliases included; `null` for other groups.
        pub models: Option<Vec<String>>,
        pub limits: Vec<LimitValue>,
    }
}

/// Where a workspace's limiter value comes from: `{"type":"workspace"}` (an override) or
/// `{"type":"organization"}` (inherited).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct LimitSource {
    #[serde(rename = "type")]
    pub kind: String,
}

/// One limiter of a workspace: its value, the organization's, and where the value comes from.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct WorkspaceLimitValue {
    #[serde(rename = "type")]
    pub kind: String,
    pub value: i64,
    /// The organization's value (`null` when it has none for this limiter).
    #[cfg_attr(feature = "utoipa", schema(required = true))]
    pub org_limit: Option<i64>,
    pub source: LimitSource,
}

wire_object! {
    /// `GET /workspaces/{id}/rate_limits`: a workspace's limits of one group.
    pub struct WorkspaceRateLimit {
        type = "workspace_rate_limit",
        pub rate_limit_id: String,
        #[schema(value_type = crate::schemas::WorkspaceId)]
        pub workspace_id: String,
        pub group_type: String,
        pub group: RateLimitGroup,
        pub models: Option<Vec<String>>,
        pub limits: Vec<WorkspaceLimitValue>,
    }
}

/// The answer to deleting an object with an id (`user_deleted`, `invite_deleted`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct Deleted {
    #[cfg_attr(feature = "utoipa", schema(value_type = crate::schemas::ObjectId))]
    pub id: String,
    /// `user_deleted` or `invite_deleted`.
    #[serde(rename = "type")]
    #[cfg_attr(feature = "utoipa", schema(schema_with = deleted_kinds))]
    pub kind: String,
}

#[cfg(feature = "utoipa")]
fn deleted_kinds() -> utoipa::openapi::schema::Object {
    utoipa::openapi::ObjectBuilder::new()
        .schema_type(utoipa::openapi::schema::Type::String)
        .enum_values(Some(["user_deleted", "invite_deleted"]))
        .build()
}

wire_object! {
    /// The answer to removing a workspace member.
    pub struct WorkspaceMemberDeleted {
        type = "workspace_member_deleted",
        #[schema(value_type = crate::schemas::UserId)]
        pub user_id: String,
        #[schema(value_type = crate::schemas::WorkspaceId)]
        pub workspace_id: String,
    }
}

// --- Reports -------------------------------------------------------------------------------

mod reports;
pub use reports::*;

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
    #[cfg_attr(feature = "utoipa", schema(value_type = crate::schemas::AssignableOrgRole))]
    pub role: OrgRole,
}

/// `POST /invites`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateInvite {
    #[cfg_attr(feature = "utoipa", schema(value_type = crate::schemas::Email))]
    pub email: String,
    /// One of `user`, `developer`, `billing`, `claude_code_user`.
    #[serde(deserialize_with = "strict::known")]
    #[cfg_attr(feature = "utoipa", schema(value_type = crate::schemas::AssignableOrgRole))]
    pub role: OrgRole,
    /// RBAC groups to add the new member to (the reference server has none: only `[]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "utoipa", schema(max_items = 0))]
    pub rbac_group_ids: Option<Vec<String>>,
}

/// Geos as a request names them: `"unrestricted"` or a list. Read as text, so that the server's
/// message can name a value it does not know.
/// Its OpenAPI schema is part of [`schemas::CreateDataResidency`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum GeoChoice {
    /// `"unrestricted"`.
    Word(String),
    /// `us` or `global`, each at most once.
    List(Vec<String>),
}

impl From<&AllowedInferenceGeos> for GeoChoice {
    fn from(geos: &AllowedInferenceGeos) -> Self {
        match geos {
            AllowedInferenceGeos::Only(geos) => {
                GeoChoice::List(geos.iter().map(|geo| geo.as_str().to_owned()).collect())
            }
            _ => GeoChoice::Word(AllowedInferenceGeos::UNRESTRICTED.to_owned()),
        }
    }
}

/// `data_residency` of a workspace's creation or update: only what is set. Its OpenAPI schemas
/// are [`schemas::CreateDataResidency`] and [`schemas::UpdateDataResidency`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DataResidencyChoice {
    /// `us` only; at creation only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workspace_geo: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allowed_inference_geos: Option<GeoChoice>,
    /// `us` or `global`; must be among the allowed geos.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_inference_geo: Option<String>,
}

/// `POST /workspaces`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateWorkspace {
    /// 1 to 40 characters after trimming.
    #[cfg_attr(feature = "utoipa", schema(value_type = crate::schemas::WorkspaceName))]
    pub name: String,
    /// `#RRGGBB`; one is chosen when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "utoipa", schema(value_type = Option<crate::schemas::DisplayColor>))]
    pub display_color: Option<String>,
    /// Unrestricted inference with data in the US when absent.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "strict::object"
    )]
    #[cfg_attr(feature = "utoipa", schema(value_type = Option<crate::schemas::CreateDataResidency>))]
    pub data_residency: Option<DataResidencyChoice>,
    /// Keys must not start with `anthropic`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "utoipa", schema(value_type = Option<crate::schemas::CreateTags>))]
    pub tags: Option<std::collections::BTreeMap<String, String>>,
}

impl CreateWorkspace {
    /// A workspace with only a name: the server chooses its color, default residency, no tags.
    pub fn named(name: &str) -> Self {
        CreateWorkspace {
            name: name.to_owned(),
            display_color: None,
            data_residency: None,
            tags: None,
        }
    }
}

/// `POST /workspaces/{id}`: only what changes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema), schema(as = UpdateWorkspace))]
#[serde(deny_unknown_fields)]
pub struct WorkspaceUpdate {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "utoipa", schema(value_type = Option<crate::schemas::WorkspaceName>))]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "utoipa", schema(value_type = Option<crate::schemas::DisplayColor>))]
    pub display_color: Option<String>,
    /// Without `workspace_geo`, which is fixed at creation.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "strict::object"
    )]
    #[cfg_attr(feature = "utoipa", schema(value_type = Option<crate::schemas::UpdateDataResidency>))]
    pub data_residency: Option<DataResidencyChoice>,
    /// The tags to set; a `null` value removes that tag, a tag not named stays.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "utoipa", schema(value_type = Option<crate::schemas::UpdateTags>))]
    pub tags: Option<std::collections::BTreeMap<String, Option<String>>>,
}

/// `POST /workspaces/{id}/members`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema), schema(as = AddMember))]
#[serde(deny_unknown_fields)]
pub struct AddWorkspaceMember {
    #[cfg_attr(feature = "utoipa", schema(value_type = crate::schemas::UserId))]
    pub user_id: String,
    /// `workspace_user`, `workspace_developer`, `workspace_restricted_developer` or
    /// `workspace_admin`.
    #[serde(deserialize_with = "strict::known")]
    #[cfg_attr(feature = "utoipa", schema(value_type = crate::schemas::AssignableWorkspaceRole))]
    pub workspace_role: WorkspaceRole,
}

/// `POST /workspaces/{id}/members/{user_id}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema), schema(as = UpdateMember))]
#[serde(deny_unknown_fields)]
pub struct UpdateWorkspaceMember {
    /// Any workspace role; `workspace_billing` only for a billing member raised to
    /// `workspace_admin` (it sets them back).
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
    #[cfg_attr(feature = "utoipa", schema(value_type = Option<crate::schemas::ApiKeyName>))]
    pub name: Option<String>,
    /// `active`, `inactive` or `archived`. An archived key's status cannot change; an expired
    /// key may only be archived.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "strict::option"
    )]
    #[cfg_attr(feature = "utoipa", schema(value_type = Option<crate::schemas::SettableApiKeyStatus>))]
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
        assert_eq!(
            OrgRole::from_wire("galactic_overlord"),
            OrgRole::Unknown("galactic_overlord")
        );
        assert_eq!(OrgRole::from_wire("galactic_overlord").as_str(), "galactic_overlord");
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
            r#"{"id":"user_1","type":"user","email":"a@b.c","name":"A","role":"chief_wizard",
                "added_at":"2024-10-30T23:58:27.427722Z","something_new":{"x":1}}"#,
        )
        .unwrap();
        assert_eq!(user.role, OrgRole::Unknown("chief_wizard"));
    }

    #[test]
    fn unknown_values_keep_their_wire_name() {
        let role = OrgRole::from_wire("chief_wizard");
        assert_eq!(role, OrgRole::Unknown("chief_wizard"));
        assert!(!role.is_known() && !role.can_change() && !role.is_admin());
        assert_eq!(serde_json::to_string(&role).unwrap(), "\"chief_wizard\"");
        // The same unknown name read twice is one copy.
        assert!(std::ptr::eq(
            OrgRole::from_wire("chief_wizard").as_str(),
            OrgRole::from_wire("chief_wizard").as_str()
        ));
        assert!(serde_json::from_str::<OrgRole>("3").is_err());
        assert_eq!(ApiKeyStatus::from_wire("expired").next(), &[ApiKeyStatus::Archived]);
        assert!(OrgRole::Owner.is_admin() && OrgRole::PrimaryOwner.is_admin() && !OrgRole::Managed.is_admin());
        assert!(OrgRole::MembershipAdmin.can_change());
    }

    #[test]
    fn todays_shapes_and_older_ones_both_read() {
        // A legacy key: no creator, no hint, no principal; an older server's key without the
        // newer fields at all.
        let legacy: ApiKey = serde_json::from_str(
            r#"{"id":"apikey_1","type":"api_key","name":"old","workspace_id":null,
                "scope":{"type":"workspace","workspace_id":"wrkspc_d"},"created_at":"2024-10-30T23:58:27.427722Z",
                "created_by":null,"principal":null,"partial_key_hint":null,"expires_at":null,"status":"expired"}"#,
        )
        .unwrap();
        assert_eq!((legacy.created_by, legacy.status), (None, ApiKeyStatus::Expired));
        let older: ApiKey = serde_json::from_str(
            r#"{"id":"apikey_1","type":"api_key","name":"old","workspace_id":"wrkspc_1",
                "created_at":"2024-10-30T23:58:27.427722Z","created_by":{"id":"user_1","type":"user"},"status":"active"}"#,
        )
        .unwrap();
        assert_eq!(older.scope, None);
        let service: Principal =
            serde_json::from_str(r#"{"type":"service_account_actor","service_account_id":"sa_1"}"#).unwrap();
        assert_eq!(
            service,
            Principal::ServiceAccountActor {
                service_account_id: "sa_1".into()
            }
        );
        assert_eq!(
            serde_json::from_str::<Principal>(r#"{"type":"robot"}"#).unwrap(),
            Principal::Unknown
        );
        let workspace: Workspace = serde_json::from_str(
            r##"{"id":"wrkspc_1","type":"workspace","name":"W","created_at":"2024-10-30T23:58:27.427722Z",
                "archived_at":null,"display_color":"#6C5BB9",
                "data_residency":{"workspace_geo":"us","allowed_inference_geos":["us"],"default_inference_geo":"us"},
                "tags":{"team":"ml"}}"##,
        )
        .unwrap();
        let residency = workspace.data_residency.unwrap();
        assert_eq!(
            residency.allowed_inference_geos,
            AllowedInferenceGeos::Only(vec![InferenceGeo::Us])
        );
        assert_eq!(workspace.tags["team"], "ml");
        for (json, geos) in [
            (r#""unrestricted""#, AllowedInferenceGeos::Unrestricted),
            (
                r#"["us","global"]"#,
                AllowedInferenceGeos::Only(vec![InferenceGeo::Us, InferenceGeo::Global]),
            ),
        ] {
            assert_eq!(serde_json::from_str::<AllowedInferenceGeos>(json).unwrap(), geos);
            assert_eq!(serde_json::to_string(&geos).unwrap(), json.replace(' ', ""));
        }
        assert_eq!(
            serde_json::from_str::<AllowedInferenceGeos>(r#""somewhere""#).unwrap(),
            AllowedInferenceGeos::Unknown
        );
        let invite: Invite = serde_json::from_str(
            r#"{"id":"invite_1","type":"invite","email":"a@b.c","role":"user","invited_at":"2024-10-30T23:58:27.427722Z",
                "expires_at":"2024-11-20T23:58:27.427722Z","status":"pending"}"#,
        )
        .unwrap();
        assert_eq!(
            (invite.accepted_at, invite.rbac_group_ids),
            (None, Vec::<String>::new())
        );
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
            error(r#"{"role":"wizard"}"#),
            "unknown variant `wizard`, expected one of `admin`, `user`, `developer`, `billing`, \
             `claude_code_user`, `owner`, `primary_owner`, `membership_admin`, `managed` at line 1 column 16"
        );
        assert_eq!(
            error(r#"{"role":"unknown"}"#),
            "unknown variant `unknown`, expected one of `admin`, `user`, `developer`, `billing`, \
             `claude_code_user`, `owner`, `primary_owner`, `membership_admin`, `managed` at line 1 column 17"
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
                "unknown variant `unknown`, expected one of `active`, `inactive`, `archived`, `expired` at line 1 \
                 column 19"
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
                "description": "A member's role in the organization: the five of Claude Console organizations, then the\n\
                                four of Claude Enterprise ones. `owner` and `primary_owner` have every admin permission.",
                "enum": ["admin", "user", "developer", "billing", "claude_code_user", "owner", "primary_owner",
                         "membership_admin", "managed"],
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
            serde_json::json!({"type": "string", "enum": ["user"]})
        );
        assert_eq!(user["properties"]["id"]["$ref"], "#/components/schemas/UserId");
        // Every field is sent, those that may be null too.
        let workspace = json(Workspace::schema());
        assert_eq!(
            workspace["required"],
            serde_json::json!([
                "id",
                "type",
                "name",
                "created_at",
                "archived_at",
                "display_color",
                "compartment_id",
                "data_residency",
                "tags",
                "external_key_id",
                "user_profile_id"
            ])
        );
        assert_eq!(user["properties"]["role"]["$ref"], "#/components/schemas/OrgRole");
        assert_eq!(Creator::name(), "CreatedBy");
        assert_eq!(ApiKeyUpdate::name(), "UpdateApiKey");
        assert_eq!(
            json(Workspace::schema())["properties"]["display_color"]["$ref"],
            "#/components/schemas/DisplayColor"
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

    #[test]
    fn todays_request_bodies_read_and_write() {
        // A tag set to null in an update is removed; one not named is left alone.
        let update: WorkspaceUpdate = serde_json::from_str(
            r#"{"tags":{"team":null,"env":"prod"},"data_residency":{"default_inference_geo":"us"}}"#,
        )
        .unwrap();
        let tags = update.tags.unwrap();
        assert_eq!(
            (tags["team"].clone(), tags["env"].clone()),
            (None, Some("prod".to_owned()))
        );
        assert_eq!(
            update.data_residency.unwrap().default_inference_geo.as_deref(),
            Some("us")
        );
        // Geos are read as text (so a message can name a bad one), a word or a list.
        let choice: DataResidencyChoice =
            serde_json::from_str(r#"{"workspace_geo":"us","allowed_inference_geos":["us","mars"]}"#).unwrap();
        assert_eq!(
            choice.allowed_inference_geos,
            Some(GeoChoice::List(vec!["us".into(), "mars".into()]))
        );
        let choice: DataResidencyChoice = serde_json::from_str(r#"{"allowed_inference_geos":"unrestricted"}"#).unwrap();
        assert_eq!(
            choice.allowed_inference_geos,
            Some(GeoChoice::Word("unrestricted".into()))
        );
        assert!(serde_json::from_str::<DataResidencyChoice>(r#"{"region":"us"}"#).is_err());
        // Never an array where an object goes (serde reads structs from arrays too).
        for body in [
            r#"{"name":"W","data_residency":[null,null]}"#,
            r#"{"name":"W","data_residency":[]}"#,
        ] {
            let error = serde_json::from_str::<CreateWorkspace>(body).unwrap_err().to_string();
            assert!(error.contains("expected an object"), "{error}");
        }
        assert_eq!(
            serde_json::from_str::<WorkspaceUpdate>(r#"{"data_residency":null}"#).unwrap(),
            WorkspaceUpdate::default()
        );
        // Only what is set is sent.
        assert_eq!(
            serde_json::to_string(&CreateWorkspace::named("W")).unwrap(),
            r#"{"name":"W"}"#
        );
        let invite: CreateInvite =
            serde_json::from_str(r#"{"email":"a@b.c","role":"user","rbac_group_ids":[]}"#).unwrap();
        assert_eq!(invite.rbac_group_ids, Some(Vec::new()));
        assert!(serde_json::from_str::<CreateInvite>(r#"{"email":"a@b.c","role":"owner"}"#).is_ok());
        assert_eq!(
            GeoChoice::from(&AllowedInferenceGeos::Only(vec![InferenceGeo::Us])),
            GeoChoice::List(vec!["us".into()])
        );
        assert_eq!(
            GeoChoice::from(&AllowedInferenceGeos::Unrestricted),
            GeoChoice::Word("unrestricted".into())
        );
    }

    #[test]
    fn key_statuses_move_as_the_contract_allows() {
        assert_eq!(
            ApiKeyStatus::Active.next(),
            &[ApiKeyStatus::Inactive, ApiKeyStatus::Archived]
        );
        assert_eq!(
            ApiKeyStatus::Inactive.next(),
            &[ApiKeyStatus::Active, ApiKeyStatus::Archived]
        );
        assert_eq!(ApiKeyStatus::Expired.next(), &[ApiKeyStatus::Archived]);
        assert!(ApiKeyStatus::Archived.next().is_empty());
        assert!(ApiKeyStatus::from_wire("revoked").next().is_empty());
        assert!(!ApiKeyStatus::SETTABLE.contains(&ApiKeyStatus::Expired));
        for status in ApiKeyStatus::ALL {
            assert!(status.next().iter().all(|next| ApiKeyStatus::SETTABLE.contains(next)));
        }
        // Admins in all but name, and who may be given a Console role.
        let admins: Vec<OrgRole> = OrgRole::ALL.into_iter().filter(|role| role.is_admin()).collect();
        assert_eq!(admins, [OrgRole::Admin, OrgRole::Owner, OrgRole::PrimaryOwner]);
        let changeable: Vec<OrgRole> = OrgRole::ALL.into_iter().filter(|role| role.can_change()).collect();
        assert_eq!(
            changeable,
            [
                OrgRole::User,
                OrgRole::Developer,
                OrgRole::Billing,
                OrgRole::ClaudeCodeUser,
                OrgRole::MembershipAdmin,
                OrgRole::Managed
            ]
        );
        assert!(OrgRole::ASSIGNABLE.iter().all(|role| role.can_change()));
    }
}
