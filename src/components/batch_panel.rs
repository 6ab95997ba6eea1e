use super::{ConfirmDialog, Confirmation};
use crate::state::batch::{BatchRun, ItemState, Plan, RunOptions, RunState};
use crate::state::session::use_session;
use leptos::html::{Section, P};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Past this many items, a destructive plan asks to type its label before it is applied.
pub const TYPED_CONFIRMATION_ABOVE: usize = 10;

/// "1 item", "3 items".
fn items(count: usize) -> String {
    match count {
        1 => "1 item".to_owned(),
        n => format!("{n} items"),
    }
}

/// A bulk action's whole life, the one view every bulk action uses: its plan (each item and
/// what will change for it, with the count) with "Apply" (the plan's label) and "Discard"; for
/// a destructive plan the confirmation dialog, asking to type the label above
/// [`TYPED_CONFIRMATION_ABOVE`] items; then a progress bar with the counts and items per second
/// (a live region) and "Cancel"; then each item's result, the summary, "Retry failed" and
/// "Close". Focus goes to the panel when it opens, to the summary when the run ends, and back
/// to where it was when it closes. Leaving the page cancels the queue (writes under way finish).
#[component]
pub fn BatchPanel(
    /// The plan to show: the page sets it; the panel sets it back to `None` when closed.
    plan: RwSignal<Option<Plan>, LocalStorage>,
    /// Called as the plan is applied (e.g. to clear the selection it was made from).
    #[prop(optional)]
    on_apply: Option<Callback<()>>,
) -> impl IntoView {
    let session = use_session();
    let owner = Owner::current();
    let run = RwSignal::new_local(None::<BatchRun>);
    let confirming = RwSignal::new(false);
    let panel = NodeRef::<Section>::new();
    let summary = NodeRef::<P>::new();
    let opener = StoredValue::new_local(None::<web_sys::HtmlElement>);

    on_cleanup(move || {
        if let Some(Some(run)) = run.try_get_untracked() {
            run.cancel();
        }
    });

    // Opening: remember where focus was, then move it to the panel.
    Effect::new(move |was_open: Option<bool>| {
        let open = plan.with(Option::is_some);
        if open && was_open != Some(true) {
            let active = document()
                .active_element()
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
            opener.set_value(active);
            focus_soon(move || panel.get_untracked().map(|p| p.unchecked_into()));
        }
        open
    });
    // The end of a run: its summary gets focus, so it is read out.
    Effect::new(move |_| {
        if run.with(|r| r.as_ref().is_some_and(BatchRun::is_finished)) {
            focus_soon(move || summary.get_untracked().map(|p| p.unchecked_into()));
        }
    });

    let start = Callback::new(move |chosen: Plan| {
        if let Some(on_apply) = on_apply {
            on_apply.run(());
        }
        let options = RunOptions {
            journal: Some(session.journal()),
            ..Default::default()
        };
        // The run's signals belong to the panel: they go when it does.
        let started = match &owner {
            Some(owner) => owner.with(|| BatchRun::start(chosen, session.client(), options)),
            None => BatchRun::start(chosen, session.client(), options),
        };
        run.set(Some(started));
        focus_soon(move || panel.get_untracked().map(|p| p.unchecked_into()));
    });
    let apply = move || {
        let Some(chosen) = plan.get_untracked() else { return };
        if chosen.destructive {
            confirming.set(true);
        } else {
            start.run(chosen);
        }
    };
    let close = move || {
        confirming.set(false);
        run.set(None);
        plan.set(None);
        if let Some(opener) = opener.get_value().filter(|o| o.is_connected()) {
            let _ = opener.focus();
        }
    };
    let retry = move || {
        let Some(again) = run.with_untracked(|r| r.as_ref().and_then(BatchRun::retry_failed)) else {
            return;
        };
        plan.set(Some(again.clone()));
        start.run(again);
    };

    let confirmation = Signal::derive(move || {
        if !confirming.get() {
            return None;
        }
        plan.with(|p| {
            p.as_ref().map(|p| {
                let count = p.to_send();
                Confirmation {
                    title: format!("{}?", p.title),
                    message: format!(
                        "This cannot be undone: {} will be changed for good, each as the plan lists.",
                        items(count)
                    ),
                    confirm_label: p.apply_label.clone(),
                    type_to_confirm: (count > TYPED_CONFIRMATION_ABOVE).then(|| p.apply_label.clone()),
                }
            })
        })
    });

    let body = move || {
        if let Some(current) = run.get() {
            return view! {
                <RunView
                    run=current
                    summary
                    on_retry=Callback::new(move |_| retry())
                    on_close=Callback::new(move |_| close())
                />
            }
            .into_any();
        }
        plan.with(|p| {
            p.as_ref()
                .map(|p| plan_view(p, Callback::new(move |_| apply()), Callback::new(move |_| close())))
        })
        .into_any()
    };
    let title = move || {
        run.with(|r| r.as_ref().map(|r| r.plan().title.clone()))
            .or_else(|| plan.with(|p| p.as_ref().map(|p| p.title.clone())))
    };
    view! {
        <section
            node_ref=panel
            class="card batch-panel"
            tabindex="-1"
            aria-labelledby="batch-title"
            hidden=move || plan.with(Option::is_none)
        >
            <h2 id="batch-title">{title}</h2>
            {body}
        </section>
        // Only while it asks: the page's own confirmation stays the one in the page at rest.
        {move || {
            confirming
                .get()
                .then(|| {
                    view! {
                        <ConfirmDialog
                            request=confirmation
                            pending=Signal::from(false)
                            on_confirm=Callback::new(move |_| {
                                confirming.set(false);
                                if let Some(chosen) = plan.get_untracked() {
                                    start.run(chosen);
                                }
                            })
                            on_cancel=Callback::new(move |_| confirming.set(false))
                        />
                    }
                })
        }}
    }
}

/// The plan: each item and what will change for it, the count, "Apply" and "Discard".
fn plan_view(plan: &Plan, on_apply: Callback<()>, on_discard: Callback<()>) -> AnyView {
    let (total, to_send) = (plan.items.len(), plan.to_send());
    let count = match total - to_send {
        0 => format!("{}: each will be changed as listed.", items(total)),
        skipped => format!("{}: {} will be changed, {skipped} skipped.", items(total), to_send),
    };
    let rows = plan
        .items
        .iter()
        .map(|item| {
            let skip = item.skip.clone().map(
                |why| view! { <span class="batch-result batch-result-skipped">{format!("Skipped: {why}")}</span> },
            );
            view! {
                <li>
                    <span class="batch-what">{item.what.clone()}</span>
                    " "
                    <span class="batch-change">{item.change.clone()}</span>
                    " "
                    {skip}
                </li>
            }
        })
        .collect_view();
    let class = if plan.destructive { "danger" } else { "" };
    view! {
        <p class="batch-count">{count}</p>
        <ol class="batch-items">{rows}</ol>
        <div class="actions">
            <button type="button" class=class disabled=to_send == 0 on:click=move |_| on_apply.run(())>
                {plan.apply_label.clone()}
            </button>
            <button type="button" class="secondary" on:click=move |_| on_discard.run(())>
                "Discard"
            </button>
        </div>
    }
    .into_any()
}

/// A run under way or ended: the progress bar and counts, Cancel, each item's state; at the
/// end the summary, "Retry failed" and "Close".
#[component]
fn RunView(run: BatchRun, summary: NodeRef<P>, on_retry: Callback<()>, on_close: Callback<()>) -> impl IntoView {
    let run = StoredValue::new_local(run);
    let total = run.with_value(|r| r.plan().items.len());
    let tally = Memo::new(move |_| run.with_value(BatchRun::tally));
    let state = Memo::new(move |_| run.with_value(BatchRun::state));
    let finished = move || matches!(state.get(), RunState::Finished { .. });
    let status = move || {
        let counts = tally.get();
        match state.get() {
            RunState::Finished { cancelled: false } => counts.to_string(),
            RunState::Finished { cancelled: true } => format!("Cancelled: {counts}"),
            _ => format!(
                "{} done, {} failed, {} remaining · {:.1} items/s",
                counts.done,
                counts.failed,
                counts.remaining,
                run.with_value(BatchRun::per_second)
            ),
        }
    };
    let paused = move || match state.get() {
        RunState::Paused { seconds, told } => {
            let why = if told {
                "The server asked to slow down"
            } else {
                "The server asked to slow down without saying for how long"
            };
            Some(
                view! { <p class="waiting">{format!("{why}: every item waits {seconds} s, then the batch goes on.")}</p> },
            )
        }
        RunState::Stopping => Some(
            view! { <p class="waiting">{"Cancelling: the items under way are finishing; no other is sent.".to_owned()}</p> },
        ),
        _ => None,
    };
    let has_failures = move || tally.get().failed > 0;
    let results = (0..total)
        .map(|index| {
            let (what, change) = run.with_value(|r| {
                let item = &r.plan().items[index];
                (item.what.clone(), item.change.clone())
            });
            let item = Memo::new(move |_| run.with_value(|r| r.item(index)).unwrap_or(ItemState::Queued));
            let result = move || {
                let item = item.get();
                let request_id = item.request_id().map(|id| {
                    view! {
                        <span class="hint">
                            " · request id " <code>{id.to_owned()}</code>
                        </span>
                    }
                });
                view! {
                    <span class=format!("batch-result batch-result-{}", item.class())>{item.text()}</span>
                    {request_id}
                }
            };
            view! {
                <li>
                    <span class="batch-what">{what}</span>
                    " "
                    <span class="batch-change">{change}</span>
                    " "
                    {result}
                </li>
            }
        })
        .collect_view();
    view! {
        <progress class="batch-progress" max=total value=move || total - tally.get().remaining aria-label="Progress"></progress>
        <p node_ref=summary class="batch-summary" role="status" tabindex="-1">
            {status}
        </p>
        {paused}
        <div class="actions">
            <button
                type="button"
                class="secondary"
                hidden=finished
                disabled=move || state.get() == RunState::Stopping
                on:click=move |_| run.with_value(BatchRun::cancel)
            >
                "Cancel"
            </button>
            <button type="button" hidden=move || !finished() || !has_failures() on:click=move |_| on_retry.run(())>
                "Retry failed"
            </button>
            <button type="button" class="secondary" hidden=move || !finished() on:click=move |_| on_close.run(())>
                "Close"
            </button>
        </div>
        <ol class="batch-items">{results}</ol>
    }
}

/// Focuses what `target` finds once the view has been drawn.
fn focus_soon(target: impl Fn() -> Option<web_sys::HtmlElement> + 'static) {
    request_animation_frame(move || {
        if let Some(element) = target() {
            let _ = element.focus();
        }
    });
}
