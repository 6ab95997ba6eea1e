use leptos::prelude::*;

/// An error message a person can act on, with the request id to quote, if there is one.
#[component]
pub fn Alert(message: String, request_id: Option<String>) -> impl IntoView {
    view! {
        <div class="alert" role="alert">
            <p>{message}</p>
            {request_id
                .map(|id| {
                    view! {
                        <p class="request-id">"Request id: " <code>{id}</code></p>
                    }
                })}
        </div>
    }
}
