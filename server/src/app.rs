//! The HTTP application: the Admin API under `/v1/organizations`, its OpenAPI description, and
//! (with `--dist`) the built console with its runtime `config.json`.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::Request;
use axum::http::{header, HeaderName, HeaderValue, Method, Uri};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get};
use axum::{Json, Router};
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::services::{ServeDir, ServeFile};
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
        Some(ConsoleFiles { dist }) => {
            let index = ServeFile::new(dist.join("index.html"));
            api.route("/config.json", get(console_config))
                .fallback_service(ServeDir::new(dist).fallback(index))
        }
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

/// Gives every request an id, visible to handlers and errors, and returned as `request-id`.
async fn with_request_id(request: Request, next: Next) -> Response {
    let id = ids::new_id(ids::REQUEST);
    let mut response = REQUEST_ID.scope(id.clone(), next.run(request)).await;
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert("request-id", value);
    }
    response
}

async fn unknown_route(method: Method, uri: Uri) -> ApiError {
    ApiError::not_found(format!("There is no route for {method} {}.", uri.path()))
}

/// The console's runtime configuration: an empty base URL means "the origin that served you".
async fn console_config() -> impl IntoResponse {
    (
        [(header::CACHE_CONTROL, "no-store")],
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
