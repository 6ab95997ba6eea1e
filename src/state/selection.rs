//! A list's selection for bulk actions: the items chosen, kept by id across pages (and filters)
//! until cleared; which items cannot be chosen and why; and, for "select all N matching", every
//! item of the list's current filter, counted first. The list view shows it
//! ([`crate::components::ListView`]'s `selection`).

use crate::api::{ApiCall, ApiError};
use leptos::prelude::*;
use std::rc::Rc;

/// An item a list lets a person choose for a bulk action.
pub trait Selectable: Clone + PartialEq + Send + Sync + 'static {
    /// What the selection keeps it by, across pages.
    fn selection_id(&self) -> &str;
    /// What a person calls it, for its checkbox's label.
    fn selection_name(&self) -> String;
    /// Why it cannot take any bulk action of its list, if it cannot (it is then not selectable);
    /// a page may add its own reasons ([`Selection::with_lock`]).
    fn cannot_select(&self) -> Option<&'static str>;
}

/// How to count, then fetch, every item of the list's current filter (each reads the filter
/// when called: inside a reactive fetcher, that read is tracked).
struct Matching<T> {
    count: Rc<dyn Fn() -> ApiCall<'static, usize>>,
    all: Rc<dyn Fn() -> ApiCall<'static, Vec<T>>>,
}

/// Why an item cannot be chosen, from what the page knows beyond the item.
type Lock<T> = Rc<dyn Fn(&T) -> Option<&'static str>>;
/// What a person calls an item, from what the page knows beyond the item.
type Naming<T> = Rc<dyn Fn(&T) -> String>;

/// The items chosen in one list.
pub struct Selection<T: Selectable> {
    chosen: RwSignal<Vec<T>>,
    matching: StoredValue<Option<Matching<T>>, LocalStorage>,
    /// Why an item cannot be chosen beyond what it says itself: what the page knows of it.
    lock: StoredValue<Option<Lock<T>>, LocalStorage>,
    /// What a person calls an item, when the page knows better than the item.
    name: StoredValue<Option<Naming<T>>, LocalStorage>,
    /// "Select all N matching" under way.
    selecting: RwSignal<bool>,
    /// What the last "select all N matching" left out, or why it failed.
    note: RwSignal<Option<String>>,
}

impl<T: Selectable> Clone for Selection<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Selectable> Copy for Selection<T> {}

impl<T: Selectable> Default for Selection<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T: Selectable> Selection<T> {
    /// Nothing chosen.
    pub fn new() -> Self {
        Self {
            chosen: RwSignal::new(Vec::new()),
            matching: StoredValue::new_local(None),
            lock: StoredValue::new_local(None),
            name: StoredValue::new_local(None),
            selecting: RwSignal::new(false),
            note: RwSignal::new(None),
        }
    }

    /// The same selection, offering "select all N matching": `count` counts the items of the
    /// list's current filter, `all` fetches them (every page).
    pub fn with_matching(
        self,
        count: impl Fn() -> ApiCall<'static, usize> + 'static,
        all: impl Fn() -> ApiCall<'static, Vec<T>> + 'static,
    ) -> Self {
        self.matching.set_value(Some(Matching {
            count: Rc::new(count),
            all: Rc::new(all),
        }));
        self
    }

    /// The same selection, where `lock` may also say why an item cannot be chosen (from what
    /// the page knows beyond the item, e.g. a workspace member's organization role). What it
    /// reads is tracked by the list.
    pub fn with_lock(self, lock: impl Fn(&T) -> Option<&'static str> + 'static) -> Self {
        self.lock.set_value(Some(Rc::new(lock)));
        self
    }

    /// The same selection, where `name` says what a person calls an item (e.g. a workspace
    /// member by the person's name, which the member object does not hold).
    pub fn named(self, name: impl Fn(&T) -> String + 'static) -> Self {
        self.name.set_value(Some(Rc::new(name)));
        self
    }

    /// What a person calls `item`: the page's name for it, else its own.
    pub fn name_of(&self, item: &T) -> String {
        self.name
            .with_value(|name| name.as_ref().map(|name| name(item)))
            .unwrap_or_else(|| item.selection_name())
    }

    /// Why `item` cannot be chosen, if it cannot: what it says itself, else the page's lock.
    pub fn why_not(&self, item: &T) -> Option<&'static str> {
        item.cannot_select()
            .or_else(|| self.lock.with_value(|lock| lock.as_ref().and_then(|lock| lock(item))))
    }

    /// How many items are chosen (tracked).
    pub fn len(&self) -> usize {
        self.chosen.with(Vec::len)
    }

    /// Whether nothing is chosen (tracked).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether the item with this id is chosen (tracked).
    pub fn contains(&self, id: &str) -> bool {
        self.chosen
            .with(|chosen| chosen.iter().any(|item| item.selection_id() == id))
    }

    /// Chooses `item`, or leaves it out; an item that cannot be selected is never chosen.
    pub fn set(&self, item: &T, on: bool) {
        self.set_all(std::slice::from_ref(item), on);
    }

    /// Chooses every selectable item of `items` (a page), or leaves them all out.
    pub fn set_all(&self, items: &[T], on: bool) {
        self.note.set(None);
        self.chosen.update(|chosen| {
            chosen.retain(|c| !items.iter().any(|item| item.selection_id() == c.selection_id()));
            if on {
                chosen.extend(items.iter().filter(|item| self.why_not(item).is_none()).cloned());
            }
        });
    }

    /// The chosen items, in the order they were chosen.
    pub fn items(&self) -> Vec<T> {
        self.chosen.get_untracked()
    }

    /// Chooses nothing.
    pub fn clear(&self) {
        self.note.set(None);
        self.chosen.set(Vec::new());
    }

    /// Counts the items of the list's current filter, when the list offers it (the filter read
    /// is tracked by the caller).
    pub fn count_matching(&self) -> Option<ApiCall<'static, usize>> {
        self.matching.with_value(|m| m.as_ref().map(|m| (m.count)()))
    }

    /// Whether "select all N matching" is under way (tracked).
    pub fn is_selecting(&self) -> bool {
        self.selecting.get()
    }

    /// What the last "select all N matching" left out, or why it failed (tracked).
    pub fn note(&self) -> Option<String> {
        self.note.get()
    }

    /// Chooses every selectable item of the list's current filter, on every page, instead of
    /// what was chosen; the note then says how many could not be chosen, and why.
    pub async fn select_all_matching(&self) {
        let Some(call) = self.matching.with_value(|m| m.as_ref().map(|m| (m.all)())) else {
            return;
        };
        self.selecting.set(true);
        let answer = call.await;
        self.selecting.try_set(false);
        match answer {
            Ok(all) => {
                let blocked: Vec<&'static str> = all.iter().filter_map(|item| self.why_not(item)).collect();
                self.chosen
                    .try_set(all.into_iter().filter(|item| self.why_not(item).is_none()).collect());
                self.note.try_set(left_out(&blocked, "of them"));
            }
            Err(ApiError::Aborted) => {}
            Err(error) => {
                self.note
                    .try_set(Some(format!("Could not select every matching item: {error}")));
            }
        }
    }
}

/// "2 of them cannot be selected: archived keys cannot change." for the reasons items were
/// left out, one sentence per reason; `None` when none was.
pub fn left_out(reasons: &[&'static str], which: &str) -> Option<String> {
    let mut counted: Vec<(&'static str, usize)> = Vec::new();
    for reason in reasons {
        match counted.iter_mut().find(|(r, _)| r == reason) {
            Some((_, count)) => *count += 1,
            None => counted.push((reason, 1)),
        }
    }
    let sentences: Vec<String> = counted
        .into_iter()
        .map(|(reason, count)| format!("{count} {which} cannot be selected: {reason}."))
        .collect();
    (!sentences.is_empty()).then(|| sentences.join(" "))
}
