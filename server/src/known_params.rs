//! An unknown query parameter is a 400 that names it (the contract), so a client never takes an
//! ignored filter for a filtered answer. What each operation takes is read from the server's own
//! OpenAPI document, which the routes generate: the two can never disagree.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{MatchedPath, Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::OpenApi;

use crate::error::ApiError;

/// The query parameters of each operation, by method and route (`/v1/organizations/users/{user_id}`).
#[derive(Default)]
pub struct KnownParams(HashMap<(Method, String), Vec<String>>);

impl KnownParams {
    pub fn from_openapi(openapi: &OpenApi) -> Self {
        let mut known = HashMap::new();
        for (path, item) in &openapi.paths.paths {
            let operations = [
                (Method::GET, &item.get),
                (Method::POST, &item.post),
                (Method::DELETE, &item.delete),
            ];
            for (method, operation) in operations {
                if let Some(operation) = operation {
                    known.insert((method, path.clone()), query_names(operation));
                }
            }
        }
        Self(known)
    }
}

fn query_names(operation: &Operation) -> Vec<String> {
    operation
        .parameters
        .iter()
        .flatten()
        .filter(|parameter| matches!(parameter.parameter_in, ParameterIn::Query))
        .map(|parameter| parameter.name.clone())
        .collect()
}

/// Refuses a request whose query names a parameter its operation does not take.
pub async fn refuse_unknown(State(known): State<Arc<KnownParams>>, request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|path| path.as_str().to_owned());
    let names = route.and_then(|route| known.0.get(&(request.method().clone(), route)));
    if let (Some(names), Some(query)) = (names, request.uri().query()) {
        let given: Vec<(String, String)> = serde_html_form::from_str(query).unwrap_or_default();
        if let Some((name, _)) = given.iter().find(|(name, _)| !names.contains(name)) {
            let takes = if names.is_empty() {
                "this endpoint takes no query parameters".to_owned()
            } else {
                format!(
                    "this endpoint takes {}",
                    names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
                )
            };
            return ApiError::invalid(format!("Unknown query parameter `{name}`: {takes}.")).into_response();
        }
    }
    next.run(request).await
}
