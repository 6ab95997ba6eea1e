//! Client-side state shared through Leptos context: the session, the active workspace, the
//! toasts, and the list state kept in the URL.

pub mod routes;
pub mod session;
pub mod toasts;
pub mod workspace;
