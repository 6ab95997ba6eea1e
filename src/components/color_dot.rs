use leptos::prelude::*;

/// A workspace's display color as a small dot (decorative: the name is always beside it).
#[component]
pub fn ColorDot(color: Option<String>) -> impl IntoView {
    // Only #RRGGBB reaches the style attribute: a server's value is not trusted as CSS.
    let color = color
        .filter(|c| c.len() == 7 && c.starts_with('#') && c[1..].chars().all(|ch| ch.is_ascii_hexdigit()))
        .unwrap_or_else(|| "#888888".to_owned());
    view! { <span class="color-dot" aria-hidden="true" style=format!("background:{color}")></span> }
}
