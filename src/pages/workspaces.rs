use leptos::prelude::*;

/// The Workspaces page (being written).
#[component]
pub fn WorkspacesPage() -> impl IntoView {
    view! { <h1>"Workspaces"</h1> }
}
