//! The journal: every change this console sent in this tab, single or bulk, with when, what
//! (the object, each field before → after), the result and the request id.
//!
//! Its one source is the client's write path ([`crate::api::ClientHooks::wrote`], wired by the
//! session's client): every write is journaled by the code that sends it, none by a page. The
//! batch runner adds only what the client cannot know: what a read-back found after a lost
//! answer ([`Journal::settle`]).
//!
//! Kept in `sessionStorage` (it survives a reload of the tab, not the tab), never the admin key:
//! an entry is made of ids, names, field values and the answer's message.

use crate::api::{BulkPart, FieldChange, ObjectKind, WriteAction, WriteOutcome, Written};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::time::Duration;

/// `sessionStorage`: this tab's journal, as JSON.
pub const JOURNAL_ITEM: &str = "admin-console.journal";
/// The most entries kept: past it the oldest go (a tab sending more is rare; storage is ~5 MB).
pub const MAX_ENTRIES: usize = 5000;
/// Writes close together are saved together: a bulk action of 1000 items saves a few times,
/// not 1000 times. The tab's `pagehide` saves what is still waiting.
const SAVE_AFTER: Duration = Duration::from_millis(300);

/// How a journaled change ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JournalResult {
    Done,
    Failed,
    /// No usable answer, and nothing read back (yet).
    Unknown,
    /// The answer was lost; reading the object back found the change made.
    VerifiedDone,
    /// The answer was lost; reading the object back found the change not made.
    VerifiedNotDone,
}

impl JournalResult {
    pub const ALL: [Self; 5] = [
        Self::Done,
        Self::Failed,
        Self::Unknown,
        Self::VerifiedDone,
        Self::VerifiedNotDone,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::Done => "Done",
            Self::Failed => "Failed",
            Self::Unknown => "Outcome unknown",
            Self::VerifiedDone => "Verified: done",
            Self::VerifiedNotDone => "Verified: not done",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Done => "done",
            Self::Failed => "failed",
            Self::Unknown => "unknown",
            Self::VerifiedDone => "verified_done",
            Self::VerifiedNotDone => "verified_not_done",
        }
    }
}

/// One change sent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// Its number in this tab's journal, from 1: newer entries have larger numbers.
    pub seq: u64,
    /// When it ended (RFC 3339, UTC).
    pub at: String,
    pub object: ObjectKind,
    pub object_id: Option<String>,
    pub object_name: Option<String>,
    /// The workspace of a membership.
    pub workspace_id: Option<String>,
    pub action: WriteAction,
    pub changes: Vec<FieldChange>,
    pub result: JournalResult,
    /// The server's (or the browser's) message when it did not simply succeed.
    pub message: Option<String>,
    pub request_id: Option<String>,
    /// The bulk action it was part of.
    pub bulk: Option<BulkPart>,
}

impl Entry {
    /// "status: active → inactive", one part per field; a deletion or archive says so.
    pub fn change_text(&self) -> String {
        if self.changes.is_empty() {
            return match self.action {
                WriteAction::Delete => "deleted".to_owned(),
                WriteAction::Archive => "archived".to_owned(),
                WriteAction::Create => "created".to_owned(),
                WriteAction::Update => "updated".to_owned(),
            };
        }
        self.changes
            .iter()
            .map(|c| match &c.before {
                Some(before) => format!("{}: {} → {}", c.field, before, c.after),
                None => format!("{}: → {}", c.field, c.after),
            })
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// The object as a person reads it: "API key “ci 1”", else its id.
    pub fn object_text(&self) -> String {
        match (&self.object_name, &self.object_id) {
            (Some(name), _) => format!("{} “{}”", self.object.label(), name),
            (None, Some(id)) => format!("{} {}", self.object.label(), id),
            (None, None) => self.object.label().to_owned(),
        }
    }
}

/// This tab's journal, provided with the session context.
#[derive(Clone, Copy)]
pub struct Journal {
    entries: RwSignal<Vec<Entry>>,
    save_pending: StoredValue<bool>,
}

impl Journal {
    /// The journal of this tab: what `sessionStorage` kept (after a reload), else empty.
    pub fn load() -> Self {
        let kept = storage()
            .and_then(|s| s.get_item(JOURNAL_ITEM).ok().flatten())
            .and_then(|json| serde_json::from_str::<Vec<Entry>>(&json).ok())
            .unwrap_or_default();
        let journal = Self {
            entries: RwSignal::new(kept),
            save_pending: StoredValue::new(false),
        };
        // A reload right after a write still keeps it.
        let handle = window_event_listener_untyped("pagehide", move |_| journal.save_now());
        on_cleanup(move || handle.remove());
        journal
    }

    /// Journals one write as the client reported it. (A write still under way when the app
    /// went away ends in nothing: its journal went with the app.)
    pub fn record(&self, written: Written) {
        let (result, message) = match written.outcome {
            WriteOutcome::Done => (JournalResult::Done, None),
            WriteOutcome::Failed { message } => (JournalResult::Failed, Some(message)),
            WriteOutcome::Unknown { detail } => (JournalResult::Unknown, Some(detail)),
        };
        self.entries.try_update(|entries| {
            let seq = entries.last().map_or(1, |e| e.seq + 1);
            entries.push(Entry {
                seq,
                at: String::from(js_sys::Date::new_0().to_iso_string()),
                object: written.kind,
                object_id: written.object_id,
                object_name: written.name,
                workspace_id: written.workspace_id,
                action: written.action,
                changes: written.changes,
                result,
                message,
                request_id: written.request_id,
                bulk: written.bulk,
            });
            if entries.len() > MAX_ENTRIES {
                let extra = entries.len() - MAX_ENTRIES;
                entries.drain(..extra);
            }
        });
        self.save_soon();
    }

    /// What reading the object back found for the write of item `part.item` of a bulk action
    /// whose answer was lost: the change made, or not.
    pub fn settle(&self, part: &BulkPart, made: bool) {
        self.entries.try_update(|entries| {
            let lost = entries
                .iter_mut()
                .rev()
                .find(|e| e.result == JournalResult::Unknown && e.bulk.as_ref() == Some(part));
            if let Some(entry) = lost {
                entry.result = if made {
                    JournalResult::VerifiedDone
                } else {
                    JournalResult::VerifiedNotDone
                };
            }
        });
        self.save_soon();
    }

    /// Every entry, oldest first (tracked).
    pub fn entries(&self) -> Vec<Entry> {
        self.entries.get()
    }

    /// Reads the entries in place, oldest first (tracked).
    pub fn with<R>(&self, read: impl FnOnce(&[Entry]) -> R) -> R {
        self.entries.with(|entries| read(entries))
    }

    /// How many entries there are (tracked).
    pub fn len(&self) -> usize {
        self.entries.with(Vec::len)
    }

    /// Whether nothing was journaled (tracked).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Forgets every entry, here and in storage (at sign-out, once the person agreed).
    pub fn clear(&self) {
        self.entries.set(Vec::new());
        if let Some(storage) = storage() {
            let _ = storage.remove_item(JOURNAL_ITEM);
        }
    }

    fn save_soon(&self) {
        if self.save_pending.try_get_value() != Some(false) {
            return;
        }
        self.save_pending.set_value(true);
        let this = *self;
        set_timeout(move || this.save_now(), SAVE_AFTER);
    }

    fn save_now(&self) {
        self.save_pending.try_set_value(false);
        let Some(json) = self.entries.try_with_untracked(|entries| export_json(entries)) else {
            return;
        };
        // Storage can be full or disabled: the journal then lasts until a reload.
        if let Some(storage) = storage() {
            let _ = storage.set_item(JOURNAL_ITEM, &json);
        }
    }
}

/// The entries as a JSON array, as "Export journal" writes them (and storage keeps them).
pub fn export_json(entries: &[Entry]) -> String {
    serde_json::to_string_pretty(entries).unwrap_or_else(|_| "[]".to_owned())
}

/// The columns of the CSV export.
pub const CSV_COLUMNS: [&str; 14] = [
    "seq",
    "at",
    "object",
    "object_id",
    "object_name",
    "workspace_id",
    "action",
    "field",
    "before",
    "after",
    "result",
    "message",
    "request_id",
    "bulk",
];

/// The entries as CSV: one line per entry; an entry that sets several fields lists them in
/// its field, before and after cells, in the same order, separated by "; ".
pub fn export_csv(entries: &[Entry]) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let _ = writer.write_record(CSV_COLUMNS);
    for entry in entries {
        let joined = |pick: fn(&FieldChange) -> &str| entry.changes.iter().map(pick).collect::<Vec<_>>().join("; ");
        let text = |value: &Option<String>| value.clone().unwrap_or_default();
        let _ = writer.write_record([
            entry.seq.to_string(),
            entry.at.clone(),
            entry.object.as_str().to_owned(),
            text(&entry.object_id),
            text(&entry.object_name),
            text(&entry.workspace_id),
            entry.action.as_str().to_owned(),
            joined(|c| &c.field),
            joined(|c| c.before.as_deref().unwrap_or("")),
            joined(|c| &c.after),
            entry.result.as_str().to_owned(),
            text(&entry.message),
            text(&entry.request_id),
            entry.bulk.as_ref().map(|b| b.title.clone()).unwrap_or_default(),
        ]);
    }
    writer
        .into_inner()
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .unwrap_or_default()
}

fn storage() -> Option<web_sys::Storage> {
    super::session::session_storage()
}
