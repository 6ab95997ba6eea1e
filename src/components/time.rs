//! Times as a person reads them: a date, or how long ago / from now.

use leptos::prelude::*;

/// Milliseconds since the epoch of an RFC 3339 time, if it is one.
pub fn parse_ms(rfc3339: &str) -> Option<f64> {
    let ms = js_sys::Date::parse(rfc3339);
    (!ms.is_nan()).then_some(ms)
}

/// "in 3 days", "5 hours ago", "just now": `target` relative to `now` (both in ms).
pub fn relative(target_ms: f64, now_ms: f64) -> String {
    let seconds = ((target_ms - now_ms) / 1000.0).round() as i64;
    let magnitude = seconds.unsigned_abs();
    if magnitude < 60 {
        return "just now".to_owned();
    }
    let (count, unit) = [
        (86_400 * 365, "year"),
        (86_400 * 30, "month"),
        (86_400, "day"),
        (3600, "hour"),
        (60, "minute"),
    ]
    .into_iter()
    .find(|(size, _)| magnitude >= *size)
    .map(|(size, unit)| (magnitude / size, unit))
    .unwrap_or((magnitude / 60, "minute"));
    let plural = if count == 1 { "" } else { "s" };
    if seconds > 0 {
        format!("in {count} {unit}{plural}")
    } else {
        format!("{count} {unit}{plural} ago")
    }
}

/// A time shown as its date (`2024-10-30`), with the full time on hover and for machines.
#[component]
pub fn DateText(time: String) -> impl IntoView {
    let date: String = time.chars().take(10).collect();
    view! { <time datetime=time.clone() title=time>{date}</time> }
}

/// A time shown relative to now ("in 20 days"), with the full time on hover and for machines.
#[component]
pub fn RelativeTime(time: String) -> impl IntoView {
    let text = parse_ms(&time)
        .map(|ms| relative(ms, js_sys::Date::now()))
        .unwrap_or_else(|| time.clone());
    view! { <time datetime=time.clone() title=time>{text}</time> }
}
