use leptos::html::{Button, Input};
use leptos::prelude::*;

/// The inline renames of a page's rows, one per item id, owned by the page: a list draws its
/// rows again after every write, and an open rename (with what was typed in it) must survive
/// that, whichever row the write was about.
#[derive(Clone, Copy)]
pub struct Renames {
    by_id: StoredValue<Vec<(String, InlineRename)>, LocalStorage>,
    owner: StoredValue<Owner, LocalStorage>,
}

impl Renames {
    /// Made by the page, under its owner.
    pub fn new() -> Self {
        Self {
            by_id: StoredValue::new_local(Vec::new()),
            owner: StoredValue::new_local(Owner::current().unwrap_or_default()),
        }
    }

    /// The rename of the item `id`, the same each time the row is drawn.
    pub fn of(&self, id: &str) -> InlineRename {
        // A list: a page shows a few hundred rows at most, and this is the smaller code.
        let known = self
            .by_id
            .with_value(|by_id| by_id.iter().find(|(key, _)| key == id).map(|(_, r)| *r));
        if let Some(rename) = known {
            return rename;
        }
        // Under the page's owner: a row's own owner ends when the row is drawn again.
        let rename = self.owner.with_value(|owner| owner.with(InlineRename::new));
        self.by_id.update_value(|by_id| by_id.push((id.to_owned(), rename)));
        rename
    }
}

impl Default for Renames {
    fn default() -> Self {
        Self::new()
    }
}

/// One row's inline rename, shared by its two pieces: [`RenameBox`] where the name is shown and
/// [`RenameButton`] among the row's actions. The page's save closes it once the name is saved.
#[derive(Clone, Copy)]
pub struct InlineRename {
    editing: RwSignal<bool>,
    draft: RwSignal<String>,
    problem: RwSignal<Option<String>>,
    button: NodeRef<Button>,
    input: NodeRef<Input>,
}

impl InlineRename {
    fn new() -> Self {
        Self {
            editing: RwSignal::new(false),
            draft: RwSignal::new(String::new()),
            problem: RwSignal::new(None),
            button: NodeRef::new(),
            input: NodeRef::new(),
        }
    }

    /// Whether the box is open (tracked).
    pub fn is_editing(&self) -> bool {
        self.editing.get()
    }

    /// Closes the box and puts the focus back on "Rename". Safe after the row is gone.
    pub fn close(&self) {
        self.problem.try_set(None);
        if self.editing.try_set(false).is_none() {
            let button = self.button;
            // Once "Rename" is shown again.
            request_animation_frame(move || {
                if let Some(button) = button.try_get_untracked().flatten() {
                    let _ = button.focus();
                }
            });
        }
    }

    /// Opens the box with the current name, and moves the focus into it (only here: a row
    /// drawn again with its box open must not take the focus from where the person is).
    fn open(&self, name: &str) {
        self.draft.set(name.to_owned());
        self.problem.set(None);
        self.editing.set(true);
        let input = self.input;
        request_animation_frame(move || {
            if let Some(input) = input.try_get_untracked().flatten() {
                let _ = input.focus();
            }
        });
    }
}

/// The "Rename" button of a row (hidden while renaming), named "Rename {label}".
#[component]
pub fn RenameButton(rename: InlineRename, name: String, label: String) -> impl IntoView {
    view! {
        <button
            type="button"
            class="secondary"
            node_ref=rename.button
            aria-label=format!("Rename {label}")
            hidden=move || rename.is_editing()
            on:click=move |_| rename.open(&name)
        >
            "Rename"
        </button>
    }
}

/// Where a row shows its name: `children` (the name as the row shows it) or, while renaming, a
/// box named "New name for {label}" with Save and Cancel. Enter saves, Escape cancels. A name
/// `check` refuses is explained under the box; after a refused or failed save the box keeps
/// what was typed. `on_save` gets the checked name.
#[component]
pub fn RenameBox(
    rename: InlineRename,
    label: String,
    /// Normalises a typed name (e.g. trims it), or says why it cannot be a name.
    check: fn(&str) -> Result<String, String>,
    #[prop(into)] busy: Signal<bool>,
    on_save: Callback<String>,
    children: Children,
) -> impl IntoView {
    let save = move || {
        if busy.get_untracked() {
            return;
        }
        match check(&rename.draft.get_untracked()) {
            Ok(name) => {
                rename.problem.set(None);
                on_save.run(name);
            }
            Err(why) => rename.problem.set(Some(why)),
        }
    };
    let label = StoredValue::new(label);
    let editor = move || {
        rename.is_editing().then(|| {
            view! {
                <span class="inline-edit">
                    <input
                        type="text"
                        node_ref=rename.input
                        aria-label=format!("New name for {}", label.get_value())
                        bind:value=rename.draft
                        on:keydown=move |ev| match ev.key().as_str() {
                            "Enter" => {
                                ev.prevent_default();
                                save();
                            }
                            "Escape" => rename.close(),
                            _ => {}
                        }
                    />
                    <button type="button" disabled=busy on:click=move |_| save()>
                        "Save"
                    </button>
                    <button type="button" class="secondary" on:click=move |_| rename.close()>
                        "Cancel"
                    </button>
                    {move || rename.problem.get().map(|p| view! { <p class="field-error" role="alert">{p}</p> })}
                </span>
            }
        })
    };
    view! {
        <span class="rename-shown" hidden=move || rename.is_editing()>
            {children()}
        </span>
        {editor}
    }
}
