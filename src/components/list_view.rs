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
    let retry = Callback::new(move |_| resource.refetch());
    let columns = StoredValue::new(columns);
    move || match resource.get() {
        None | Some(Err(ApiError::Aborted)) => view! {
            <p class="loading" role="status" aria-busy="true">
                "Loading…"
            </p>
        }
        .into_any(),
        Some(Err(error)) => view! { <ErrorPanel error on_retry=retry /> }.into_any(),
        Some(Ok(page)) => {
            let position = PagePosition::from(&page);
            let body = if page.data.is_empty() {
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
                            <tbody>{page.data.into_iter().map(|item| row.run(item)).collect_view()}</tbody>
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
