//! [`Loader`]: data a page reads from the API, fetched again when what it depends on changes.
//!
//! Why not Leptos' `LocalResource`: its machinery (async-derived signals, Suspense support,
//! wakers) was compiled again for every type loaded; this keeps only what the pages use, most of
//! it once in the build.

use leptos::prelude::*;
use leptos::reactive::computed::ScopedFuture;
use leptos::task::spawn_local;
use std::future::Future;

/// A value loaded by a future. The future is made by a closure whose signal reads are tracked:
/// when one changes (or on [`Loader::refetch`]), the running request is aborted (through the
/// cleanup of the owner it runs under) and a new one starts. Meanwhile the last value stays, so
/// a list being paged does not flash empty.
pub struct Loader<T: 'static> {
    value: RwSignal<Option<T>>,
    refetch: Trigger,
}

impl<T: 'static> Clone for Loader<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: 'static> Copy for Loader<T> {}

impl<T: Clone + Send + Sync + 'static> Loader<T> {
    /// Starts loading at once.
    pub fn new<Fut>(fetch: impl Fn() -> Fut + 'static) -> Self
    where
        Fut: Future<Output = T> + 'static,
    {
        let value = RwSignal::new(None);
        let refetch = Trigger::new();
        let latest = StoredValue::new(0_u32);
        Effect::new(move |_| {
            refetch.track();
            let future = fetch();
            latest.update_value(|n| *n += 1);
            let this_run = latest.get_value();
            // Under this effect's owner (its cleanup aborts the request), reading nothing.
            spawn_local(ScopedFuture::new_untracked(async move {
                let loaded = future.await;
                if latest.try_get_value() == Some(this_run) {
                    value.set(Some(loaded));
                }
            }));
        });
        Self { value, refetch }
    }

    /// The value, once there is one (tracked).
    pub fn get(&self) -> Option<T> {
        self.value.get()
    }

    /// Reads the value, once there is one, without copying it (tracked).
    pub fn with<R>(&self, read: impl FnOnce(Option<&T>) -> R) -> R {
        self.value.with(|value| read(value.as_ref()))
    }

    /// Loads again.
    pub fn refetch(&self) {
        self.refetch.notify();
    }

    /// Changes the loaded value in place (e.g. after a write this page knows the effect of).
    pub fn update(&self, change: impl FnOnce(&mut Option<T>)) {
        self.value.update(change);
    }
}
