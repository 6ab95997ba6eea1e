//! Everything that knows HTTP: the Admin API client, its models and errors, and the runtime config.

mod client;
mod config;
mod decode;
mod error;
mod models;
mod written;

pub use client::{
    abort_on_cleanup, answers_without_cors, every_page, every_token_page, is_admin_key, normalize_base_url, retry_step,
    sleep_ms, ApiCall, Client, ClientHooks, RetryStep, Wait, API_VERSION, DEFAULT_RATE_LIMIT_WAIT_SECS,
    FIRST_BACKOFF_MS, MAX_RATE_LIMIT_WAITS, MAX_READ_RETRIES, MAX_RETRY_AFTER_SECS,
};
pub use config::default_base_url;
pub use decode::{decode, DecodeError};
pub use error::{ApiError, ErrorType, HttpError};
pub use models::*;
pub use written::{BulkPart, FieldChange, ObjectKind, Subject, WriteAction, WriteOutcome, Written};
