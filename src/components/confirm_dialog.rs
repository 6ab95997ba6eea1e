use leptos::html::Dialog;
use leptos::prelude::*;
use std::cell::Cell;

thread_local! {
    static DIALOGS: Cell<u32> = const { Cell::new(0) };
}

/// What a confirmation asks: it names what will be destroyed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Confirmation {
    pub title: String,
    pub message: String,
    /// The confirming button's label, e.g. "Remove Ada Lovelace".
    pub confirm_label: String,
    /// For what cannot be undone: the person must type this (e.g. the workspace's name) first.
    pub type_to_confirm: Option<String>,
}

/// The one confirmation dialog: a modal `<dialog>` (focus stays inside, Escape cancels) shown
/// while `request` is `Some`. The confirm button stays disabled while `pending`, and until the
/// typed text matches when one is asked for. Several may be on a page (a page's, a bulk
/// action's, the top bar's): each has ids of its own.
#[component]
pub fn ConfirmDialog(
    #[prop(into)] request: Signal<Option<Confirmation>>,
    #[prop(into)] pending: Signal<bool>,
    on_confirm: Callback<()>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let dialog = NodeRef::<Dialog>::new();
    let number = DIALOGS.with(|n| {
        n.set(n.get() + 1);
        n.get()
    });
    let (title_id, typed_id) = (format!("confirm-title-{number}"), format!("confirm-typed-{number}"));
    let labelled_by = title_id.clone();
    let typed = RwSignal::new(String::new());
    Effect::new(move |_| {
        let Some(dialog) = dialog.get() else { return };
        let open = request.with(Option::is_some);
        if open && !dialog.open() {
            typed.set(String::new());
            let _ = dialog.show_modal();
        } else if !open && dialog.open() {
            dialog.close();
        }
    });
    let expected = move || request.with(|r| r.as_ref().and_then(|r| r.type_to_confirm.clone()));
    let can_confirm = move || !pending.get() && expected().is_none_or(|name| typed.with(|t| t.trim() == name.trim()));
    let text = move |pick: fn(&Confirmation) -> String| request.with(|r| r.as_ref().map(pick).unwrap_or_default());
    view! {
        <dialog
            node_ref=dialog
            class="confirm"
            aria-labelledby=labelled_by
            on:cancel=move |ev: leptos::ev::Event| {
                ev.prevent_default();
                if !pending.get_untracked() {
                    on_cancel.run(());
                }
            }
        >
            <form method="dialog" on:submit=move |ev| {
                ev.prevent_default();
                if can_confirm() {
                    on_confirm.run(());
                }
            }>
                <h2 id=title_id>{move || text(|r| r.title.clone())}</h2>
                <p>{move || text(|r| r.message.clone())}</p>
                {move || {
                    let typed_id = typed_id.clone();
                    expected()
                        .map(|name| {
                            view! {
                                <label for=typed_id.clone()>"Type " <strong>{name}</strong> " to confirm"</label>
                                <input
                                    id=typed_id
                                    class="confirm-typed"
                                    type="text"
                                    autocomplete="off"
                                    autofocus
                                    bind:value=typed
                                />
                            }
                        })
                }}
                <div class="actions">
                    <button type="button" class="secondary" autofocus disabled=pending on:click=move |_| on_cancel.run(())>
                        "Cancel"
                    </button>
                    <button type="submit" class="danger" disabled=move || !can_confirm()>
                        {move || {
                            if pending.get() { "Working…".to_owned() } else { text(|r| r.confirm_label.clone()) }
                        }}
                    </button>
                </div>
            </form>
        </dialog>
    }
}
