//! The console's runtime configuration: `config.json` beside `index.html`, optional.

use gloo_net::http::Request;
use serde::Deserialize;

#[derive(Deserialize)]
struct RuntimeConfig {
    #[serde(default)]
    default_base_url: Option<String>,
}

/// `default_base_url` from `config.json` (fetched relative to the page), if the file exists
/// and names one. A missing file is normal; a malformed one is reported on the console.
pub async fn default_base_url() -> Option<String> {
    let response = Request::get("config.json").send().await.ok()?;
    if !response.ok() {
        return None;
    }
    let body = response.text().await.ok()?;
    match serde_json::from_str::<RuntimeConfig>(&body) {
        Ok(config) => config
            .default_base_url
            .map(|url| url.trim().to_owned())
            .filter(|url| !url.is_empty()),
        Err(e) => {
            leptos::logging::warn!("config.json ignored: {e}");
            None
        }
    }
}
