use crate::state::session::use_session;
use leptos::prelude::*;

/// The bar across the top of every signed-in page: the organization, and "Sign out".
#[component]
pub fn TopBar() -> impl IntoView {
    let session = use_session();
    let organization = move || session.get().map(|s| s.organization.name).unwrap_or_default();
    view! {
        <header class="top-bar">
            <span class="brand">"Admin console"</span>
            <span class="organization">{organization}</span>
            <button type="button" class="secondary" on:click=move |_| session.sign_out()>
                "Sign out"
            </button>
        </header>
    }
}
