//! The shared components, mounted alone: the confirm dialog, the choice, the list view with its
//! pager, relative times.

use crate::common::*;
use admin_console::api::{ApiError, HttpError, Page};
use admin_console::components::time::relative;
use admin_console::components::{Choice, ConfirmDialog, Confirmation, ListView};
use admin_console::state::queries::Query;
use leptos::prelude::*;
use leptos_router::components::Router;
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen_test::*;
use web_sys::{HtmlButtonElement, HtmlElement, HtmlInputElement, HtmlSelectElement};

fn confirmation(type_to_confirm: Option<&str>) -> Confirmation {
    Confirmation {
        title: "Archive Research?".into(),
        message: "Archiving cannot be undone.".into(),
        confirm_label: "Archive Research".into(),
        type_to_confirm: type_to_confirm.map(str::to_owned),
    }
}

#[wasm_bindgen_test]
async fn the_confirm_dialog_names_the_target_and_waits_for_the_typed_name() {
    let root = container();
    let request = RwSignal::new(None::<Confirmation>);
    let pending = RwSignal::new(false);
    let confirmed = Rc::new(Cell::new(0));
    let cancelled = Rc::new(Cell::new(0));
    let (c, x) = (confirmed.clone(), cancelled.clone());
    let confirmed_count = send_wrapper::SendWrapper::new(c);
    let cancelled_count = send_wrapper::SendWrapper::new(x);
    let handle = mount_view(root.clone(), move || {
        let confirmed_count = confirmed_count.clone();
        let cancelled_count = cancelled_count.clone();
        view! {
            <ConfirmDialog
                request=request
                pending=pending
                on_confirm=Callback::new(move |_| confirmed_count.set(confirmed_count.get() + 1))
                on_cancel=Callback::new(move |_| cancelled_count.set(cancelled_count.get() + 1))
            />
        }
    });
    let dialog: web_sys::HtmlDialogElement = find(&root, "dialog");
    assert!(!dialog.open());

    request.set(Some(confirmation(Some("Research"))));
    wait_for("the dialog to open", || dialog.open()).await;
    assert!(dialog.inner_text().contains("Archive Research?"));
    assert!(dialog.inner_text().contains("cannot be undone"));
    let confirm: HtmlButtonElement = find(&root, "dialog button[type=submit]");
    assert_eq!(confirm.inner_text(), "Archive Research");
    assert!(confirm.disabled(), "nothing typed yet");
    let typed: HtmlInputElement = find(&root, ".confirm-typed");
    type_into(&typed, "Researc");
    sleep(50).await;
    assert!(confirm.disabled());
    type_into(&typed, "Research");
    wait_for("the typed name to enable the button", || !confirm.disabled()).await;
    pending.set(true);
    wait_for("pending to disable the button", || confirm.disabled()).await;
    pending.set(false);
    wait_for("the button to be enabled again", || !confirm.disabled()).await;
    confirm.click();
    assert_eq!(confirmed.get(), 1);

    let cancel: HtmlButtonElement = find(&root, "dialog button.secondary");
    cancel.click();
    assert_eq!(cancelled.get(), 1);
    request.set(None);
    wait_for("the dialog to close", || !dialog.open()).await;

    // Opening again starts with nothing typed.
    request.set(Some(confirmation(Some("Research"))));
    wait_for("the dialog to open", || dialog.open()).await;
    let typed: HtmlInputElement = find(&root, ".confirm-typed");
    assert_eq!(typed.value(), "");
    request.set(None);
    drop(handle);
    root.remove();
}

#[wasm_bindgen_test]
async fn a_plain_confirmation_needs_no_typing() {
    let root = container();
    let request = RwSignal::new(Some(confirmation(None)));
    let handle = mount_view(root.clone(), move || {
        view! { <ConfirmDialog request=request pending=Signal::stored(false) on_confirm=Callback::new(|_| {}) on_cancel=Callback::new(|_| {}) /> }
    });
    let dialog: web_sys::HtmlDialogElement = find(&root, "dialog");
    wait_for("the dialog to open", || dialog.open()).await;
    assert!(try_find(&root, ".confirm-typed").is_none());
    let confirm: HtmlButtonElement = find(&root, "dialog button[type=submit]");
    wait_for("the button to be enabled", || !confirm.disabled()).await;
    request.set(None);
    drop(handle);
    root.remove();
}

#[wasm_bindgen_test]
fn the_choice_is_labelled_and_reports_the_chosen_value() {
    let root = container();
    let chosen = RwSignal::new(String::new());
    let handle = mount_view(root.clone(), move || {
        view! {
            <Choice
                label="Role".into()
                choices=vec![("user".into(), "User".into()), ("developer".into(), "Developer".into())]
                selected=Signal::stored("developer".to_owned())
                on_change=Callback::new(move |value| chosen.set(value))
            />
        }
    });
    let label: HtmlElement = find(&root, "label");
    assert!(label.inner_text().starts_with("Role"));
    let select: HtmlSelectElement = find(&root, "label select");
    assert_eq!(select.value(), "developer");
    select.set_value("user");
    select.dispatch_event(&web_sys::Event::new("change").unwrap()).unwrap();
    assert_eq!(chosen.get_untracked(), "user");
    drop(handle);
    root.remove();
}

/// Mounts a ListView of strings, with the router its pager needs, fed by `fetch`.
fn list_view(
    root: &HtmlElement,
    fetch: impl Fn() -> Result<Page<String>, ApiError> + Clone + 'static,
) -> Mounted<impl Mountable> {
    let fetch = send_wrapper::SendWrapper::new(fetch);
    mount_view(root.clone(), move || {
        let fetch = fetch.clone();
        let resource = LocalResource::new(move || {
            let result = (*fetch)();
            async move { result }
        });
        let resource = Query::new(move || resource.get(), move || resource.refetch());
        view! {
            <Router>
                <ListView
                    caption="Things"
                    columns=vec!["Name"]
                    resource
                    row=Callback::new(|name: String| view! { <tr><td>{name}</td></tr> }.into_any())
                    empty=ViewFn::from(|| view! { <p>"Nothing yet: add one."</p> })
                />
            </Router>
        }
    })
}

fn page(names: &[&str], has_more: bool) -> Page<String> {
    Page {
        data: names.iter().map(|n| n.to_string()).collect(),
        has_more,
        first_id: names.first().map(|n| n.to_string()),
        last_id: names.last().map(|n| n.to_string()),
    }
}

#[wasm_bindgen_test]
async fn the_list_view_shows_rows_and_a_pager() {
    go_to("/");
    let root = container();
    let handle = list_view(&root, || Ok(page(&["a", "b"], true)));
    wait_for("the table", || try_find(&root, "table").is_some()).await;
    assert_eq!(root.query_selector_all("tbody tr").unwrap().length(), 2);
    assert_eq!(find::<HtmlElement>(&root, "caption").inner_text(), "Things");
    let buttons = root.query_selector_all(".pager button").unwrap();
    let previous: HtmlButtonElement = wasm_bindgen::JsCast::unchecked_into(buttons.item(0).unwrap());
    let next: HtmlButtonElement = wasm_bindgen::JsCast::unchecked_into(buttons.item(1).unwrap());
    assert!(previous.disabled(), "first page");
    assert!(!next.disabled(), "has_more");
    next.click();
    wait_for("the cursor in the URL", || {
        web_sys::window().unwrap().location().search().unwrap() == "?after_id=b"
    })
    .await;
    drop(handle);
    root.remove();
    go_to("/");
}

#[wasm_bindgen_test]
async fn the_list_view_says_what_to_do_when_empty() {
    go_to("/");
    let root = container();
    let handle = list_view(&root, || Ok(page(&[], false)));
    wait_for("the empty state", || try_find(&root, ".empty").is_some()).await;
    assert!(root.inner_text().contains("Nothing yet: add one."));
    assert!(try_find(&root, "table").is_none());
    drop(handle);
    root.remove();
}

#[wasm_bindgen_test]
async fn the_list_view_shows_an_error_with_its_request_id_and_a_retry() {
    go_to("/");
    let root = container();
    let attempts = Rc::new(Cell::new(0));
    let counter = attempts.clone();
    let handle = list_view(&root, move || {
        counter.set(counter.get() + 1);
        Err(ApiError::Http(HttpError {
            status: 500,
            error_type: None,
            message: Some("boom".into()),
            request_id: Some("req_test123".into()),
            retry_after_secs: None,
        }))
    });
    wait_for("the error", || try_find(&root, "[role=alert]").is_some()).await;
    let alert = find::<HtmlElement>(&root, "[role=alert]").inner_text();
    assert!(alert.contains("The server failed (status 500)"), "{alert}");
    assert!(alert.contains("boom"), "{alert}");
    assert!(alert.contains("req_test123"), "{alert}");
    let before = attempts.get();
    find::<HtmlButtonElement>(&root, "[role=alert] button").click();
    wait_for("a retry", || attempts.get() > before).await;
    drop(handle);
    root.remove();
}

#[wasm_bindgen_test]
fn relative_times_read_naturally() {
    let now = 1_700_000_000_000.0;
    let day = 86_400_000.0;
    assert_eq!(relative(now + 20.0 * day + 5.0, now), "in 20 days");
    assert_eq!(relative(now - 3.0 * day, now), "3 days ago");
    assert_eq!(relative(now - 1.0 * day, now), "1 day ago");
    assert_eq!(relative(now + 2.0 * 3_600_000.0, now), "in 2 hours");
    assert_eq!(relative(now - 30_000.0, now), "just now");
}
