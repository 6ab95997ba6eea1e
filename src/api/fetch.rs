//! The browser's `fetch`, called directly: one request, its status, headers and text.
//!
//! Why not gloo-net: the console needs only this much of it, and its error and request types
//! carried more code into the build than the calls themselves.

use super::ApiError;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortSignal, Headers, RequestInit, RequestMode, Response};

/// One request to send.
pub struct Request<'a> {
    pub method: &'a str,
    pub url: &'a str,
    pub headers: &'a [(&'a str, &'a str)],
    pub body: Option<&'a str>,
    /// `no-cors`: the answer cannot be read, only whether there was one.
    pub opaque: bool,
    pub abort: Option<&'a AbortSignal>,
}

/// A response, with its body read as text.
pub struct Answer {
    pub status: u16,
    pub ok: bool,
    pub request_id: Option<String>,
    pub retry_after: Option<String>,
    pub body: String,
}

/// Sends `request` and reads the whole answer. No answer at all (network, CORS, abort) is an
/// [`ApiError::Network`] or [`ApiError::Aborted`].
pub async fn send(request: &Request<'_>) -> Result<Answer, ApiError> {
    let headers = Headers::new().map_err(network_error)?;
    for (name, value) in request.headers {
        headers.set(name, value).map_err(network_error)?;
    }
    let init = RequestInit::new();
    init.set_method(request.method);
    init.set_headers(&headers);
    if let Some(body) = request.body {
        init.set_body(&JsValue::from_str(body));
    }
    if request.opaque {
        init.set_mode(RequestMode::NoCors);
    }
    init.set_signal(request.abort);
    let window = web_sys::window().ok_or_else(|| ApiError::Network("no window".to_owned()))?;
    let response: Response = JsFuture::from(window.fetch_with_str_and_init(request.url, &init))
        .await
        .map_err(network_error)?
        .unchecked_into();
    let headers = response.headers();
    let header = |name: &str| headers.get(name).ok().flatten();
    let (request_id, retry_after) = (header("request-id"), header("retry-after"));
    let body = if request.opaque {
        String::new()
    } else {
        let text = response.text().map_err(network_error)?;
        JsFuture::from(text)
            .await
            .map_err(network_error)?
            .as_string()
            .unwrap_or_default()
    };
    Ok(Answer {
        status: response.status(),
        ok: response.ok(),
        request_id,
        retry_after,
        body,
    })
}

/// A rejected `fetch` (or body read): aborted by its owner's cleanup, or no usable answer.
fn network_error(error: JsValue) -> ApiError {
    let field = |key: &str| {
        js_sys::Reflect::get(&error, &JsValue::from_str(key))
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_default()
    };
    let name = field("name");
    if name == "AbortError" {
        ApiError::Aborted
    } else {
        ApiError::Network(format!("{name}: {}", field("message")))
    }
}
