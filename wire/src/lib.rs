//! The Admin API's wire format (`../shared/admin-api.md`): its objects, enums and request bodies,
//! one definition for both sides. The console reads answers into these types and sends their
//! request bodies; the reference server answers with them. Two sides built from one set of types
//! cannot drift apart silently.
//!
//! Reading is tolerant, as the contract asks of clients: unknown fields are ignored, and every
//! enum has an `Unknown` variant that a value this crate does not know decodes to (the server
//! never sends it), so a newer server never breaks a list.
//!
//! Features: `utoipa` derives the OpenAPI schemas and `sqlx` the SQLite column types; only the
//! server turns them on.

use serde::{Deserialize, Serialize};

/// Derives for a wire enum: snake_case names, and the server-side derives when their features
/// are on.
macro_rules! wire_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, strum::IntoStaticStr)]
        #[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
        #[cfg_attr(feature = "sqlx", derive(sqlx::Type), sqlx(type_name = "TEXT", rename_all = "snake_case"))]
        #[serde(rename_all = "snake_case")]
        #[strum(serialize_all = "snake_case")]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
            /// A value this version of the contract does not know: read, never sent.
            #[serde(other)]
            #[cfg_attr(feature = "utoipa", schema(ignore))]
            Unknown,
        }
    };
}

wire_enum! {
    /// A member's role in the organization.
    OrgRole { User, Developer, Billing, Admin, ClaudeCodeUser }
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

// --- Objects -------------------------------------------------------------------------------

/// `GET /me`: the organization the admin key belongs to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Organization {
    pub id: String,
    pub name: String,
}

/// One page of a list: `{"data", "has_more", "first_id", "last_id"}`. `has_more` speaks of the
/// direction asked (after the page for `after_id` or no cursor, before it for `before_id`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page<T> {
    pub data: Vec<T>,
    pub has_more: bool,
    pub first_id: Option<String>,
    pub last_id: Option<String>,
}

/// `{id, type:"user", email, name, role, added_at}`: a member of the organization.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct User {
    pub id: String,
    pub email: String,
    pub name: String,
    pub role: OrgRole,
    pub added_at: String,
}

/// `{id, type:"invite", email, role, invited_at, expires_at, status}`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Invite {
    pub id: String,
    pub email: String,
    pub role: OrgRole,
    pub invited_at: String,
    pub expires_at: String,
    pub status: InviteStatus,
}

/// `{id, type:"workspace", name, created_at, archived_at, display_color}`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Workspace {
    pub id: String,
    pub name: String,
    pub created_at: String,
    pub archived_at: Option<String>,
    /// `#RRGGBB`.
    pub display_color: Option<String>,
}

impl Workspace {
    pub fn is_archived(&self) -> bool {
        self.archived_at.is_some()
    }
}

/// `{type:"workspace_member", user_id, workspace_id, workspace_role}`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct WorkspaceMember {
    pub user_id: String,
    pub workspace_id: String,
    pub workspace_role: WorkspaceRole,
}

/// Who created an API key: `{id, type:"user"}`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Creator {
    pub id: String,
}

/// `{id, type:"api_key", name, workspace_id, created_at, created_by, partial_key_hint, status}`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ApiKey {
    pub id: String,
    pub name: String,
    /// `None`: the default workspace.
    pub workspace_id: Option<String>,
    pub created_at: String,
    pub created_by: Creator,
    pub partial_key_hint: Option<String>,
    pub status: ApiKeyStatus,
}

/// The answer to a delete: `{"id", "type": "user_deleted" | "invite_deleted"}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deleted {
    pub id: String,
}

/// The answer to removing a workspace member.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkspaceMemberDeleted {
    pub user_id: String,
    pub workspace_id: String,
}

// --- Request bodies ------------------------------------------------------------------------

/// `POST /users/{id}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpdateUser {
    pub role: OrgRole,
}

/// `POST /invites`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreateInvite {
    pub email: String,
    pub role: OrgRole,
}

/// `POST /workspaces`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreateWorkspace {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_color: Option<String>,
}

/// `POST /workspaces/{id}`: only what changes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkspaceUpdate {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_color: Option<String>,
}

/// `POST /workspaces/{id}/members`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddWorkspaceMember {
    pub user_id: String,
    pub workspace_role: WorkspaceRole,
}

/// `POST /workspaces/{id}/members/{user_id}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpdateWorkspaceMember {
    pub workspace_role: WorkspaceRole,
}

/// `POST /api_keys/{id}`: only what changes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiKeyUpdate {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
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
    fn updates_send_only_what_changes() {
        let update = ApiKeyUpdate {
            status: Some(ApiKeyStatus::Inactive),
            ..Default::default()
        };
        assert_eq!(serde_json::to_string(&update).unwrap(), r#"{"status":"inactive"}"#);
    }
}
