//! Objects of the Admin API as they come over the wire, and what the client sends.
//!
//! Enumerations keep an `Unknown` variant: a server that speaks a newer version of the contract
//! must not make a whole list fail to load.

use super::json::{Decode, DecodeError, Json};

/// `GET /v1/organizations/me`: the organization the admin key belongs to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Organization {
    pub id: String,
    pub name: String,
}

impl Decode for Organization {
    fn decode(json: &Json) -> Result<Self, DecodeError> {
        Ok(Self {
            id: json.string("id")?,
            name: json.string("name")?,
        })
    }
}

/// One page of a list: `{"data", "has_more", "first_id", "last_id"}`. `has_more` speaks of the
/// direction asked (after the page for `after_id` or no cursor, before it for `before_id`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Page<T> {
    pub data: Vec<T>,
    pub has_more: bool,
    pub first_id: Option<String>,
    pub last_id: Option<String>,
}

impl<T: Decode> Decode for Page<T> {
    fn decode(json: &Json) -> Result<Self, DecodeError> {
        Ok(Self {
            data: json.array("data")?,
            has_more: json.bool("has_more")?,
            first_id: json.opt_string("first_id")?,
            last_id: json.opt_string("last_id")?,
        })
    }
}

/// Which page of a list to fetch.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PageRequest {
    /// 1 to 1000; the server's default (20) when `None`.
    pub limit: Option<u32>,
    pub cursor: Option<Cursor>,
}

/// A position in a list: the page after one id, or the page before it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cursor {
    After(String),
    Before(String),
}

/// An organization member's role.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OrgRole {
    User,
    Developer,
    Billing,
    Admin,
    ClaudeCodeUser,
    Unknown,
}

impl OrgRole {
    /// The roles a member may be given or invited with (`admin` never can).
    pub const ASSIGNABLE: [OrgRole; 4] = [Self::User, Self::Developer, Self::Billing, Self::ClaudeCodeUser];
    /// Every known role, for filters.
    pub const ALL: [OrgRole; 5] = [
        Self::User,
        Self::Developer,
        Self::Billing,
        Self::Admin,
        Self::ClaudeCodeUser,
    ];

    /// The wire name, as in `roles[]=developer`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::User => "user",
            Self::Developer => "developer",
            Self::Billing => "billing",
            Self::Admin => "admin",
            Self::ClaudeCodeUser => "claude_code_user",
            Self::Unknown => "unknown",
        }
    }

    /// Reads a wire name; `None` for anything else.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|role| role.as_str() == name)
    }

    /// Reads a wire name from the server: a name this console does not know is `Unknown`.
    pub fn from_wire(name: &str) -> Self {
        Self::parse(name).unwrap_or(Self::Unknown)
    }

    /// What a person reads.
    pub fn label(self) -> &'static str {
        match self {
            Self::User => "User",
            Self::Developer => "Developer",
            Self::Billing => "Billing",
            Self::Admin => "Admin",
            Self::ClaudeCodeUser => "Claude Code user",
            Self::Unknown => "Unknown role",
        }
    }
}

/// `{id, type:"user", email, name, role, added_at}`: a member of the organization.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct User {
    pub id: String,
    pub email: String,
    pub name: String,
    pub role: OrgRole,
    pub added_at: String,
}

impl Decode for User {
    fn decode(json: &Json) -> Result<Self, DecodeError> {
        Ok(Self {
            id: json.string("id")?,
            email: json.string("email")?,
            name: json.string("name")?,
            role: OrgRole::from_wire(&json.string("role")?),
            added_at: json.string("added_at")?,
        })
    }
}

/// Filters of `GET /users`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UserFilter {
    /// Exact, case-insensitive.
    pub email: Option<String>,
    /// Any of these roles.
    pub roles: Vec<OrgRole>,
}

/// The state of an invite.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum InviteStatus {
    Pending,
    Accepted,
    Expired,
    Deleted,
    Unknown,
}

impl InviteStatus {
    /// The statuses `statuses[]` can ask for.
    pub const ALL: [InviteStatus; 4] = [Self::Pending, Self::Accepted, Self::Expired, Self::Deleted];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Accepted => "accepted",
            Self::Expired => "expired",
            Self::Deleted => "deleted",
            Self::Unknown => "unknown",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|status| status.as_str() == name)
    }

    /// Reads a wire name from the server: a name this console does not know is `Unknown`.
    pub fn from_wire(name: &str) -> Self {
        Self::parse(name).unwrap_or(Self::Unknown)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Pending => "Pending",
            Self::Accepted => "Accepted",
            Self::Expired => "Expired",
            Self::Deleted => "Deleted",
            Self::Unknown => "Unknown",
        }
    }
}

/// `{id, type:"invite", email, role, invited_at, expires_at, status}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Invite {
    pub id: String,
    pub email: String,
    pub role: OrgRole,
    pub invited_at: String,
    pub expires_at: String,
    pub status: InviteStatus,
}

impl Decode for Invite {
    fn decode(json: &Json) -> Result<Self, DecodeError> {
        Ok(Self {
            id: json.string("id")?,
            email: json.string("email")?,
            role: OrgRole::from_wire(&json.string("role")?),
            invited_at: json.string("invited_at")?,
            expires_at: json.string("expires_at")?,
            status: InviteStatus::from_wire(&json.string("status")?),
        })
    }
}

/// `{id, type:"workspace", name, created_at, archived_at, display_color}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Workspace {
    pub id: String,
    pub name: String,
    pub created_at: String,
    pub archived_at: Option<String>,
    /// `#RRGGBB`.
    pub display_color: Option<String>,
}

impl Decode for Workspace {
    fn decode(json: &Json) -> Result<Self, DecodeError> {
        Ok(Self {
            id: json.string("id")?,
            name: json.string("name")?,
            created_at: json.string("created_at")?,
            archived_at: json.opt_string("archived_at")?,
            display_color: json.opt_string("display_color")?,
        })
    }
}

impl Workspace {
    pub fn is_archived(&self) -> bool {
        self.archived_at.is_some()
    }
}

/// The body of `POST /workspaces/{id}`: only what changes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WorkspaceUpdate {
    pub name: Option<String>,
    pub display_color: Option<String>,
}

/// A role inside one workspace.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum WorkspaceRole {
    WorkspaceUser,
    WorkspaceDeveloper,
    WorkspaceAdmin,
    WorkspaceBilling,
    Unknown,
}

impl WorkspaceRole {
    /// The roles that can be given (`workspace_billing` only comes with the organization's
    /// billing role).
    pub const ASSIGNABLE: [WorkspaceRole; 3] = [Self::WorkspaceUser, Self::WorkspaceDeveloper, Self::WorkspaceAdmin];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::WorkspaceUser => "workspace_user",
            Self::WorkspaceDeveloper => "workspace_developer",
            Self::WorkspaceAdmin => "workspace_admin",
            Self::WorkspaceBilling => "workspace_billing",
            Self::Unknown => "unknown",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        [
            Self::WorkspaceUser,
            Self::WorkspaceDeveloper,
            Self::WorkspaceAdmin,
            Self::WorkspaceBilling,
        ]
        .into_iter()
        .find(|role| role.as_str() == name)
    }

    /// Reads a wire name from the server: a name this console does not know is `Unknown`.
    pub fn from_wire(name: &str) -> Self {
        Self::parse(name).unwrap_or(Self::Unknown)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::WorkspaceUser => "User",
            Self::WorkspaceDeveloper => "Developer",
            Self::WorkspaceAdmin => "Admin",
            Self::WorkspaceBilling => "Billing",
            Self::Unknown => "Unknown role",
        }
    }
}

/// `{type:"workspace_member", user_id, workspace_id, workspace_role}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorkspaceMember {
    pub user_id: String,
    pub workspace_id: String,
    pub workspace_role: WorkspaceRole,
}

impl Decode for WorkspaceMember {
    fn decode(json: &Json) -> Result<Self, DecodeError> {
        Ok(Self {
            user_id: json.string("user_id")?,
            workspace_id: json.string("workspace_id")?,
            workspace_role: WorkspaceRole::from_wire(&json.string("workspace_role")?),
        })
    }
}

/// The state of an API key. `archived` is final.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ApiKeyStatus {
    Active,
    Inactive,
    Archived,
    Unknown,
}

impl ApiKeyStatus {
    pub const ALL: [ApiKeyStatus; 3] = [Self::Active, Self::Inactive, Self::Archived];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Inactive => "inactive",
            Self::Archived => "archived",
            Self::Unknown => "unknown",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|status| status.as_str() == name)
    }

    /// Reads a wire name from the server: a name this console does not know is `Unknown`.
    pub fn from_wire(name: &str) -> Self {
        Self::parse(name).unwrap_or(Self::Unknown)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Active => "Active",
            Self::Inactive => "Inactive",
            Self::Archived => "Archived",
            Self::Unknown => "Unknown",
        }
    }
}

/// Who created an API key: `{id, type:"user"}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Creator {
    pub id: String,
}

impl Decode for Creator {
    fn decode(json: &Json) -> Result<Self, DecodeError> {
        Ok(Self { id: json.string("id")? })
    }
}

/// `{id, type:"api_key", name, workspace_id, created_at, created_by, partial_key_hint, status}`.
#[derive(Clone, Debug, PartialEq, Eq)]
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

impl Decode for ApiKey {
    fn decode(json: &Json) -> Result<Self, DecodeError> {
        Ok(Self {
            id: json.string("id")?,
            name: json.string("name")?,
            workspace_id: json.opt_string("workspace_id")?,
            created_at: json.string("created_at")?,
            created_by: json.object("created_by")?,
            partial_key_hint: json.opt_string("partial_key_hint")?,
            status: ApiKeyStatus::from_wire(&json.string("status")?),
        })
    }
}

/// Filters of `GET /api_keys`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ApiKeyFilter {
    pub status: Option<ApiKeyStatus>,
    pub workspace_id: Option<String>,
    pub created_by_user_id: Option<String>,
}

/// The body of `POST /api_keys/{id}`: only what changes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ApiKeyUpdate {
    pub name: Option<String>,
    pub status: Option<ApiKeyStatus>,
}

/// The answer to a delete: `{"id", "type": "user_deleted" | "invite_deleted"}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Deleted {
    pub id: String,
}

impl Decode for Deleted {
    fn decode(json: &Json) -> Result<Self, DecodeError> {
        Ok(Self { id: json.string("id")? })
    }
}

/// The answer to removing a workspace member.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorkspaceMemberDeleted {
    pub user_id: String,
    pub workspace_id: String,
}

impl Decode for WorkspaceMemberDeleted {
    fn decode(json: &Json) -> Result<Self, DecodeError> {
        Ok(Self {
            user_id: json.string("user_id")?,
            workspace_id: json.string("workspace_id")?,
        })
    }
}
