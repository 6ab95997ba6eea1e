//! The router and the shell: sign-in until there is a session, then the console's pages.

use crate::components::TopBar;
use crate::pages::{OverviewPage, SignInPage};
use crate::state::session::SessionContext;
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::StaticSegment;

/// The whole console: provides the session context, then shows the sign-in page or,
/// once signed in, the top bar and the routed pages.
#[component]
pub fn App() -> impl IntoView {
    let session = SessionContext::default();
    provide_context(session);
    view! {
        <Router base=base_path()>
            <Show when=move || session.is_signed_in() fallback=|| view! { <SignInPage /> }>
                <TopBar />
                <main class="content">
                    <Routes fallback=|| view! { <p class="card">"This page does not exist."</p> }>
                        <Route path=StaticSegment("") view=OverviewPage />
                        // The same page when the console was opened as .../index.html.
                        <Route path=StaticSegment("index.html") view=OverviewPage />
                    </Routes>
                </main>
            </Show>
        </Router>
    }
}

/// The path the console is served under: `""` at the root of a site, `"/console"` under a
/// sub-path. The build uses relative asset paths, so the page is always loaded from the
/// console's own directory: that directory is the base.
fn base_path() -> String {
    let path = window().location().pathname().unwrap_or_default();
    match path.rfind('/') {
        Some(end) => path[..end].to_owned(),
        None => String::new(),
    }
}
