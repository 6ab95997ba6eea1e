use super::{ErrorPanel, PagePosition, Pager};
use crate::api::{ApiError, Page, PageRequest};
use crate::state::queries::Query;
use crate::state::selection::{left_out, Selectable, Selection};
use crate::state::url::use_url_query;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::hash::Hash;

/// One list of the Admin API, in every state it can be in: loading, failed (with the message,
/// the request id and a retry), empty (saying what to do next), or a table with the pager.
///
/// Rows are keyed by their content: when the list is asked again (after a write, or in the
/// background) the rows that did not change keep their elements, so focus and a choice not yet
/// saved stay where they were; a row whose item changed is drawn again. `row` may read reactive
/// state (a name looked up, a workspace): the row is drawn again when that changes.
///
/// With a `selection` ([`list_selection`]), the list is ready for bulk actions: a first column
/// of checkboxes (each row puts [`select_cell`] first), "Select all on this page" in its
/// heading, and above the table the selection's size, "Select all N matching" (every page of
/// the current filter, counted first), "Clear selection", why some rows cannot be selected,
/// and `bulk_actions`.
#[component]
pub fn ListView<T: Clone + Eq + Hash + Send + Sync + 'static>(
    /// The table's caption, for screen readers.
    caption: &'static str,
    /// The column headings.
    columns: Vec<&'static str>,
    resource: Query<Page<T>>,
    /// Renders one item as a `<tr>`.
    row: Callback<T, AnyView>,
    /// What the list says when there is nothing in it: what to do next.
    empty: ViewFn,
    /// The rows chosen for bulk actions, when the list offers them: [`list_selection`].
    #[prop(optional)]
    selection: Option<ListSelection>,
    /// The bulk actions, shown with the selection.
    #[prop(optional)]
    bulk_actions: Option<ViewFn>,
) -> impl IntoView {
    let url = use_url_query();
    // Only the rows depend on the item type; the rest of the list is built once for all lists.
    let shown = Memo::new(move |_| {
        resource.with(|answer| match answer {
            None | Some(Err(ApiError::Aborted)) => Shown::Loading,
            Some(Err(error)) => Shown::Failed(error.clone()),
            Some(Ok(page)) => Shown::Page(PagePosition::from(page), untrack(|| url.page_request())),
        })
    });
    let items = move || {
        resource.with(|answer| match answer {
            Some(Ok(page)) => page.data.clone(),
            _ => Vec::new(),
        })
    };
    // Each row is drawn in its own reactive scope: what it reads (a name, a workspace) draws
    // that row again when it changes, and nothing else.
    let rows = ViewFn::from(move || {
        view! { <For each=items key=T::clone children=move |item| move || row.run(item.clone()) /> }
    });
    let bar = selection.map(|state| selection_bar(state, bulk_actions));
    let select_heading = selection.map(|state| ViewFn::from(move || select_page_heading(state)));
    view! {
        {bar}
        {list_states(caption, columns, shown, rows, Callback::new(move |_| resource.refetch()), empty, select_heading)}
    }
}

/// The checkbox cell a row of a list with a selection puts first: "Select “name”", or, for an
/// item that cannot be selected, a disabled box that says why.
pub fn select_cell<T: Selectable>(selection: Selection<T>, item: &T) -> AnyView {
    let why = selection.why_not(item);
    let id = item.selection_id().to_owned();
    let chosen = Signal::derive(move || selection.contains(&id));
    let name = selection.name_of(item);
    let item = StoredValue::new(item.clone());
    checkbox_cell(
        name,
        why,
        chosen,
        Callback::new(move |on| selection.set(&item.get_value(), on)),
    )
}

fn checkbox_cell(name: String, why: Option<&'static str>, chosen: Signal<bool>, toggle: Callback<bool>) -> AnyView {
    match why {
        Some(why) => view! {
            <td class="select">
                <input type="checkbox" disabled title=why aria-label=format!("“{name}” cannot be selected: {why}") />
            </td>
        }
        .into_any(),
        None => view! {
            <td class="select">
                <input
                    type="checkbox"
                    aria-label=format!("Select “{name}”")
                    prop:checked=chosen
                    on:change=move |ev| toggle.run(event_target_checked(&ev))
                />
            </td>
        }
        .into_any(),
    }
}

/// How the shown page stands in the selection.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct PageChoice {
    selectable: usize,
    chosen: usize,
    /// Why each row that cannot be selected cannot.
    blocked: Vec<&'static str>,
}

/// A list's `selection` for [`ListView`]: `selection` shown over the pages of `resource`. Only
/// reading the page's items is generic; the views are built once for all lists.
pub fn list_selection<T: Clone + Eq + Hash + Selectable>(
    resource: Query<Page<T>>,
    selection: Selection<T>,
) -> ListSelection {
    let page = Memo::new(move |_| {
        resource.with(|answer| {
            let mut choice = PageChoice::default();
            if let Some(Ok(page)) = answer {
                for item in &page.data {
                    match selection.why_not(item) {
                        Some(why) => choice.blocked.push(why),
                        None => {
                            choice.selectable += 1;
                            choice.chosen += usize::from(selection.contains(item.selection_id()));
                        }
                    }
                }
            }
            choice
        })
    });
    let toggle_page = Callback::new(move |on: bool| {
        if let Some(Ok(page)) = untrack(|| resource.get()) {
            selection.set_all(&page.data, on);
        }
    });
    // Counted when the whole page is chosen (the moment "select all N matching" is offered),
    // again when the filter changes; not for every list shown.
    let whole_page = Memo::new(move |_| page.with(|p| p.selectable > 0 && p.chosen == p.selectable));
    let matching = LocalResource::new(move || {
        let count = whole_page.get().then(|| selection.count_matching()).flatten();
        async move {
            match count {
                Some(count) => count.await.ok(),
                None => None,
            }
        }
    });
    ListSelection {
        size: Signal::derive(move || selection.len()),
        page,
        matching: Signal::derive(move || matching.get().flatten()),
        selecting: Signal::derive(move || selection.is_selecting()),
        note: Signal::derive(move || selection.note()),
        select_all: Callback::new(move |_| spawn_local(async move { selection.select_all_matching().await })),
        clear: Callback::new(move |_| selection.clear()),
        toggle_page,
    }
}

/// What a list's selection shows and does, whatever its items: made by [`list_selection`].
#[derive(Clone, Copy)]
pub struct ListSelection {
    size: Signal<usize>,
    page: Memo<PageChoice>,
    /// How many items the current filter has, once counted.
    matching: Signal<Option<usize>>,
    selecting: Signal<bool>,
    note: Signal<Option<String>>,
    select_all: Callback<()>,
    clear: Callback<()>,
    toggle_page: Callback<bool>,
}

fn selection_bar(state: ListSelection, bulk_actions: Option<ViewFn>) -> AnyView {
    let size = move || match state.size.get() {
        0 => "Nothing selected".to_owned(),
        n => format!("{n} selected"),
    };
    let select_all = move || {
        let count = state.matching.get()?;
        if state.selecting.get() {
            return Some(view! { <span class="hint">{format!("Selecting all {count}…")}</span> }.into_any());
        }
        // Once chosen, what is left out is said in the note (archived keys, say): not offered again.
        (count > state.size.get() && state.note.with(Option::is_none)).then(|| {
            view! {
                <button type="button" class="link" on:click=move |_| state.select_all.run(())>
                    {format!("Select all {count} matching")}
                </button>
            }
            .into_any()
        })
    };
    let blocked = move || {
        state
            .page
            .with(|p| left_out(&p.blocked, "on this page"))
            .map(|text| view! { <span class="hint">{text}</span> })
    };
    let note = move || state.note.get().map(|text| view! { <span class="hint">{text}</span> });
    view! {
        <div class="selection-bar" role="group" aria-label="Selection">
            <span class="selection-size" role="status">{size}</span>
            {select_all}
            <button type="button" class="link" hidden=move || state.size.get() == 0 on:click=move |_| state.clear.run(())>
                "Clear selection"
            </button>
            {blocked}
            {note}
            <div class="bulk-actions">{bulk_actions.map(|actions| actions.run())}</div>
        </div>
    }
    .into_any()
}

fn select_page_heading(state: ListSelection) -> AnyView {
    let all = move || state.page.with(|p| p.selectable > 0 && p.chosen == p.selectable);
    let some = move || state.page.with(|p| p.chosen > 0 && p.chosen < p.selectable);
    view! {
        <th scope="col" class="select">
            <input
                type="checkbox"
                aria-label="Select all on this page"
                prop:checked=all
                prop:indeterminate=some
                disabled=move || state.page.with(|p| p.selectable == 0)
                on:change=move |ev| state.toggle_page.run(event_target_checked(&ev))
            />
        </th>
    }
    .into_any()
}

/// What a list shows. A page is known by where it sits and what was asked: the same page
/// answered again keeps its table (and the rows decide what to draw again).
#[derive(Clone, PartialEq)]
enum Shown {
    Loading,
    Failed(ApiError),
    Page(PagePosition, PageRequest),
}

fn list_states(
    caption: &'static str,
    columns: Vec<&'static str>,
    shown: Memo<Shown>,
    rows: ViewFn,
    retry: Callback<()>,
    empty: ViewFn,
    select_heading: Option<ViewFn>,
) -> impl IntoView {
    // Each column's heading as a CSS string, `--col-N` for the Nth cell of a row: on a phone a
    // row is a card and each cell shows its heading before its value (style/main.css).
    let selectable = select_heading.is_some();
    let labels = std::iter::repeat_n("", usize::from(selectable))
        .chain(columns.iter().copied())
        .enumerate()
        .map(|(at, heading)| format!("--col-{}: \"{heading}\";", at + 1))
        .collect::<String>();
    let columns = StoredValue::new(columns);
    let labels = StoredValue::new(labels);
    move || match shown.get() {
        Shown::Loading => view! {
            <p class="loading" role="status" aria-busy="true">
                "Loading…"
            </p>
        }
        .into_any(),
        Shown::Failed(error) => view! { <ErrorPanel error on_retry=retry /> }.into_any(),
        Shown::Page(position, _) => {
            let body = if position.is_empty {
                view! { <div class="empty">{empty.run()}</div> }.into_any()
            } else {
                view! {
                    <div class="table-scroll">
                        <table class="list-table" style=labels.get_value()>
                            <caption class="visually-hidden">{caption}</caption>
                            <thead>
                                <tr>
                                    {select_heading.as_ref().map(ViewFn::run)}
                                    {columns
                                        .get_value()
                                        .into_iter()
                                        .map(|c| view! { <th scope="col">{c}</th> })
                                        .collect_view()}
                                </tr>
                            </thead>
                            <tbody>{rows.run()}</tbody>
                        </table>
                    </div>
                }
                .into_any()
            };
            view! {
                {body}
                <Pager position />
            }
            .into_any()
        }
    }
}
