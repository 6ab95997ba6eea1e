//! The HTTP application: the Admin API under `/v1/organizations`, its OpenAPI description, and
//! (with `--dist`) the built console with its runtime `config.json`.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderName, HeaderValue, Method, StatusCode, Uri};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get};
use axum::{Json, Router};
use tower_http::cors::{AllowOrigin, CorsLayer, ExposeHeaders};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeader;
use tower_http::timeout::{RequestBodyTimeoutLayer, TimeoutLayer};
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;

use crate::auth::{self, BROWSER_ACCESS_HEADER};
use crate::db::Db;
use crate::error::{ApiError, ErrorEnvelope, ErrorKind, REQUEST_ID};
use crate::extract::MAX_BODY_BYTES;
use crate::faults::{self, Faults};
use crate::ids;
use crate::known_params::{self, KnownParams};
use crate::openapi;
use crate::ratelimit::{RateLimiter, RATE_LIMIT_HEADERS};
use crate::routes;
use crate::serve::Limits;

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub rate_limiter: Arc<RateLimiter>,
    pub limits: Limits,
    /// The organization's id, sent as `anthropic-organization-id` (it never changes).
    pub organization_id: Arc<str>,
}

/// The document's frame; the routes add their operations and [`openapi::document`] the facts
/// every operation shares.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Admin API (reference server)",
        description = "The organization Admin API as the admin-console speaks it. Every request needs \
                       an admin key in `x-api-key` (or `authorization: Bearer`) and `anthropic-version` \
                       (`2023-06-01` or `2026-10-21`). An unknown query parameter or body field is a 400 \
                       that names it."
    ),
    components(schemas(ErrorEnvelope))
)]
struct ApiDoc;

/// Where the console is and what it is told at start.
pub struct ConsoleFiles {
    pub dist: PathBuf,
}

/// Builds the whole application; with `faults`, in the test fault mode (see [`crate::faults`]).
pub fn build(state: AppState, console: Option<ConsoleFiles>, faults: Option<Arc<Faults>>) -> Router {
    let (api, openapi) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .nest("/v1/organizations", routes::router())
        .split_for_parts();
    let known_params = Arc::new(KnownParams::from_openapi(&openapi));
    let document = Arc::new(openapi::document(openapi));
    let api = api
        // Unknown API paths are a 404 envelope (never the console's index.html), behind the same
        // guard as every other API path.
        .route("/v1", any(unknown_route))
        .route("/v1/{*rest}", any(unknown_route))
        .method_not_allowed_fallback(method_not_allowed)
        // Inside the guard: a request is authenticated before its parameters are looked at.
        .route_layer(middleware::from_fn_with_state(
            known_params,
            known_params::refuse_unknown,
        ))
        .route_layer(middleware::from_fn_with_state(state.clone(), auth::guard))
        .route(
            "/openapi.json",
            get(move || std::future::ready(Json(document.as_ref().clone()))),
        );
    let site = match console {
        Some(ConsoleFiles { dist }) => api
            .route("/config.json", get(console_config))
            .fallback_service(console_files(dist)),
        None => api.fallback(unknown_route),
    };
    let limits = state.limits;
    let rate_limiter = state.rate_limiter.clone();
    let mut site = site.with_state(state);
    if let Some(faults) = faults {
        // Inside the CORS and request-id layers: forced answers carry both, like real ones.
        site = site
            .merge(faults::router(faults.clone()))
            .layer(middleware::from_fn_with_state(faults, faults::layer));
    }
    // From the inside out: the body limit (a larger `content-length` is a 413 before any of the
    // body is read), the longest pause while a body arrives (408, from `JsonBody`), the longest a
    // whole request may take (504); then their bodiless answers become envelopes, with the CORS
    // headers and a request id like every answer.
    site.layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .layer(RequestBodyTimeoutLayer::new(limits.body_read))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::GATEWAY_TIMEOUT,
            limits.request,
        ))
        .layer(middleware::from_fn(envelope_for_layer_errors))
        .layer(cors())
        .layer(middleware::from_fn_with_state(rate_limiter, with_rate_limit_headers))
        .layer(middleware::from_fn(with_request_id))
}

/// Every response carries the rate-limit headers (the contract): the answers the guard did not
/// give (preflights, `/openapi.json`, console files, the layers' refusals) show where the
/// client's address stands, without counting them.
async fn with_rate_limit_headers(State(limiter): State<Arc<RateLimiter>>, request: Request, next: Next) -> Response {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(peer)| peer.ip());
    let mut response = next.run(request).await;
    if !response.headers().contains_key("x-ratelimit-limit") {
        let bucket = match peer {
            Some(ip) => format!("address:{ip}"),
            None => "address:unknown".to_owned(),
        };
        limiter.peek(&bucket).write_headers(response.headers_mut());
    }
    response
}

/// The longest request target (path and query) accepted (414 past it).
pub const MAX_URI_BYTES: usize = 16 * 1024;

/// The answers of the standard layers (413 from the body limit, 504 from the request timeout)
/// come without a body: they get the contract's envelope. A request target longer than
/// [`MAX_URI_BYTES`] is refused here (414).
async fn envelope_for_layer_errors(request: Request, next: Next) -> Response {
    let target = request.uri().path_and_query().map_or(0, |target| target.as_str().len());
    if target > MAX_URI_BYTES {
        return ApiError::new(
            ErrorKind::UriTooLong,
            format!("The request URL is too long: at most {MAX_URI_BYTES} bytes of path and query."),
        )
        .into_response();
    }
    let response = next.run(request).await;
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("application/json"));
    if is_json {
        return response;
    }
    let error = match response.status() {
        StatusCode::PAYLOAD_TOO_LARGE => ApiError::new(
            ErrorKind::RequestTooLarge,
            format!("Request body is larger than {MAX_BODY_BYTES} bytes."),
        ),
        StatusCode::GATEWAY_TIMEOUT => ApiError::new(
            ErrorKind::Timeout,
            "The request took too long to answer; a write may or may not have been made.",
        ),
        _ => return response,
    };
    error.into_response()
}

/// The built console's files: each as the brotli or gzip copy beside it (`NAME.br`, `NAME.gz`,
/// written by the build) when the request accepts that encoding and the copy exists, else as it
/// is, always with the original file's `content-type`. Unknown paths get `index.html` (client
/// routes, deep links). Hashed file names are cached for good; the rest is revalidated.
pub(crate) fn console_files(dist: PathBuf) -> Router {
    let index = ServeFile::new(dist.join("index.html"))
        .precompressed_br()
        .precompressed_gzip();
    // The fallback is never a hashed file, whatever the path asked for.
    let index = SetResponseHeader::overriding(index, header::CACHE_CONTROL, HeaderValue::from_static(NO_CACHE));
    let files = ServeDir::new(dist)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(index);
    Router::new()
        .fallback_service(files)
        .layer(middleware::from_fn(console_headers))
}

/// `cache-control` for a console file whose name has no content hash (`index.html`, `404.html`,
/// `config.json`, ...): use it only after asking the server whether it changed.
const NO_CACHE: &str = "no-cache";
/// `cache-control` for a file with trunk's content hash in its name: a new build gives new names.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// `vary: accept-encoding` (the same URL answers with brotli, gzip or identity bytes), and the
/// caching rule of the file's kind unless the fallback already set one.
async fn console_headers(request: Request, next: Next) -> Response {
    let hashed = is_hashed_asset(request.uri().path());
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.append(header::VARY, HeaderValue::from_static("accept-encoding"));
    if !headers.contains_key(header::CACHE_CONTROL) {
        let status = response.status();
        let cached = hashed && (status.is_success() || status == StatusCode::NOT_MODIFIED);
        let rule = if cached { IMMUTABLE } else { NO_CACHE };
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(rule));
    }
    response
}

/// Whether the last segment of `path` is a name trunk gave a content hash: `NAME-HASH.EXT` or
/// `NAME-HASH_bg.wasm`, HASH being a 64-bit hash in lower-case hex (at least 8 digits here, so
/// that a word such as `face` is not taken for one).
fn is_hashed_asset(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or_default();
    let Some((stem, _extension)) = name.rsplit_once('.') else {
        return false;
    };
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    let Some((base, hash)) = stem.rsplit_once('-') else {
        return false;
    };
    !base.is_empty() && (8..=16).contains(&hash.len()) && hash.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// Any origin may call the API from a browser (the `Origin` rule in `auth` guards it), and may read
/// the request id and rate-limit headers.
fn cors() -> CorsLayer {
    let allowed = [
        "x-api-key",
        "anthropic-version",
        BROWSER_ACCESS_HEADER,
        "content-type",
        "authorization",
        "idempotency-key",
    ];
    let exposed = [
        "request-id",
        "retry-after",
        "x-should-retry",
        "anthropic-organization-id",
    ];
    CorsLayer::new()
        .allow_origin(AllowOrigin::mirror_request())
        .allow_methods([Method::GET, Method::POST, Method::DELETE])
        .allow_headers(allowed.map(HeaderName::from_static))
        .expose_headers(ExposeHeaders::list(
            exposed
                .iter()
                .chain(&RATE_LIMIT_HEADERS)
                .map(|name| HeaderName::from_static(name)),
        ))
        .max_age(Duration::from_secs(600))
}

/// Gives every request an id, visible to handlers and errors, and returned as `request-id`
/// (unless the answer has one already: the upstream's, in proxy mode).
pub(crate) async fn with_request_id(request: Request, next: Next) -> Response {
    let id = ids::new_id(ids::REQUEST);
    let mut response = REQUEST_ID.scope(id.clone(), next.run(request)).await;
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().entry("request-id").or_insert(value);
    }
    response
}

/// A path the API has, with a method it does not take: 405 (axum adds `allow`).
async fn method_not_allowed(method: Method, uri: Uri) -> ApiError {
    ApiError::new(
        ErrorKind::MethodNotAllowed,
        format!("{} does not take {method}.", uri.path()),
    )
}

pub(crate) async fn unknown_route(method: Method, uri: Uri) -> ApiError {
    ApiError::not_found(format!("There is no route for {method} {}.", uri.path()))
}

/// The console's runtime configuration: an empty base URL means "the origin that served you".
pub(crate) async fn console_config() -> impl IntoResponse {
    (
        [(header::CACHE_CONTROL, NO_CACHE)],
        Json(serde_json::json!({ "default_base_url": "" })),
    )
}

#[cfg(test)]
mod tests {
    use super::is_hashed_asset;

    #[test]
    fn hashed_names_are_the_ones_trunk_writes() {
        for path in [
            "/admin-console-0123456789abcdef_bg.wasm",
            "/admin-console-0123456789abcdef.js",
            "/style-89abcdef01234567.css",
            "/admin/admin-console-1a2b3c4d5e6f.js",
            "/icon-0badc0de.svg",
        ] {
            assert!(is_hashed_asset(path), "{path}");
        }
        for path in [
            "/",
            "/index.html",
            "/404.html",
            "/config.json",
            "/app.js",
            "/my-face.css",
            "/admin-console-0123456789ABCDEF.js",
            "/admin-console-0123456789abcdef0.js",
            "/-0123456789abcdef.js",
            "/admin-console-0123456789abcdef",
            "/workspaces/wrkspc_abc",
        ] {
            assert!(!is_hashed_asset(path), "{path}");
        }
    }
}
