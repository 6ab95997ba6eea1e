//! Objects of the Admin API as they come over the wire (the shared `admin-wire` crate, which the
//! reference server answers with), what the client asks for, and the words a person reads for
//! each enum value.

pub use admin_wire::{
    AddWorkspaceMember, AllowedInferenceGeos, ApiKey, ApiKeyStatus, ApiKeyUpdate, CreateInvite, CreateWorkspace,
    Creator, DataResidency, DataResidencyChoice, Deleted, GeoChoice, InferenceGeo, Invite, InviteStatus, OrgRole,
    Organization, Page, Principal, UpdateUser, UpdateWorkspaceMember, User, WireName, Workspace, WorkspaceMember,
    WorkspaceMemberDeleted, WorkspaceRole, WorkspaceUpdate,
};
pub use admin_wire::{
    BucketWidth, ClaudeCodeActor, ClaudeCodeQuery, ClaudeCodeRecord, ClaudeCodeReport, ContextWindow, CostBucket,
    CostGroupBy, CostReport, CostReportQuery, CostResult, CustomerType, Decimal, ReportInferenceGeo, ServiceTier,
    TokenPage, UsageBucket, UsageGroupBy, UsageReport, UsageReportQuery, UsageResult,
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

impl Label for BucketWidth {
    fn label(self) -> &'static str {
        match self {
            Self::Minute => "By minute",
            Self::Hour => "By hour",
            Self::Day => "By day",
            Self::Unknown(name) => name,
        }
    }
}

impl Label for UsageGroupBy {
    fn label(self) -> &'static str {
        match self {
            Self::ApiKeyId => "API key",
            Self::WorkspaceId => "Workspace",
            Self::Model => "Model",
            Self::ServiceTier => "Service tier",
            Self::ContextWindow => "Context window",
            Self::InferenceGeo => "Inference geo",
            Self::Unknown(name) => name,
        }
    }
}

impl Label for CostGroupBy {
    fn label(self) -> &'static str {
        match self {
            Self::WorkspaceId => "Workspace",
            Self::Description => "Description",
            Self::Unknown(name) => name,
        }
    }
}

impl Label for ServiceTier {
    fn label(self) -> &'static str {
        match self {
            Self::Standard => "Standard",
            Self::Batch => "Batch",
            Self::Priority => "Priority",
            Self::PriorityOnDemand => "Priority (on demand)",
            Self::Flex => "Flex",
            Self::FlexDiscount => "Flex (discount)",
            Self::Unknown(name) => name,
        }
    }
}

impl Label for ContextWindow {
    fn label(self) -> &'static str {
        match self {
            Self::UpTo200k => "Up to 200K",
            Self::From200kTo1M => "200K to 1M",
            Self::Unknown(name) => name,
        }
    }
}

impl Label for ReportInferenceGeo {
    fn label(self) -> &'static str {
        match self {
            Self::Global => "Global",
            Self::Us => "United States",
            Self::NotAvailable => "Not recorded",
            Self::Unknown(name) => name,
        }
    }
}

impl Label for CustomerType {
    fn label(self) -> &'static str {
        match self {
            Self::Api => "API",
            Self::Subscription => "Subscription",
            Self::Unknown(name) => name,
        }
    }
}
