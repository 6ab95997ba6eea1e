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

/// Characters that change the direction of the text around them (embeddings, overrides,
/// isolates, marks): a name with one can display as something it is not.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Characters that show nothing: white space, zero-width and joiner characters, fillers,
/// variation selectors, the soft hyphen.
fn is_invisible(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{00AD}'
                | '\u{034F}'
                | '\u{115F}'
                | '\u{1160}'
                | '\u{17B4}'
                | '\u{17B5}'
                | '\u{180B}'..='\u{180E}'
                | '\u{200B}'..='\u{200D}'
                | '\u{2060}'..='\u{2064}'
                | '\u{3164}'
                | '\u{FE00}'..='\u{FE0F}'
                | '\u{FEFF}'
                | '\u{FFA0}'
        )
}

/// Checks a name: trimmed, `min..=max` characters long, no control characters (NUL, CR, LF,
/// tab, ...) nor bidirectional controls, and at least one visible character.
pub fn trimmed_text<'a>(field: &str, value: &'a str, min: usize, max: usize) -> Result<&'a str, ApiError> {
    let trimmed = value.trim();
    if let Some(c) = trimmed.chars().find(|&c| c.is_control() || is_bidi_control(c)) {
        return Err(ApiError::invalid(format!(
            "{field} must not contain control or text-direction characters (it contains U+{:04X}).",
            c as u32
        )));
    }
    if !trimmed.is_empty() && trimmed.chars().all(is_invisible) {
        return Err(ApiError::invalid(format!(
            "{field} must contain at least one visible character."
        )));
    }
    let length = trimmed.chars().count();
    if length < min || length > max {
        return Err(ApiError::invalid(format!(
            "{field} must be {min} to {max} characters long after trimming spaces (it is {length})."
        )));
    }
    Ok(trimmed)
}
