use crate::state::session::use_session;
use leptos::prelude::*;

/// The landing page once signed in: which organization the admin key administers, and where.
#[component]
pub fn OverviewPage() -> impl IntoView {
    let session = use_session();
    move || {
        session.get().map(|s| {
            view! {
                <section class="card overview">
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
                </section>
            }
        })
    }
}
