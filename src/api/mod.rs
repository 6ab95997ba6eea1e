//! Everything that knows HTTP: the Admin API client, its error type and the runtime config.

mod client;
mod config;
mod error;
mod types;

pub use client::{normalize_base_url, Client, API_VERSION};
pub use config::default_base_url;
pub use error::{ApiError, ErrorType, HttpError};
pub use types::Organization;
