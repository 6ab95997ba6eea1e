//! One report page's body, for usage and cost alike: the states of a report being fetched
//! (every page, with progress), failed, or empty, and once in, its chart and its table, made
//! from the same [`Breakdown`] so that they cannot disagree.

use super::format::{day_text, integer, usd};
use super::report_chart::{ChartData, ChartSeries, ChartUnit, ReportChart};
use super::report_table::{Cell, ReportTable, TableData, TableRow};
use super::ErrorPanel;
use crate::api::{ApiError, BucketWidth, Decimal, WireName};
use crate::state::queries::Query;
use crate::state::reports::{dollars, to_the_cent, Breakdown, DayRange, ReportSettings, Tokens};
use leptos::prelude::*;
use std::ops::AddAssign;

/// What a report adds up per group and bucket, and how its table and chart show it.
pub trait Measure: Copy + Default + AddAssign + PartialEq + Send + Sync + 'static {
    /// The table's measure columns.
    const HEADINGS: &'static [&'static str];
    const UNIT: ChartUnit;
    fn cells(&self) -> Vec<Cell>;
    /// The chart's value (a float: drawing needs no more).
    fn chart_value(&self) -> f64;
    /// The legend's total.
    fn total_text(&self) -> String;
}

fn count_cell(value: u64) -> Cell {
    Cell {
        shown: integer(value),
        raw: value.to_string(),
    }
}

impl Measure for Tokens {
    const HEADINGS: &'static [&'static str] = &[
        "Uncached input",
        "Cache reads",
        "Cache writes",
        "Output",
        "Total tokens",
        "Web searches",
    ];
    const UNIT: ChartUnit = ChartUnit::Tokens;

    fn cells(&self) -> Vec<Cell> {
        [
            self.uncached_input,
            self.cache_read,
            self.cache_write,
            self.output,
            self.total(),
            self.web_searches,
        ]
        .into_iter()
        .map(count_cell)
        .collect()
    }

    fn chart_value(&self) -> f64 {
        self.total() as f64
    }

    fn total_text(&self) -> String {
        format!("{} tokens", integer(self.total()))
    }
}

/// Cents, as the cost report sends them.
impl Measure for Decimal {
    const HEADINGS: &'static [&'static str] = &["Cost (USD)"];
    const UNIT: ChartUnit = ChartUnit::Dollars;

    fn cells(&self) -> Vec<Cell> {
        // Shown and written to the cent; the exact sum is what is rounded.
        let dollars = to_the_cent(*self);
        vec![Cell {
            shown: usd(&dollars.to_string()),
            raw: format!("{dollars:.2}"),
        }]
    }

    fn chart_value(&self) -> f64 {
        use rust_decimal::prelude::ToPrimitive;
        dollars(*self).to_f64().unwrap_or_default()
    }

    fn total_text(&self) -> String {
        usd(&to_the_cent(*self).to_string())
    }
}

/// How the page names its groups and files.
#[derive(Clone)]
pub struct ReportLabels {
    /// "Usage by model, Nov 4 to Dec 3": the chart's and the table's caption.
    pub caption: String,
    /// The group column's heading ("Model").
    pub group_heading: String,
    pub file_name: String,
    pub hourly: bool,
    /// What the page says when the range had no use at all.
    pub empty: &'static str,
}

impl ReportLabels {
    /// The labels of a report page: `measure` ("Tokens", "Cost") heads the caption, `whole`
    /// ("Usage", "Cost") the group column when not grouped; `file` starts the CSV's name; `group`
    /// is the grouping's label.
    pub fn new(
        measure: &str,
        whole: &'static str,
        file: &str,
        settings: &ReportSettings,
        range: &DayRange,
        group: Option<&'static str>,
        empty: &'static str,
    ) -> Self {
        Self {
            caption: format!(
                "{measure} {}, {} to {} (UTC)",
                group
                    .map(|g| format!("by {}", g.to_lowercase()))
                    .unwrap_or_else(|| "in all".to_owned()),
                day_text(range.first),
                day_text(range.last),
            ),
            group_heading: group.unwrap_or(whole).to_owned(),
            file_name: format!(
                "{file}_{}_{}_{}.csv",
                settings.group.as_deref().unwrap_or("all"),
                settings.width.as_str(),
                range.slug()
            ),
            hourly: settings.width != BucketWidth::Day,
            empty,
        }
    }
}

/// A report in every state: fetching (with "page N of M" when it has several), failed (the
/// envelope's message and request id, and "Retry"), empty, or its chart and table. `names`
/// gives each group's name and colour (tracked: names drawn again as they load).
#[component]
pub fn ReportView<V: Measure>(
    report: Query<Breakdown<V>>,
    labels: ReportLabels,
    /// Pages fetched so far (tracked), while fetching.
    pages: Signal<Option<usize>>,
    expected_pages: usize,
    names: Callback<(Option<String>, usize), (String, String)>,
) -> impl IntoView {
    let labels = StoredValue::new(labels);
    move || match report.get() {
        None | Some(Err(ApiError::Aborted)) => {
            let done = pages.get().unwrap_or(0);
            let text = if expected_pages > 1 {
                format!("Loading the report: {done} of {expected_pages} pages…")
            } else {
                "Loading the report…".to_owned()
            };
            view! {
                <div class="loading" role="status" aria-busy="true">
                    <p>{text}</p>
                    {(expected_pages > 1)
                        .then(|| {
                            view! {
                                <progress max=expected_pages value=done aria-label="Pages of the report fetched"></progress>
                            }
                        })}
                </div>
            }
            .into_any()
        }
        Some(Err(error)) => view! { <ErrorPanel error on_retry=Callback::new(move |_| report.refetch()) /> }.into_any(),
        Some(Ok(breakdown)) if breakdown.is_empty() => {
            view! { <p class="empty">{labels.with_value(|l| l.empty)}</p> }.into_any()
        }
        Some(Ok(breakdown)) => {
            let labels = labels.get_value();
            let named: Vec<(String, String)> = breakdown
                .groups
                .iter()
                .enumerate()
                .map(|(index, group)| names.run((group.key.clone(), index)))
                .collect();
            let (chart, table) = views(&breakdown, &named, &labels);
            view! {
                <ReportChart label=labels.caption.clone() data=chart />
                <ReportTable data=table />
            }
            .into_any()
        }
    }
}

/// The chart's and the table's data of one breakdown.
fn views<V: Measure>(
    breakdown: &Breakdown<V>,
    named: &[(String, String)],
    labels: &ReportLabels,
) -> (ChartData, TableData) {
    let series = breakdown
        .groups
        .iter()
        .zip(named)
        .map(|(group, (name, colour))| ChartSeries {
            name: name.clone(),
            colour: colour.clone(),
            values: group.per_bucket.iter().map(Measure::chart_value).collect(),
            total: group.total.total_text(),
        })
        .collect();
    let mut total = V::default();
    let rows = breakdown
        .groups
        .iter()
        .zip(named)
        .map(|(group, (name, colour))| {
            total += group.total;
            TableRow {
                label: name.clone(),
                colour: Some(colour.clone()),
                cells: group.total.cells(),
            }
        })
        .collect();
    let chart = ChartData {
        starts_ms: breakdown.starts_ms.clone(),
        series,
        unit: V::UNIT,
        hourly: labels.hourly,
    };
    let table = TableData {
        caption: labels.caption.clone(),
        headings: std::iter::once(labels.group_heading.clone())
            .chain(V::HEADINGS.iter().map(|h| h.to_string()))
            .collect(),
        rows,
        totals: total.cells(),
        file_name: labels.file_name.clone(),
    };
    (chart, table)
}
