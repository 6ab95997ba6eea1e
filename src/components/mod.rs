//! Reusable view pieces: one of each, used by every page.

mod alert;
mod choice;
mod color_dot;
mod confirm_dialog;
mod error_panel;
mod inline_rename;
mod list_view;
mod pager;
mod role_choice;
pub mod text;
pub mod time;
mod toast_region;
mod top_bar;
mod workspace_settings;
mod workspace_switcher;

pub use alert::Alert;
pub use choice::Choice;
pub use color_dot::ColorDot;
pub use confirm_dialog::{ConfirmDialog, Confirmation};
pub use error_panel::{explain, ErrorPanel};
pub use inline_rename::{InlineRename, RenameBox, RenameButton, Renames};
pub use list_view::ListView;
pub use pager::{PagePosition, Pager};
pub use role_choice::RoleChoice;
pub use time::{DateText, RelativeTime};
pub use toast_region::ToastRegion;
pub use top_bar::TopBar;
pub use workspace_settings::{SettingsDraft, WorkspaceSettingsFields, WorkspaceSettingsSummary};
pub use workspace_switcher::WorkspaceSwitcher;
