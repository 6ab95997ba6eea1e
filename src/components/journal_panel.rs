use super::download::download_file;
use super::Choice;
use crate::api::ObjectKind;
use crate::state::journal::{export_csv, export_json, Entry, JournalResult};
use crate::state::session::use_session;
use leptos::html::Dialog;
use leptos::prelude::*;

/// Which entries the "Object" filter keeps: `kind:<kind>` every object of a kind, `id:<id>`
/// one object, empty all.
fn object_matches(filter: &str, entry: &Entry) -> bool {
    if let Some(kind) = filter.strip_prefix("kind:") {
        entry.object.as_str() == kind
    } else if let Some(id) = filter.strip_prefix("id:") {
        entry.object_id.as_deref() == Some(id)
    } else {
        true
    }
}

/// The "Object" filter's choices: any, each kind the journal holds, then each object.
fn object_choices(entries: &[Entry]) -> Vec<(String, String)> {
    let mut choices = vec![(String::new(), "Any object".to_owned())];
    for kind in ObjectKind::ALL {
        if entries.iter().any(|e| e.object == kind) {
            choices.push((
                format!("kind:{}", kind.as_str()),
                format!("Every {}", kind.label().to_lowercase()),
            ));
        }
    }
    let mut objects: Vec<(String, String)> = Vec::new();
    for entry in entries.iter().rev() {
        let Some(id) = &entry.object_id else { continue };
        let value = format!("id:{id}");
        if !objects.iter().any(|(v, _)| *v == value) {
            objects.push((value, entry.object_text()));
        }
    }
    choices.extend(objects);
    choices
}

/// "2026-12-03 14:05:09 UTC" from an RFC 3339 time.
fn when_text(at: &str) -> String {
    let seconds: String = at.chars().take(19).collect();
    format!("{} UTC", seconds.replace('T', " "))
}

/// The journal: every change this tab's session sent, single or bulk, newest first, filtered by
/// object and by result, with "Export journal as JSON" and "as CSV" (every entry). A modal
/// `<dialog>` (focus stays in it, Escape closes it), open while `open` is true.
#[component]
pub fn JournalPanel(open: RwSignal<bool>) -> impl IntoView {
    let journal = use_session().journal();
    let dialog = NodeRef::<Dialog>::new();
    let object = RwSignal::new(String::new());
    let result = RwSignal::new(String::new());
    Effect::new(move |_| {
        let Some(dialog) = dialog.get() else { return };
        if open.get() && !dialog.open() {
            let _ = dialog.show_modal();
        } else if !open.get() && dialog.open() {
            dialog.close();
        }
    });
    let shown = Memo::new(move |_| {
        let (object, result) = (object.get(), result.get());
        journal.with(|entries| {
            entries
                .iter()
                .rev()
                .filter(|e| object_matches(&object, e) && (result.is_empty() || e.result.as_str() == result))
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    let count = move || {
        let (shown, all) = (shown.with(Vec::len), journal.len());
        if shown == all {
            format!("{all} entries")
        } else {
            format!("{shown} of {all} entries")
        }
    };
    let object_choice = move || {
        let choices = journal.with(object_choices);
        view! { <Choice label="Object".to_owned() choices selected=object on_change=Callback::new(move |v| object.set(v)) /> }
    };
    let results = std::iter::once((String::new(), "Any result".to_owned()))
        .chain(JournalResult::ALL.map(|r| (r.as_str().to_owned(), r.label().to_owned())))
        .collect();
    // Drawn only while open: a closed journal keeps no rows in the page.
    let table = move || {
        if !open.get() {
            return ().into_any();
        }
        if journal.is_empty() {
            return view! { <p class="empty">"No change has been sent from this tab yet: changes made here are listed as they are sent."</p> }.into_any();
        }
        if shown.with(Vec::is_empty) {
            return view! { <p class="empty">"No entry matches these filters: choose “Any object” and “Any result” to see them all."</p> }.into_any();
        }
        view! {
            <div class="table-scroll">
                <table class="journal">
                    <caption class="visually-hidden">"Changes sent, newest first"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"When"</th>
                            <th scope="col">"Object"</th>
                            <th scope="col">"Change"</th>
                            <th scope="col">"Result"</th>
                            <th scope="col">"Request id"</th>
                        </tr>
                    </thead>
                    <tbody>
                        <For each=move || shown.get() key=|e| (e.seq, e.result) children=entry_row />
                    </tbody>
                </table>
            </div>
        }
        .into_any()
    };
    let export = move |json: bool| {
        journal.with(|entries| {
            if json {
                download_file("journal.json", "application/json", &export_json(entries));
            } else {
                download_file("journal.csv", "text/csv;charset=utf-8", &export_csv(entries));
            }
        })
    };
    view! {
        <dialog
            node_ref=dialog
            class="journal-panel"
            aria-labelledby="journal-title"
            on:close=move |_| open.set(false)
        >
            <h2 id="journal-title">"Journal"</h2>
            <p class="hint">
                "Every change this console sent in this tab, single or bulk. It lasts until you sign out, and never holds the admin key."
            </p>
            <div class="toolbar">
                {object_choice}
                <Choice label="Result".to_owned() choices=results selected=result on_change=Callback::new(move |v| result.set(v)) />
                <span class="journal-count" role="status">{count}</span>
            </div>
            {table}
            <div class="actions">
                <button type="button" class="secondary" disabled=move || journal.is_empty() on:click=move |_| export(true)>
                    "Export journal as JSON"
                </button>
                <button type="button" class="secondary" disabled=move || journal.is_empty() on:click=move |_| export(false)>
                    "Export journal as CSV"
                </button>
                <button type="button" autofocus on:click=move |_| open.set(false)>
                    "Close"
                </button>
            </div>
        </dialog>
    }
}

/// One entry as a table row.
fn entry_row(entry: Entry) -> impl IntoView {
    let result = match &entry.message {
        Some(message) => format!("{}: {message}", entry.result.label()),
        None => entry.result.label().to_owned(),
    };
    let bulk = entry
        .bulk
        .as_ref()
        .map(|b| view! { <span class="hint">{format!(" · part of “{}”", b.title)}</span> });
    view! {
        <tr data-seq=entry.seq.to_string()>
            <td>
                <time datetime=entry.at.clone()>{when_text(&entry.at)}</time>
            </td>
            <td>{entry.object_text()} {entry.object_id.clone().map(|id| view! { " " <code>{id}</code> })}</td>
            <td>{entry.change_text()} {bulk}</td>
            <td class=format!("journal-result journal-result-{}", entry.result.as_str())>{result}</td>
            <td>{entry.request_id.clone().map(|id| view! { <code>{id}</code> })}</td>
        </tr>
    }
}
