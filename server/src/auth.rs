//! The guard in front of every Admin API route: the browser (`Origin`) rule, the admin key, the
//! rate limit, the `anthropic-version` header and read-only keys, in that order.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::app::AppState;
use crate::db::admin_keys::{self, Principal};
use crate::error::{ApiError, ErrorKind};
use crate::ratelimit::Decision;

pub const API_VERSION: &str = "2023-06-01";
/// Every `anthropic-version` accepted: the Admin API's, and what the official SDKs send since
/// their 2.0 releases.
pub const API_VERSIONS: [&str; 2] = [API_VERSION, "2026-10-21"];
pub const BROWSER_ACCESS_HEADER: &str = "anthropic-dangerous-direct-browser-access";
const CORS_MESSAGE: &str = "CORS requests must set 'anthropic-dangerous-direct-browser-access' header";

/// The admin key a request presents: `x-api-key`, or `authorization: Bearer`.
fn presented_key(headers: &HeaderMap) -> Option<&str> {
    let from_api_key = headers.get("x-api-key").and_then(|value| value.to_str().ok());
    // The scheme is case-insensitive (RFC 9110): `Bearer`, `bearer`, `BEARER`.
    let from_bearer = || {
        headers
            .get(header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.trim_start().split_once(' '))
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
            .map(|(_, token)| token)
    };
    from_api_key
        .or_else(from_bearer)
        .map(str::trim)
        .filter(|key| !key.is_empty())
}

fn header_is(headers: &HeaderMap, name: &str, expected: &str) -> bool {
    headers.get(name).and_then(|value| value.to_str().ok()) == Some(expected)
}

async fn lookup(state: &AppState, key: &str) -> sqlx::Result<Option<Principal>> {
    admin_keys::authenticate(&mut *state.db.read().await?, key).await
}

/// Middleware for every `/v1` route; on success the request carries its `Principal`.
pub async fn guard(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let key = presented_key(request.headers()).map(str::to_owned);
    let principal = match &key {
        Some(key) => match lookup(&state, key).await {
            Ok(principal) => principal,
            Err(error) => return ApiError::from(error).into_response(),
        },
        None => None,
    };
    let bucket = match (&principal, request.extensions().get::<ConnectInfo<SocketAddr>>()) {
        (Some(principal), _) => principal.key_id.clone(),
        (None, Some(ConnectInfo(peer))) => format!("address:{}", peer.ip()),
        (None, None) => "address:unknown".to_owned(),
    };
    let decision = state.rate_limiter.check(&bucket);
    // The organization is named to whoever shows one of its keys, and only to them.
    let organization = principal.is_some().then(|| state.organization_id.clone());
    let mut response = match admit(&request, key.is_some(), principal, &decision) {
        Ok(principal) => {
            request.extensions_mut().insert(principal);
            next.run(request).await
        }
        Err(error) => error.into_response(),
    };
    decision.write_headers(response.headers_mut());
    if let Some(Ok(id)) = organization.map(|id| HeaderValue::from_str(&id)) {
        response.headers_mut().insert("anthropic-organization-id", id);
    }
    response
}

/// The principal the request goes on as, or why it may not go on.
fn admit(
    request: &Request,
    key_presented: bool,
    principal: Option<Principal>,
    decision: &Decision,
) -> Result<Principal, ApiError> {
    let headers = request.headers();
    if !decision.allowed {
        let retry_after = decision.retry_after;
        let mut error = ApiError::new(
            ErrorKind::RateLimit,
            format!("Rate limit exceeded: too many requests this minute; retry in {retry_after} s."),
        );
        error.retry_after = Some(retry_after);
        return Err(error);
    }
    for name in ["x-api-key", "authorization", "anthropic-version"] {
        if headers.get_all(name).iter().nth(1).is_some() {
            return Err(ApiError::invalid(format!(
                "The `{name}` header may be given only once."
            )));
        }
    }
    if headers.contains_key(header::ORIGIN) && !header_is(headers, BROWSER_ACCESS_HEADER, "true") {
        return Err(ApiError::unauthenticated(CORS_MESSAGE));
    }
    let Some(principal) = principal else {
        return Err(ApiError::unauthenticated(if key_presented {
            "Invalid admin key: it is unknown or has been revoked."
        } else {
            "Missing admin key: send it in the `x-api-key` header."
        }));
    };
    if !API_VERSIONS
        .iter()
        .any(|version| header_is(headers, "anthropic-version", version))
    {
        let [first, second] = API_VERSIONS;
        return Err(ApiError::invalid(match headers.get("anthropic-version") {
            None => format!("The `anthropic-version` header is required; send `{API_VERSION}`."),
            Some(_) => format!("Unknown `anthropic-version`; this server speaks `{first}` or `{second}`."),
        }));
    }
    let writes = matches!(
        *request.method(),
        Method::POST | Method::DELETE | Method::PUT | Method::PATCH
    );
    if principal.read_only && writes {
        return Err(ApiError::new(
            ErrorKind::Permission,
            "This admin key is read-only; it cannot make changes.",
        ));
    }
    Ok(principal)
}
