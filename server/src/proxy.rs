//! Proxy mode (`admin-server proxy`): serves the built console and forwards every
//! `/v1/organizations/*` request to a real Admin API from the console's own origin, for an API
//! that refuses calls from a browser (CORS) or a network that only lets this host out.
//!
//! What crosses, and what does not:
//! - To the upstream: the method, path and query, the body, and only the headers in
//!   [`FORWARDED_REQUEST_HEADERS`] (the credential, `anthropic-version`, `anthropic-beta`, the body's
//!   type). Never `Origin`, cookies or `anthropic-dangerous-direct-browser-access`: to the upstream
//!   the call comes from a server, not a browser.
//! - Back: the upstream's status and body (streamed), and only the headers in
//!   [`RETURNED_RESPONSE_HEADERS`] (`request-id`, the rate-limit headers, `retry-after`, ...).
//! - It stores nothing and logs no credential and no body. An upstream that cannot be reached, or
//!   that does not answer in time, is answered with the contract's envelope and a request id of
//!   the proxy's own; so is any path it does not forward.

use std::path::PathBuf;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderName, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get};
use axum::{middleware, Router};
use futures_util::TryStreamExt;

use crate::app::{console_config, console_files, unknown_route, with_request_id};
use crate::error::{ApiError, ErrorKind};
use crate::ratelimit::RATE_LIMIT_HEADERS;

/// The only path forwarded, with everything below it.
pub const FORWARDED_PREFIX: &str = "/v1/organizations";
/// A request body larger than this is refused (413) before anything is sent: the contract's limit.
pub const BODY_LIMIT: usize = 64 * 1024;
/// How long the upstream has to answer (its headers; the body then streams).
pub const UPSTREAM_TIMEOUT: Duration = Duration::from_secs(30);

/// Request headers the upstream gets; every other one stays here.
pub const FORWARDED_REQUEST_HEADERS: [&str; 7] = [
    "x-api-key",
    "authorization",
    "anthropic-version",
    "anthropic-beta",
    "content-type",
    "accept",
    "idempotency-key",
];

/// Response headers the console gets back from the upstream, besides the rate-limit headers
/// ([`RATE_LIMIT_HEADERS`]).
pub const RETURNED_RESPONSE_HEADERS: [&str; 7] = [
    "content-type",
    "request-id",
    "retry-after",
    "x-should-retry",
    "anthropic-organization-id",
    "cache-control",
    "vary",
];

/// The Admin API the proxy forwards to.
#[derive(Clone)]
pub struct Upstream {
    /// Scheme, host and port, without a trailing `/` (e.g. `https://api.example.com`).
    origin: String,
    /// The host, for messages.
    host: String,
    client: reqwest::Client,
}

impl Upstream {
    /// Checks `url` (an origin: `https://host[:port]`, no path) and makes the client. Plain
    /// `http` only with `allow_http` (a local reference server in tests): the credential would
    /// otherwise cross the network in clear.
    pub fn new(url: &str, allow_http: bool) -> Result<Self, String> {
        let parsed = reqwest::Url::parse(url).map_err(|e| format!("--upstream {url}: {e}"))?;
        match parsed.scheme() {
            "https" => {}
            "http" if allow_http => {}
            "http" => {
                return Err(format!(
                    "--upstream {url}: the upstream must be https (the admin key would cross the network \
                     in clear); --allow-http-upstream allows http, for a local server only"
                ))
            }
            other => return Err(format!("--upstream {url}: unsupported scheme {other}")),
        }
        if parsed.path() != "/" || parsed.query().is_some() {
            return Err(format!(
                "--upstream {url}: give the API's root only (e.g. https://api.example.com), without /v1"
            ));
        }
        let host = parsed.host_str().unwrap_or_default().to_owned();
        let client = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(10))
            .read_timeout(UPSTREAM_TIMEOUT)
            // The upstream's redirects are the console's business, not the proxy's.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| format!("making the upstream client: {e}"))?;
        Ok(Self {
            origin: url.trim_end_matches('/').to_owned(),
            host,
            client,
        })
    }

    /// The upstream's origin, for the start-up line.
    pub fn origin(&self) -> &str {
        &self.origin
    }
}

/// The proxy's whole application: the forwarded API, then (with `dist`) the console and its
/// `config.json`, which points the console at this origin; any other path is a 404 envelope.
pub fn build(upstream: Upstream, dist: Option<PathBuf>) -> Router {
    let api = Router::new()
        .route(FORWARDED_PREFIX, any(forward))
        .route(&format!("{FORWARDED_PREFIX}/{{*rest}}"), any(forward))
        .route("/v1", any(unknown_route))
        .route("/v1/{*rest}", any(unknown_route))
        .with_state(upstream);
    let site = match dist {
        Some(dist) => api
            .route("/config.json", get(console_config))
            .fallback_service(console_files(dist)),
        None => api.fallback(unknown_route),
    };
    site.layer(middleware::from_fn(with_request_id))
}

async fn forward(State(upstream): State<Upstream>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let body = match axum::body::to_bytes(body, BODY_LIMIT).await {
        Ok(body) => body,
        Err(_) => {
            return ApiError::new(
                ErrorKind::RequestTooLarge,
                format!("The request body is over {} KiB.", BODY_LIMIT / 1024),
            )
            .into_response()
        }
    };
    let url = format!("{}{}", upstream.origin, path_and_query(&parts.uri));
    let sent = upstream
        .client
        .request(parts.method, url)
        .headers(only(&parts.headers, &FORWARDED_REQUEST_HEADERS))
        .body(body)
        .send()
        .await;
    let answer = match sent {
        Ok(answer) => answer,
        Err(error) => return unreachable(&upstream, &error).into_response(),
    };
    let mut response = Response::builder().status(answer.status());
    if let Some(headers) = response.headers_mut() {
        let names = RETURNED_RESPONSE_HEADERS.iter().chain(&RATE_LIMIT_HEADERS);
        headers.extend(only(answer.headers(), names));
    }
    let stream = answer.bytes_stream().map_err(std::io::Error::other);
    response.body(Body::from_stream(stream)).unwrap_or_else(|_| {
        ApiError::new(ErrorKind::Api, "The upstream's answer could not be passed on.").into_response()
    })
}

fn path_and_query(uri: &Uri) -> &str {
    uri.path_and_query().map_or(uri.path(), |p| p.as_str())
}

/// The headers of `headers` named in `names` (each of its values).
fn only<'a>(headers: &HeaderMap, names: impl IntoIterator<Item = &'a &'static str>) -> HeaderMap {
    let mut kept = HeaderMap::new();
    for name in names {
        let name = HeaderName::from_static(name);
        for value in headers.get_all(&name) {
            kept.append(name.clone(), value.clone());
        }
    }
    kept
}

/// No answer from the upstream: 502 (or 504 when it was too slow), naming the host, never the
/// credential or the body.
fn unreachable(upstream: &Upstream, error: &reqwest::Error) -> ApiError {
    if error.is_timeout() {
        return ApiError::new(
            ErrorKind::Timeout,
            format!(
                "The Admin API at {} did not answer within {} s.",
                upstream.host,
                UPSTREAM_TIMEOUT.as_secs()
            ),
        );
    }
    ApiError::new(
        ErrorKind::BadGateway,
        format!(
            "The proxy could not reach the Admin API at {}: {}.",
            upstream.host,
            if error.is_connect() {
                "the connection failed"
            } else {
                "the request failed"
            }
        ),
    )
}
