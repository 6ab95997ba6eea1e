//! Toasts: the short reports of what an action did, shown in one live region.

use leptos::prelude::*;
use std::time::Duration;

/// How long a success stays on screen. Failures stay until dismissed.
const SUCCESS_MS: u64 = 6000;

/// Whether a toast reports a success or a failure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ToastKind {
    Success,
    Failure,
}

/// One report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Toast {
    pub id: u64,
    pub kind: ToastKind,
    pub message: String,
}

/// The toasts on screen, provided as context by the app shell.
#[derive(Clone, Copy)]
pub struct Toasts {
    items: RwSignal<Vec<Toast>>,
    next_id: StoredValue<u64>,
}

impl Default for Toasts {
    fn default() -> Self {
        Self {
            items: RwSignal::new(Vec::new()),
            next_id: StoredValue::new(0),
        }
    }
}

impl Toasts {
    /// Reports a success; it goes away by itself.
    pub fn success(&self, message: impl Into<String>) {
        let id = self.push(ToastKind::Success, message.into());
        let this = *self;
        set_timeout(move || this.dismiss(id), Duration::from_millis(SUCCESS_MS));
    }

    /// Reports a failure; it stays until dismissed.
    pub fn failure(&self, message: impl Into<String>) {
        self.push(ToastKind::Failure, message.into());
    }

    /// Removes a toast.
    pub fn dismiss(&self, id: u64) {
        self.items.try_update(|items| items.retain(|t| t.id != id));
    }

    /// The toasts on screen (tracked).
    pub fn items(&self) -> Vec<Toast> {
        self.items.get()
    }

    fn push(&self, kind: ToastKind, message: String) -> u64 {
        let id = self.next_id.get_value();
        self.next_id.set_value(id + 1);
        self.items.update(|items| items.push(Toast { id, kind, message }));
        id
    }
}

/// The toasts context provided by the app shell.
pub fn use_toasts() -> Toasts {
    expect_context()
}
