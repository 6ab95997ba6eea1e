//! The contract's objects as they go on the wire (and, via `FromRow`, as they come out of SQL).

use serde::{Deserialize, Serialize, Serializer};
use utoipa::ToSchema;

/// A point in time, kept as microseconds since the epoch and shown as RFC 3339 with microseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, sqlx::Type)]
#[sqlx(transparent)]
pub struct Timestamp(pub i64);

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&crate::clock::format_micros(self.0))
    }
}

/// A member's role in the organization.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema, sqlx::Type)]
#[serde(rename_all = "snake_case")]
#[sqlx(type_name = "TEXT", rename_all = "snake_case")]
pub enum OrgRole {
    Admin,
    User,
    Developer,
    Billing,
    ClaudeCodeUser,
}

impl OrgRole {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Admin => "admin",
            Self::User => "user",
            Self::Developer => "developer",
            Self::Billing => "billing",
            Self::ClaudeCodeUser => "claude_code_user",
        }
    }
}

/// A member's role in one workspace.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema, sqlx::Type)]
#[serde(rename_all = "snake_case")]
#[sqlx(type_name = "TEXT", rename_all = "snake_case")]
pub enum WorkspaceRole {
    WorkspaceUser,
    WorkspaceDeveloper,
    WorkspaceAdmin,
    WorkspaceBilling,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema, sqlx::Type)]
#[serde(rename_all = "snake_case")]
#[sqlx(type_name = "TEXT", rename_all = "snake_case")]
pub enum InviteStatus {
    Pending,
    Accepted,
    Expired,
    Deleted,
}

impl InviteStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Accepted => "accepted",
            Self::Expired => "expired",
            Self::Deleted => "deleted",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema, sqlx::Type)]
#[serde(rename_all = "snake_case")]
#[sqlx(type_name = "TEXT", rename_all = "snake_case")]
pub enum ApiKeyStatus {
    Active,
    Inactive,
    Archived,
}

#[derive(Debug, Serialize, ToSchema, sqlx::FromRow)]
pub struct Organization {
    #[schema(example = "12345678-1234-5678-1234-567812345678")]
    pub id: String,
    #[serde(rename = "type")]
    #[sqlx(rename = "type")]
    #[schema(example = "organization")]
    pub kind: String,
    pub name: String,
}

#[derive(Debug, Serialize, ToSchema, sqlx::FromRow)]
pub struct User {
    #[schema(example = "user_01WCz1FkmYMm4gnmykNKUu3Q")]
    pub id: String,
    #[serde(rename = "type")]
    #[sqlx(rename = "type")]
    #[schema(example = "user")]
    pub kind: String,
    pub email: String,
    pub name: String,
    pub role: OrgRole,
    #[schema(value_type = String, format = DateTime)]
    pub added_at: Timestamp,
}

#[derive(Debug, Serialize, ToSchema, sqlx::FromRow)]
pub struct Invite {
    #[schema(example = "invite_015gWxCN9Hfg2QhZwTK7Mdeu")]
    pub id: String,
    #[serde(rename = "type")]
    #[sqlx(rename = "type")]
    #[schema(example = "invite")]
    pub kind: String,
    pub email: String,
    pub role: OrgRole,
    #[schema(value_type = String, format = DateTime)]
    pub invited_at: Timestamp,
    #[schema(value_type = String, format = DateTime)]
    pub expires_at: Timestamp,
    pub status: InviteStatus,
}

#[derive(Debug, Serialize, ToSchema, sqlx::FromRow)]
pub struct Workspace {
    #[schema(example = "wrkspc_01JwQvzr7rXLA5AGx3HKfFUJ")]
    pub id: String,
    #[serde(rename = "type")]
    #[sqlx(rename = "type")]
    #[schema(example = "workspace")]
    pub kind: String,
    pub name: String,
    #[schema(value_type = String, format = DateTime)]
    pub created_at: Timestamp,
    #[schema(value_type = Option<String>, format = DateTime)]
    pub archived_at: Option<Timestamp>,
    #[schema(example = "#6C5BB9")]
    pub display_color: String,
}

#[derive(Debug, Serialize, ToSchema, sqlx::FromRow)]
pub struct WorkspaceMember {
    #[serde(rename = "type")]
    #[sqlx(rename = "type")]
    #[schema(example = "workspace_member")]
    pub kind: String,
    pub user_id: String,
    pub workspace_id: String,
    pub workspace_role: WorkspaceRole,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ApiKey {
    #[schema(example = "apikey_01Rj2N8SVvo6BePZj99NhmiT")]
    pub id: String,
    #[serde(rename = "type")]
    #[schema(example = "api_key")]
    pub kind: &'static str,
    pub name: String,
    /// `null` for a key of the default workspace.
    pub workspace_id: Option<String>,
    #[schema(value_type = String, format = DateTime)]
    pub created_at: Timestamp,
    pub created_by: CreatedBy,
    #[schema(example = "sk-ant-api03-R2D...igAA")]
    pub partial_key_hint: String,
    pub status: ApiKeyStatus,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedBy {
    pub id: String,
    #[serde(rename = "type")]
    #[schema(example = "user")]
    pub kind: &'static str,
}

/// An API key as stored; `ApiKey` nests the creator.
#[derive(sqlx::FromRow)]
pub struct ApiKeyRow {
    pub id: String,
    pub name: String,
    pub workspace_id: Option<String>,
    pub created_at: Timestamp,
    pub created_by_user_id: String,
    pub partial_key_hint: String,
    pub status: ApiKeyStatus,
}

impl From<ApiKeyRow> for ApiKey {
    fn from(row: ApiKeyRow) -> Self {
        ApiKey {
            id: row.id,
            kind: "api_key",
            name: row.name,
            workspace_id: row.workspace_id,
            created_at: row.created_at,
            created_by: CreatedBy {
                id: row.created_by_user_id,
                kind: "user",
            },
            partial_key_hint: row.partial_key_hint,
            status: row.status,
        }
    }
}

/// The answer to deleting an object with an id (`user_deleted`, `invite_deleted`).
#[derive(Debug, Serialize, ToSchema)]
pub struct Deleted {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: &'static str,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct WorkspaceMemberDeleted {
    #[serde(rename = "type")]
    #[schema(example = "workspace_member_deleted")]
    pub kind: &'static str,
    pub user_id: String,
    pub workspace_id: String,
}
