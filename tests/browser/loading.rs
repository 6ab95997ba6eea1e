//! What the pages rely on from Leptos' two async primitives, with the client's abort signals: a
//! page's `LocalResource` (reloads when what it reads changes, aborts the request it replaces,
//! keeps the last value meanwhile, ignores stale answers, aborts what runs when the page goes)
//! and `Action::new_local` (pending while any dispatch runs; its value is the last answer to
//! arrive, which is why pages disable a write's controls while it is pending).

use crate::common::*;
use admin_console::api::abort_on_cleanup;
use leptos::prelude::*;
use leptos::tachys::view::Mountable;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen_test::*;

/// Runs `make` under a mounted (empty) view, for the executor and an owner, and returns what
/// it made with the view's handle (dropping it disposes of what was made).
fn under_a_view<T: Copy + 'static>(
    root: &web_sys::HtmlElement,
    make: impl Fn() -> T + 'static,
) -> (T, Mounted<impl Mountable>) {
    let made = Rc::new(Cell::new(None));
    let out = made.clone();
    let handle = mount_view(root.clone(), move || out.set(Some(make())));
    (made.get().expect("made while mounting"), handle)
}

#[wasm_bindgen_test]
async fn a_local_resource_reloads_on_change_keeps_its_value_meanwhile_and_ignores_stale_answers() {
    let root = container();
    let source = RwSignal::new(1);
    let signals = Rc::new(RefCell::new(Vec::new()));
    let seen = signals.clone();
    let (loader, mounted) = under_a_view(&root, move || {
        let seen = seen.clone();
        LocalResource::new(move || {
            let n = source.get();
            let seen = seen.clone();
            async move {
                seen.borrow_mut().push(abort_on_cleanup().expect("an abort signal"));
                // The second load is slow, so the third overtakes it.
                sleep(if n == 2 { 150 } else { 10 }).await;
                n * 10
            }
        })
    });
    wait_for("the first load", || loader.get() == Some(10)).await;

    source.set(2);
    wait_for("the second load to start", || signals.borrow().len() == 2).await;
    assert_eq!(loader.get(), Some(10), "the last value stays while loading");
    source.set(3);
    wait_for("the third load", || loader.get() == Some(30)).await;
    assert!(signals.borrow()[1].aborted(), "the replaced request was aborted");
    sleep(250).await;
    assert_eq!(loader.get(), Some(30), "the stale second answer is ignored");

    loader.refetch();
    wait_for("a refetch", || signals.borrow().len() == 4).await;
    source.set(2);
    wait_for("a slow load to start", || signals.borrow().len() == 5).await;
    drop(mounted);
    assert!(signals.borrow()[4].aborted(), "leaving the view aborted its request");
    root.remove();
}

#[wasm_bindgen_test]
async fn an_action_is_pending_while_any_dispatch_runs_and_keeps_the_last_answer() {
    let root = container();
    let (task, _mounted) = under_a_view(&root, || {
        Action::new_local(|ms: &i32| {
            let ms = *ms;
            async move {
                sleep(ms).await;
                ms
            }
        })
    });
    let pending = task.pending();
    assert!(!pending.get_untracked());
    task.dispatch(200);
    task.dispatch(10);
    assert!(pending.get_untracked());
    wait_for("the second dispatch", || task.value().get_untracked() == Some(10)).await;
    assert!(pending.get_untracked(), "the first dispatch still runs");
    wait_for("every dispatch to end", || !pending.get_untracked()).await;
    assert_eq!(
        task.value().get_untracked(),
        Some(200),
        "the last answer to arrive is the value"
    );
    root.remove();
}
