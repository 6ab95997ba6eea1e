use leptos::prelude::*;

/// The Workspace members page (being written).
#[component]
pub fn WorkspaceMembersPage() -> impl IntoView {
    view! { <h1>"Workspace members"</h1> }
}
