use super::WorkspaceSwitcher;
use crate::api::Wait;
use crate::state::routes::{href, paths};
use crate::state::session::use_session;
use leptos::prelude::*;
use leptos_router::components::A;

/// The bar across the top of every signed-in page: the organization, the navigation, the
/// workspace switcher, what a call is waiting for, and "Sign out".
#[component]
pub fn TopBar() -> impl IntoView {
    let session = use_session();
    let organization = move || session.organization().map(|o| o.name).unwrap_or_default();
    let waiting = move || {
        session.waiting().map(|wait| {
            let text = match wait {
                Wait::RateLimited { seconds } => {
                    format!("The server asked to slow down: trying again in {seconds} s…")
                }
                Wait::Retrying { attempt, .. } => format!("The server did not answer: trying again ({attempt})…"),
            };
            view! { <p class="waiting" role="status">{text}</p> }
        })
    };
    view! {
        <header class="top-bar">
            <span class="brand">"Admin console"</span>
            <span class="organization">{organization}</span>
            <nav class="main-nav" aria-label="Main">
                <A href=href(paths::OVERVIEW) exact=true>"Overview"</A>
                <A href=href(paths::MEMBERS)>"Members"</A>
                <A href=href(paths::INVITES)>"Invites"</A>
                <A href=href(paths::WORKSPACES)>"Workspaces"</A>
                <A href=href(paths::API_KEYS)>"API keys"</A>
            </nav>
            <WorkspaceSwitcher />
            <button type="button" class="secondary" on:click=move |_| session.sign_out()>
                "Sign out"
            </button>
        </header>
        {waiting}
    }
}
