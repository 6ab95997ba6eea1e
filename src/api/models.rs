//! Objects of the Admin API as they come over the wire (the shared `admin-wire` crate, which the
//! reference server answers with), what the client asks for, and the words a person reads for
//! each enum value.

pub use admin_wire::{
    AddWorkspaceMember, AllowedInferenceGeos, ApiKey, ApiKeyStatus, ApiKeyUpdate, CreateInvite, CreateWorkspace,
    Creator, DataResidency, DataResidencyChoice, Deleted, GeoChoice, InferenceGeo, Invite, InviteStatus, OrgRole,
    Organization, Page, Principal, UpdateUser, UpdateWorkspaceMember, User, WireName, Workspace, WorkspaceMember,
    WorkspaceMemberDeleted, WorkspaceRole, WorkspaceUpdate,
};

/// Which page of a list to fetch.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct PageRequest {
    /// 1 to 1000; the server's default (20) when `None`.
    pub limit: Option<u32>,
    pub cursor: Option<Cursor>,
}

/// A position in a list: the page after one id, or the page before it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Cursor {
    After(String),
    Before(String),
}

/// Filters of `GET /users`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct UserFilter {
    /// Exact, case-insensitive.
    pub email: Option<String>,
    /// Any of these roles.
    pub roles: Vec<OrgRole>,
}

/// Filters of `GET /api_keys`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct ApiKeyFilter {
    pub status: Option<ApiKeyStatus>,
    pub workspace_id: Option<String>,
    pub created_by_user_id: Option<String>,
}

/// What a person reads for an enum value.
pub trait Label {
    fn label(self) -> &'static str;
}

impl Label for OrgRole {
    fn label(self) -> &'static str {
        match self {
            Self::User => "User",
            Self::Developer => "Developer",
            Self::Billing => "Billing",
            Self::Admin => "Admin",
            Self::ClaudeCodeUser => "Claude Code user",
            Self::Owner => "Owner",
            Self::PrimaryOwner => "Primary owner",
            Self::MembershipAdmin => "Membership admin",
            Self::Managed => "Managed",
            // As it came: a newer API's role is still recognisable by its name.
            Self::Unknown(name) => name,
        }
    }
}

impl Label for InviteStatus {
    fn label(self) -> &'static str {
        match self {
            Self::Pending => "Pending",
            Self::Accepted => "Accepted",
            Self::Expired => "Expired",
            Self::Deleted => "Deleted",
            Self::Unknown(name) => name,
        }
    }
}

impl Label for WorkspaceRole {
    fn label(self) -> &'static str {
        match self {
            Self::WorkspaceUser => "User",
            Self::WorkspaceDeveloper => "Developer",
            Self::WorkspaceRestrictedDeveloper => "Restricted developer",
            Self::WorkspaceAdmin => "Admin",
            Self::WorkspaceBilling => "Billing",
            Self::Unknown(name) => name,
        }
    }
}

impl Label for ApiKeyStatus {
    fn label(self) -> &'static str {
        match self {
            Self::Active => "Active",
            Self::Inactive => "Inactive",
            Self::Archived => "Archived",
            Self::Expired => "Expired",
            Self::Unknown(name) => name,
        }
    }
}

impl Label for InferenceGeo {
    fn label(self) -> &'static str {
        match self {
            Self::Us => "United States",
            Self::Global => "Global",
            Self::Unknown(name) => name,
        }
    }
}
