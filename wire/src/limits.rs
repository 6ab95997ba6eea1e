//! The contract's limits (and the reference server's where the contract is silent), one place
//! for the server's checks and its OpenAPI document.

/// A list's `limit`: 1 to 1000, default 20.
pub const LIST_LIMIT_MAX: i64 = 1000;
pub const LIST_LIMIT_DEFAULT: i64 = 20;

/// A workspace's name: 1 to 40 characters after trimming.
pub const WORKSPACE_NAME_MAX: usize = 40;
/// An API key's name: 1 to 500 characters after trimming.
pub const API_KEY_NAME_MAX: usize = 500;

/// Tags (the reference server's rule): keys 1 to 64 characters, values up to 256, at most 50 per
/// workspace; a key must not start with `anthropic` (the contract).
pub const TAG_KEY_MAX: usize = 64;
pub const TAG_VALUE_MAX: usize = 256;
pub const MAX_TAGS: usize = 50;
pub const RESERVED_TAG_PREFIX: &str = "anthropic";

/// `GET /workspaces?ids[]=...`: at most 100 ids.
pub const MAX_IDS: usize = 100;

/// At most 100 active (unarchived) workspaces per organization.
pub const MAX_ACTIVE_WORKSPACES: i64 = 100;

/// An email address: at most 254 characters.
pub const EMAIL_MAX_CHARS: usize = 254;
