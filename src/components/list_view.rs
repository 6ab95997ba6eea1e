use super::{ErrorPanel, PagePosition, Pager};
use crate::api::{ApiError, Page};
use leptos::prelude::*;

/// One list of the Admin API, in every state it can be in: loading, failed (with the message,
/// the request id and a retry), empty (saying what to do next), or a table with the pager.
#[component]
pub fn ListView<T: Clone + Send + Sync + 'static>(
    /// The table's caption, for screen readers.
    caption: &'static str,
    /// The column headings.
    columns: Vec<&'static str>,
    resource: LocalResource<Result<Page<T>, ApiError>>,
    /// Renders one item as a `<tr>`.
    row: Callback<T, AnyView>,
    /// What the list says when there is nothing in it: what to do next.
    empty: ViewFn,
) -> impl IntoView {
    // Only this adapter depends on the item type; the list itself is built once for all lists.
    let state = move || {
        resource.with(|loaded| match loaded.as_ref() {
            None | Some(Err(ApiError::Aborted)) => Listed::Loading,
            Some(Err(error)) => Listed::Failed(error.clone()),
            Some(Ok(page)) => Listed::Loaded(
                PagePosition::from(page),
                page.data.iter().map(|item| row.run(item.clone())).collect(),
            ),
        })
    };
    list_states(
        caption,
        columns,
        Box::new(state),
        Callback::new(move |_| resource.refetch()),
        empty,
    )
}

/// What a list shows.
enum Listed {
    Loading,
    Failed(ApiError),
    Loaded(PagePosition, Vec<AnyView>),
}

fn list_states(
    caption: &'static str,
    columns: Vec<&'static str>,
    state: Box<dyn Fn() -> Listed + Send + Sync>,
    retry: Callback<()>,
    empty: ViewFn,
) -> impl IntoView {
    let columns = StoredValue::new(columns);
    move || match state() {
        Listed::Loading => view! {
            <p class="loading" role="status" aria-busy="true">
                "Loading…"
            </p>
        }
        .into_any(),
        Listed::Failed(error) => view! { <ErrorPanel error on_retry=retry /> }.into_any(),
        Listed::Loaded(position, rows) => {
            let body = if rows.is_empty() {
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
                            <tbody>{rows}</tbody>
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
