//! The router and the shell: sign-in until there is a session, then the console's pages.

use crate::components::{ToastRegion, TopBar};
use crate::pages::{
    ApiKeysPage, InvitesPage, MembersPage, OverviewPage, SignInPage, WorkspaceMembersPage, WorkspacesPage,
};
use crate::state::router::{Page, Router};
use crate::state::routes::use_url_query;
use crate::state::session::{use_session, SessionContext};
use crate::state::toasts::Toasts;
use crate::state::workspace::WorkspaceContext;
use leptos::prelude::*;

/// The whole console: provides the session and toasts, then shows the sign-in page or, once
/// signed in, the shell with the routed pages. A 401 brings sign-in back without leaving the
/// URL, so signing in again returns to the same page.
#[component]
pub fn App() -> impl IntoView {
    let session = SessionContext::default();
    provide_context(session);
    provide_context(Toasts::default());
    Router::provide();
    // A memo: the shell is made anew only when signing in or out, not on every session change.
    let signed_in = Memo::new(move |_| session.is_signed_in());
    view! {
        {move || {
            if signed_in.get() {
                view! { <SignedInShell /> }.into_any()
            } else {
                view! { <SignInPage /> }.into_any()
            }
        }}
        <ToastRegion />
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
            <RoutedPage />
        </main>
    }
}

/// The page the address bar names; a page is made anew only when that changes, not when its
/// query string does.
#[component]
fn RoutedPage() -> impl IntoView {
    let router = crate::state::router::use_router();
    move || match router.page() {
        Page::Overview => view! { <OverviewPage /> }.into_any(),
        Page::Members => view! { <MembersPage /> }.into_any(),
        Page::Invites => view! { <InvitesPage /> }.into_any(),
        Page::Workspaces => view! { <WorkspacesPage /> }.into_any(),
        Page::Workspace(id) => view! { <WorkspaceMembersPage id=Some(id) /> }.into_any(),
        Page::ActiveWorkspace => view! { <WorkspaceMembersPage id=None /> }.into_any(),
        Page::ApiKeys => view! { <ApiKeysPage /> }.into_any(),
        Page::NotFound => view! { <p class="card">"This page does not exist."</p> }.into_any(),
    }
}
