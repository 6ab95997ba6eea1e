use crate::api::{BucketWidth, CostGroupBy, Label, WireName};
use crate::components::{ReportControls, ReportLabels, ReportView};
use crate::state::queries::{use_queries, Query};
use crate::state::reports::{cost_breakdown, group_name, today_utc, ReportKind, ReportSettings};
use crate::state::url::use_url_query;
use crate::state::workspace::use_workspaces;
use leptos::prelude::*;

/// The Cost page: the cost report over a range, by day, as a whole, by workspace (in the
/// workspaces' colours) or by line item ("description"); a stacked chart and the table of the
/// same amounts, added up exactly from the API's decimal strings, with "Download CSV".
#[component]
pub fn CostPage() -> impl IntoView {
    let url = use_url_query();
    let today = today_utc();
    let settings = Memo::new(move |_| ReportSettings::from_url(&url, ReportKind::Cost, today));
    let queries = use_queries();
    let workspaces = use_workspaces();
    let report = move || {
        let s = settings.get();
        let (Some(request), Ok(range)) = (s.request(ReportKind::Cost), s.range.clone()) else {
            return None;
        };
        let group = s.group.clone();
        let days = queries.cost_report({
            let request = request.clone();
            move || request.clone()
        });
        let breakdown = Query::new(
            move || {
                days.get()
                    .map(|answer| answer.map(|d| cost_breakdown(&d, group.as_deref())))
            },
            move || days.refetch(),
        );
        let dimension = s.group.clone();
        let names = Callback::new(move |(key, index): (Option<String>, usize)| {
            group_name(
                dimension.as_deref(),
                key.as_deref(),
                index,
                |id| workspaces.find(id).map(|w| (w.name, w.display_color)),
                |_| None,
            )
        });
        let group = s.group.as_deref().and_then(CostGroupBy::parse).map(Label::label);
        let labels = ReportLabels::new("Cost", "Cost", "cost", &s, &range, group, "No cost in this range.");
        let pages = Signal::derive(move || queries.report_pages(&request));
        let expected_pages = s.expected_pages();
        Some(view! { <ReportView report=breakdown labels pages expected_pages names /> })
    };
    view! {
        <h1>"Cost"</h1>
        <p class="hint">"What the organization's usage cost, in US dollars, from the Admin API's cost report."</p>
        <ReportControls
            settings
            widths=vec![BucketWidth::Day]
            groups=CostGroupBy::ALL.map(|g| (g.as_str().to_owned(), g.label().to_owned())).to_vec()
        />
        <section class="card report" aria-live="polite">
            {report}
        </section>
    }
}
