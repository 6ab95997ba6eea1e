//! The Admin API, one module per resource; each `router()` registers its handlers together with
//! their OpenAPI description, so the published description cannot miss a route.

pub mod api_keys;
pub mod invites;
pub mod organization;
pub mod rate_limits;
pub mod reports;
pub mod users;
pub mod workspace_members;
pub mod workspaces;

use admin_wire::text::{self, TextError};
use utoipa_axum::router::OpenApiRouter;

use crate::app::AppState;
use crate::error::ApiError;

/// Every route of the contract, relative to `/v1/organizations`.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(organization::router())
        .merge(users::router())
        .merge(invites::router())
        .merge(workspaces::router())
        .merge(workspace_members::router())
        .merge(api_keys::router())
        .merge(rate_limits::router())
        .merge(reports::router())
}

/// Refuses an id given as a filter that is not `prefix` and 24 base58 characters (400 naming it),
/// where a lookup would not answer 404: a filter by a malformed id can only match nothing.
pub fn well_formed_id(field: &str, id: &str, prefix: &str) -> Result<(), ApiError> {
    if admin_wire::ids::is_well_formed(id, prefix) {
        return Ok(());
    }
    Err(ApiError::invalid(format!(
        "{field}: `{id}` is not an id of this kind (`{prefix}` and {} base58 characters).",
        admin_wire::ids::ID_LEN
    )))
}

/// Checks a name or other free text (the rule of [`admin_wire::text`]): trimmed of white space
/// and invisible characters, no control characters (NUL, CR, LF, tab, ...) nor text-direction
/// controls, and `min..=max` characters long after trimming.
pub fn trimmed_text<'a>(field: &str, value: &'a str, min: usize, max: usize) -> Result<&'a str, ApiError> {
    text::check(value, min, max).map_err(|error| match error {
        TextError::Control(c) => ApiError::invalid(format!(
            "{field} must not contain control or text-direction characters (it contains U+{:04X}).",
            c as u32
        )),
        TextError::Length(length) => ApiError::invalid(format!(
            "{field} must be {min} to {max} characters long after trimming spaces and invisible characters \
             (it is {length})."
        )),
    })
}
