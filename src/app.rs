//! The router and the shell: sign-in until there is a session, then the console's pages.

use crate::components::{ToastRegion, TopBar};
use crate::pages::{
    ApiKeysPage, ClaudeCodePage, CostPage, InvitesPage, MembersPage, OverviewPage, SignInPage, UsagePage,
    WorkspaceMembersPage, WorkspacesPage,
};
use crate::state::queries::{provide_query_store, Queries};
use crate::state::session::SessionContext;
use crate::state::toasts::Toasts;
use crate::state::url::{base_path, use_url_query};
use crate::state::workspace::WorkspaceContext;
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::hooks::use_params_map;
use leptos_router::path;

/// The whole console: provides the session and toasts, then, inside the router, shows the
/// sign-in page or, once signed in, the shell with the routed pages. A 401 brings sign-in back
/// without leaving the URL, so signing in again returns to the same page.
#[component]
pub fn App() -> impl IntoView {
    let session = SessionContext::default();
    provide_context(session);
    provide_context(Toasts::default());
    provide_query_store();
    // A memo: the shell is made anew only when signing in or out, not on every session change.
    let signed_in = Memo::new(move |_| session.is_signed_in());
    view! {
        // The base is known only at run time: the path index.html's first script gave <base href>.
        <Router base=base_path()>
            {move || {
                if signed_in.get() {
                    view! { <SignedInShell /> }.into_any()
                } else {
                    view! { <SignInPage /> }.into_any()
                }
            }}
        </Router>
        <ToastRegion />
    }
}

/// The signed-in console: the session's query cache, the active-workspace context over it,
/// then the top bar, any notice about the active workspace, and the page the URL names.
#[component]
fn SignedInShell() -> impl IntoView {
    // The query cache of this session only: nothing of the last one is shown.
    let queries = Queries::provide();
    let workspaces = WorkspaceContext::new(queries, use_url_query());
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
            // A page is made anew only when the path changes, not when its query string does.
            // Keep these paths in step with `state::url::paths` and index.html's base script.
            <Routes fallback=|| view! { <p class="card">"This page does not exist."</p> }>
                <Route path=path!("") view=OverviewPage />
                <Route path=path!("index.html") view=OverviewPage />
                <Route path=path!("members") view=MembersPage />
                <Route path=path!("invites") view=InvitesPage />
                <Route path=path!("workspaces") view=WorkspacesPage />
                <Route path=path!("workspaces/:id") view=OneWorkspace />
                <Route path=path!("workspace") view=|| view! { <WorkspaceMembersPage id=None /> } />
                <Route path=path!("api-keys") view=ApiKeysPage />
                <Route path=path!("usage") view=UsagePage />
                <Route path=path!("usage/claude-code") view=ClaudeCodePage />
                <Route path=path!("cost") view=CostPage />
            </Routes>
        </main>
    }
}

/// `workspaces/:id`: one workspace's membership, made anew when the id changes.
#[component]
fn OneWorkspace() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id")).unwrap_or_default());
    move || view! { <WorkspaceMembersPage id=Some(id.get()) /> }
}
