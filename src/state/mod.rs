//! Client-side state shared through Leptos context: the session, the active workspace, the
//! toasts, the router and the list state kept in the URL; a page's cache of the users it names;
//! and the tasks (writes, sign-in) a person starts.

pub mod loader;
pub mod router;
pub mod routes;
pub mod session;
pub mod task;
pub mod toasts;
pub mod users;
pub mod workspace;
