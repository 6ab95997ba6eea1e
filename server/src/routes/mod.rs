//! The Admin API, one module per resource; each `router()` registers its handlers together with
//! their OpenAPI description, so the published description cannot miss a route.

pub mod api_keys;
pub mod invites;
pub mod organization;
pub mod users;
pub mod workspace_members;
pub mod workspaces;

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
}

/// Checks that a text field's length, after trimming, is within `min..=max` characters.
pub fn trimmed_text<'a>(field: &str, value: &'a str, min: usize, max: usize) -> Result<&'a str, ApiError> {
    let trimmed = value.trim();
    let length = trimmed.chars().count();
    if length < min || length > max {
        return Err(ApiError::invalid(format!(
            "{field} must be {min} to {max} characters long after trimming spaces (it is {length})."
        )));
    }
    Ok(trimmed)
}
