//! What can go wrong with an Admin API call, parsed from the contract's error envelope
//! `{"type":"error","error":{"type","message"},"request_id"}`.

use serde_json::Value;
use std::fmt;

/// The `error.type` of an error envelope.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ErrorType {
    InvalidRequest,
    Authentication,
    Billing,
    Permission,
    NotFound,
    Conflict,
    RequestTooLarge,
    RateLimit,
    Api,
    Timeout,
    Overloaded,
    /// A type this console does not know; kept verbatim.
    Other(String),
}

impl ErrorType {
    /// Reads the wire name (`invalid_request_error`, ...).
    pub fn parse(name: &str) -> Self {
        match name {
            "invalid_request_error" => Self::InvalidRequest,
            "authentication_error" => Self::Authentication,
            "billing_error" => Self::Billing,
            "permission_error" => Self::Permission,
            "not_found_error" => Self::NotFound,
            "conflict_error" => Self::Conflict,
            "request_too_large" => Self::RequestTooLarge,
            "rate_limit_error" => Self::RateLimit,
            "api_error" => Self::Api,
            "timeout_error" => Self::Timeout,
            "overloaded_error" => Self::Overloaded,
            other => Self::Other(other.to_owned()),
        }
    }
}

/// The server answered with an error status.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpError {
    pub status: u16,
    /// `error.type` of the envelope, when the body was one.
    pub error_type: Option<ErrorType>,
    /// `error.message` of the envelope, when the body was one.
    pub message: Option<String>,
    /// The envelope's `request_id`, else the `request-id` response header.
    pub request_id: Option<String>,
    /// The `retry-after` header in seconds (sent with 429).
    pub retry_after_secs: Option<u64>,
}

impl HttpError {
    /// Builds the error from a non-success response. Tolerates bodies that are not the
    /// contract's envelope (a proxy's HTML page, an empty body, the `error.code` dialect).
    pub fn parse(
        status: u16,
        request_id_header: Option<String>,
        retry_after_header: Option<String>,
        body: &str,
    ) -> Self {
        let json: Option<Value> = serde_json::from_str(body).ok();
        let error = json.as_ref().and_then(|v| v.get("error"));
        let field = |v: Option<&Value>, name: &str| {
            v.and_then(|v| v.get(name))
                .and_then(Value::as_str)
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
        };
        Self {
            status,
            error_type: field(error, "type")
                .or_else(|| field(error, "code"))
                .map(|t| ErrorType::parse(&t)),
            message: field(error, "message"),
            request_id: field(json.as_ref(), "request_id")
                .or_else(|| field(error, "request_id"))
                .or(request_id_header.filter(|id| !id.is_empty())),
            retry_after_secs: retry_after_header.and_then(|s| s.trim().parse().ok()),
        }
    }
}

impl fmt::Display for HttpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.status {
            400 => write!(f, "The server refused the request as invalid")?,
            401 => write!(f, "The admin key was not accepted: it may be mistyped or revoked")?,
            403 => write!(f, "This admin key is not allowed to do that")?,
            404 => write!(f, "Not found")?,
            409 => write!(f, "That conflicts with something that already exists")?,
            402 => write!(
                f,
                "The organization's account has a billing problem: check its billing and plan in the Claude Console"
            )?,
            413 => write!(f, "The request is too large")?,
            429 => match self.retry_after_secs {
                Some(secs) => write!(f, "Too many requests: try again in {secs} s")?,
                None => write!(f, "Too many requests: try again in a minute")?,
            },
            504 => write!(f, "The request timed out upstream (status 504): try again later")?,
            529 => write!(f, "The API is overloaded (status 529): try again in a moment")?,
            500..=599 => write!(f, "The server failed (status {}): try again later", self.status)?,
            status => write!(f, "Unexpected answer from the server (status {status})")?,
        }
        match &self.message {
            Some(message) => write!(f, ". The server said: {message}"),
            None => write!(f, "."),
        }
    }
}

/// Why an Admin API call failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApiError {
    /// No HTTP response at all: server down or unreachable, wrong address, offline,
    /// or the browser refused the call (CORS, mixed content). Holds the browser's detail.
    Network(String),
    /// The server answered with an error status.
    Http(HttpError),
    /// The request was cancelled because the page that made it went away.
    Aborted,
    /// The server answered with success, but the body is not what the contract describes.
    InvalidBody {
        status: u16,
        detail: String,
        request_id: Option<String>,
    },
}

impl ApiError {
    /// The HTTP status, if the server answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Network(_) | Self::Aborted => None,
            Self::Http(e) => Some(e.status),
            Self::InvalidBody { status, .. } => Some(*status),
        }
    }

    /// The request id to quote when asking the server's operators about this call.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Self::Network(_) | Self::Aborted => None,
            Self::Http(e) => e.request_id.as_deref(),
            Self::InvalidBody { request_id, .. } => request_id.as_deref(),
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Network(_) => write!(
                f,
                "Could not reach the server: check the address and your network connection."
            ),
            Self::Http(e) => e.fmt(f),
            Self::Aborted => write!(f, "The request was cancelled."),
            Self::InvalidBody { status, .. } => write!(
                f,
                "The server answered (status {status}), but not in the form of the Admin API."
            ),
        }
    }
}
