//! Admin console for an organization's Admin API, rendered in the browser with Leptos (CSR).
//!
//! Layout by role:
//! - [`api`]: the only code that speaks HTTP (typed client, typed errors, runtime config).
//! - [`state`]: client-side state shared through context (the session).
//! - [`components`]: reusable view pieces.
//! - [`pages`]: one module per screen.
//! - [`app`]: the router and the shell that ties them together.

pub mod api;
pub mod app;
pub mod components;
pub mod pages;
pub mod state;
