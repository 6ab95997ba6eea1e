//! The HTTP application: the Admin API under `/v1/organizations`, its OpenAPI description, and
//! (with `--dist`) the built console with its runtime `config.json`.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::Request;
use axum::http::{header, HeaderName, HeaderValue, Method, StatusCode, Uri};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get};
use axum::{Json, Router};
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeader;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;

use crate::auth::{self, BROWSER_ACCESS_HEADER};
use crate::db::Db;
use crate::error::{ApiError, REQUEST_ID};
use crate::faults::{self, Faults};
use crate::ids;
use crate::ratelimit::RateLimiter;
use crate::routes;

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub rate_limiter: Arc<RateLimiter>,
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Admin API (reference server)",
        description = "The organization Admin API as the admin-console speaks it. Every request needs \
                       `x-api-key` (or `authorization: Bearer`) and `anthropic-version: 2023-06-01`."
    ),
    modifiers(&AdminKeyAuth),
    security(("admin_key" = []))
)]
struct ApiDoc;

struct AdminKeyAuth;

impl Modify for AdminKeyAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "admin_key",
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::new("x-api-key"))),
        );
    }
}

/// Where the console is and what it is told at start.
pub struct ConsoleFiles {
    pub dist: PathBuf,
}

/// Builds the whole application; with `faults`, in the test fault mode (see [`crate::faults`]).
pub fn build(state: AppState, console: Option<ConsoleFiles>, faults: Option<Arc<Faults>>) -> Router {
    let (api, openapi) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .nest("/v1/organizations", routes::router())
        .split_for_parts();
    let openapi = Arc::new(openapi);
    let api = api
        // Unknown API paths are a 404 envelope (never the console's index.html), behind the same
        // guard as every other API path.
        .route("/v1", any(unknown_route))
        .route("/v1/{*rest}", any(unknown_route))
        .method_not_allowed_fallback(unknown_route)
        .route_layer(middleware::from_fn_with_state(state.clone(), auth::guard))
        .route(
            "/openapi.json",
            get(move || std::future::ready(Json(openapi.as_ref().clone()))),
        );
    let site = match console {
        Some(ConsoleFiles { dist }) => api
            .route("/config.json", get(console_config))
            .fallback_service(console_files(dist)),
        None => api.fallback(unknown_route),
    };
    let mut site = site.with_state(state);
    if let Some(faults) = faults {
        // Inside the CORS and request-id layers: forced answers carry both, like real ones.
        site = site
            .merge(faults::router(faults.clone()))
            .layer(middleware::from_fn_with_state(faults, faults::layer));
    }
    site.layer(cors()).layer(middleware::from_fn(with_request_id))
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
        "x-ratelimit-limit",
        "x-ratelimit-remaining",
        "x-ratelimit-reset",
        "retry-after",
    ];
    CorsLayer::new()
        .allow_origin(AllowOrigin::mirror_request())
        .allow_methods([Method::GET, Method::POST, Method::DELETE])
        .allow_headers(allowed.map(HeaderName::from_static))
        .expose_headers(exposed.map(HeaderName::from_static))
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

/// How long requests under way may finish after Ctrl-C or SIGTERM.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// Serves `app` on `listener` until Ctrl-C or SIGTERM, then lets requests under way finish for
/// at most [`SHUTDOWN_GRACE`]. The limit matters: a browser keeps idle connections open (some
/// never send a request), and a graceful shutdown alone would wait for them forever. Stopping
/// then loses no write: each is one transaction, committed or not at all.
pub async fn serve(listener: tokio::net::TcpListener, app: Router) -> std::io::Result<()> {
    let stopping = Arc::new(tokio::sync::Notify::new());
    let signal = {
        let stopping = stopping.clone();
        async move {
            shutdown_signal().await;
            stopping.notify_one();
        }
    };
    let server =
        axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>()).with_graceful_shutdown(signal);
    tokio::select! {
        result = async move { server.await } => result,
        () = async move {
            stopping.notified().await;
            tokio::time::sleep(SHUTDOWN_GRACE).await;
        } => Ok(()),
    }
}

async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending().await,
        }
    };
    tokio::select! {
        () = interrupt => {}
        () = terminate => {}
    }
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
