use crate::state::toasts::{use_toasts, ToastKind};
use leptos::prelude::*;

/// Where toasts appear: a live region that screen readers announce.
#[component]
pub fn ToastRegion() -> impl IntoView {
    let toasts = use_toasts();
    view! {
        <div class="toasts" aria-live="polite">
            <For each=move || toasts.items() key=|toast| toast.id let:toast>
                <div
                    class=match toast.kind {
                        ToastKind::Success => "toast success",
                        ToastKind::Failure => "toast failure",
                    }
                    role=match toast.kind {
                        ToastKind::Success => "status",
                        ToastKind::Failure => "alert",
                    }
                >
                    <span>{toast.message}</span>
                    <button
                        type="button"
                        class="link"
                        aria-label="Dismiss"
                        on:click=move |_| toasts.dismiss(toast.id)
                    >
                        "×"
                    </button>
                </div>
            </For>
        </div>
    }
}
