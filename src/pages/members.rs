use leptos::prelude::*;

/// The Members page (being written).
#[component]
pub fn MembersPage() -> impl IntoView {
    view! { <h1>"Members"</h1> }
}
