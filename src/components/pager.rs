use crate::api::{Cursor, Page};
use crate::state::url::{use_url_query, PAGE_SIZES};
use leptos::prelude::*;

/// Where a page sits in its list: what the pager needs from a [`Page`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PagePosition {
    pub has_more: bool,
    pub first_id: Option<String>,
    pub last_id: Option<String>,
    pub is_empty: bool,
}

impl<T> From<&Page<T>> for PagePosition {
    fn from(page: &Page<T>) -> Self {
        Self {
            has_more: page.has_more,
            first_id: page.first_id.clone(),
            last_id: page.last_id.clone(),
            is_empty: page.data.is_empty(),
        }
    }
}

/// "Previous page" / "Next page" and the page size of a cursor-paged list, kept in the URL.
/// `has_more` speaks of the direction asked: after the page going forward, before it going back.
#[component]
pub fn Pager(position: PagePosition) -> impl IntoView {
    let url = use_url_query();
    // Read once: the list re-creates its pager whenever the page changes.
    let request = untrack(|| url.page_request());
    let going_back = matches!(request.cursor, Some(Cursor::Before(_)));
    let has_cursor = request.cursor.is_some();
    // Going back, the page we came from is after this one; going forward, one before it.
    let previous = match (&position.first_id, going_back) {
        (Some(first), true) if position.has_more => Some(first.clone()),
        (Some(first), false) if has_cursor => Some(first.clone()),
        _ => None,
    };
    let next = match (&position.last_id, going_back) {
        (Some(last), false) if position.has_more => Some(last.clone()),
        (Some(last), true) => Some(last.clone()),
        _ => None,
    };
    let limit = request.limit.unwrap_or(PAGE_SIZES[0]);
    let no_previous = previous.is_none();
    let no_next = next.is_none();
    view! {
        <nav class="pager" aria-label="Pages">
            <button
                type="button"
                class="secondary"
                disabled=no_previous
                on:click=move |_| url.set_cursor(previous.clone().map(Cursor::Before))
            >
                "Previous page"
            </button>
            <button
                type="button"
                class="secondary"
                disabled=no_next
                on:click=move |_| url.set_cursor(next.clone().map(Cursor::After))
            >
                "Next page"
            </button>
            {(has_cursor && (position.is_empty || no_previous))
                .then(|| {
                    view! {
                        <button type="button" class="link" on:click=move |_| url.set_cursor(None)>
                            "First page"
                        </button>
                    }
                })}
            <label class="page-size">
                "Per page "
                <select on:change=move |ev| url.set_one("limit", Some(event_target_value(&ev)))>
                    {PAGE_SIZES
                        .into_iter()
                        .map(|size| view! { <option value=size.to_string() selected=size == limit>{size}</option> })
                        .collect_view()}
                </select>
            </label>
        </nav>
    }
}
