use super::{ErrorPanel, PagePosition, Pager};
use crate::api::{ApiError, Page, PageRequest};
use crate::state::queries::Query;
use crate::state::url::use_url_query;
use leptos::prelude::*;
use std::hash::Hash;

/// One list of the Admin API, in every state it can be in: loading, failed (with the message,
/// the request id and a retry), empty (saying what to do next), or a table with the pager.
///
/// Rows are keyed by their content: when the list is asked again (after a write, or in the
/// background) the rows that did not change keep their elements, so focus and a choice not yet
/// saved stay where they were; a row whose item changed is drawn again. `row` may read reactive
/// state (a name looked up, a workspace): the row is drawn again when that changes.
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
    list_states(
        caption,
        columns,
        shown,
        rows,
        Callback::new(move |_| resource.refetch()),
        empty,
    )
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
) -> impl IntoView {
    let columns = StoredValue::new(columns);
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
                        <table>
                            <caption class="visually-hidden">{caption}</caption>
                            <thead>
                                <tr>
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
