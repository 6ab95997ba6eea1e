//! Client-side state shared through Leptos context.

pub mod session;
