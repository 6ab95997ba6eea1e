//! The reports: how a report is added up (exactly: integers and decimals), its CSV, and the
//! Usage, Cost and Claude Code pages mounted in the whole console against the reference
//! server's demo usage: the chart has a series per group, its legend's totals are the table's,
//! and the table's totals are the API's numbers added up to the token and to the cent.

use crate::common::*;
use admin_console::api::{
    every_token_page, CostBucket, CostResult, Decimal, UsageBucket, UsageReportQuery, UsageResult,
};
use admin_console::components::{Cell, TableData, TableRow};
use admin_console::state::reports::{
    cost_breakdown, dollars, to_the_cent, today_utc, usage_breakdown, DayRange, ReportKind, ReportSettings,
};
use std::str::FromStr;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, HtmlSelectElement};

fn usage(model: &str, workspace: Option<&str>, input: u64, output: u64) -> UsageResult {
    UsageResult {
        uncached_input_tokens: input,
        output_tokens: output,
        model: Some(model.to_owned()),
        workspace_id: workspace.map(str::to_owned),
        ..Default::default()
    }
}

fn bucket(day: u32, results: Vec<UsageResult>) -> UsageBucket {
    UsageBucket {
        starting_at: format!("2026-11-{day:02}T00:00:00Z"),
        ending_at: format!("2026-11-{:02}T00:00:00Z", day + 1),
        results,
    }
}

#[wasm_bindgen_test]
fn usage_adds_up_per_group_and_bucket_largest_group_first() {
    let buckets = vec![
        bucket(
            1,
            vec![usage("haiku", None, 10, 5), usage("opus", Some("wrkspc_a"), 100, 50)],
        ),
        bucket(2, vec![]),
        bucket(
            3,
            vec![usage("haiku", Some("wrkspc_a"), 1, 1), usage("opus", None, 7, 0)],
        ),
    ];
    let by_model = usage_breakdown(&buckets, Some("model"));
    assert_eq!(by_model.starts_ms.len(), 3);
    let names: Vec<_> = by_model.groups.iter().map(|g| g.key.clone().unwrap()).collect();
    assert_eq!(names, ["opus", "haiku"]);
    let opus = &by_model.groups[0];
    assert_eq!(
        opus.per_bucket.iter().map(|t| t.total()).collect::<Vec<_>>(),
        [150, 0, 7]
    );
    assert_eq!(opus.total.total(), 157);
    // By workspace, the default workspace is the group with no id; the whole is the same.
    let by_workspace = usage_breakdown(&buckets, Some("workspace_id"));
    assert!(by_workspace.groups.iter().any(|g| g.key.is_none()));
    let sum = |b: &admin_console::state::reports::Breakdown<_>| -> u64 {
        b.groups
            .iter()
            .map(|g: &admin_console::state::reports::Group<admin_console::state::reports::Tokens>| g.total.total())
            .sum()
    };
    assert_eq!(sum(&by_workspace), sum(&by_model));
    // Not grouped: one group, all of it.
    let all = usage_breakdown(&buckets, None);
    assert_eq!(all.groups.len(), 1);
    assert_eq!(sum(&all), 174);
    // Nothing used: no groups, which the page shows as "No usage in this range".
    assert!(usage_breakdown(&[bucket(1, vec![])], None).is_empty());
}

#[wasm_bindgen_test]
fn cost_adds_up_exactly_in_decimal() {
    let line = |amount: &str, workspace: Option<&str>| CostResult {
        amount: Decimal::from_str(amount).unwrap(),
        currency: "USD".to_owned(),
        workspace_id: workspace.map(str::to_owned),
        description: None,
        cost_type: None,
        model: None,
        service_tier: None,
        token_type: None,
        context_window: None,
        inference_geo: None,
    };
    // 0.1 + 0.2 cents, which floating point makes 0.30000000000000004.
    let days = vec![CostBucket {
        starting_at: "2026-11-01T00:00:00Z".into(),
        ending_at: "2026-11-02T00:00:00Z".into(),
        results: vec![
            line("0.1", Some("wrkspc_a")),
            line("0.2", Some("wrkspc_a")),
            line("12345.678", None),
        ],
    }];
    let by_workspace = cost_breakdown(&days, Some("workspace_id"));
    let a = by_workspace.groups.iter().find(|g| g.key.is_some()).unwrap();
    assert_eq!(a.total, Decimal::from_str("0.3").unwrap());
    assert_eq!(
        dollars(by_workspace.groups[0].total),
        Decimal::from_str("123.45678").unwrap()
    );
}

#[wasm_bindgen_test]
fn ranges_are_whole_utc_days() {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
    let week = DayRange::last_days(today, 7);
    assert_eq!(week.days(), 7);
    assert_eq!(week.starting_at(), "2026-11-27T00:00:00Z");
    assert_eq!(week.ending_at(), "2026-12-04T00:00:00Z");
    assert_eq!(week.slug(), "2026-11-27_2026-12-03");
    // 90 days of days is three pages of 31; of hours, 13 pages of 168.
    let mut settings = ReportSettings::from_range(DayRange::last_days(today, 90));
    assert_eq!(settings.expected_pages(), 3);
    settings.width = admin_console::api::BucketWidth::Hour;
    assert_eq!(settings.expected_pages(), 13);
    let request = settings.request(ReportKind::Usage).unwrap();
    let query = request.usage_query(None);
    assert_eq!(query.limit, Some(168));
    assert_eq!(query.ending_at.as_deref(), Some("2026-12-04T00:00:00Z"));
}

#[wasm_bindgen_test]
fn the_csv_is_the_table_quoted_where_it_must_be() {
    let cell = |raw: &str| Cell {
        shown: format!("${raw}"),
        raw: raw.to_owned(),
    };
    let table = TableData {
        caption: "Cost".into(),
        headings: vec!["Workspace".into(), "Cost (USD)".into()],
        rows: vec![
            TableRow {
                label: "Research, \"north\"".into(),
                colour: None,
                cells: vec![cell("1.20")],
            },
            TableRow {
                label: "Default workspace".into(),
                colour: None,
                cells: vec![cell("0.05")],
            },
        ],
        totals: vec![cell("1.25")],
        file_name: "cost.csv".into(),
    };
    assert_eq!(
        table.to_csv(),
        "Workspace,Cost (USD)\n\"Research, \"\"north\"\"\",1.20\nDefault workspace,0.05\nTotal,1.25\n"
    );
}

/// The table's rows (label, measure cells) and its totals row.
fn report_table(root: &HtmlElement) -> (Vec<(String, Vec<String>)>, Vec<String>) {
    let rows = find_all(root, ".report-table tbody tr")
        .iter()
        .map(|row| (text_of(&find::<HtmlElement>(row, "th")), cell_texts(row)))
        .collect();
    let totals = cell_texts(&find(root, ".report-table tfoot tr"));
    (rows, totals)
}

/// A number as the locale wrote it, back to its digits: "1,234,567" and "$1,234.56" alike.
fn digits(text: &str) -> String {
    text.chars().filter(|c| c.is_ascii_digit() || *c == '.').collect()
}

async fn wait_for_report(root: &HtmlElement) {
    wait_for("the report's table", || try_find(root, ".report-table tfoot").is_some()).await;
}

#[wasm_bindgen_test]
async fn usage_by_model_chart_legend_and_table_agree_with_the_api() {
    let server = test_server().await;
    let root = container();
    let app = mount_signed_in_at(&root, "/usage?group=model").await;
    wait_for_report(&root).await;

    let (rows, totals) = report_table(&root);
    assert!(rows.len() >= 3, "the demo uses three or more models: {rows:?}");
    let chart: HtmlElement = find(&root, ".report-chart");
    assert_eq!(chart.get_attribute("data-series").unwrap(), rows.len().to_string());
    let legend: Vec<(String, String)> = find_all(&root, ".legend li")
        .iter()
        .map(|li| (text_of(&find(li, ".legend-name")), text_of(&find(li, ".legend-total"))))
        .collect();
    // Column 4 is "Total tokens": the legend says the same for each group, in the same order.
    for ((name, total), (label, cells)) in legend.iter().zip(&rows) {
        assert_eq!(name, label);
        assert_eq!(digits(total), digits(&cells[4]));
    }
    // The table's totals are the API's own numbers added up: every page of the same report.
    let range = DayRange::last_days(today_utc(), 30);
    let request = ReportSettings::from_range(range).request(ReportKind::Usage).unwrap();
    let client = server.admin_client();
    let buckets = every_token_page(
        |page| {
            let query: UsageReportQuery = request.usage_query(page);
            let client = client.clone();
            async move { client.usage_report(&query).await }
        },
        |_| true,
    )
    .await
    .unwrap();
    assert_eq!(buckets.len(), 30, "a bucket per day, empty ones included");
    let total: u64 = buckets.iter().flat_map(|b| &b.results).map(|r| r.total_tokens()).sum();
    assert!(total > 0);
    assert_eq!(digits(&totals[4]), total.to_string());
    let column_sum: u64 = rows.iter().map(|(_, c)| digits(&c[4]).parse::<u64>().unwrap()).sum();
    assert_eq!(column_sum, total);

    drop(app);
    root.remove();
}

#[wasm_bindgen_test]
async fn changing_the_grouping_and_range_updates_the_url_the_chart_and_the_table() {
    let root = container();
    let app = mount_signed_in_at(&root, "/usage").await;
    wait_for_report(&root).await;
    let (rows, everything) = report_table(&root);
    assert_eq!(rows.len(), 1, "not grouped: one row");

    let group: HtmlSelectElement = choice(&root, "Group by").unchecked_into();
    choose(&group, "workspace_id");
    wait_for("the URL to say the grouping", || {
        location_search().contains("group=workspace_id")
    })
    .await;
    wait_for("a row per workspace", || {
        try_find(&root, ".report-table thead th").is_some_and(|th| text_of(&th) == "Workspace")
            && report_table(&root).0.len() > 1
    })
    .await;
    let (rows, totals) = report_table(&root);
    assert!(rows.iter().any(|(label, _)| label == "Default workspace"), "{rows:?}");
    assert_eq!(totals, everything, "grouping does not change the whole");
    let chart: HtmlElement = find(&root, ".report-chart");
    assert_eq!(chart.get_attribute("data-series").unwrap(), rows.len().to_string());

    let range: HtmlSelectElement = choice(&root, "Range").unchecked_into();
    choose(&range, "7d");
    wait_for("the URL to say the range", || location_search().contains("range=7d")).await;
    wait_for("the week's totals", || {
        try_find(&root, ".report-table tfoot").is_some() && report_table(&root).1 != totals
    })
    .await;

    // A custom range that ends before it starts says so and keeps what was chosen.
    choose(&range, "custom");
    wait_for("the custom range's days", || location_search().contains("from=")).await;
    go_to("/usage?range=custom&from=2026-11-10&to=2026-11-01");
    web_sys::window()
        .unwrap()
        .dispatch_event(&web_sys::Event::new("popstate").unwrap())
        .unwrap();
    wait_for("the range's error", || {
        text_of(&root).contains("The range ends before it starts")
    })
    .await;

    drop(app);
    root.remove();
}

#[wasm_bindgen_test]
async fn cost_by_workspace_adds_the_apis_decimal_strings_to_the_cent() {
    let server = test_server().await;
    let root = container();
    let app = mount_signed_in_at(&root, "/cost?group=workspace_id").await;
    wait_for_report(&root).await;
    let (rows, totals) = report_table(&root);
    assert!(rows.len() > 1, "{rows:?}");

    let range = DayRange::last_days(today_utc(), 30);
    let request = ReportSettings::from_range(range).request(ReportKind::Cost).unwrap();
    let client = server.admin_client();
    let days = every_token_page(
        |page| {
            let query = request.cost_query(page);
            let client = client.clone();
            async move { client.cost_report(&query).await }
        },
        |_| true,
    )
    .await
    .unwrap();
    let cents: Decimal = days.iter().flat_map(|d| &d.results).map(|r| r.amount).sum();
    assert!(cents > Decimal::ZERO);
    let expected = to_the_cent(cents);
    assert_eq!(digits(&totals[0]), format!("{expected:.2}"));

    drop(app);
    root.remove();
}

#[wasm_bindgen_test]
async fn claude_code_shows_a_row_per_actor_with_totals() {
    let root = container();
    let app = mount_signed_in_at(&root, "/usage/claude-code").await;
    wait_for("the day's records", || {
        try_find(&root, ".report-table tfoot").is_some() || text_of(&root).contains("No Claude Code usage")
    })
    .await;
    let (rows, totals) = report_table(&root);
    assert!(
        !rows.is_empty(),
        "the demo has Claude Code users every weekday and most days"
    );
    // Column 3 is sessions (after "Through" and "Terminal"): the total is the rows' sum.
    let sessions: u64 = rows.iter().map(|(_, c)| digits(&c[2]).parse::<u64>().unwrap()).sum();
    assert_eq!(digits(&totals[2]), sessions.to_string());

    drop(app);
    root.remove();
}

#[wasm_bindgen_test]
async fn a_failed_report_shows_the_envelopes_message_and_request_id_and_retries() {
    let root = container();
    fail_requests(
        "/v1/organizations/cost_report",
        "made to fail by the test",
        "req_reporttest",
    );
    let app = mount_signed_in_at(&root, "/cost?range=7d").await;
    wait_for("the report's error", || {
        try_find(&root, ".report [role=alert]").is_some()
    })
    .await;
    let alert = text_of(&find(&root, ".report [role=alert]"));
    assert!(alert.contains("made to fail by the test"), "{alert}");
    assert!(alert.contains("req_reporttest"), "{alert}");

    restore_fetch();
    try_button(&find(&root, ".report"), "Retry").unwrap().click();
    wait_for_report(&root).await;
    assert!(try_find(&root, ".report [role=alert]").is_none());

    drop(app);
    root.remove();
}

#[wasm_bindgen_test]
async fn the_chart_reads_each_bucket_out_to_the_keyboard() {
    let root = container();
    let app = mount_signed_in_at(&root, "/usage?group=model&range=7d").await;
    wait_for_report(&root).await;
    let frame: HtmlElement = find(&root, ".chart-frame");
    assert_eq!(frame.get_attribute("tabindex").as_deref(), Some("0"));
    assert!(try_find(&root, ".chart-readout.shown").is_none());
    frame.focus().unwrap();
    wait_for("the readout", || try_find(&root, ".chart-readout.shown").is_some()).await;
    let readout = || text_of(&find(&root, ".chart-readout"));
    let last_day = readout();
    let rows = report_table(&root).0;
    for (label, _) in &rows {
        assert!(last_day.contains(label.as_str()), "{label} in {last_day}");
    }
    assert!(last_day.contains("Total:"), "{last_day}");
    press_key(&frame, "ArrowLeft");
    wait_for("the day before", || readout() != last_day).await;
    press_key(&frame, "End");
    wait_for("the last day again", || readout() == last_day).await;
    frame.blur().unwrap();
    wait_for("the readout to close", || {
        try_find(&root, ".chart-readout.shown").is_none()
    })
    .await;

    drop(app);
    root.remove();
}
