use leptos::prelude::*;

/// The Invites page (being written).
#[component]
pub fn InvitesPage() -> impl IntoView {
    view! { <h1>"Invites"</h1> }
}
