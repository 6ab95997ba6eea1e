use crate::api::{BucketWidth, Label, UsageGroupBy, WireName};
use crate::components::{FilterChoices, ReportControls, ReportLabels, ReportTabs, ReportView};
use crate::state::queries::{use_queries, Query};
use crate::state::reports::{group_name, today_utc, usage_breakdown, DayRange, ReportKind, ReportSettings};
use crate::state::url::use_url_query;
use crate::state::workspace::use_workspaces;
use leptos::prelude::*;

/// The groupings the Usage page offers, in the order of its "Group by".
const GROUPS: [UsageGroupBy; 6] = [
    UsageGroupBy::Model,
    UsageGroupBy::WorkspaceId,
    UsageGroupBy::ApiKeyId,
    UsageGroupBy::ServiceTier,
    UsageGroupBy::ContextWindow,
    UsageGroupBy::InferenceGeo,
];

/// The Usage page: the message usage report over a range (presets or custom), by day, hour or
/// minute, grouped and filtered as the URL says; a stacked chart per group and the table of the
/// same numbers, with "Download CSV".
#[component]
pub fn UsagePage() -> impl IntoView {
    let url = use_url_query();
    let today = today_utc();
    let settings = Memo::new(move |_| ReportSettings::from_url(&url, ReportKind::Usage, today));
    let queries = use_queries();
    let workspaces = use_workspaces();
    let keys = queries.all_api_keys();
    let key_names = move || match keys.get() {
        Some(Ok(keys)) => keys.into_iter().map(|k| (k.id, k.name)).collect(),
        _ => Vec::new(),
    };
    let by_model = queries.usage_report(move || {
        let mut request = settings.with(|s| s.request(ReportKind::Usage)).unwrap_or_else(|| {
            ReportSettings::from_range(DayRange::last_days(today, 30))
                .request(ReportKind::Usage)
                .expect("a range makes a request")
        });
        // Only which models were used matters: by day, whatever the page's buckets.
        request.width = BucketWidth::Day.as_str();
        request.group = Some(UsageGroupBy::Model.as_str().to_owned());
        request.models.clear();
        request
    });
    let filters = vec![
        FilterChoices {
            key: "workspace_ids",
            label: "Workspace",
            all: "All workspaces",
            choices: Signal::derive(move || {
                workspaces
                    .active_workspaces()
                    .into_iter()
                    .map(|w| (w.id, w.name))
                    .collect()
            }),
        },
        FilterChoices {
            key: "api_key_ids",
            label: "API key",
            all: "All API keys",
            choices: Signal::derive(key_names),
        },
        FilterChoices {
            key: "models",
            label: "Model",
            all: "All models",
            choices: Signal::derive(move || models_seen(by_model)),
        },
    ];
    let report = move || {
        let s = settings.get();
        let (Some(request), Ok(range)) = (s.request(ReportKind::Usage), s.range.clone()) else {
            return None;
        };
        let group = s.group.clone();
        let buckets = queries.usage_report({
            let request = request.clone();
            move || request.clone()
        });
        let breakdown = Query::new(
            move || {
                buckets
                    .get()
                    .map(|answer| answer.map(|b| usage_breakdown(&b, group.as_deref())))
            },
            move || buckets.refetch(),
        );
        let dimension = s.group.clone();
        let names = Callback::new(move |(key, index): (Option<String>, usize)| {
            group_name(
                dimension.as_deref(),
                key.as_deref(),
                index,
                |id| workspaces.find(id).map(|w| (w.name, w.display_color)),
                |id| {
                    keys.with(|k| {
                        k.and_then(|k| k.as_ref().ok())
                            .and_then(|k| k.iter().find(|k| k.id == id))
                            .map(|k| k.name.clone())
                    })
                },
            )
        });
        let group = s.group.as_deref().and_then(UsageGroupBy::parse).map(Label::label);
        let labels = ReportLabels::new("Tokens", "Usage", "usage", &s, &range, group, "No usage in this range.");
        let pages = Signal::derive(move || queries.report_pages(&request));
        let expected_pages = s.expected_pages();
        Some(view! { <ReportView report=breakdown labels pages expected_pages names /> })
    };
    view! {
        <h1>"Usage"</h1>
        <ReportTabs />
        <p class="hint">"Tokens used through the organization's API keys, from the Admin API's usage report."</p>
        <ReportControls
            settings
            widths=vec![BucketWidth::Day, BucketWidth::Hour, BucketWidth::Minute]
            groups=GROUPS.map(|g| (g.as_str().to_owned(), g.label().to_owned())).to_vec()
            filters
        />
        <section class="card report" aria-live="polite">
            {report}
        </section>
    }
}

/// The models used in the range, for the model filter: the Admin API has no list of models, so
/// the filter offers those the range's usage by model names (a report the cache shares with
/// "Group by: Model").
fn models_seen(buckets: Query<Vec<crate::api::UsageBucket>>) -> Vec<(String, String)> {
    let mut models: Vec<String> = buckets.with(|answer| match answer {
        Some(Ok(buckets)) => buckets
            .iter()
            .flat_map(|b| b.results.iter().filter_map(|r| r.model.clone()))
            .collect(),
        _ => Vec::new(),
    });
    models.sort();
    models.dedup();
    models.into_iter().map(|m| (m.clone(), m)).collect()
}
