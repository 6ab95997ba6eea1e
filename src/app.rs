//! The router and the shell: sign-in until there is a session, then the console's pages.

use crate::components::TopBar;
use crate::pages::{OverviewPage, SignInPage};
use crate::state::session::SessionContext;
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::StaticSegment;
use web_sys::Url;

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
/// sub-path. It is the path of the document's base URL, which the first script of index.html
/// sets to the console's own directory (also on a deep link such as `/console/members`).
fn base_path() -> String {
    let base = document().base_uri().ok().flatten().unwrap_or_default();
    let path = Url::new(&base).map(|url| url.pathname()).unwrap_or_default();
    path.trim_end_matches('/').to_owned()
}
