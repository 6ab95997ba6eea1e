use super::Choice;
use leptos::prelude::*;

/// A role picker that only marks its row as changed: "Save" sends the one write, "Cancel" puts
/// the server's role back. (Applying on `change` would send a write per arrow key: Chrome fires
/// `change` for each arrow press over a closed select.) After a failed save the chosen role
/// stays, to try again or cancel.
#[component]
pub fn RoleChoice(
    /// The select's accessible name, e.g. "Role of Ada Okafor"; the buttons are named after it
    /// ("Save role of Ada Okafor", "Cancel role change of Ada Okafor").
    label: String,
    choices: Vec<(String, String)>,
    /// The role the server has; the picker follows it when it changes.
    #[prop(into)]
    current: Signal<String>,
    #[prop(into)] disabled: Signal<bool>,
    on_save: Callback<String>,
) -> impl IntoView {
    let chosen = RwSignal::new(current.get_untracked());
    Effect::new(move |_| chosen.set(current.get()));
    let changed = move || chosen.with(|c| *c != current.get());
    let subject = lower_first(&label);
    let save_label = format!("Save {subject}");
    let cancel_label = format!("Cancel {}", subject.replacen(" of ", " change of ", 1));
    view! {
        <span class="role-choice">
            <Choice label hide_label=true choices selected=chosen disabled on_change=Callback::new(move |v| chosen.set(v)) />
            <span class="role-choice-actions" hidden=move || !changed()>
                <button
                    type="button"
                    aria-label=save_label
                    disabled=disabled
                    on:click=move |_| on_save.run(chosen.get_untracked())
                >
                    "Save"
                </button>
                <button
                    type="button"
                    class="secondary"
                    aria-label=cancel_label
                    disabled=disabled
                    on:click=move |_| chosen.set(current.get_untracked())
                >
                    "Cancel"
                </button>
            </span>
        </span>
    }
}

fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_ascii_lowercase().to_string() + chars.as_str(),
        None => String::new(),
    }
}
