//! A report's numbers as a table: a row per group, a column per measure, totals per column and
//! overall; the same numbers the chart draws, for reading, for keyboards and screen readers,
//! and as a CSV file ("Download CSV", written with the `csv` crate).

use leptos::prelude::*;

use crate::components::download::download_file;

/// One number of the table: as a person reads it, and as the CSV file writes it (the same value,
/// without the locale's grouping or currency sign).
#[derive(Clone, Debug, PartialEq)]
pub struct Cell {
    pub shown: String,
    pub raw: String,
}

/// One group's row.
#[derive(Clone, Debug, PartialEq)]
pub struct TableRow {
    pub label: String,
    /// The group's colour in the chart, if it has one.
    pub colour: Option<String>,
    pub cells: Vec<Cell>,
}

/// Everything a report table shows.
#[derive(Clone, Debug, PartialEq)]
pub struct TableData {
    pub caption: String,
    /// The group column's heading, then one per measure.
    pub headings: Vec<String>,
    pub rows: Vec<TableRow>,
    /// A total per measure.
    pub totals: Vec<Cell>,
    /// The CSV's file name, with the grouping and range in it.
    pub file_name: String,
}

impl TableData {
    /// The table as CSV: the headings, a line per row, and the totals line.
    pub fn to_csv(&self) -> String {
        let mut writer = csv::Writer::from_writer(Vec::new());
        let _ = writer.write_record(&self.headings);
        for row in &self.rows {
            let _ = writer
                .write_record(std::iter::once(row.label.as_str()).chain(row.cells.iter().map(|c| c.raw.as_str())));
        }
        let _ = writer.write_record(std::iter::once("Total").chain(self.totals.iter().map(|c| c.raw.as_str())));
        writer
            .into_inner()
            .ok()
            .and_then(|bytes| String::from_utf8(bytes).ok())
            .unwrap_or_default()
    }
}

/// The table of a report, with "Download CSV".
#[component]
pub fn ReportTable(data: TableData) -> impl IntoView {
    let csv = StoredValue::new((data.file_name.clone(), data.to_csv()));
    let download = move |_| csv.with_value(|(name, text)| download_file(name, "text/csv;charset=utf-8", text));
    let headings = data
        .headings
        .iter()
        .map(|h| view! { <th scope="col">{h.clone()}</th> })
        .collect_view();
    let rows = data
        .rows
        .into_iter()
        .map(|row| {
            let swatch = row
                .colour
                .map(|colour| view! { <span class="swatch" style:background-color=colour aria-hidden="true"></span> });
            view! {
                <tr>
                    <th scope="row">{swatch} {row.label}</th>
                    {row.cells.into_iter().map(|c| view! { <td class="number">{c.shown}</td> }).collect_view()}
                </tr>
            }
        })
        .collect_view();
    let totals = data
        .totals
        .into_iter()
        .map(|c| view! { <td class="number">{c.shown}</td> })
        .collect_view();
    view! {
        <div class="report-table">
            <div class="table-scroll">
                <table>
                    <caption>{data.caption}</caption>
                    <thead>
                        <tr>{headings}</tr>
                    </thead>
                    <tbody>{rows}</tbody>
                    <tfoot>
                        <tr>
                            <th scope="row">"Total"</th>
                            {totals}
                        </tr>
                    </tfoot>
                </table>
            </div>
            <button type="button" class="secondary" on:click=download>
                "Download CSV"
            </button>
        </div>
    }
}
