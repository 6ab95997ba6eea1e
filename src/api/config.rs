//! The console's runtime configuration: `config.json` beside `index.html`, optional.

use super::fetch;
use super::json::Json;

/// `default_base_url` from `config.json` (fetched relative to the page), if the file exists
/// and names one. A missing file is normal; a malformed one is reported on the console.
pub async fn default_base_url() -> Option<String> {
    let answer = fetch::send(&fetch::Request {
        method: "GET",
        url: "config.json",
        headers: &[],
        body: None,
        opaque: false,
        abort: None,
    })
    .await
    .ok()
    .filter(|answer| answer.ok)?;
    match Json::parse(&answer.body).and_then(|config| config.opt_string("default_base_url")) {
        Ok(url) => url.map(|url| url.trim().to_owned()).filter(|url| !url.is_empty()),
        Err(e) => {
            leptos::logging::warn!("config.json ignored: {e}");
            None
        }
    }
}
