use crate::api::{ApiError, ClaudeCodeActor, ClaudeCodeRecord, Decimal, Label};
use crate::components::format::{day_text, integer, usd};
use crate::components::{Cell, ErrorPanel, ReportTable, ReportTabs, TableData, TableRow};
use crate::state::queries::use_queries;
use crate::state::reports::{parse_day, to_the_cent, today_utc};
use crate::state::url::use_url_query;
use chrono::Days;
use leptos::prelude::*;

/// The Claude Code tab of Usage: one UTC day's Claude Code usage (the report is by day), a row
/// per person or API key: sessions, lines, commits, pull requests, tokens and estimated cost,
/// with totals and "Download CSV". The day is in the URL (`day`); yesterday by default.
#[component]
pub fn ClaudeCodePage() -> impl IntoView {
    let url = use_url_query();
    let yesterday = today_utc() - Days::new(1);
    let day = Memo::new(move |_| url.get("day").and_then(|d| parse_day(&d)).unwrap_or(yesterday));
    let queries = use_queries();
    let records = queries.claude_code(move || day.get().format("%Y-%m-%d").to_string());
    let body = move || match records.get() {
        None | Some(Err(ApiError::Aborted)) => view! {
            <p class="loading" role="status" aria-busy="true">
                "Loading the report…"
            </p>
        }
        .into_any(),
        Some(Err(error)) => {
            view! { <ErrorPanel error on_retry=Callback::new(move |_| records.refetch()) /> }.into_any()
        }
        Some(Ok(records)) if records.is_empty() => {
            view! { <p class="empty">"No Claude Code usage on this day."</p> }.into_any()
        }
        Some(Ok(records)) => view! { <ReportTable data=table(&records, day.get_untracked()) /> }.into_any(),
    };
    view! {
        <h1>"Usage"</h1>
        <ReportTabs />
        <p class="hint">"Claude Code sessions, lines of code, commits and pull requests, one UTC day at a time."</p>
        <div class="toolbar report-controls" role="group" aria-label="Report settings">
            <label class="choice">
                "Day "
                <input
                    type="date"
                    prop:value=move || day.get().format("%Y-%m-%d").to_string()
                    on:change=move |ev| url.set_one("day", Some(event_target_value(&ev)).filter(|d| !d.is_empty()))
                />
            </label>
        </div>
        <section class="card report" aria-live="polite">
            {body}
        </section>
    }
}

/// Sums of a record's numbers, per column of the table.
#[derive(Clone, Copy, Default)]
struct Sums {
    sessions: u64,
    added: u64,
    removed: u64,
    commits: u64,
    pull_requests: u64,
    tokens: u64,
    cents: Decimal,
}

impl Sums {
    fn of(record: &ClaudeCodeRecord) -> Self {
        let metrics = &record.core_metrics;
        Self {
            sessions: metrics.num_sessions,
            added: metrics.lines_of_code.added,
            removed: metrics.lines_of_code.removed,
            commits: metrics.commits_by_claude_code,
            pull_requests: metrics.pull_requests_by_claude_code,
            tokens: record
                .model_breakdown
                .iter()
                .map(|m| m.tokens.input + m.tokens.output + m.tokens.cache_read + m.tokens.cache_creation)
                .sum(),
            cents: record.model_breakdown.iter().map(|m| m.estimated_cost.amount).sum(),
        }
    }

    fn add(&mut self, other: Self) {
        self.sessions += other.sessions;
        self.added += other.added;
        self.removed += other.removed;
        self.commits += other.commits;
        self.pull_requests += other.pull_requests;
        self.tokens += other.tokens;
        self.cents += other.cents;
    }

    fn cells(&self) -> Vec<Cell> {
        let count = |n: u64| Cell {
            shown: integer(n),
            raw: n.to_string(),
        };
        let money = to_the_cent(self.cents);
        vec![
            count(self.sessions),
            count(self.added),
            count(self.removed),
            count(self.commits),
            count(self.pull_requests),
            count(self.tokens),
            Cell {
                shown: usd(&money.to_string()),
                raw: format!("{money:.2}"),
            },
        ]
    }
}

fn text(value: String) -> Cell {
    Cell {
        shown: value.clone(),
        raw: value,
    }
}

fn table(records: &[ClaudeCodeRecord], day: chrono::NaiveDate) -> TableData {
    let mut total = Sums::default();
    let rows = records
        .iter()
        .map(|record| {
            let sums = Sums::of(record);
            total.add(sums);
            let label = match &record.actor {
                ClaudeCodeActor::UserActor { email_address } => email_address.clone(),
                ClaudeCodeActor::ApiActor { api_key_name } => format!("API key “{api_key_name}”"),
                ClaudeCodeActor::Unknown => "Unknown actor".to_owned(),
            };
            let mut cells = vec![
                text(record.customer_type.label().to_owned()),
                text(record.terminal_type.clone().unwrap_or_default()),
            ];
            cells.extend(sums.cells());
            TableRow {
                label,
                colour: None,
                cells,
            }
        })
        .collect();
    let mut totals = vec![text(String::new()), text(String::new())];
    totals.extend(total.cells());
    TableData {
        caption: format!("Claude Code usage on {} (UTC)", day_text(day)),
        headings: [
            "Who",
            "Through",
            "Terminal",
            "Sessions",
            "Lines added",
            "Lines removed",
            "Commits",
            "Pull requests",
            "Tokens",
            "Estimated cost (USD)",
        ]
        .map(str::to_owned)
        .to_vec(),
        rows,
        totals,
        file_name: format!("claude_code_{}.csv", day.format("%Y-%m-%d")),
    }
}
