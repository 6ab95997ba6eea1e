//! What the client reports after each write it sends, for the journal: which object it changed,
//! each field before → after, how it ended, and its request id. Never the admin key: a report is
//! made of the path's ids, the request's body and the answer.
//!
//! The client knows the object and the new values (the path and the body); the page knows what
//! the object looked like before, and hands it to the client with [`crate::api::Client::about`],
//! so no page writes journal entries itself.

use super::models::{ApiKey, Invite, User, Workspace, WorkspaceMember};
use super::WireName;
use serde::{Deserialize, Serialize};

/// The kind of object a write changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ObjectKind {
    Member,
    Invite,
    Workspace,
    WorkspaceMember,
    ApiKey,
}

impl ObjectKind {
    pub const ALL: [Self; 5] = [
        Self::Member,
        Self::Invite,
        Self::Workspace,
        Self::WorkspaceMember,
        Self::ApiKey,
    ];

    /// What a person calls one, e.g. "API key".
    pub fn label(self) -> &'static str {
        match self {
            Self::Member => "Member",
            Self::Invite => "Invite",
            Self::Workspace => "Workspace",
            Self::WorkspaceMember => "Workspace member",
            Self::ApiKey => "API key",
        }
    }

    /// The wire-like name used in exports, e.g. `api_key`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Member => "member",
            Self::Invite => "invite",
            Self::Workspace => "workspace",
            Self::WorkspaceMember => "workspace_member",
            Self::ApiKey => "api_key",
        }
    }
}

/// What a write does to its object.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WriteAction {
    Create,
    Update,
    Delete,
    Archive,
}

impl WriteAction {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Create => "create",
            Self::Update => "update",
            Self::Delete => "delete",
            Self::Archive => "archive",
        }
    }
}

/// The object a write targets, as its endpoint names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    pub kind: ObjectKind,
    pub action: WriteAction,
    /// `None` for a creation (the answer gives it).
    pub id: Option<String>,
    /// The workspace of a membership.
    pub workspace_id: Option<String>,
}

impl Target {
    pub(crate) fn new(kind: ObjectKind, action: WriteAction, id: &str) -> Self {
        Self {
            kind,
            action,
            id: Some(id.to_owned()),
            workspace_id: None,
        }
    }

    pub(crate) fn creation(kind: ObjectKind) -> Self {
        Self {
            kind,
            action: WriteAction::Create,
            id: None,
            workspace_id: None,
        }
    }

    pub(crate) fn in_workspace(mut self, workspace_id: &str) -> Self {
        self.workspace_id = Some(workspace_id.to_owned());
        self
    }
}

/// The object a write is about as the page saw it before the write: its name, and the values
/// of the fields a write may change (by their wire names), so the journal can say before → after.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Subject {
    pub name: String,
    pub fields: Vec<(&'static str, String)>,
}

impl Subject {
    /// The value of `field` before the write, if the page knew it.
    pub fn before(&self, field: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(name, _)| *name == field)
            .map(|(_, v)| v.as_str())
    }

    /// The same subject under another name (a membership's person, known only to the page).
    pub fn called(mut self, name: impl Into<String>) -> Self {
        self.name = name.into();
        self
    }
}

impl From<&ApiKey> for Subject {
    fn from(key: &ApiKey) -> Self {
        Self {
            name: key.name.clone(),
            fields: vec![("name", key.name.clone()), ("status", key.status.as_str().to_owned())],
        }
    }
}

impl From<&User> for Subject {
    fn from(user: &User) -> Self {
        Self {
            name: format!("{} ({})", user.name, user.email),
            fields: vec![("role", user.role.as_str().to_owned())],
        }
    }
}

impl From<&Invite> for Subject {
    fn from(invite: &Invite) -> Self {
        Self {
            name: invite.email.clone(),
            fields: vec![
                ("email", invite.email.clone()),
                ("role", invite.role.as_str().to_owned()),
            ],
        }
    }
}

impl From<&Workspace> for Subject {
    fn from(workspace: &Workspace) -> Self {
        Self {
            name: workspace.name.clone(),
            fields: std::iter::once(("name", workspace.name.clone()))
                .chain(workspace.display_color.clone().map(|color| ("display_color", color)))
                .collect(),
        }
    }
}

impl From<&WorkspaceMember> for Subject {
    /// Named by the user's id: the page knows the person's name ([`Subject::called`]).
    fn from(member: &WorkspaceMember) -> Self {
        Self {
            name: member.user_id.clone(),
            fields: vec![("workspace_role", member.workspace_role.as_str().to_owned())],
        }
    }
}

/// Which bulk action a write belongs to, and which of its items it is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BulkPart {
    /// The bulk action's number, the same for each of its writes.
    pub bulk_id: u64,
    /// Its title, e.g. "Deactivate 12 API keys".
    pub title: String,
    /// The item's place in the bulk action's plan (from 0).
    pub item: usize,
}

/// One field a write sets: its wire name, the value before (when the page knew it) and after.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    pub field: String,
    pub before: Option<String>,
    pub after: String,
}

/// How a write ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WriteOutcome {
    /// The server answered with success.
    Done,
    /// The server answered with an error: it did not make the change.
    Failed { message: String },
    /// No usable answer (the network, a timeout, the page going away): the change may or may
    /// not have been made.
    Unknown { detail: String },
}

/// One write as sent and answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Written {
    pub kind: ObjectKind,
    pub action: WriteAction,
    /// From the path, or for a creation from the answer.
    pub object_id: Option<String>,
    pub workspace_id: Option<String>,
    /// The page's name for the object, else the answer's or the body's `name` or `email`.
    pub name: Option<String>,
    pub changes: Vec<FieldChange>,
    pub outcome: WriteOutcome,
    pub request_id: Option<String>,
    pub bulk: Option<BulkPart>,
}
