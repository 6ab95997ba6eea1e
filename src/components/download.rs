//! Files the console hands to the browser (exports).

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Hands `text` to the browser as a file download named `name`.
pub fn download_file(name: &str, mime: &str, text: &str) {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    if let Some(link) = document()
        .create_element("a")
        .ok()
        .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok())
    {
        link.set_href(&url);
        link.set_download(name);
        link.click();
    }
    // Not at once: the browser reads the file after the click's task.
    set_timeout(
        move || _ = web_sys::Url::revoke_object_url(&url),
        std::time::Duration::from_secs(10),
    );
}
