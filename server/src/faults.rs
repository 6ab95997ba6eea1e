//! The test fault mode (`serve --test-faults`, off by default). The end-to-end suite uses it to
//! make the Admin API fail on purpose, the way real servers and networks do: an error status, a
//! slow answer, a body that is not JSON. It also records the Admin API requests that arrived, so a
//! test can prove that a write was sent once or that a 429 was retried.
//!
//! Never for production: its control endpoints need no key.
//! - `PUT /__test/faults` `{"faults": [rule, ...]}` replaces the rules (204); `DELETE` clears them.
//! - `GET /__test/requests` lists the requests seen (the last 1000); `DELETE` forgets them.
//!
//! A rule: `path` (prefix of the request path, required), `method` (default: any), `times` (how
//! many matching requests it applies to; default: all), and one effect: `status` (an error status
//! of the contract, answered with its envelope; 429 with `retry_after` seconds, default 1, and
//! `retry_after: 0` for none, as the real API's spend caps answer),
//! `delay_ms` (then the request is handled as usual) or `malformed: true` (200 with a cut-off
//! JSON body). The first matching rule wins. Only `/v1/` requests are faulted; CORS preflights
//! never reach this layer (the CORS layer answers them), and every answer still carries the
//! CORS headers and a request id, as real errors do.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::{header, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::put;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};

use crate::error::{ApiError, ApiResult, ErrorKind};
use crate::extract::JsonBody;

/// How many requests the log keeps.
const SEEN_LIMIT: usize = 1000;

/// The rules in force and the requests seen; shared by the layer and the control endpoints.
#[derive(Default)]
pub struct Faults {
    rules: Mutex<Vec<Rule>>,
    seen: Mutex<VecDeque<SeenRequest>>,
}

struct Rule {
    path: String,
    method: Option<Method>,
    remaining: Option<u32>,
    effect: Effect,
}

#[derive(Clone, Copy)]
enum Effect {
    /// `retry_after` 0: the answer carries no `retry-after`.
    Error {
        kind: ErrorKind,
        retry_after: u64,
    },
    Delay(Duration),
    Malformed,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleSpec {
    path: String,
    method: Option<String>,
    times: Option<u32>,
    status: Option<u16>,
    retry_after: Option<u64>,
    delay_ms: Option<u64>,
    malformed: Option<bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RulesBody {
    faults: Vec<RuleSpec>,
}

#[derive(Clone, Serialize)]
struct SeenRequest {
    method: String,
    path: String,
    query: String,
    status: u16,
}

impl RuleSpec {
    fn into_rule(self, index: usize) -> ApiResult<Rule> {
        let at = |problem: &str| ApiError::invalid(format!("faults[{index}]: {problem}"));
        if !self.path.starts_with('/') {
            return Err(at("`path` must start with `/`."));
        }
        let method = match self.method {
            Some(name) => Some(
                Method::from_bytes(name.to_ascii_uppercase().as_bytes())
                    .map_err(|_| at("`method` is not an HTTP method."))?,
            ),
            None => None,
        };
        let effect = match (self.status, self.delay_ms, self.malformed) {
            (Some(status), None, None) => Effect::Error {
                kind: error_kind(status).ok_or_else(|| {
                    at("`status` must be one of the contract's: 400, 401, 402, 403, 404, 409, 413, 429, 500, 504, 529.")
                })?,
                retry_after: self.retry_after.unwrap_or(1),
            },
            (None, Some(ms), None) => Effect::Delay(Duration::from_millis(ms.min(60_000))),
            (None, None, Some(true)) => Effect::Malformed,
            _ => return Err(at("give exactly one of `status`, `delay_ms`, `malformed: true`.")),
        };
        if self.retry_after.is_some()
            && !matches!(
                effect,
                Effect::Error {
                    kind: ErrorKind::RateLimit,
                    ..
                }
            )
        {
            return Err(at("`retry_after` goes with `status: 429` only."));
        }
        Ok(Rule {
            path: self.path,
            method,
            remaining: self.times,
            effect,
        })
    }
}

fn error_kind(status: u16) -> Option<ErrorKind> {
    Some(match status {
        400 => ErrorKind::InvalidRequest,
        401 => ErrorKind::Authentication,
        403 => ErrorKind::Permission,
        404 => ErrorKind::NotFound,
        409 => ErrorKind::Conflict,
        413 => ErrorKind::RequestTooLarge,
        429 => ErrorKind::RateLimit,
        500 => ErrorKind::Api,
        402 => ErrorKind::Billing,
        504 => ErrorKind::Timeout,
        529 => ErrorKind::Overloaded,
        _ => return None,
    })
}

impl Faults {
    /// The effect of the first rule that matches, spending one of its `times`.
    fn take(&self, method: &Method, path: &str) -> Option<Effect> {
        let mut rules = self.rules.lock().expect("fault rules");
        let rule = rules.iter_mut().find(|rule| {
            path.starts_with(&rule.path)
                && rule.method.as_ref().is_none_or(|m| m == method)
                && rule.remaining != Some(0)
        })?;
        if let Some(remaining) = &mut rule.remaining {
            *remaining -= 1;
        }
        Some(rule.effect)
    }

    fn record(&self, request: SeenRequest) {
        let mut seen = self.seen.lock().expect("seen requests");
        if seen.len() == SEEN_LIMIT {
            seen.pop_front();
        }
        seen.push_back(request);
    }
}

/// The layer over the whole application: faults and records `/v1/` requests, passes the rest.
pub async fn layer(State(faults): State<Arc<Faults>>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    if !path.starts_with("/v1/") {
        return next.run(request).await;
    }
    let method = request.method().clone();
    let query = request.uri().query().unwrap_or_default().to_owned();
    let response = match faults.take(&method, &path) {
        Some(Effect::Error { kind, retry_after }) => {
            let mut error = ApiError::new(kind, "Forced by the test fault mode.");
            if kind == ErrorKind::RateLimit && retry_after > 0 {
                error.retry_after = Some(retry_after);
            }
            error.into_response()
        }
        Some(Effect::Delay(delay)) => {
            tokio::time::sleep(delay).await;
            next.run(request).await
        }
        Some(Effect::Malformed) => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "application/json")],
            r#"{"data": [{"id": ""#,
        )
            .into_response(),
        None => next.run(request).await,
    };
    faults.record(SeenRequest {
        method: method.to_string(),
        path,
        query,
        status: response.status().as_u16(),
    });
    response
}

/// The control endpoints, under `/__test`.
pub fn router(faults: Arc<Faults>) -> Router {
    Router::new()
        .route("/__test/faults", put(set_rules).delete(clear_rules))
        .route("/__test/requests", axum::routing::get(list_seen).delete(forget_seen))
        .with_state(faults)
}

async fn set_rules(State(faults): State<Arc<Faults>>, JsonBody(body): JsonBody<RulesBody>) -> ApiResult<StatusCode> {
    let rules = body
        .faults
        .into_iter()
        .enumerate()
        .map(|(index, spec)| spec.into_rule(index))
        .collect::<ApiResult<Vec<_>>>()?;
    *faults.rules.lock().expect("fault rules") = rules;
    Ok(StatusCode::NO_CONTENT)
}

async fn clear_rules(State(faults): State<Arc<Faults>>) -> StatusCode {
    faults.rules.lock().expect("fault rules").clear();
    StatusCode::NO_CONTENT
}

async fn list_seen(State(faults): State<Arc<Faults>>) -> Json<serde_json::Value> {
    let seen: Vec<SeenRequest> = faults.seen.lock().expect("seen requests").iter().cloned().collect();
    Json(serde_json::json!({ "requests": seen }))
}

async fn forget_seen(State(faults): State<Arc<Faults>>) -> StatusCode {
    faults.seen.lock().expect("seen requests").clear();
    StatusCode::NO_CONTENT
}
