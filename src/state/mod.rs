//! Client-side state shared through Leptos context: the session, the active workspace, the
//! toasts, the router and the list state kept in the URL; and a page's cache of the users it names.

pub mod router;
pub mod routes;
pub mod session;
pub mod toasts;
pub mod users;
pub mod workspace;
