//! One module per routed page. Pages call the client through the session, keep list state in
//! the URL through `state::routes`, and never build URLs or parse JSON themselves.

mod api_keys;
mod claude_code;
mod cost;
mod invites;
mod members;
mod overview;
mod sign_in;
mod usage;
mod workspace_members;
mod workspaces;

pub use api_keys::ApiKeysPage;
pub use claude_code::ClaudeCodePage;
pub use cost::CostPage;
pub use invites::InvitesPage;
pub use members::MembersPage;
pub use overview::OverviewPage;
pub use sign_in::SignInPage;
pub use usage::UsagePage;
pub use workspace_members::WorkspaceMembersPage;
pub use workspaces::{cap_status, checked_name, CapStatus, WorkspacesPage, MAX_ACTIVE_WORKSPACES};
