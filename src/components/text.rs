//! Text helpers shared by pages and components.

/// `text` in lower case, for searching and sorting without regard to case. The browser's
/// Unicode tables do it: std's `to_lowercase` would add its own (about 11 KB) to the build.
pub fn fold_case(text: &str) -> String {
    js_sys::JsString::from(text).to_lower_case().into()
}

/// The emails of the form's text: separated by commas, semicolons, spaces or new lines (as
/// pasted from a mail client or a spreadsheet), without `<>` around them, each once.
pub fn split_emails(text: &str) -> Vec<String> {
    let mut emails: Vec<String> = Vec::new();
    let parts = text
        .split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .map(|part| part.trim_matches(|c| c == '<' || c == '>'))
        .filter(|part| !part.is_empty());
    for part in parts {
        if !emails.iter().any(|e| e.eq_ignore_ascii_case(part)) {
            emails.push(part.to_owned());
        }
    }
    emails
}
