//! [`Task`]: work a person starts (a write, a sign-in), with whether it is under way and its
//! last result.
//!
//! Why not Leptos' `Action`: it is built for server functions (inputs kept as signals, abort
//! channels, versions), and its machinery was compiled again for every action; this does only
//! what the pages use, and most of it exists once in the build.

use leptos::prelude::*;
use leptos::task::spawn_local;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

type Run<I, O> = Rc<dyn Fn(I) -> Pin<Box<dyn Future<Output = O>>>>;

/// Work started by [`Task::dispatch`]: each dispatch runs at once, none is retried or dropped.
pub struct Task<I: 'static, O: 'static> {
    run: StoredValue<Run<I, O>, LocalStorage>,
    /// How many dispatches are under way.
    in_flight: RwSignal<u32>,
    /// How many dispatches were made: only the latest one's result is kept.
    dispatched: StoredValue<u32>,
    value: RwSignal<Option<O>>,
}

impl<I: 'static, O: 'static> Clone for Task<I, O> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<I: 'static, O: 'static> Copy for Task<I, O> {}

impl<I: 'static, O: Send + Sync + 'static> Task<I, O> {
    /// `run` makes the work's future from its input.
    pub fn new<Fut>(run: impl Fn(&I) -> Fut + 'static) -> Self
    where
        Fut: Future<Output = O> + 'static,
    {
        let run: Run<I, O> = Rc::new(move |input: I| Box::pin(run(&input)));
        Self {
            run: StoredValue::new_local(run),
            in_flight: RwSignal::new(0),
            dispatched: StoredValue::new(0),
            value: RwSignal::new(None),
        }
    }

    /// Starts the work for `input`.
    pub fn dispatch(&self, input: I) {
        // Taken out first: `run` may create signals, which the store must not be locked for.
        let Some(run) = self.run.try_get_value() else { return };
        let work = run(input);
        let Self {
            in_flight,
            dispatched,
            value,
            ..
        } = *self;
        in_flight.update(|n| *n += 1);
        dispatched.update_value(|n| *n += 1);
        let this_dispatch = dispatched.get_value();
        spawn_local(async move {
            let output = work.await;
            in_flight.update(|n| *n -= 1);
            if dispatched.try_get_value() == Some(this_dispatch) {
                value.set(Some(output));
            }
        });
    }

    /// Whether any dispatch is under way.
    pub fn pending(&self) -> Signal<bool> {
        any_in_flight(self.in_flight)
    }

    /// The latest dispatch's result, once it has one.
    pub fn value(&self) -> ReadSignal<Option<O>> {
        self.value.read_only()
    }
}

/// Outside `Task`'s generic methods, so that it is built once.
fn any_in_flight(in_flight: RwSignal<u32>) -> Signal<bool> {
    Signal::derive(move || in_flight.get() > 0)
}
