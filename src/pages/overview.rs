use crate::api::ApiError;
use crate::components::ErrorPanel;
use crate::state::queries::{use_queries, Count};
use crate::state::session::use_session;
use crate::state::url::{filtered_href, href, paths};
use leptos::prelude::*;

/// One number of the overview: what it counts, and the page that lists it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Stat {
    Members,
    PendingInvites,
    ActiveWorkspaces,
    ActiveApiKeys,
}

impl Stat {
    const ALL: [Stat; 4] = [
        Self::Members,
        Self::PendingInvites,
        Self::ActiveWorkspaces,
        Self::ActiveApiKeys,
    ];

    fn label(self) -> &'static str {
        match self {
            Self::Members => "Members",
            Self::PendingInvites => "Pending invites",
            Self::ActiveWorkspaces => "Active workspaces",
            Self::ActiveApiKeys => "Active API keys",
        }
    }

    /// The list page, filtered as the number is (with the query keys those pages read).
    fn href(self) -> String {
        match self {
            Self::Members => href(paths::MEMBERS),
            Self::PendingInvites => filtered_href(paths::INVITES, "status", "pending"),
            Self::ActiveWorkspaces => href(paths::WORKSPACES),
            Self::ActiveApiKeys => filtered_href(paths::API_KEYS, "status", "active"),
        }
    }

    /// The cached count this number shows.
    fn count(self) -> Count {
        match self {
            Self::Members => Count::Members,
            Self::PendingInvites => Count::PendingInvites,
            Self::ActiveWorkspaces => Count::ActiveWorkspaces,
            Self::ActiveApiKeys => Count::ActiveApiKeys,
        }
    }
}

/// The landing page once signed in: which organization the admin key administers, and where,
/// and four numbers (members, pending invites, active workspaces, active API keys), each loading
/// on its own and linking to its list.
#[component]
pub fn OverviewPage() -> impl IntoView {
    let session = use_session();
    let about = move || {
        session.get().map(|s| {
            view! {
                <h1>{s.organization.name}</h1>
                <dl>
                    <dt>"Organization id"</dt>
                    <dd>
                        <code>{s.organization.id}</code>
                    </dd>
                    <dt>"Admin API"</dt>
                    <dd>
                        <code>{s.credentials.base_url}</code>
                    </dd>
                </dl>
            }
        })
    };
    view! {
        <section class="card overview">{about}</section>
        <ul class="stats" aria-label="The organization in numbers">
            {Stat::ALL.map(|stat| view! { <StatCard stat /> }).collect_view()}
        </ul>
    }
}

/// One number of the overview with its own loading and error state (a failed count offers a
/// retry; the other numbers are not affected).
#[component]
fn StatCard(stat: Stat) -> impl IntoView {
    let count = use_queries().count(stat.count());
    let number = move || match count.get() {
        Some(Ok(n)) => view! { <span class="stat-number">{n}</span> }.into_any(),
        Some(Err(ApiError::Aborted)) | None => view! {
            <span class="stat-number loading-number" aria-busy="true">
                "…"
                <span class="visually-hidden">"loading"</span>
            </span>
        }
        .into_any(),
        Some(Err(_)) => view! { <span class="stat-number">"—"</span> }.into_any(),
    };
    let error = move || match count.get() {
        Some(Err(error)) if error != ApiError::Aborted => {
            Some(view! { <ErrorPanel error on_retry=Callback::new(move |_| count.refetch()) /> })
        }
        _ => None,
    };
    view! {
        <li class="card stat">
            <a href=stat.href()>
                <span class="stat-label">{stat.label()}</span>
                {number}
            </a>
            {error}
        </li>
    }
}
