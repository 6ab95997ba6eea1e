//! Client-side state shared through Leptos context: the session, the active workspace, the
//! toasts, and the list state kept in the URL; a page's cache of the users it names; the batch
//! runner of bulk actions, a list's selection, and the journal of changes sent.

pub mod batch;
pub mod journal;
pub mod queries;
pub mod reports;
pub mod selection;
pub mod session;
pub mod toasts;
pub mod url;
pub mod users;
pub mod workspace;
