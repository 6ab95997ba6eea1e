use leptos::prelude::*;

/// A labelled `<select>` of fixed choices `(value, label)`; `on_change` gets the chosen value.
/// Used for role pickers and list filters alike.
#[component]
pub fn Choice(
    /// The visible label (or, with `hide_label`, the accessible name only).
    label: String,
    #[prop(optional)] hide_label: bool,
    choices: Vec<(String, String)>,
    #[prop(into)] selected: Signal<String>,
    #[prop(into, optional)] disabled: Signal<bool>,
    on_change: Callback<String>,
) -> impl IntoView {
    let options = choices
        .into_iter()
        .map(|(value, text)| {
            let is_selected = {
                let value = value.clone();
                move || selected.with(|s| *s == value)
            };
            view! { <option value=value selected=is_selected>{text}</option> }
        })
        .collect_view();
    let select = view! {
        <select
            aria-label=hide_label.then(|| label.clone())
            disabled=disabled
            on:change=move |ev| on_change.run(event_target_value(&ev))
        >
            {options}
        </select>
    };
    if hide_label {
        select.into_any()
    } else {
        view! { <label class="choice">{label} " " {select}</label> }.into_any()
    }
}
