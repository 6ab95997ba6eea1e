//! The console's runtime configuration: `config.json` beside `index.html`, optional.

use serde::Deserialize;

#[derive(Deserialize)]
struct Config {
    default_base_url: Option<String>,
}

/// `default_base_url` from `config.json` (fetched relative to the page), if the file exists
/// and names one. A missing file is normal; a malformed one is reported on the console.
pub async fn default_base_url() -> Option<String> {
    let response = gloo_net::http::Request::get("config.json")
        .send()
        .await
        .ok()
        .filter(|response| response.ok())?;
    match response.json::<Config>().await {
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
