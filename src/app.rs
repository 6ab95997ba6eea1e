//! The router and the shell: sign-in until there is a session, then the console's pages.

use crate::components::{ToastRegion, TopBar};
use crate::pages::{
    ApiKeysPage, InvitesPage, MembersPage, OverviewPage, SignInPage, WorkspaceMembersPage, WorkspacesPage,
};
use crate::state::routes::{base_path, paths, use_url_query};
use crate::state::session::{use_session, SessionContext};
use crate::state::toasts::Toasts;
use crate::state::workspace::WorkspaceContext;
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{ParamSegment, StaticSegment};

/// The whole console: provides the session and toasts, then shows the sign-in page or, once
/// signed in, the shell with the routed pages. A 401 brings sign-in back without leaving the
/// URL, so signing in again returns to the same page.
#[component]
pub fn App() -> impl IntoView {
    let session = SessionContext::default();
    provide_context(session);
    provide_context(Toasts::default());
    view! {
        <Router base=base_path()>
            <Show when=move || session.is_signed_in() fallback=|| view! { <SignInPage /> }>
                <SignedInShell />
            </Show>
            <ToastRegion />
        </Router>
    }
}

/// The signed-in console: loads the workspaces for the active-workspace context, then the top
/// bar, any notice about the active workspace, and the page the URL names.
#[component]
fn SignedInShell() -> impl IntoView {
    let workspaces = WorkspaceContext::new(use_session(), use_url_query());
    provide_context(workspaces);
    let notice = move || {
        workspaces
            .resolution()
            .notice
            .map(|notice| view! { <p class="notice" role="status">{notice}</p> })
    };
    view! {
        <TopBar />
        <main class="content">
            {notice}
            <Routes fallback=|| view! { <p class="card">"This page does not exist."</p> }>
                <Route path=StaticSegment(paths::OVERVIEW) view=OverviewPage />
                // The same page when the console was opened as .../index.html.
                <Route path=StaticSegment("index.html") view=OverviewPage />
                <Route path=StaticSegment(paths::MEMBERS) view=MembersPage />
                <Route path=StaticSegment(paths::INVITES) view=InvitesPage />
                <Route path=StaticSegment(paths::WORKSPACES) view=WorkspacesPage />
                <Route path=(StaticSegment(paths::WORKSPACES), ParamSegment("id")) view=WorkspaceMembersPage />
                <Route path=StaticSegment(paths::ACTIVE_WORKSPACE) view=WorkspaceMembersPage />
                <Route path=StaticSegment(paths::API_KEYS) view=ApiKeysPage />
            </Routes>
        </main>
    }
}
