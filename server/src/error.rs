//! One error type for the whole API, rendered as the contract's envelope:
//! `{"type":"error","error":{"type":..,"message":..},"request_id":"req_..."}`.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

tokio::task_local! {
    /// The id of the request being answered; set by the request-id middleware around every request.
    pub static REQUEST_ID: String;
}

/// The id of the current request, or a fresh one outside a request (never empty).
pub fn current_request_id() -> String {
    REQUEST_ID
        .try_with(Clone::clone)
        .unwrap_or_else(|_| crate::ids::new_id(crate::ids::REQUEST))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    InvalidRequest,
    Authentication,
    Permission,
    NotFound,
    Conflict,
    RequestTooLarge,
    RateLimit,
    Api,
    /// 402: the real API's billing problem; the reference server sends it in test fault mode only.
    Billing,
    /// 529: the real API is overloaded; test fault mode only.
    Overloaded,
    /// 502 `api_error`: proxy mode could not reach the upstream.
    BadGateway,
    /// 405: the path takes other methods (`allow` names them).
    MethodNotAllowed,
    /// The request line is too long (414).
    UriTooLong,
    /// Too many or too large request headers (431).
    HeadersTooLarge,
    /// The client took too long to send its request body (408).
    RequestTimeout,
    /// 504: the request took longer than the server allows for one, the proxy's upstream did not
    /// answer in time, or the test fault mode forced it (the real API's upstream timeout).
    Timeout,
}

impl ErrorKind {
    pub fn status(self) -> StatusCode {
        match self {
            Self::InvalidRequest => StatusCode::BAD_REQUEST,
            Self::Authentication => StatusCode::UNAUTHORIZED,
            Self::Permission => StatusCode::FORBIDDEN,
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::Conflict => StatusCode::CONFLICT,
            Self::RequestTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Self::RateLimit => StatusCode::TOO_MANY_REQUESTS,
            Self::Api => StatusCode::INTERNAL_SERVER_ERROR,
            Self::Billing => StatusCode::PAYMENT_REQUIRED,
            // 529 is not a registered status, but the real API sends it.
            Self::Overloaded => StatusCode::from_u16(529).expect("529 is a valid status code"),
            Self::BadGateway => StatusCode::BAD_GATEWAY,
            Self::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            Self::UriTooLong => StatusCode::URI_TOO_LONG,
            Self::HeadersTooLarge => StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            Self::RequestTimeout => StatusCode::REQUEST_TIMEOUT,
            Self::Timeout => StatusCode::GATEWAY_TIMEOUT,
        }
    }

    pub fn wire_name(self) -> &'static str {
        match self {
            Self::InvalidRequest => "invalid_request_error",
            Self::Authentication => "authentication_error",
            Self::Permission => "permission_error",
            Self::NotFound => "not_found_error",
            Self::Conflict => "conflict_error",
            Self::RequestTooLarge => "request_too_large",
            Self::RateLimit => "rate_limit_error",
            Self::Api | Self::BadGateway => "api_error",
            Self::Billing => "billing_error",
            Self::Overloaded => "overloaded_error",
            // The contract's table has no row for these statuses: the nearest error types.
            Self::MethodNotAllowed | Self::UriTooLong | Self::HeadersTooLarge => "invalid_request_error",
            Self::RequestTimeout | Self::Timeout => "timeout_error",
        }
    }

    /// Whether sending the same request again cannot help: the contract's `x-should-retry: false`
    /// (400, 401, 403, 404, 409, 413; and 405, 414, 431 likewise).
    pub fn is_final(self) -> bool {
        matches!(
            self,
            Self::InvalidRequest
                | Self::Authentication
                | Self::Permission
                | Self::NotFound
                | Self::Conflict
                | Self::RequestTooLarge
                | Self::MethodNotAllowed
                | Self::UriTooLong
                | Self::HeadersTooLarge
        )
    }
}

#[derive(Debug)]
pub struct ApiError {
    pub kind: ErrorKind,
    pub message: String,
    /// Seconds the client should wait (429 only).
    pub retry_after: Option<u64>,
}

pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
            retry_after: None,
        }
    }
    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::InvalidRequest, message)
    }
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::NotFound, message)
    }
    pub fn conflict(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Conflict, message)
    }
    pub fn unauthenticated(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Authentication, message)
    }
}

/// The contract's error envelope: `{"type":"error","error":{"type","message"},"request_id"}`.
#[derive(Serialize, ToSchema)]
pub struct ErrorEnvelope {
    #[serde(rename = "type")]
    #[schema(schema_with = envelope_kind)]
    kind: &'static str,
    error: ErrorBody,
    /// The request's id, as in its `request-id` header.
    #[schema(value_type = admin_wire::schemas::RequestId)]
    request_id: String,
}

fn envelope_kind() -> utoipa::openapi::schema::Object {
    utoipa::openapi::ObjectBuilder::new()
        .schema_type(utoipa::openapi::schema::Type::String)
        .enum_values(Some(["error"]))
        .build()
}

/// The error types of the contract's table (the real API's too: a client may meet any of them).
pub const ERROR_TYPES: [&str; 11] = [
    "invalid_request_error",
    "authentication_error",
    "billing_error",
    "permission_error",
    "not_found_error",
    "conflict_error",
    "request_too_large",
    "rate_limit_error",
    "api_error",
    "timeout_error",
    "overloaded_error",
];

fn error_types() -> utoipa::openapi::schema::Object {
    utoipa::openapi::ObjectBuilder::new()
        .schema_type(utoipa::openapi::schema::Type::String)
        .enum_values(Some(ERROR_TYPES))
        .build()
}

impl ErrorEnvelope {
    pub fn new(kind: ErrorKind, message: String, request_id: String) -> Self {
        ErrorEnvelope {
            kind: "error",
            error: ErrorBody {
                kind: kind.wire_name(),
                message,
            },
            request_id,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ErrorBody {
    /// What kind of error (the contract's table).
    #[serde(rename = "type")]
    #[schema(schema_with = error_types)]
    kind: &'static str,
    /// For a person; it names the parameter or field at fault.
    message: String,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let envelope = ErrorEnvelope::new(self.kind, self.message, current_request_id());
        let mut response = (self.kind.status(), axum::Json(envelope)).into_response();
        if self.kind.is_final() {
            response
                .headers_mut()
                .insert("x-should-retry", HeaderValue::from_static("false"));
        }
        if let Some(seconds) = self.retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

/// Database failures are never shown to the client: they are logged and answered with a bare 500.
impl From<sqlx::Error> for ApiError {
    fn from(error: sqlx::Error) -> Self {
        tracing::error!(%error, request_id = %current_request_id(), "database error");
        Self::new(ErrorKind::Api, "Internal server error.")
    }
}
