use crate::api::ApiError;
use leptos::prelude::*;

/// What a failed call means for the person, with a retry when there is something to retry.
#[component]
pub fn ErrorPanel(
    error: ApiError,
    /// Shown as a "Retry" button.
    #[prop(optional)]
    on_retry: Option<Callback<()>>,
) -> impl IntoView {
    let request_id = error.request_id().map(str::to_owned);
    view! {
        <div class="alert" role="alert">
            <p>{explain(&error)}</p>
            {request_id.map(|id| view! { <p class="request-id">"Request id: " <code>{id}</code></p> })}
            {on_retry
                .map(|retry| {
                    view! {
                        <button type="button" class="secondary" on:click=move |_| retry.run(())>
                            "Retry"
                        </button>
                    }
                })}
        </div>
    }
}

/// The words for a failed call: the error itself, and for a 403 what the key may not do.
pub fn explain(error: &ApiError) -> String {
    match error.status() {
        Some(403) => format!(
            "{error} This admin key may not make this change (it may be a read-only key); you stay \
             signed in and can keep reading."
        ),
        _ => error.to_string(),
    }
}
