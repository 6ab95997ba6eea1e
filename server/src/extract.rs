//! Extractors whose every rejection is the contract's error envelope (axum's own answer in plain text).

use axum::extract::rejection::PathRejection;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::{header, request::Parts};
use serde::de::DeserializeOwned;
use serde::Deserialize;

use crate::error::{ApiError, ErrorKind};

/// Largest request body accepted (decided: 64 KiB). A larger declared `content-length` is refused
/// before the body is read, by the body-limit layer (see `app::build`); a larger body sent
/// without one is refused when its 64 KiB are past.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// What went wrong while a request body was read: too large (413), too slow (408), or the
/// connection failed (400).
fn body_error(error: axum::Error) -> ApiError {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(&error);
    while let Some(cause) = source {
        if cause.is::<http_body_util::LengthLimitError>() {
            return ApiError::new(
                ErrorKind::RequestTooLarge,
                format!("Request body is larger than {MAX_BODY_BYTES} bytes."),
            );
        }
        if cause.is::<tower_http::timeout::TimeoutError>() {
            return ApiError::new(
                ErrorKind::RequestTimeout,
                "The request body was not received in time: it stopped arriving.",
            );
        }
        source = cause.source();
    }
    ApiError::invalid("The request body could not be read.")
}

/// A JSON request body: at most 64 KiB (else 413), `content-type: application/json`, and a shape
/// that deserializes into `T` (else 400 with serde's explanation of what is wrong and where).
pub struct JsonBody<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, _state: &S) -> Result<Self, ApiError> {
        let is_json = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.split(';').next())
            .is_some_and(|mime| mime.trim().eq_ignore_ascii_case("application/json"));
        let bytes = axum::body::to_bytes(request.into_body(), MAX_BODY_BYTES)
            .await
            .map_err(body_error)?;
        if !is_json {
            return Err(ApiError::invalid(
                "The request body must be JSON, sent with `content-type: application/json`.",
            ));
        }
        if !bytes.trim_ascii_start().starts_with(b"{") {
            return Err(ApiError::invalid("The request body must be a JSON object."));
        }
        let mut deserializer = serde_json::Deserializer::from_slice(&bytes);
        let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
            let field = error.path().to_string();
            let place = if field == "." {
                String::new()
            } else {
                format!("`{field}`: ")
            };
            ApiError::invalid(format!("Invalid request body: {place}{}.", error.into_inner()))
        })?;
        deserializer
            .end()
            .map_err(|error| ApiError::invalid(format!("Invalid request body: {error}.")))?;
        Ok(JsonBody(value))
    }
}

/// Query-string parameters, with repeated keys (`roles[]=a&roles[]=b`) collected into vectors.
/// Parameters `T` does not name are ignored, so several extractors can each read their part.
pub struct QueryParams<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for QueryParams<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, ApiError> {
        let query = parts.uri.query().unwrap_or_default();
        // An empty value is never a filter: `?email=` is refused, not ignored.
        let pairs: Vec<(String, String)> = serde_html_form::from_str(query)
            .map_err(|error| ApiError::invalid(format!("Invalid query parameter: {error}.")))?;
        if let Some((name, _)) = pairs.iter().find(|(_, value)| value.is_empty()) {
            return Err(ApiError::invalid(format!(
                "The query parameter `{name}` is empty; give it a value or leave it out."
            )));
        }
        serde_html_form::from_str(query)
            .map(QueryParams)
            .map_err(|error| ApiError::invalid(format!("Invalid query parameter: {error}.")))
    }
}

/// Path parameters; a rejection (such as a segment that is not valid UTF-8) becomes a 404 envelope.
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(ApiError))]
pub struct PathParams<T>(pub T);

impl From<PathRejection> for ApiError {
    fn from(rejection: PathRejection) -> Self {
        ApiError::not_found(format!("Not found: {}", rejection.body_text()))
    }
}

/// A boolean query parameter: `true` or `false` in any case (the contract; some clients send
/// `True`). Anything else is refused, naming what was sent.
pub fn query_bool<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
    let text = String::deserialize(deserializer)?;
    match text.to_ascii_lowercase().as_str() {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(serde::de::Error::custom(format!(
            "`{text}` is not a boolean: send true or false"
        ))),
    }
}
