//! Text helpers shared by pages and components.

/// `text` in lower case, for searching and sorting without regard to case. The browser's
/// Unicode tables do it: std's `to_lowercase` would add its own (about 11 KB) to the build.
pub fn fold_case(text: &str) -> String {
    js_sys::JsString::from(text).to_lower_case().into()
}
