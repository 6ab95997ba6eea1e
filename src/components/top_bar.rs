use super::{ConfirmDialog, Confirmation, JournalPanel, WorkspaceSwitcher};
use crate::api::Wait;
use crate::state::session::use_session;
use crate::state::url::{href, paths};
use leptos::prelude::*;
use leptos_router::components::A;

/// The bar across the top of every signed-in page: the organization, the navigation, the
/// workspace switcher, what a call is waiting for, "Journal" (the changes sent from this tab),
/// and "Sign out", which asks first when it would clear a journal that holds anything.
#[component]
pub fn TopBar() -> impl IntoView {
    let session = use_session();
    let journal = session.journal();
    let journal_open = RwSignal::new(false);
    let asking = RwSignal::new(false);
    let sign_out = move |_| {
        if journal.is_empty() {
            session.sign_out();
        } else {
            asking.set(true);
        }
    };
    let confirmation = Signal::derive(move || {
        asking.get().then(|| {
            let count = journal.len();
            Confirmation {
                title: "Sign out and clear the journal?".to_owned(),
                message: format!(
                    "The journal of this tab lists {count} change{} sent. Signing out clears it: export it \
                     first (Journal, then Export) to keep it.",
                    if count == 1 { "" } else { "s" }
                ),
                confirm_label: "Sign out and clear the journal".to_owned(),
                type_to_confirm: None,
            }
        })
    });
    let organization = move || session.organization().map(|o| o.name).unwrap_or_default();
    let waiting = move || {
        session.waiting().map(|wait| {
            let text = match wait {
                Wait::RateLimited { seconds, told: true } => {
                    format!("The server asked to slow down: trying again in {seconds} s…")
                }
                Wait::RateLimited { seconds, told: false } => {
                    format!("The server asked to slow down without saying for how long: trying again in {seconds} s…")
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
                <NavLink path=paths::OVERVIEW exact=true>"Overview"</NavLink>
                <NavLink path=paths::MEMBERS>"Members"</NavLink>
                <NavLink path=paths::INVITES>"Invites"</NavLink>
                <NavLink path=paths::WORKSPACES>"Workspaces"</NavLink>
                <NavLink path=paths::API_KEYS>"API keys"</NavLink>
                <NavLink path=paths::USAGE>"Usage"</NavLink>
                <NavLink path=paths::COST>"Cost"</NavLink>
            </nav>
            <WorkspaceSwitcher />
            <button type="button" class="secondary" aria-haspopup="dialog" on:click=move |_| journal_open.set(true)>
                "Journal"
            </button>
            <button type="button" class="secondary" on:click=sign_out>
                "Sign out"
            </button>
        </header>
        {waiting}
        <JournalPanel open=journal_open />
        // Only while it asks: the page's own confirmation stays the one in the page at rest.
        {move || {
            asking
                .get()
                .then(|| {
                    view! {
                        <ConfirmDialog
                            request=confirmation
                            pending=Signal::from(false)
                            on_confirm=Callback::new(move |_| {
                                asking.set(false);
                                session.sign_out();
                            })
                            on_cancel=Callback::new(move |_| asking.set(false))
                        />
                    }
                })
        }}
    }
}

/// A link of the main navigation: leptos_router's `<A>`, which marks it `aria-current="page"`
/// while its page (or, unless `exact`, a page below it) is shown.
#[component]
fn NavLink(path: &'static str, #[prop(optional)] exact: bool, children: Children) -> impl IntoView {
    view! {
        <A href=href(path) exact>
            {children()}
        </A>
    }
}
