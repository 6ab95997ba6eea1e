//! The typed Admin API client.

use super::{ApiError, HttpError, Organization};
use gloo_net::http::{Request, Response};
use serde::de::DeserializeOwned;

/// The `anthropic-version` every request carries.
pub const API_VERSION: &str = "2023-06-01";

/// Checks a Base URL typed by a person and returns it in the form the client joins paths to
/// (no trailing `/`, no trailing `/v1`). The error says what to fix.
pub fn normalize_base_url(input: &str) -> Result<String, &'static str> {
    let url = input.trim();
    if url.is_empty() {
        return Err("Enter the Base URL of the Admin API, for example https://api.example.com.");
    }
    let lower = url.to_ascii_lowercase();
    let rest = ["http://", "https://"]
        .iter()
        .find_map(|scheme| lower.strip_prefix(scheme))
        .ok_or("The Base URL must start with http:// or https://.")?;
    if rest.starts_with('/') || rest.is_empty() {
        return Err("The Base URL has no host name after http:// or https://.");
    }
    if url.contains(|c: char| c.is_whitespace() || c == '?' || c == '#') {
        return Err("The Base URL must not contain spaces, '?' or '#'.");
    }
    let mut url = url.trim_end_matches('/');
    if let Some(root) = url.strip_suffix("/v1") {
        url = root.trim_end_matches('/');
    }
    Ok(url.to_owned())
}

/// A client bound to one Admin API base URL and admin key.
///
/// Deliberately not `Debug`: it holds the admin key, which must never reach a log line.
#[derive(Clone)]
pub struct Client {
    base_url: String,
    api_key: String,
}

impl Client {
    /// `base_url` as returned by [`normalize_base_url`].
    pub fn new(base_url: &str, api_key: &str) -> Self {
        Self {
            base_url: base_url.to_owned(),
            api_key: api_key.to_owned(),
        }
    }

    /// `GET /v1/organizations/me`: the organization of the admin key.
    pub async fn organization(&self) -> Result<Organization, ApiError> {
        self.get("/v1/organizations/me").await
    }

    async fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T, ApiError> {
        let response = Request::get(&format!("{}{}", self.base_url, path))
            .header("x-api-key", &self.api_key)
            .header("anthropic-version", API_VERSION)
            .header("anthropic-dangerous-direct-browser-access", "true")
            .send()
            .await
            .map_err(|e| ApiError::Network(e.to_string()))?;
        read_json(response).await
    }
}

async fn read_json<T: DeserializeOwned>(response: Response) -> Result<T, ApiError> {
    let status = response.status();
    let headers = response.headers();
    let request_id = headers.get("request-id");
    let body = response.text().await.map_err(|e| ApiError::Network(e.to_string()))?;
    if !response.ok() {
        return Err(ApiError::Http(HttpError::parse(
            status,
            request_id,
            headers.get("retry-after"),
            &body,
        )));
    }
    serde_json::from_str(&body).map_err(|e| ApiError::InvalidBody {
        status,
        detail: e.to_string(),
        request_id,
    })
}
