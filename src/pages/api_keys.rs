use leptos::prelude::*;

/// The API keys page (being written).
#[component]
pub fn ApiKeysPage() -> impl IntoView {
    view! { <h1>"API keys"</h1> }
}
