//! The batch runner: the one way a bulk action sends its writes, and tells the truth about each.
//!
//! A page makes a [`Plan`] (each [`PlanItem`]: what it is, what will change, the write to send
//! and, when it can, how to read the object back) and starts a [`BatchRun`] of it. The run:
//! - sends the items with bounded concurrency ([`RunOptions::concurrency`], 4 by default);
//! - on a 429 pauses the whole batch as `retry-after` says (every worker waits), then sends that
//!   item again: the server did not act on it, so it is never a failure. The client hands the
//!   429 over instead of waiting it out itself ([`Client::rate_limits_to_caller`]);
//! - never sends a write again after a 5xx (a failure, with the envelope's message and request
//!   id) or a lost answer (a network failure, no answer within
//!   [`RunOptions::answer_timeout_ms`], a body that is not the contract's): the outcome is
//!   unknown, so it reads the object back and reports what it found ("verified: done" or
//!   "verified: not done");
//! - keeps its progress in signals (each item's [`ItemState`], the [`Tally`], items per second);
//! - stops its queue on [`BatchRun::cancel`] (and on a 401: the key is no longer accepted):
//!   items not yet sent are skipped, the ones under way finish and are reported;
//! - calls the plan's `on_finished` once at the end, where the page invalidates its lists.
//!
//! Writes go through the session's client, so each one is journaled as part of the bulk action;
//! what a read-back found is added to its journal entry.

use super::journal::Journal;
use crate::api::{sleep_ms, ApiCall, ApiError, BulkPart, Client, Subject, DEFAULT_RATE_LIMIT_WAIT_SECS};
use leptos::prelude::*;
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::fmt;
use std::rc::Rc;
use std::time::Duration;

/// How many items are sent at once by default.
pub const DEFAULT_CONCURRENCY: usize = 4;
/// How long an answer may take by default before it counts as lost.
pub const DEFAULT_ANSWER_TIMEOUT_MS: u32 = 30_000;
/// Why the items not yet sent were skipped, when a person pressed Cancel.
pub const CANCELLED: &str = "not sent: cancelled";

type Write = Rc<dyn Fn(&Client) -> ApiCall<'_, ()>>;
type ReadBack = Rc<dyn Fn(&Client) -> ApiCall<'_, bool>>;

/// Fixes a closure's signature to one that returns a call borrowing the client it is given.
fn call_fn<T, F: for<'a> Fn(&'a Client) -> ApiCall<'a, T>>(f: F) -> F {
    f
}

/// One item of a plan.
#[derive(Clone)]
pub struct PlanItem {
    /// The object's id: what identifies the item.
    pub id: String,
    /// What it is, e.g. "API key “ci 1”".
    pub what: String,
    /// What will change, e.g. "Active → Inactive".
    pub change: String,
    /// Why it will not be sent, if it will not (e.g. "already inactive").
    pub skip: Option<String>,
    subject: Option<Subject>,
    write: Option<Write>,
    read_back: Option<ReadBack>,
}

impl PlanItem {
    /// An item that sends `write` (any call of the client; its answer is not kept).
    pub fn new<T: 'static>(
        id: impl Into<String>,
        what: impl Into<String>,
        change: impl Into<String>,
        write: impl for<'a> Fn(&'a Client) -> ApiCall<'a, T> + 'static,
    ) -> Self {
        let write: Write = Rc::new(call_fn(move |client| {
            let call = write(client);
            Box::pin(async move { call.await.map(drop) })
        }));
        Self {
            id: id.into(),
            what: what.into(),
            change: change.into(),
            skip: None,
            subject: None,
            write: Some(write),
            read_back: None,
        }
    }

    /// An item shown in the plan and its results but never sent, saying why.
    pub fn skipped(
        id: impl Into<String>,
        what: impl Into<String>,
        change: impl Into<String>,
        why: impl Into<String>,
    ) -> Self {
        Self {
            id: id.into(),
            what: what.into(),
            change: change.into(),
            skip: Some(why.into()),
            subject: None,
            write: None,
            read_back: None,
        }
    }

    /// The object as the page saw it before: the journal's name and before values.
    pub fn about(mut self, subject: impl Into<Subject>) -> Self {
        self.subject = Some(subject.into());
        self
    }

    /// How to learn, after a lost answer, whether the change was made: `read` the object, and
    /// `made` says whether what came back has the change.
    pub fn read_back<T: 'static>(
        mut self,
        read: impl for<'a> Fn(&'a Client) -> ApiCall<'a, T> + 'static,
        made: impl Fn(&T) -> bool + 'static,
    ) -> Self {
        let made = Rc::new(made);
        self.read_back = Some(Rc::new(call_fn(move |client| {
            let call = read(client);
            let made = made.clone();
            Box::pin(async move { call.await.map(|value| made(&value)) })
        })));
        self
    }

    /// How to learn, after a lost answer, whether a removal was made: `read` the object; a 404
    /// means it is gone (made), an answer that it is still there (not made).
    pub fn read_back_gone<T: 'static>(self, read: impl for<'a> Fn(&'a Client) -> ApiCall<'a, T> + 'static) -> Self {
        self.read_back_presence(read, true)
    }

    /// How to learn, after a lost answer, whether an addition was made: `read` the object; an
    /// answer means it is there (made), a 404 that it is not (not made).
    pub fn read_back_found<T: 'static>(self, read: impl for<'a> Fn(&'a Client) -> ApiCall<'a, T> + 'static) -> Self {
        self.read_back_presence(read, false)
    }

    fn read_back_presence<T: 'static>(
        mut self,
        read: impl for<'a> Fn(&'a Client) -> ApiCall<'a, T> + 'static,
        gone_means_made: bool,
    ) -> Self {
        self.read_back = Some(Rc::new(call_fn(move |client| {
            let call = read(client);
            Box::pin(async move {
                match call.await {
                    Ok(_) => Ok(!gone_means_made),
                    Err(error) if error.status() == Some(404) => Ok(gone_means_made),
                    Err(error) => Err(error),
                }
            })
        })));
        self
    }

    /// Whether the run sends it.
    pub fn is_sent(&self) -> bool {
        self.skip.is_none() && self.write.is_some()
    }
}

/// What a bulk action will do: its items, and what to do once they are all done.
#[derive(Clone)]
pub struct Plan {
    /// E.g. "Deactivate 12 API keys": the plan's heading and its journal entries' bulk title.
    pub title: String,
    /// The label of the button that applies it (by default the title).
    pub apply_label: String,
    /// Whether it destroys anything: it then needs the confirmation.
    pub destructive: bool,
    pub items: Vec<PlanItem>,
    on_finished: Option<Rc<dyn Fn()>>,
}

impl Plan {
    pub fn new(title: impl Into<String>, items: Vec<PlanItem>) -> Self {
        let title = title.into();
        Self {
            apply_label: title.clone(),
            title,
            destructive: false,
            items,
            on_finished: None,
        }
    }

    /// Marks the plan as one that destroys what it changes (archive, remove, delete).
    pub fn destructive(mut self) -> Self {
        self.destructive = true;
        self
    }

    /// Called once when a run of the plan ends (cancelled or not): the place to invalidate the
    /// lists it changed, once.
    pub fn on_finished(mut self, finished: impl Fn() + 'static) -> Self {
        self.on_finished = Some(Rc::new(finished));
        self
    }

    /// How many items will be sent.
    pub fn to_send(&self) -> usize {
        self.items.iter().filter(|i| i.is_sent()).count()
    }
}

/// How a run goes.
#[derive(Clone)]
pub struct RunOptions {
    /// How many items are sent at once.
    pub concurrency: usize,
    /// How long an answer may take before it counts as lost (then the object is read back).
    pub answer_timeout_ms: u32,
    /// Where to add what a read-back found (the session's journal).
    pub journal: Option<Journal>,
}

impl Default for RunOptions {
    fn default() -> Self {
        Self {
            concurrency: DEFAULT_CONCURRENCY,
            answer_timeout_ms: DEFAULT_ANSWER_TIMEOUT_MS,
            journal: None,
        }
    }
}

/// Where one item is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ItemState {
    Queued,
    Sending,
    Done,
    /// The server refused it: the envelope's message and the request id.
    Failed {
        message: String,
        request_id: Option<String>,
    },
    /// Never sent: why.
    Skipped(String),
    /// The answer was lost (`lost` says how): reading the object back.
    Verifying {
        lost: String,
    },
    /// The answer was lost; reading the object back found the change `made`, or not.
    Verified {
        made: bool,
        lost: String,
    },
    /// The answer was lost and reading back could not tell: why.
    Unknown(String),
}

impl ItemState {
    /// What a person reads for it.
    pub fn text(&self) -> String {
        match self {
            Self::Queued => "Waiting".to_owned(),
            Self::Sending => "Sending…".to_owned(),
            Self::Done => "Done".to_owned(),
            Self::Failed { message, .. } => format!("Failed: {message}"),
            Self::Skipped(why) => format!("Skipped: {why}"),
            Self::Verifying { lost } => format!("Outcome unknown ({lost}): reading it back…"),
            Self::Verified { made: true, lost } => format!("Outcome unknown ({lost}); verified: done"),
            Self::Verified { made: false, lost } => format!("Outcome unknown ({lost}); verified: not done"),
            Self::Unknown(why) => format!("Outcome unknown: {why}"),
        }
    }

    /// A short class name for styling, e.g. `done`, `failed`.
    pub fn class(&self) -> &'static str {
        match self {
            Self::Queued => "queued",
            Self::Sending | Self::Verifying { .. } => "sending",
            Self::Done | Self::Verified { made: true, .. } => "done",
            Self::Failed { .. } | Self::Verified { made: false, .. } => "failed",
            Self::Skipped(_) => "skipped",
            Self::Unknown(_) => "unknown",
        }
    }

    /// Whether "Retry failed" sends it again: refused, or read back and found not made.
    pub fn is_failure(&self) -> bool {
        matches!(self, Self::Failed { .. } | Self::Verified { made: false, .. })
    }

    /// The request id to quote, when it failed with one.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Self::Failed { request_id, .. } => request_id.as_deref(),
            _ => None,
        }
    }
}

/// How many items are where. It always adds up to the plan's count.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub done: usize,
    pub failed: usize,
    pub skipped: usize,
    pub unknown: usize,
    /// Queued or under way.
    pub remaining: usize,
}

impl Tally {
    pub fn of(items: &[ItemState]) -> Self {
        let mut tally = Self::default();
        for item in items {
            match item {
                ItemState::Done | ItemState::Verified { made: true, .. } => tally.done += 1,
                ItemState::Failed { .. } | ItemState::Verified { made: false, .. } => tally.failed += 1,
                ItemState::Skipped(_) => tally.skipped += 1,
                ItemState::Unknown(_) => tally.unknown += 1,
                ItemState::Queued | ItemState::Sending | ItemState::Verifying { .. } => tally.remaining += 1,
            }
        }
        tally
    }

    pub fn total(&self) -> usize {
        self.done + self.failed + self.skipped + self.unknown + self.remaining
    }

    /// Items that were sent and came to an end.
    pub fn sent_and_ended(&self) -> usize {
        self.done + self.failed + self.unknown
    }
}

impl fmt::Display for Tally {
    /// "17 done, 2 failed, 1 skipped": done always, the others when there are any.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} done", self.done)?;
        for (count, what) in [
            (self.failed, "failed"),
            (self.skipped, "skipped"),
            (self.unknown, "outcome unknown"),
            (self.remaining, "remaining"),
        ] {
            if count > 0 {
                write!(f, ", {count} {what}")?;
            }
        }
        Ok(())
    }
}

/// Where a whole run is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RunState {
    Running,
    /// The server said 429: every worker waits `seconds` (as `retry-after` said when `told`).
    Paused {
        seconds: u64,
        told: bool,
    },
    /// Cancelled: the items under way are finishing, no other is sent.
    Stopping,
    Finished {
        cancelled: bool,
    },
}

/// One run of a plan, under way or ended. Cheap to clone: every clone is the same run.
#[derive(Clone)]
pub struct BatchRun {
    inner: Rc<Inner>,
}

struct Inner {
    plan: Plan,
    bulk_id: u64,
    client: Client,
    options: RunOptions,
    items: RwSignal<Vec<ItemState>>,
    state: RwSignal<RunState>,
    started_ms: f64,
    ended_ms: RwSignal<Option<f64>>,
    queue: RefCell<VecDeque<usize>>,
    /// Why the queue was stopped, once it was.
    stopped: RefCell<Option<String>>,
    /// No item is sent before this time (ms since the epoch): the whole batch's 429 pause.
    paused_until: Cell<f64>,
    workers: Cell<usize>,
}

thread_local! {
    static LAST_BULK_ID: Cell<u64> = const { Cell::new(0) };
}

/// A number for a new bulk action: the time in ms, made unique.
fn next_bulk_id() -> u64 {
    LAST_BULK_ID.with(|last| {
        let id = (js_sys::Date::now() as u64).max(last.get() + 1);
        last.set(id);
        id
    })
}

impl BatchRun {
    /// Starts sending `plan`'s items with `client` (the session's, so that each write is
    /// journaled). Its signals belong to the current reactive owner.
    pub fn start(plan: Plan, client: Client, options: RunOptions) -> Self {
        let items: Vec<ItemState> = plan
            .items
            .iter()
            .map(|item| match &item.skip {
                Some(why) => ItemState::Skipped(why.clone()),
                None if item.write.is_none() => ItemState::Skipped("nothing to send".to_owned()),
                None => ItemState::Queued,
            })
            .collect();
        let queue: VecDeque<usize> = (0..items.len()).filter(|&i| items[i] == ItemState::Queued).collect();
        let workers = options.concurrency.max(1).min(queue.len());
        let run = Self {
            inner: Rc::new(Inner {
                plan,
                bulk_id: next_bulk_id(),
                client: client.rate_limits_to_caller(),
                options,
                items: RwSignal::new(items),
                state: RwSignal::new(RunState::Running),
                started_ms: js_sys::Date::now(),
                ended_ms: RwSignal::new(None),
                queue: RefCell::new(queue),
                stopped: RefCell::new(None),
                paused_until: Cell::new(0.0),
                workers: Cell::new(workers),
            }),
        };
        if workers == 0 {
            run.finish();
        }
        // Workers run on the browser's own executor, outside any reactive owner: leaving the
        // page does not abort a write under way (its answer would be lost); the panel cancels
        // the queue instead.
        for _ in 0..workers {
            let run = run.clone();
            wasm_bindgen_futures::spawn_local(async move { run.work().await });
        }
        run
    }

    pub fn plan(&self) -> &Plan {
        &self.inner.plan
    }

    /// Each item's state, in the plan's order (tracked).
    pub fn items(&self) -> Vec<ItemState> {
        self.inner.items.get()
    }

    /// One item's state (tracked).
    pub fn item(&self, index: usize) -> Option<ItemState> {
        self.inner.items.with(|items| items.get(index).cloned())
    }

    /// How many items are where (tracked).
    pub fn tally(&self) -> Tally {
        self.inner.items.with(|items| Tally::of(items))
    }

    /// Where the run is (tracked).
    pub fn state(&self) -> RunState {
        self.inner.state.get()
    }

    /// Whether it has ended (tracked).
    pub fn is_finished(&self) -> bool {
        matches!(self.state(), RunState::Finished { .. })
    }

    /// Items sent and ended per second since the start (tracked: it changes as items end).
    pub fn per_second(&self) -> f64 {
        let ended = self.tally().sent_and_ended();
        let until = self.inner.ended_ms.get().unwrap_or_else(js_sys::Date::now);
        let seconds = ((until - self.inner.started_ms) / 1000.0).max(0.001);
        ended as f64 / seconds
    }

    /// The summary, e.g. "18 done, 2 failed" (tracked).
    pub fn summary(&self) -> String {
        self.tally().to_string()
    }

    /// Stops the queue: items not yet sent are skipped; those under way finish.
    pub fn cancel(&self) {
        self.stop(CANCELLED);
    }

    /// A new plan of the items that failed (refused, or read back and found not made), if any.
    pub fn retry_failed(&self) -> Option<Plan> {
        let plan = &self.inner.plan;
        let items: Vec<PlanItem> = self.inner.items.with_untracked(|states| {
            plan.items
                .iter()
                .zip(states)
                .filter(|(_, state)| state.is_failure())
                .map(|(item, _)| item.clone())
                .collect()
        });
        if items.is_empty() {
            return None;
        }
        const RETRY: &str = "Retry failed: ";
        let title = plan.title.strip_prefix(RETRY).unwrap_or(&plan.title);
        Some(Plan {
            title: format!("{RETRY}{title}"),
            items,
            ..plan.clone()
        })
    }

    // --- The workers ------------------------------------------------------------------------

    async fn work(self) {
        loop {
            if self.inner.stopped.borrow().is_some() {
                break;
            }
            let next = self.inner.queue.borrow_mut().pop_front();
            let Some(index) = next else { break };
            let state = self.send(index).await;
            self.set_item(index, state);
        }
        let left = self.inner.workers.get() - 1;
        self.inner.workers.set(left);
        if left == 0 {
            self.finish();
        }
    }

    /// Sends one item until it ends: a 429 waits (the whole batch) and sends it again.
    async fn send(&self, index: usize) -> ItemState {
        let item = &self.inner.plan.items[index];
        let Some(write) = item.write.clone() else {
            return ItemState::Skipped("nothing to send".to_owned());
        };
        let mut client = self.inner.client.clone().in_bulk(BulkPart {
            bulk_id: self.inner.bulk_id,
            title: self.inner.plan.title.clone(),
            item: index,
        });
        if let Some(subject) = &item.subject {
            client = client.about(subject.clone());
        }
        loop {
            if let Some(why) = self.wait_out_pause(true).await {
                return ItemState::Skipped(why);
            }
            self.set_item(index, ItemState::Sending);
            match self.within_deadline(write(&client)).await {
                Ok(()) => return ItemState::Done,
                Err(ApiError::Http(error)) if error.status == 429 => {
                    self.pause(error.retry_after_secs);
                    self.set_item(index, ItemState::Queued);
                }
                Err(error @ ApiError::Http(_)) => {
                    if error.status() == Some(401) {
                        self.stop("not sent: the admin key is no longer accepted");
                    }
                    return ItemState::Failed {
                        message: error.to_string(),
                        request_id: error.request_id().map(str::to_owned),
                    };
                }
                Err(lost) => return self.read_back(index, &client, &lost).await,
            }
        }
    }

    /// After a lost answer: reads the object back, and reports (and journals) what it found.
    async fn read_back(&self, index: usize, client: &Client, lost: &ApiError) -> ItemState {
        let lost = match lost {
            ApiError::Aborted => match self.inner.options.answer_timeout_ms {
                ms if ms % 1000 == 0 => format!("no answer within {} s", ms / 1000),
                ms => format!("no answer within {ms} ms"),
            },
            ApiError::Network(_) => "the answer was lost".to_owned(),
            other => other.to_string(),
        };
        let Some(read) = self.inner.plan.items[index].read_back.clone() else {
            return ItemState::Unknown(format!("{lost}; this change cannot be read back"));
        };
        self.set_item(index, ItemState::Verifying { lost: lost.clone() });
        loop {
            // Reading back is how the truth is learnt: it goes on even after Cancel.
            self.wait_out_pause(false).await;
            match self.within_deadline(read(client)).await {
                Ok(made) => {
                    if let Some(journal) = &self.inner.options.journal {
                        let part = BulkPart {
                            bulk_id: self.inner.bulk_id,
                            title: self.inner.plan.title.clone(),
                            item: index,
                        };
                        journal.settle(&part, made);
                    }
                    return ItemState::Verified { made, lost };
                }
                Err(ApiError::Http(error)) if error.status == 429 => self.pause(error.retry_after_secs),
                Err(error) => return ItemState::Unknown(format!("{lost}; reading it back failed too: {error}")),
            }
        }
    }

    /// `call`, aborted when no answer comes within the deadline (it then ends in
    /// [`ApiError::Aborted`]). The call runs under an owner of its own, whose cleanup fires the
    /// request's abort signal.
    async fn within_deadline<T>(&self, call: ApiCall<'_, T>) -> Result<T, ApiError> {
        let owner = Owner::new();
        let call = owner.with(|| ScopedFuture::new(call));
        let deadline = {
            let owner = owner.clone();
            set_timeout_with_handle(
                move || owner.cleanup(),
                Duration::from_millis(self.inner.options.answer_timeout_ms.into()),
            )
        };
        let result = call.await;
        if let Ok(deadline) = deadline {
            deadline.clear();
        }
        result
    }

    /// Waits while the batch is paused. With `stop_on_cancel`, returns why the queue stopped
    /// if it did (before or during the pause): the item is then not sent.
    async fn wait_out_pause(&self, stop_on_cancel: bool) -> Option<String> {
        loop {
            if stop_on_cancel {
                if let Some(why) = self.inner.stopped.borrow().clone() {
                    return Some(why);
                }
            }
            let left = self.inner.paused_until.get() - js_sys::Date::now();
            if left <= 0.0 {
                break;
            }
            sleep_ms(left.min(250.0).ceil() as i32).await;
        }
        if matches!(self.inner.state.try_get_untracked(), Some(RunState::Paused { .. })) {
            self.inner.state.try_set(RunState::Running);
        }
        None
    }

    /// A 429: no item is sent before the time the server asked for.
    fn pause(&self, retry_after_secs: Option<u64>) {
        let seconds = retry_after_secs.unwrap_or(DEFAULT_RATE_LIMIT_WAIT_SECS).max(1);
        let until = js_sys::Date::now() + (seconds * 1000) as f64;
        if until > self.inner.paused_until.get() {
            self.inner.paused_until.set(until);
            if self.inner.stopped.borrow().is_none() {
                self.inner.state.try_set(RunState::Paused {
                    seconds,
                    told: retry_after_secs.is_some(),
                });
            }
        }
    }

    fn stop(&self, why: &str) {
        if self.inner.stopped.borrow().is_some() || matches!(self.inner.ended_ms.try_get_untracked(), Some(Some(_))) {
            return;
        }
        *self.inner.stopped.borrow_mut() = Some(why.to_owned());
        let queued: Vec<usize> = self.inner.queue.borrow_mut().drain(..).collect();
        for index in queued {
            self.set_item(index, ItemState::Skipped(why.to_owned()));
        }
        self.inner.state.try_set(RunState::Stopping);
    }

    fn finish(&self) {
        self.inner.ended_ms.try_set(Some(js_sys::Date::now()));
        let cancelled = self.inner.stopped.borrow().is_some();
        self.inner.state.try_set(RunState::Finished { cancelled });
        if let Some(finished) = &self.inner.plan.on_finished {
            finished();
        }
    }

    /// Sets an item's state; a run whose page went away updates nothing.
    fn set_item(&self, index: usize, state: ItemState) {
        self.inner.items.try_update(|items| items[index] = state);
    }
}
