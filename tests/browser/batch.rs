//! The batch runner, the bulk actions of the API keys page and the journal, against the
//! reference server in test fault mode (its own demo organization: `faults_base_url`), which
//! forces failures (`PUT /__test/faults`) and lists the requests it saw (`GET /__test/requests`),
//! so each write can be proved sent exactly once.
//!
//! The runner's tests rename keys (reversible, and no other test reads these names); the page's
//! tests change statuses and put them back. Nothing is archived.

use crate::common::*;
use admin_console::api::{
    ApiKey, ApiKeyFilter, ApiKeyStatus, ApiKeyUpdate, Client, ClientHooks, ObjectKind, PageRequest,
};
use admin_console::state::batch::{BatchRun, ItemState, Plan, PlanItem, RunOptions, RunState, CANCELLED};
use admin_console::state::journal::{export_csv, export_json, Entry, Journal, JournalResult, JOURNAL_ITEM};
use serde_json::json;
use std::rc::Rc;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, HtmlInputElement};

/// Every key of the fault-mode server that is not archived, oldest first.
async fn changeable_keys(client: &Client) -> Vec<ApiKey> {
    let page = PageRequest {
        limit: Some(1000),
        cursor: None,
    };
    let all = client.api_keys(&page, &ApiKeyFilter::default()).await.unwrap().data;
    all.into_iter().filter(|k| k.status != ApiKeyStatus::Archived).collect()
}

fn write_path(key: &ApiKey) -> String {
    format!("/v1/organizations/api_keys/{}", key.id)
}

/// A plan renaming each key to `"{prefix} {index}"`, each read back by its name.
fn rename_plan(keys: &[ApiKey], prefix: &str) -> Plan {
    let items = keys
        .iter()
        .enumerate()
        .map(|(index, key)| {
            let name = format!("{prefix} {index}");
            let (id, read_id, expected) = (key.id.clone(), key.id.clone(), name.clone());
            let update = ApiKeyUpdate {
                name: Some(name.clone()),
                status: None,
            };
            PlanItem::new(
                key.id.clone(),
                format!("API key “{}”", key.name),
                format!("name → {name}"),
                move |c| c.update_api_key(&id, &update),
            )
            .about(key)
            .read_back(move |c| c.api_key(&read_id), move |now| now.name == expected)
        })
        .collect();
    Plan::new(format!("Rename {} keys", keys.len()), items)
}

/// Waits up to `seconds` for `condition`.
async fn wait_long(what: &str, seconds: u32, mut condition: impl FnMut() -> bool) {
    for _ in 0..seconds * 20 {
        if condition() {
            return;
        }
        sleep(50).await;
    }
    panic!("timed out after {seconds} s waiting for {what}");
}

async fn name_of(client: &Client, key: &ApiKey) -> String {
    client.api_key(&key.id).await.unwrap().name
}

/// A client of the fault-mode server whose writes go to `journal`, as the session's do.
fn journaled_client(server: &TestServer, journal: Journal) -> Client {
    server.faults_client().with_hooks(ClientHooks {
        wrote: Some(Rc::new(move |written| journal.record(written))),
        ..Default::default()
    })
}

#[wasm_bindgen_test]
async fn twenty_writes_with_two_500s_and_a_429_end_18_done_2_failed_each_sent_once_then_retry_failed_completes() {
    let server = test_server().await;
    let client = server.faults_client();
    let keys: Vec<ApiKey> = changeable_keys(&client).await.into_iter().take(20).collect();
    assert_eq!(keys.len(), 20);
    let prefix = format!("batch {}", unique());
    server.forget_requests().await;
    server
        .set_faults(json!([
            {"path": write_path(&keys[3]), "method": "POST", "times": 1, "status": 500},
            {"path": write_path(&keys[12]), "method": "POST", "times": 1, "status": 500},
            {"path": write_path(&keys[9]), "method": "POST", "times": 1, "status": 429, "retry_after": 1},
        ]))
        .await;

    let started = js_sys::Date::now();
    let run = BatchRun::start(rename_plan(&keys, &prefix), client.clone(), RunOptions::default());
    // The 429 pauses the whole batch, and then it goes on.
    wait_long("the batch to pause", 10, || {
        matches!(run.state(), RunState::Paused { seconds: 1, told: true })
    })
    .await;
    wait_long("the batch to end", 30, || run.is_finished()).await;
    assert!(
        js_sys::Date::now() - started >= 1000.0,
        "the 429's second was waited out"
    );
    assert_eq!(run.state(), RunState::Finished { cancelled: false });
    assert_eq!(run.summary(), "18 done, 2 failed");
    let tally = run.tally();
    assert_eq!(tally.total(), 20);
    for (index, state) in run.items().iter().enumerate() {
        if index == 3 || index == 12 {
            let ItemState::Failed { message, request_id } = state else {
                panic!("item {index} should have failed: {state:?}")
            };
            assert!(message.contains("Forced by the test fault mode."), "{message}");
            assert!(
                request_id.as_deref().is_some_and(|id| id.starts_with("req_")),
                "{request_id:?}"
            );
        } else {
            assert_eq!(*state, ItemState::Done, "item {index}");
        }
    }

    // Each write reached the server once (the 429 was not acted on, and sent again after it).
    let seen = server.seen_requests().await;
    for (index, key) in keys.iter().enumerate() {
        let writes: Vec<u16> = seen
            .iter()
            .filter(|r| r.method == "POST" && r.path == write_path(key))
            .map(|r| r.status)
            .collect();
        let expected = match index {
            3 | 12 => vec![500],
            9 => vec![429, 200],
            _ => vec![200],
        };
        assert_eq!(writes, expected, "the writes of item {index}");
    }
    for (index, key) in keys.iter().enumerate() {
        let renamed = name_of(&client, key).await == format!("{prefix} {index}");
        assert_eq!(renamed, index != 3 && index != 12, "item {index} on the server");
    }

    // "Retry failed": a plan of the two failed items only, which completes the rest.
    let retry = run.retry_failed().expect("two items failed");
    assert_eq!(retry.title, "Retry failed: Rename 20 keys");
    let ids: Vec<&str> = retry.items.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids, vec![keys[3].id.as_str(), keys[12].id.as_str()]);
    server.forget_requests().await;
    let again = BatchRun::start(retry, client.clone(), RunOptions::default());
    wait_long("the retry to end", 20, || again.is_finished()).await;
    assert_eq!(again.summary(), "2 done");
    assert!(again.retry_failed().is_none());
    let writes: Vec<String> = server
        .seen_requests()
        .await
        .into_iter()
        .filter(|r| r.method == "POST")
        .map(|r| r.path)
        .collect();
    assert_eq!(writes.len(), 2, "{writes:?}");
    for (index, key) in keys.iter().enumerate() {
        assert_eq!(name_of(&client, key).await, format!("{prefix} {index}"));
    }
    server.set_faults(json!([])).await;
}

/// Makes the page's `fetch` lose the answer of the POST to `answered_path` (the server gets it
/// and acts), and fail the POST to `unsent_path` without sending it, until [`restore_fetch`].
fn lose_answers(answered_path: &str, unsent_path: &str) {
    js_sys::Function::new_with_args(
        "answered, unsent",
        "if (!window.__realFetch) { window.__realFetch = window.fetch; }
         const real = window.__realFetch;
         window.fetch = function (input, init) {
           const url = typeof input === 'string' ? input : input.url;
           const method = ((init && init.method) || (typeof input === 'string' ? 'GET' : input.method)).toUpperCase();
           if (method === 'POST' && url.endsWith(answered)) {
             return real.call(this, input, init).then(() => { throw new TypeError('Failed to fetch'); });
           }
           if (method === 'POST' && url.endsWith(unsent)) {
             return Promise.reject(new TypeError('Failed to fetch'));
           }
           return real.call(this, input, init);
         };",
    )
    .call2(&wasm_bindgen::JsValue::NULL, &answered_path.into(), &unsent_path.into())
    .unwrap();
}

#[wasm_bindgen_test]
async fn a_lost_answer_is_never_sent_again_but_read_back_and_journaled_as_verified() {
    let server = test_server().await;
    clear_storage();
    let journal = Journal::load();
    let client = journaled_client(&server, journal);
    let keys: Vec<ApiKey> = changeable_keys(&server.faults_client())
        .await
        .into_iter()
        .skip(20)
        .take(4)
        .collect();
    let prefix = format!("lost {}", unique());
    // 0: the server acts, the answer is lost. 1: lost before reaching the server. 2: no answer
    // within the deadline (the server holds it 2 s). 3: answered.
    lose_answers(&write_path(&keys[0]), &write_path(&keys[1]));
    server
        .set_faults(json!([{"path": write_path(&keys[2]), "method": "POST", "delay_ms": 2000}]))
        .await;
    server.forget_requests().await;
    let options = RunOptions {
        answer_timeout_ms: 300,
        journal: Some(journal),
        ..Default::default()
    };
    let run = BatchRun::start(rename_plan(&keys, &prefix), client, options);
    wait_long("the batch to end", 20, || run.is_finished()).await;
    restore_fetch();
    let items = run.items();
    assert!(
        matches!(&items[0], ItemState::Verified { made: true, lost } if lost == "the answer was lost"),
        "{:?}",
        items[0]
    );
    assert!(
        matches!(&items[1], ItemState::Verified { made: false, .. }),
        "{:?}",
        items[1]
    );
    assert!(
        matches!(&items[2], ItemState::Verified { made: false, lost } if lost == "no answer within 300 ms"),
        "{:?}",
        items[2]
    );
    assert_eq!(items[3], ItemState::Done);
    assert_eq!(items[0].text(), "Outcome unknown (the answer was lost); verified: done");
    assert_eq!(run.summary(), "2 done, 2 failed");

    // Never sent again: one write each reached the server (none for the one lost on the way).
    let seen = server.seen_requests().await;
    let writes = |key: &ApiKey| {
        seen.iter()
            .filter(|r| r.method == "POST" && r.path == write_path(key))
            .count()
    };
    assert_eq!(writes(&keys[0]), 1);
    assert_eq!(writes(&keys[1]), 0);
    assert_eq!(writes(&keys[3]), 1);
    // Each lost answer was read back.
    let reads = |key: &ApiKey| {
        seen.iter()
            .filter(|r| r.method == "GET" && r.path == write_path(key))
            .count()
    };
    assert_eq!(
        (reads(&keys[0]), reads(&keys[1]), reads(&keys[2]), reads(&keys[3])),
        (1, 1, 1, 0)
    );

    // The journal has what the read-back found.
    let results: Vec<(Option<String>, JournalResult)> =
        journal.entries().into_iter().map(|e| (e.object_id, e.result)).collect();
    for (key, result) in [
        (&keys[0], JournalResult::VerifiedDone),
        (&keys[1], JournalResult::VerifiedNotDone),
        (&keys[2], JournalResult::VerifiedNotDone),
        (&keys[3], JournalResult::Done),
    ] {
        assert!(
            results.contains(&(Some(key.id.clone()), result)),
            "{result:?} for {}: {results:?}",
            key.id
        );
    }
    // "Retry failed" sends the two not made.
    let retry = run.retry_failed().unwrap();
    assert_eq!(retry.items.len(), 2);
    // Let the held write end before the next test changes the faults.
    sleep(2000).await;
    server.set_faults(json!([])).await;
    journal.clear();
}

#[wasm_bindgen_test]
async fn cancel_stops_the_queue_and_reports_which_items_ran() {
    let server = test_server().await;
    let client = server.faults_client();
    let keys: Vec<ApiKey> = changeable_keys(&client).await.into_iter().skip(24).take(12).collect();
    assert_eq!(keys.len(), 12);
    let prefix = format!("cancel {}", unique());
    server
        .set_faults(json!([{"path": "/v1/organizations/api_keys/", "method": "POST", "delay_ms": 400}]))
        .await;
    server.forget_requests().await;
    let options = RunOptions {
        concurrency: 2,
        ..Default::default()
    };
    let run = BatchRun::start(rename_plan(&keys, &prefix), client.clone(), options);
    wait_long("two items done", 10, || run.tally().done >= 2).await;
    run.cancel();
    assert_eq!(run.state(), RunState::Stopping);
    wait_long("the run to end", 10, || run.is_finished()).await;
    assert_eq!(run.state(), RunState::Finished { cancelled: true });

    let items = run.items();
    let done: Vec<usize> = (0..12).filter(|&i| items[i] == ItemState::Done).collect();
    let skipped = items
        .iter()
        .filter(|s| **s == ItemState::Skipped(CANCELLED.to_owned()))
        .count();
    assert!(done.len() >= 2 && done.len() <= 6, "{items:?}");
    assert_eq!(done.len() + skipped, 12, "{items:?}");
    assert_eq!(run.summary(), format!("{} done, {skipped} skipped", done.len()));
    // Only the items that ran were sent, once each.
    let writes: Vec<String> = server
        .seen_requests()
        .await
        .into_iter()
        .filter(|r| r.method == "POST")
        .map(|r| r.path)
        .collect();
    let expected: Vec<String> = done.iter().map(|&i| write_path(&keys[i])).collect();
    let (mut writes_sorted, mut expected_sorted) = (writes.clone(), expected);
    writes_sorted.sort();
    expected_sorted.sort();
    assert_eq!(writes_sorted, expected_sorted);
    for (index, key) in keys.iter().enumerate() {
        let renamed = name_of(&client, key).await == format!("{prefix} {index}");
        assert_eq!(renamed, done.contains(&index), "item {index}");
    }
    server.set_faults(json!([])).await;
}

/// The journal kept for a reload of the tab, once saved.
async fn stored_journal(count: usize) -> Vec<Entry> {
    let mut entries = Vec::new();
    wait_long("the journal to be saved", 5, || {
        entries = session_storage()
            .get_item(JOURNAL_ITEM)
            .unwrap()
            .and_then(|json| serde_json::from_str(&json).ok())
            .unwrap_or_default();
        entries.len() == count
    })
    .await;
    entries
}

fn checkbox(root: &HtmlElement, label: &str) -> HtmlInputElement {
    find(root, &format!("input[type=checkbox][aria-label='{label}']"))
}

fn selection_size(root: &HtmlElement) -> String {
    text_of(&find(root, ".selection-size"))
}

/// Waits until the selection's size reads `expected`, saying what it read instead.
async fn wait_for_size(root: &HtmlElement, expected: &str) {
    for _ in 0..100 {
        if selection_size(root) == expected {
            return;
        }
        sleep(50).await;
    }
    panic!("the selection reads {:?}, not {expected:?}", selection_size(root));
}

async fn set_status(client: &Client, key: &ApiKey, status: ApiKeyStatus) {
    let update = ApiKeyUpdate {
        name: None,
        status: Some(status),
    };
    client.update_api_key(&key.id, &update).await.unwrap();
}

#[wasm_bindgen_test]
async fn the_journal_records_a_single_change_and_a_bulk_one_never_the_key_and_exports_them() {
    let server = test_server().await;
    let client = server.faults_client();
    clear_storage();
    let root = container();
    let app = mount_signed_in_to(
        &root,
        "/api-keys?status=active&limit=100",
        &server.faults_base_url,
        &server.faults_admin_key,
    )
    .await;
    wait_for("the keys", || find_all(&root, "tbody tr").len() > 3).await;
    let rows = table_rows(&root);
    let name = |i: usize| rows[i].1[0].clone();
    let id = |i: usize| rows[i].0.get_attribute("data-key-id").unwrap();

    // A single change.
    button(&root, &format!("Deactivate “{}”", name(0))).click();
    wait_for("the toast", || {
        toast_texts(&root).contains(&format!("Deactivated “{}”.", name(0)))
    })
    .await;

    // A bulk one: two keys, their plan, then apply.
    checkbox(&root, &format!("Select “{}”", name(1))).click();
    checkbox(&root, &format!("Select “{}”", name(2))).click();
    wait_for_size(&root, "2 selected").await;
    let bar: HtmlElement = find(&root, ".selection-bar");
    button(&bar, "Deactivate").click();
    let panel: HtmlElement = find(&root, ".batch-panel");
    wait_for("the plan", || text_of(&find(&panel, "h2")) == "Deactivate 2 API keys").await;
    assert_eq!(find_all(&panel, ".batch-items li").len(), 2);
    assert!(text_of(&panel).contains("Active → Inactive"));
    button(&panel, "Deactivate 2 API keys").click();
    wait_for("the summary", || {
        try_find(&panel, ".batch-summary").is_some_and(|s| text_of(&s) == "2 done")
    })
    .await;
    assert_eq!(selection_size(&root), "Nothing selected");
    for i in 0..3 {
        assert_eq!(client.api_key(&id(i)).await.unwrap().status, ApiKeyStatus::Inactive);
    }

    // The journal, as a reload would find it: each change with before → after, the result and
    // the request id; the bulk ones as part of the bulk action.
    let entries = stored_journal(3).await;
    assert_eq!(entries[0].object, ObjectKind::ApiKey);
    assert_eq!(entries[0].object_id.as_deref(), Some(id(0).as_str()));
    assert_eq!(entries[0].object_name.as_deref(), Some(name(0).as_str()));
    assert_eq!(entries[0].change_text(), "status: active → inactive");
    assert_eq!(entries[0].result, JournalResult::Done);
    assert!(entries[0].request_id.as_deref().is_some_and(|r| r.starts_with("req_")));
    assert!(entries[0].bulk.is_none());
    let mut bulk_ids: Vec<String> = entries[1..].iter().map(|e| e.object_id.clone().unwrap()).collect();
    bulk_ids.sort();
    let mut expected = vec![id(1), id(2)];
    expected.sort();
    assert_eq!(bulk_ids, expected);
    for entry in &entries[1..] {
        assert_eq!(entry.change_text(), "status: active → inactive");
        assert_eq!(entry.result, JournalResult::Done);
        assert_eq!(entry.bulk.as_ref().unwrap().title, "Deactivate 2 API keys");
    }

    // The panel lists them newest first, filtered by object and by result.
    button(&root, "Journal").click();
    let dialog: HtmlElement = find(&root, "dialog.journal-panel");
    wait_for("the journal open", || dialog.has_attribute("open")).await;
    let seqs = || -> Vec<String> {
        find_all(&dialog, "tbody tr")
            .iter()
            .map(|r| r.get_attribute("data-seq").unwrap())
            .collect()
    };
    assert_eq!(seqs(), vec!["3", "2", "1"]);
    set_value(&choice(&dialog, "Object"), &format!("id:{}", id(0)));
    wait_for("one object", || seqs() == vec!["1"]).await;
    set_value(&choice(&dialog, "Object"), "");
    set_value(&choice(&dialog, "Result"), "failed");
    wait_for("no failure", || {
        seqs().is_empty() && text_of(&dialog).contains("No entry matches these filters")
    })
    .await;
    set_value(&choice(&dialog, "Result"), "");
    button(&dialog, "Close").click();
    wait_for("the journal closed", || !dialog.has_attribute("open")).await;

    // Never the key: not in the journal's storage, nor its exports, nor the panel; the exports
    // hold exactly the entries.
    let key = &server.faults_admin_key;
    let stored = session_storage().get_item(JOURNAL_ITEM).unwrap().unwrap();
    let (as_json, as_csv) = (export_json(&entries), export_csv(&entries));
    for text in [&stored, &as_json, &as_csv, &text_of(&dialog)] {
        assert!(!text.contains(key.as_str()));
    }
    assert_eq!(serde_json::from_str::<Vec<Entry>>(&as_json).unwrap(), entries);
    let mut reader = csv::Reader::from_reader(as_csv.as_bytes());
    let lines: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(lines.len(), entries.len());
    for (line, entry) in lines.iter().zip(&entries) {
        assert_eq!(line[0], entry.seq.to_string());
        assert_eq!(line[3], *entry.object_id.as_ref().unwrap());
        assert_eq!((&line[7], &line[8], &line[9]), ("status", "active", "inactive"));
        assert_eq!(line[10], *"done");
        assert_eq!(line[12], *entry.request_id.as_ref().unwrap());
    }

    // Signing out asks first, then clears it.
    button(&root, "Sign out").click();
    let open_dialog = || {
        find_all(&root, "dialog.confirm")
            .into_iter()
            .find(|d| d.has_attribute("open"))
    };
    wait_for("the sign-out question", || open_dialog().is_some()).await;
    let confirm = open_dialog().unwrap();
    assert!(text_of(&confirm).contains("3 changes"));
    button(&confirm, "Sign out and clear the journal").click();
    wait_for("the sign-in page", || try_find(&root, ".top-bar").is_none()).await;
    assert!(session_storage().get_item(JOURNAL_ITEM).unwrap().is_none());

    drop(app);
    root.remove();
    for i in 0..3 {
        let key = client.api_key(&id(i)).await.unwrap();
        set_status(&client, &key, ApiKeyStatus::Active).await;
    }
}

#[wasm_bindgen_test]
async fn selection_across_pages_select_all_matching_typed_confirmation_and_retry_failed_in_the_panel() {
    let server = test_server().await;
    let client = server.faults_client();
    let all = {
        let page = PageRequest {
            limit: Some(1000),
            cursor: None,
        };
        client.api_keys(&page, &ApiKeyFilter::default()).await.unwrap().data
    };
    let archived = all.iter().filter(|k| k.status == ApiKeyStatus::Archived).count();
    assert!(archived > 0 && all.len() > 20);
    clear_storage();
    let root = container();
    let app = mount_signed_in_to(
        &root,
        "/api-keys?limit=20",
        &server.faults_base_url,
        &server.faults_admin_key,
    )
    .await;
    wait_for("the first page", || find_all(&root, "tbody tr").len() == 20).await;

    // The whole page, then every key of the filter (counted first); archived ones cannot be
    // selected and say why.
    let blocked = || {
        find_all(&root, "tbody input[type=checkbox][disabled]")
            .iter()
            .filter(|b| {
                b.get_attribute("aria-label")
                    .is_some_and(|l| l.ends_with("cannot be selected: archived keys cannot change"))
            })
            .count()
    };
    let on_first_page = blocked();
    checkbox(&root, "Select all on this page").click();
    wait_for_size(&root, &format!("{} selected", 20 - on_first_page)).await;
    if on_first_page > 0 {
        assert!(text_of(&find(&root, ".selection-bar")).contains(&format!(
            "{on_first_page} on this page cannot be selected: archived keys cannot change."
        )));
    }
    let select_all = format!("Select all {} matching", all.len());
    wait_for("the count", || try_button(&root, &select_all).is_some()).await;
    button(&root, &select_all).click();
    let selectable = all.len() - archived;
    wait_for_size(&root, &format!("{selectable} selected")).await;
    assert!(text_of(&find(&root, ".selection-bar")).contains(&format!(
        "{archived} of them cannot be selected: archived keys cannot change."
    )));
    // The selection survives paging; some page shows an archived key that says why it cannot
    // be selected.
    button(&root, "Next page").click();
    wait_for("the second page", || current_url().contains("after_id=")).await;
    wait_for("its rows", || find_all(&root, "tbody tr").len() == 20).await;
    assert!(on_first_page + blocked() > 0, "an archived key on the first two pages");
    assert_eq!(selection_size(&root), format!("{selectable} selected"));

    // A destructive plan of more than 10 asks to type its label; cancelled, nothing changes.
    let bar: HtmlElement = find(&root, ".selection-bar");
    button(&bar, "Archive").click();
    let panel: HtmlElement = find(&root, ".batch-panel");
    let label = format!("Archive {selectable} API keys");
    wait_for("the plan", || try_button(&panel, &label).is_some()).await;
    button(&panel, &label).click();
    let confirm = || {
        find_all(&root, "dialog.confirm")
            .into_iter()
            .find(|d| d.has_attribute("open"))
    };
    wait_for("the confirmation", || confirm().is_some()).await;
    let dialog = confirm().unwrap();
    assert!(try_find(&dialog, ".confirm-typed").is_some());
    assert!(button(&dialog, &label).disabled());
    button(&dialog, "Cancel").click();
    wait_for("the confirmation closed", || confirm().is_none()).await;
    button(&panel, "Discard").click();
    wait_for("the plan closed", || panel.has_attribute("hidden")).await;
    let now = client
        .api_keys(
            &PageRequest {
                limit: Some(1000),
                cursor: None,
            },
            &ApiKeyFilter::default(),
        )
        .await
        .unwrap()
        .data;
    assert_eq!(
        now.iter().filter(|k| k.status == ApiKeyStatus::Archived).count(),
        archived
    );

    // A failure in the panel: its message and request id, then "Retry failed".
    button(&root, "Clear selection").click();
    wait_for_size(&root, "Nothing selected").await;
    let active: Vec<ApiKey> = find_all(&root, "tbody tr")
        .iter()
        .filter_map(|r| r.get_attribute("data-key-id"))
        .filter_map(|id| {
            all.iter()
                .find(|k| k.id == id && k.status == ApiKeyStatus::Active)
                .cloned()
        })
        .take(3)
        .collect();
    assert_eq!(active.len(), 3);
    for key in &active {
        checkbox(&root, &format!("Select “{}”", key.name)).click();
    }
    wait_for_size(&root, "3 selected").await;
    server
        .set_faults(json!([{"path": write_path(&active[1]), "method": "POST", "times": 1, "status": 500}]))
        .await;
    button(&bar, "Deactivate").click();
    wait_for("the plan", || try_button(&panel, "Deactivate 3 API keys").is_some()).await;
    button(&panel, "Deactivate 3 API keys").click();
    let summary = || {
        try_find(&panel, ".batch-summary")
            .map(|s| text_of(&s))
            .unwrap_or_default()
    };
    wait_for("the summary", || summary() == "2 done, 1 failed").await;
    let failed = find::<HtmlElement>(&panel, ".batch-result-failed")
        .parent_element()
        .unwrap();
    let failed_text = failed.text_content().unwrap();
    assert!(failed_text.contains(&active[1].name));
    assert!(failed_text.contains("Forced by the test fault mode."), "{failed_text}");
    assert!(failed_text.contains("request id req_"), "{failed_text}");
    button(&panel, "Retry failed").click();
    wait_for("the retry's summary", || summary() == "1 done").await;
    for key in &active {
        assert_eq!(client.api_key(&key.id).await.unwrap().status, ApiKeyStatus::Inactive);
    }
    button(&panel, "Close").click();

    drop(app);
    root.remove();
    server.set_faults(json!([])).await;
    for key in &active {
        set_status(&client, key, ApiKeyStatus::Active).await;
    }
    clear_storage();
}
